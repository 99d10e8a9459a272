"""``python -m benchmarks.params_diff --before /path/to/tree [--after .]``: what a change to the parameter reader
changes. Both trees' ``service.params.extract_params`` read the same texts — the generated training set
(seed 13), the benchmark sample and the dev file — and every text read differently is counted and shown.

A change to a notation should change the texts written in that notation and nothing else; this is the check
behind the figures in the commits that changed ``service/params`` ("changed on 7 of 86,768 texts").
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.paired import OUT, service_from
from benchmarks.texts import REPO, sample_descriptions

DEV_EVAL = REPO / "training" / "data" / "eval" / "real_descriptions_dev.csv"


def corpus() -> list[str]:
    """Distinct texts: generated (seed 13, the training data), the benchmark's 20,000, the dev file."""
    from training.dataset import build_dataset

    texts = [
        *map(str, build_dataset(13)["description"]),
        *sample_descriptions(OUT, 20_000),
        *map(str, pd.read_csv(DEV_EVAL)["description"]),
    ]
    return list(dict.fromkeys(texts))


def _reader(tree: Path) -> Callable[[str], Any]:
    with service_from(tree):
        from service.params import extract_params
    return extract_params


def compare(before: Path, after: Path, texts: list[str]) -> list[tuple[str, str, str]]:
    """``(text, before's reading, after's reading)`` for every text the two trees read differently."""
    old, new = _reader(before), _reader(after)
    changed = []
    for text in texts:
        a, b = repr(old(text)), repr(new(text))
        if a != b:
            changed.append((text, a, b))
    return changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.params_diff", description=__doc__)
    ap.add_argument("--before", type=Path, required=True, help="a tree with service/ (e.g. git archive HEAD~1)")
    ap.add_argument("--after", type=Path, default=REPO)
    ap.add_argument("--show", type=int, default=20, help="changed texts to print")
    args = ap.parse_args(argv)
    for tree in (args.before, args.after):
        if not (tree / "service" / "params").is_dir():
            ap.error(f"{tree}: no service/params package")
    texts = corpus()
    changed = compare(args.before.resolve(), args.after.resolve(), texts)
    print(f"read differently: {len(changed)} of {len(texts)} texts")
    for text, a, b in changed[: args.show]:
        print(f"- {text[:160]!r}\n    before {a[:300]}\n    after  {b[:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
