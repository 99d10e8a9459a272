"""``python -m benchmarks.paired --variant A=/path/to/tree --variant B=. [--items 100] [--batches 100]``: the
classifier's own time for a batch (``Classifier.iter_predict`` plus the API's conversion of each prediction,
what ``/v1/classify`` runs in its worker thread), for two or more source trees in one process, alternating
batch by batch.

A change of a few per cent disappears between two runs minutes apart on a shared machine; here every batch is
classified by every variant in turn (shuffled order), so load hits all of them alike. A variant is a
directory holding a ``service`` package (e.g. ``git archive HEAD~1 service | tar -x -C /tmp/before``); each is
imported under its own module objects, with the same ``models`` folder and texts. The classifiers' caches are
off, so every description is classified. No HTTP, no event loop: ``benchmarks.ab`` measures those.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.texts import REPO, sample_descriptions

OUT = REPO / "benchmarks" / "out"
DAY = date(2026, 11, 22)  # fixed: measures in force do not change between variants or runs


def _load(tree: Path, model_dir: Path) -> Callable[[list[str]], None]:
    """A function classifying a batch with ``tree``'s ``service`` package (imported apart from the others)."""
    ours = {k: v for k, v in sys.modules.items() if k == "service" or k.startswith("service.")}
    for k in ours:
        del sys.modules[k]
    sys.path.insert(0, str(tree))
    try:
        from service.api.convert import to_item_result
        from service.api.state import ClassifierHolder
        from service.config import Settings

        holder = ClassifierHolder(Settings(model_dir=model_dir, cache_size=0))
        holder.load()
        classifier = holder.classifier
    finally:
        sys.path.remove(str(tree))
        for k in [k for k in sys.modules if k == "service" or k.startswith("service.")]:
            del sys.modules[k]  # the functions above keep their own modules alive
        sys.modules.update(ours)

    def classify(batch: list[str]) -> None:
        for i, prediction in classifier.iter_predict(batch, 3, None, DAY):
            to_item_result(str(i), prediction, classifier.controls)

    return classify


def run(variants: dict[str, Path], model_dir: Path, items: int, batches: int, passes: int) -> dict[str, Any]:
    classify = {name: _load(tree, model_dir) for name, tree in variants.items()}
    texts = sample_descriptions(OUT, items * batches)
    work = [texts[i : i + items] for i in range(0, items * batches, items)]
    for fn in classify.values():  # warm-up: first calls build caches and thread pools
        for batch in work[:3]:
            fn(batch)
    seconds: dict[str, list[float]] = {name: [] for name in classify}
    rng = random.Random(7)
    for _ in range(passes):
        for batch in work:
            order = list(classify)
            rng.shuffle(order)
            for name in order:
                start = time.perf_counter()
                classify[name](batch)
                seconds[name].append(time.perf_counter() - start)
    out: dict[str, Any] = {"items": items, "batches": batches, "passes": passes}
    for name, xs in seconds.items():
        xs.sort()
        out[name] = {
            "p50_ms": round(statistics.median(xs) * 1e3, 3),
            "p90_ms": round(xs[int(len(xs) * 0.9)] * 1e3, 3),
            "mean_ms": round(statistics.fmean(xs) * 1e3, 3),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.paired", description=__doc__)
    ap.add_argument("--variant", action="append", required=True, help="NAME=DIR (a tree with service/)")
    ap.add_argument("--model-dir", type=Path, default=REPO / "models")
    ap.add_argument("--items", type=int, default=100, help="descriptions per batch")
    ap.add_argument("--batches", type=int, default=100, help="distinct batches per pass")
    ap.add_argument("--passes", type=int, default=2)
    args = ap.parse_args(argv)
    variants: dict[str, Path] = {}
    for spec in args.variant:
        name, sep, tree = spec.partition("=")
        if not sep or not (Path(tree) / "service").is_dir():
            ap.error(f"--variant {spec!r}: expected NAME=DIR with DIR/service")
        variants[name] = Path(tree).resolve()
    print(json.dumps(run(variants, args.model_dir, args.items, args.batches, args.passes), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
