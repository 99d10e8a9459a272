"""Compiled modules run only while they match their sources (``service.native``)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import service
from service.native import MANIFEST, inspect, source_hash, write_manifest

REPO = Path(__file__).resolve().parents[2]
SUFFIX = EXTENSION_SUFFIXES[0]


def _package(root: Path, compiled: bool = True, shared: bool = False) -> Path:
    """A package ``pkg`` with one module whose source says ``X = 1``; ``compiled``: a file where its compiled
    module would be, which is not a loadable library (importing it fails), and the manifest the build writes;
    ``shared``: also the library the modules of mypyc's group ("pkg._native") would share."""
    package = root / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "mod.py").write_text("X = 1\n", encoding="utf-8")
    if compiled:
        (package / f"mod{SUFFIX}").write_bytes(b"not a library")
        if shared:
            (package / f"_native__mypyc{SUFFIX}").write_bytes(b"the group's shared library")
        write_manifest(package, {"mod.py": source_hash(package / "mod.py")})
    return package


def test_a_package_without_compiled_modules_runs_from_source(tmp_path: Path) -> None:
    state = inspect(_package(tmp_path, compiled=False))
    assert not state.compiled and state.reason == "not compiled"


def test_compiled_modules_that_match_their_sources_run(tmp_path: Path) -> None:
    state = inspect(_package(tmp_path))
    assert state.compiled, state.reason


def test_every_compiled_file_the_build_made_is_listed_and_no_other_runs(tmp_path: Path) -> None:
    package = _package(tmp_path, shared=True)
    assert inspect(package).compiled
    (package / f"_other__mypyc{SUFFIX}").write_bytes(b"another group's")
    state = inspect(package)
    assert not state.compiled and state.reason == f"_other__mypyc{SUFFIX} is not in {MANIFEST}"


@pytest.mark.parametrize("deleted", [f"mod{SUFFIX}", f"_native__mypyc{SUFFIX}"])
def test_a_compiled_file_deleted_since_the_build_is_named(tmp_path: Path, deleted: str) -> None:
    package = _package(tmp_path, shared=True)
    (package / deleted).unlink()
    state = inspect(package)
    assert not state.compiled and state.reason == f"pkg/{deleted}, which {MANIFEST} lists, is missing"


def test_a_source_edited_since_the_build_is_named(tmp_path: Path) -> None:
    package = _package(tmp_path)
    (package / "mod.py").write_text("X = 2\n", encoding="utf-8")
    state = inspect(package)
    assert not state.compiled and state.reason == "pkg/mod.py changed since it was compiled"


@pytest.mark.parametrize(
    ("manifest", "reason"),
    [
        (None, f"without a readable {MANIFEST}"),
        ("{not json", f"without a readable {MANIFEST}"),
        (
            '{"ext_suffix": ".cpython-39-x86_64-linux-gnu.so", "modules": {}, "files": []}',
            "not this interpreter",
        ),
        (json.dumps({"ext_suffix": SUFFIX, "modules": {}}), f"without a readable {MANIFEST} (KeyError)"),
        (
            json.dumps({"ext_suffix": SUFFIX, "modules": {}, "files": []}),
            f"mod{SUFFIX} is not in {MANIFEST}",
        ),
    ],
)
def test_compiled_modules_the_manifest_does_not_vouch_for_are_not_run(
    tmp_path: Path, manifest: str | None, reason: str
) -> None:
    package = _package(tmp_path)
    if manifest is None:
        (package / MANIFEST).unlink()
    else:
        (package / MANIFEST).write_text(manifest, encoding="utf-8")
    state = inspect(package)
    assert not state.compiled and reason in state.reason


def _import_mod(root: Path, guard: bool) -> subprocess.CompletedProcess[str]:
    """Import ``pkg.mod`` in a new interpreter, run from ``root``; ``guard``: as ``service/__init__`` does first."""
    code = "import pkg.mod; print(pkg.mod.X)"
    if guard:
        package = str(root.resolve() / "pkg")
        code = f"from pathlib import Path; from service.native import choose; choose(Path({package!r})); {code}"
    return subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)


def test_a_stale_compiled_module_is_not_imported_in_place_of_its_source(tmp_path: Path) -> None:
    package = _package(tmp_path)
    (package / "mod.py").write_text("X = 2\n", encoding="utf-8")
    # Without the guard, Python takes the compiled file before the source (here: fails, as it is no library).
    unguarded = _import_mod(tmp_path, guard=False)
    assert unguarded.returncode != 0 and "ImportError" in unguarded.stderr
    guarded = _import_mod(tmp_path, guard=True)
    assert guarded.returncode == 0, guarded.stderr
    assert guarded.stdout.strip() == "2"
    assert "running the service from source: pkg/mod.py changed since it was compiled" in guarded.stderr


needs_build = pytest.mark.skipif(
    not service.NATIVE.compiled, reason=f"service is not compiled here ({service.NATIVE.reason}; make compile)"
)


@needs_build
def test_the_built_package_runs_its_compiled_modules() -> None:
    import service.scanner

    assert service.scanner.__file__ is not None and service.scanner.__file__.endswith(SUFFIX)


@needs_build
def test_a_copy_of_the_built_package_with_one_source_edited_runs_every_module_from_source(tmp_path: Path) -> None:
    shutil.copytree(REPO / "service", tmp_path / "service", ignore=shutil.ignore_patterns("__pycache__"))
    classifier = tmp_path / "service" / "classifier.py"
    classifier.write_text(classifier.read_text(encoding="utf-8") + "\nEDITED = True\n", encoding="utf-8")
    code = "import service, service.classifier, service.scanner as s; print(service.classifier.EDITED, s.__file__)"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    edited, scanner = done.stdout.split()
    assert edited == "True"
    assert scanner == str(tmp_path / "service" / "scanner.py")  # not edited, but compiled code would mix


@needs_build
def test_a_copy_of_the_built_package_with_one_compiled_module_deleted_runs_every_module_from_source(
    tmp_path: Path,
) -> None:
    # Regression: with rules' compiled file gone, ``import service.rules`` loaded its source while the compiled
    # classifier kept the compiled copy of rules, and the package read as compiled.
    shutil.copytree(REPO / "service", tmp_path / "service", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "service" / f"rules{SUFFIX}").unlink()
    code = "import service, service.rules, service.classifier as c; print(service.NATIVE.compiled, c.__file__)"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", str(tmp_path / "service" / "classifier.py")]
    assert f"service/rules{SUFFIX}, which {MANIFEST} lists, is missing" in done.stderr
