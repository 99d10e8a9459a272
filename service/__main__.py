"""``python -m service ...`` and the ``hscc`` console script (``main``)."""

import gc
import sys


def main() -> None:
    if sys.argv[1:2] == ["serve"]:
        # The server starts with the collector off: start-up builds objects that live as long as the process, and
        # the collector scanned them over and over while they were built (``python -m benchmarks.ab --rounds 0``:
        # a seventh to a fifth of the time to ready, benchmarks/JOURNAL.md). The app collects once, freezes them
        # and turns the collector on when it is ready (service/api/app.py); ``serve`` turns it on at once where it
        # only supervises workers (service/cli.py).
        gc.disable()
    from service.cli import app

    app(prog_name="hscc")


if __name__ == "__main__":
    main()
