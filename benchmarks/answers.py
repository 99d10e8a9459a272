"""``python -m benchmarks.answers --tree /tmp/before --tree . [--texts 20000]``: whether two source trees give the
same answers, byte for byte, for many descriptions: the check behind a change meant to make the service faster
and nothing else.

Each tree's ``service`` package (a copy of another revision: ``git worktree add /tmp/before <rev>``) classifies the
same texts in batches of 100, with its cache off, for no destination on one day and for one destination on
another, and every prediction is rendered as ``/v1/classify`` renders it (``to_item_result``). The texts are
benchmark descriptions (``benchmarks.texts``, generated with a seed the models are not trained with) and the
descriptions of the vendored nomenclatures (``training/data``), thousands of ordinary goods; not the evaluation
files, whose answers are read only by ``hscc evaluate``. Prints how many answers differ and the first few
differences; exits with 1 when any does.

``--tree DIR@MODELS`` serves that tree from another models folder: two bundles compared with one tree.
``--ignore FIELD`` (repeatable) leaves a field of the answers out of the comparison: for a change that adds a field
to the contract (``notices``), whether everything else stayed as it was.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

import orjson
import pandas as pd

from benchmarks.paired import served_from
from benchmarks.texts import REPO, sample_descriptions

BATCH = 100
# (destination, day): no destination while every measure is in force, and the US on a day after its suspension
# (MOFCOM 2025 No. 72) ends on 2026-11-27
SETTINGS: tuple[tuple[str | None, date], ...] = ((None, date(2026, 11, 22)), ("US", date(2026, 11, 28)))
# Columns of the vendored nomenclatures that hold descriptions of goods.
NOMENCLATURES = {
    Path("training/data/china-customs-hs8/china_customs_hs8_2023_en_zh.utf8.csv"): ("description_en", "description_zh"),
    Path("training/data/hs-nomenclature/harmonized-system.csv"): ("description",),
}


def nomenclature_texts(repo: Path = REPO) -> list[str]:
    """Every distinct description of the vendored nomenclatures, in file order."""
    texts: list[str] = []
    for path, columns in NOMENCLATURES.items():
        frame = pd.read_csv(repo / path, dtype=str, keep_default_na=False)
        for column in columns:
            texts += [t for t in frame[column] if t.strip()]
    return list(dict.fromkeys(texts))


def _renderer(
    tree: Path, model_dir: Path, ignore: tuple[str, ...] = ()
) -> Callable[[list[str], str | None, date], list[bytes]]:
    """A function rendering ``tree``'s answers for a batch, in the batch's order, without the fields ``ignore``."""
    classifier, to_item_result = served_from(tree, model_dir)

    def render(batch: list[str], destination: str | None, day: date) -> list[bytes]:
        predictions = classifier.predict(batch, 3, destination, day)
        answers = [to_item_result(str(i), p, classifier.controls) for i, p in enumerate(predictions)]
        return [orjson.dumps({k: v for k, v in a.items() if k not in ignore}) for a in answers]

    return render


def compare(
    texts: list[str],
    trees: list[Path],
    model_dir: Path,
    ignore: tuple[str, ...] = (),
    model_dirs: list[Path | None] | None = None,
) -> tuple[int, list[tuple[str, list[bytes]]]]:
    """The number of answers compared per tree, and ``(text, [answer of each tree])`` for those that differ.
    ``model_dirs``: a models folder for each tree, ``None`` for ``model_dir``."""
    folders = model_dirs or [None] * len(trees)
    renderers = [_renderer(tree, folder or model_dir, ignore) for tree, folder in zip(trees, folders, strict=True)]
    compared, differ = 0, []
    for destination, day in SETTINGS:
        for start in range(0, len(texts), BATCH):
            batch = texts[start : start + BATCH]
            answers = [render(batch, destination, day) for render in renderers]
            compared += len(batch)
            for k, text in enumerate(batch):
                if len({a[k] for a in answers}) > 1:
                    differ.append((text, [a[k] for a in answers]))
    return compared, differ


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.answers", description=__doc__)
    ap.add_argument("--tree", action="append", required=True, help="DIR[@MODELS]: a tree with service/ (twice or more)")
    ap.add_argument("--texts", type=int, default=20_000, help="benchmark descriptions, besides the nomenclatures'")
    ap.add_argument("--show", type=int, default=5, help="differences printed")
    ap.add_argument("--model-dir", type=Path, default=REPO / "models")
    ap.add_argument("--ignore", action="append", default=[], help="a field of the answers not compared (repeatable)")
    args = ap.parse_args(argv)
    if len(args.tree) < 2:
        ap.error("give --tree at least twice")
    texts = list(dict.fromkeys([*sample_descriptions(REPO / "benchmarks" / "out", args.texts), *nomenclature_texts()]))
    trees = [Path(spec.partition("@")[0]) for spec in args.tree]
    folders: list[Path | None] = [Path(spec.partition("@")[2]) if "@" in spec else None for spec in args.tree]
    compared, differ = compare(texts, trees, args.model_dir, tuple(args.ignore), folders)
    print(f"{len(texts)} texts, {compared} answers per tree ({len(SETTINGS)} destination and day settings)")
    print(f"{len(differ)} answers differ between {', '.join(map(str, args.tree))}")
    for text, answers in differ[: args.show]:
        print(f"\n{text!r}")
        for tree, answer in zip(args.tree, answers, strict=True):
            print(f"  {tree}: {answer.decode()}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
