"""Settings: the description rule the API and the CLI share, and the model's threads."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.config import Settings


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("", "is empty"),
        (" \t\n", "is empty"),
        ("x" * 10, None),
        ("x" * 11, "is longer than 10 characters"),
        (" Ga2O3 5N ", None),
    ],
)
def test_description_fault(text: str, fault: str | None) -> None:
    assert Settings(max_description_chars=10).description_fault(text) == fault


def test_model_threads_default_to_one_and_are_validated() -> None:
    assert Settings().model_threads == 1
    assert Settings(model_threads=3).model_threads == 3
    with pytest.raises(ValidationError, match="model_threads"):
        Settings(model_threads=0)
