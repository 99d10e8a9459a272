"""Helpers for the operations tests: private copies of the shipped bundle, process memory, JSON log lines."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MODELS, LiveServer


def copy_bundle(models: Path, name: str | None = None, version: str | None = None) -> Path:
    """Copy the bundle ``models/current`` names into ``models/<name>``; optionally give it another version."""
    shipped = (MODELS / "current").read_text(encoding="utf-8").strip()
    target = models / (name or shipped)
    shutil.copytree(MODELS / shipped, target)
    if version is not None:
        card_path = target / "card.json"
        card = json.loads(card_path.read_text(encoding="utf-8"))
        card["version"] = version
        card_path.write_text(json.dumps(card, indent=2), encoding="utf-8")
    return target


@pytest.fixture
def models_copy(tmp_path: Path) -> tuple[Path, str]:
    """A private models folder with a copy of the shipped bundle as ``current``: (folder, version)."""
    models = tmp_path / "models"
    models.mkdir()
    bundle = copy_bundle(models)
    (models / "current").write_text(bundle.name + "\n", encoding="utf-8")
    version = json.loads((bundle / "card.json").read_text(encoding="utf-8"))["version"]
    return models, version


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for pid {pid}")


def log_lines(server: LiveServer) -> list[dict]:
    return [json.loads(line) for line in server.log().splitlines() if line.startswith("{")]


def wait_until(predicate: Callable[[], bool], timeout: float, what: str, step: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
