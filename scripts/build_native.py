"""Compile the service's decision modules with mypyc, next to their sources, and record what was compiled.

``python scripts/build_native.py`` (run by ``make compile``). The decisions are pure Python and cost more CPU than
the model; compiled, they took 12-14 % less (benchmarks/JOURNAL.md, thirtieth session). Best effort: without mypyc
or a C compiler it says why and leaves the package to run from source (exit 0); ``--require`` makes that an
error. Old compiled files are removed first, so a failed build never leaves a stale mix. ``--clean`` only
removes them. ``--check`` builds nothing: it exits 1, saying why, when compiled files are there that
``service.native`` would not run (a source edited, a compiled file deleted or added by hand), which ``make compile``
then builds again: its stamp file sees edited sources, not deleted files.

``service.native`` loads the compiled modules only while ``native.json`` matches their sources.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import os
import sys
import tempfile
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "service"
GROUP = "service._native"
# The modules compiled, relative to service/. Not here: service/api/ and cli.py (the web and command-line layers,
# which mostly call libraries), native.py (it decides whether compiled modules run), and the modules that define
# pydantic models or subclass built-in exceptions (bundle.py, config.py, controls/, naming.py, articles.py), which
# mypyc rejects or compiles into C that does not build.
MODULES = [
    "arbitration.py",
    "batch.py",
    "classifier.py",
    "colours.py",
    "compound_names.py",
    "formulas.py",
    "measures.py",
    "mixtures.py",
    "near_names.py",
    "negation.py",
    "notices.py",
    "params/normalise.py",
    "params/patterns.py",
    "params/quantities.py",
    "params/reading.py",
    "params/values.py",
    "params/vocabulary.py",
    "pieces.py",
    "prediction.py",
    "ranking.py",
    "rules.py",
    "scanner.py",
    "spelling.py",
    "tables.py",
    "text.py",
    "trie.py",
]


@functools.cache
def load_native() -> ModuleType:
    """``service/native.py``, which reads the manifest this script writes, loaded alone: importing the ``service``
    package would run its check of the very files this script replaces (and warn about them)."""
    spec = importlib.util.spec_from_file_location("service_native", PACKAGE / "native.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def remove_compiled(package: Path = PACKAGE) -> int:
    """Delete every compiled module of ``package`` and its manifest; how many files went."""
    # A set: one file matches several suffixes (".cpython-311-x86_64-linux-gnu.so" ends with ".so" too).
    gone = {p for suffix in EXTENSION_SUFFIXES for p in package.rglob(f"*{suffix}")}
    manifest = package / load_native().MANIFEST
    if manifest.exists():
        gone.add(manifest)
    for path in gone:
        path.unlink(missing_ok=True)
    return len(gone)


def compile_modules(build_dir: Path) -> None:
    """mypyc + setuptools ``build_ext --inplace``, run from ``build_dir`` through a link to the package: setuptools
    would otherwise read this project's pyproject.toml, which older setuptools (Python 3.11's venv has 65.5)
    rejects, and the build's temporary files stay out of the tree."""
    from mypyc.build import mypycify
    from setuptools import setup

    (build_dir / "service").symlink_to(PACKAGE, target_is_directory=True)
    os.chdir(build_dir)
    paths = [f"service/{m}" for m in MODULES]
    options = ["--config-file", str(REPO / "pyproject.toml")]
    setup(
        name="hscc-native",
        ext_modules=mypycify([*options, *paths], group_name=GROUP, opt_level="3"),
        script_args=["-q", "build_ext", "--inplace", "--build-temp", str(build_dir / "temp")],
    )


def check(package: Path) -> int:
    native = load_native()
    state = native.inspect(package)
    if state.stale:
        print(f"build_native: the compiled modules would not run ({state.reason}); make compile builds them again")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python scripts/build_native.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--require", action="store_true", help="fail when the modules cannot be compiled")
    ap.add_argument("--clean", action="store_true", help="only remove the compiled modules")
    ap.add_argument("--check", action="store_true", help="exit 1 when compiled files are there that would not run")
    args = ap.parse_args(argv)
    if args.check:
        return check(PACKAGE)
    removed = remove_compiled()
    if args.clean:
        print(f"build_native: removed {removed} compiled files; the service runs from source")
        return 0
    here = Path.cwd()
    # Hashed before the build: a source edited while it runs then reads as changed, and runs from source.
    native = load_native()
    hashes = {m: native.source_hash(PACKAGE / m) for m in MODULES}
    try:
        with tempfile.TemporaryDirectory(prefix="hscc-native-") as tmp:
            compile_modules(Path(tmp))
    except (Exception, SystemExit) as exc:  # setuptools exits on a compiler error; any failure leaves the sources
        os.chdir(here)
        remove_compiled()
        print(f"build_native: not compiled ({exc.__class__.__name__}: {exc}); the service runs from source")
        return 1 if args.require else 0
    os.chdir(here)
    native.write_manifest(PACKAGE, hashes)
    print(f"build_native: compiled {len(MODULES)} modules with mypyc")
    return 0


if __name__ == "__main__":
    sys.exit(main())
