"""Whether this package runs its compiled modules or its sources, decided once, when ``service`` is imported.

``scripts/build_native.py`` (``make compile``) compiles the decision modules with mypyc, next to their sources, and
writes ``native.json``: each compiled module's source hash and the compiled files the build made. Python imports a
compiled module before its source, so a source edited since the build would silently not run. ``choose`` compares
the hashes and the files; when a hash differs, a file is missing or unlisted, or there is no manifest, it makes
this package's directories import sources only, for every module: compiled modules call one another's compiled
code directly, so a mix of compiled and source modules would still run the old code, and would hold two copies of
a module's classes (one compiled file deleted by hand made its module import from source, while the compiled
modules that use it kept their own copy).

This module is never compiled itself: it runs before any compiled module may be imported.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from dataclasses import dataclass
from importlib.machinery import (
    BYTECODE_SUFFIXES,
    EXTENSION_SUFFIXES,
    SOURCE_SUFFIXES,
    FileFinder,
    SourceFileLoader,
    SourcelessFileLoader,
)
from pathlib import Path

MANIFEST = "native.json"
NOT_COMPILED = "not compiled"  # no compiled file and no manifest: nothing to run, nothing stale
log = logging.getLogger("service.native")


@dataclass(frozen=True)
class NativeState:
    """``compiled``: the compiled modules are the ones that run; ``reason``: why not, for the log and /metrics."""

    compiled: bool
    reason: str

    @property
    def stale(self) -> bool:
        """Whether compiled files are there that do not run (``make compile`` should build them again): not the
        case of a package never compiled, or whose build failed and left nothing."""
        return not self.compiled and self.reason != NOT_COMPILED


def _directories(package: Path) -> list[tuple[str, list[str]]]:
    """``package`` and its subdirectories but bytecode caches, each with its files: one walk, as every start
    takes it (``Path.rglob`` once per extension suffix took several milliseconds)."""
    out = []
    for directory, subdirectories, files in os.walk(package):
        subdirectories[:] = [d for d in subdirectories if d != "__pycache__"]
        out.append((directory, files))
    return out


def compiled_files(package: Path) -> list[Path]:
    """The extension modules in ``package`` (and its subpackages) this interpreter would import."""
    suffixes = tuple(EXTENSION_SUFFIXES)
    return sorted(Path(d, f) for d, files in _directories(package) for f in files if f.endswith(suffixes))


def source_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(package: Path, hashes: dict[str, str]) -> None:
    """Record what ``scripts/build_native.py`` compiled: each module's source hash (relative to ``package``), the
    compiled files now in ``package`` (the modules' and the library their mypyc group shares), and the interpreter
    they were built for."""
    files = [path.relative_to(package).as_posix() for path in compiled_files(package)]
    record = {"ext_suffix": EXTENSION_SUFFIXES[0], "modules": hashes, "files": files}
    (package / MANIFEST).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def inspect(package: Path) -> NativeState:
    """Whether ``package``'s compiled modules match their sources (``NativeState.compiled``), and if not why."""
    found = compiled_files(package)
    if not found and not (package / MANIFEST).exists():
        return NativeState(False, NOT_COMPILED)
    try:
        manifest = json.loads((package / MANIFEST).read_text(encoding="utf-8"))
        modules: dict[str, str] = manifest["modules"]
        built_for = manifest["ext_suffix"]
        files = {str(f) for f in manifest["files"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return NativeState(False, f"compiled modules without a readable {MANIFEST} ({exc.__class__.__name__})")
    if built_for != EXTENSION_SUFFIXES[0]:
        return NativeState(False, f"compiled for {built_for}, not this interpreter")
    for relative, digest in modules.items():
        source = package / relative
        if not source.is_file() or source_hash(source) != digest:
            return NativeState(False, f"{package.name}/{relative} changed since it was compiled")
    present = {path.relative_to(package).as_posix() for path in found}
    unlisted = sorted(present - files)
    if unlisted:
        return NativeState(False, f"{unlisted[0]} is not in {MANIFEST}")
    missing = sorted(files - present)
    if missing:
        return NativeState(False, f"{package.name}/{missing[0]}, which {MANIFEST} lists, is missing")
    return NativeState(True, "compiled modules match their sources")


def import_sources_only(package: Path) -> None:
    """Make the import system read ``package``'s directories with finders that know no extension modules: its
    submodules then load from source (or bytecode), whatever compiled files lie beside them."""
    loaders = [(SourceFileLoader, SOURCE_SUFFIXES), (SourcelessFileLoader, BYTECODE_SUFFIXES)]
    for directory, _ in _directories(package):
        sys.path_importer_cache[directory] = FileFinder(directory, *loaders)


def choose(package: Path) -> NativeState:
    """Decide for ``package`` (called by its ``__init__``): compiled modules if they match their sources, else
    sources only, logged when compiled files are there but not used."""
    state = inspect(package)
    if state.stale:
        import_sources_only(package)
        log.warning("running the service from source: %s (make compile rebuilds)", state.reason)
    return state
