"""``scripts/build_native.py``: what it removes before a build (the build itself runs in ``make compile``)."""

from __future__ import annotations

import importlib.util
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_native", REPO / "scripts" / "build_native.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_rebuild_first_removes_every_compiled_module_and_the_manifest_once(tmp_path: Path) -> None:
    # Regression: a compiled module's name ends with several of the interpreter's extension suffixes
    # (".cpython-311-x86_64-linux-gnu.so" and ".so"), and the second removal of the same file failed the rebuild.
    package = tmp_path / "service"
    (package / "params").mkdir(parents=True)
    compiled = [package / f"scanner{EXTENSION_SUFFIXES[0]}", package / "params" / f"reading{EXTENSION_SUFFIXES[0]}"]
    for path in [*compiled, package / "native.json"]:
        path.write_bytes(b"")
    (package / "scanner.py").write_text("X = 1\n", encoding="utf-8")
    assert _script().remove_compiled(package) == 3
    assert sorted(p.name for p in package.rglob("*") if p.is_file()) == ["scanner.py"]
