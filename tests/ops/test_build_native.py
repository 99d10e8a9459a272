"""``scripts/build_native.py``: what it removes before a build, and when ``--check`` asks for one (the build itself runs
in ``make compile``)."""

from __future__ import annotations

import importlib.util
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from types import ModuleType

import pytest

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


def test_check_asks_for_a_build_only_when_compiled_files_are_there_that_would_not_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script()
    package = tmp_path / "service"
    package.mkdir()
    (package / "scanner.py").write_text("X = 1\n", encoding="utf-8")
    assert script.check(package) == 0  # never compiled (or the build failed): nothing to build again
    compiled = package / f"scanner{EXTENSION_SUFFIXES[0]}"
    compiled.write_bytes(b"")
    native = script.load_native()
    native.write_manifest(package, {"scanner.py": native.source_hash(package / "scanner.py")})
    assert script.check(package) == 0
    compiled.unlink()  # deleted by hand: make's stamp file does not see it
    assert script.check(package) == 1
    assert f"service/scanner{EXTENSION_SUFFIXES[0]}, which native.json lists, is missing" in capsys.readouterr().out
