"""``benchmarks.paired``: trees of the service side by side in one process."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from benchmarks.paired import service_from
from benchmarks.texts import REPO


@pytest.mark.parametrize("relative", [False, True])
def test_a_tree_is_imported_from_its_sources(monkeypatch: pytest.MonkeyPatch, relative: bool) -> None:
    """Never its compiled modules, which share their globals with this process's own import ("--tree ." was)."""
    monkeypatch.chdir(REPO)
    with service_from(Path(".") if relative else REPO):
        rules = importlib.import_module("service.rules")
    assert rules.__file__ is not None and rules.__file__.endswith("rules.py")
    assert Path(rules.__file__).resolve() == REPO / "service" / "rules.py"
