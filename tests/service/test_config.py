"""Settings: the description rule the API and the CLI share, and the model's threads."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.config import Settings, model_threads_for


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


@pytest.mark.parametrize(
    ("workers", "cores", "threads"),
    [(1, 1, 1), (1, 2, 2), (2, 2, 1), (3, 2, 1), (1, 8, 2), (4, 8, 2), (8, 8, 1)],
)
def test_model_threads_share_the_cores_among_workers(workers: int, cores: int, threads: int) -> None:
    assert model_threads_for(workers, cores) == threads


def test_model_threads_default_to_one_process_share_and_are_validated() -> None:
    assert Settings().session_threads == model_threads_for(1)
    assert Settings(model_threads=3).session_threads == 3
    with pytest.raises(ValidationError, match="model_threads"):
        Settings(model_threads=0)
