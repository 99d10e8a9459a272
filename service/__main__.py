"""``python -m service ...`` is the same as the ``hscc`` console script."""

from service.cli import app

app(prog_name="hscc")
