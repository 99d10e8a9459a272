"""Fixtures shared by the training tests."""

from __future__ import annotations

import pandas as pd
import pytest

from training.dataset import build_dataset


@pytest.fixture(scope="session")
def frame() -> pd.DataFrame:
    """The built-in training set of the shipped model's seed (13), built once for every test that reads it."""
    return build_dataset(13)
