"""``python -m benchmarks.collector [--thresholds 0,50000] [--rounds 2] [--texts 20000] [--batches 150]``: what
Python's garbage collector costs the classifier at each youngest-generation threshold (``Settings.gc_threshold``;
0 keeps Python's 700).

The classifier keeps its answers in a cache of 4,096, each with its lists and matches; collections scan the
objects that survive, and a full cache is many. Every measurement runs in a fresh process per threshold, the
thresholds alternating round by round (a shared machine's slow phases fall on all alike):
- ``batches``: the cache first filled with single-description answers (as ``make bench``'s single-item scenarios
  leave it), then ``--batches`` 100-item batches through the served pipeline (``Classifier.iter_predict`` and the
  API's rendering); p50 and p99 ms a batch;
- ``file``: ``service.batch.classify_file`` (``hscc classify``) on a CSV of ``--texts`` descriptions; seconds.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.texts import REPO, sample_descriptions

OUT = Path(__file__).resolve().parent / "out"
KINDS = ("batches", "file")


def _batches(threshold: int, texts: int, batches: int, model_dir: Path) -> dict[str, float]:
    """In this process: fill the cache with single answers, then time 100-item batches."""
    from benchmarks.paired import serve_batch
    from service.api.convert import to_item_result
    from service.api.state import ClassifierHolder
    from service.config import Settings, tune_collector

    settings = Settings(model_dir=model_dir, gc_threshold=threshold)
    holder = ClassifierHolder(settings)
    holder.load()
    classifier = holder.classifier
    pool = sample_descriptions(OUT, texts)
    fill, work = pool[: settings.cache_size], pool[settings.cache_size :]
    if len(work) < 100 * batches:
        raise ValueError(f"--texts {texts}: need the cache's {settings.cache_size} and {100 * batches} more")
    gc.collect()
    gc.freeze()  # as the server does at start-up
    tune_collector(settings)
    for text in fill:
        serve_batch(classifier, to_item_result, [text])
    seconds = []
    for b in range(batches):
        started = time.perf_counter()
        serve_batch(classifier, to_item_result, work[b * 100 : (b + 1) * 100])
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    return {
        "p50_ms": round(statistics.median(seconds) * 1e3, 2),
        "p99_ms": round(seconds[min(len(seconds) - 1, int(len(seconds) * 0.99))] * 1e3, 2),
    }


def _file(threshold: int, texts: int, model_dir: Path) -> dict[str, float]:
    """In this process: ``classify_file`` on a CSV of ``texts`` descriptions (which sets the threshold itself)."""
    from service.batch import classify_file
    from service.config import Settings

    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.csv", Path(tmp) / "out.csv"
        with source.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "description"])
            writer.writerows(enumerate(sample_descriptions(OUT, texts)))
        started = time.perf_counter()
        classify_file(Settings(model_dir=model_dir, gc_threshold=threshold), source, target)
        return {"seconds": round(time.perf_counter() - started, 2)}


def measure(
    thresholds: list[int], rounds: int, texts: int, batches: int, model_dir: Path, kinds: tuple[str, ...] = KINDS
) -> dict[str, dict[int, list[dict[str, float]]]]:
    """``{kind: {threshold: [figures of each round]}}``, each figure from a fresh process."""
    out: dict[str, dict[int, list[dict[str, float]]]] = {kind: {t: [] for t in thresholds} for kind in kinds}
    for r in range(rounds):
        order = thresholds if r % 2 == 0 else thresholds[::-1]
        for kind in kinds:
            for threshold in order:
                args = ["--child", kind, "--thresholds", str(threshold), "--texts", str(texts)]
                args += ["--batches", str(batches), "--model-dir", str(model_dir)]
                done = subprocess.run(
                    [sys.executable, "-m", "benchmarks.collector", *args],
                    cwd=REPO,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if done.returncode != 0:
                    raise RuntimeError(f"{kind} at threshold {threshold} failed: {done.stderr[-2000:]}")
                out[kind][threshold].append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.collector", description=__doc__)
    ap.add_argument("--thresholds", default="0,50000", help="comma-separated; 0 = Python's own (700)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--texts", type=int, default=20_000)
    ap.add_argument("--batches", type=int, default=150)
    ap.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated subset of {','.join(KINDS)}")
    ap.add_argument("--model-dir", type=Path, default=REPO / "models")
    ap.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    thresholds = [int(t) for t in args.thresholds.split(",") if t.strip()]
    if args.child:
        figures: dict[str, Any] = (
            _batches(thresholds[0], args.texts, args.batches, args.model_dir)
            if args.child == "batches"
            else _file(thresholds[0], args.texts, args.model_dir)
        )
        print(json.dumps(figures))
        return 0
    kinds = tuple(k for k in args.kinds.split(",") if k)
    unknown = set(kinds) - set(KINDS)
    if unknown or not thresholds or args.rounds < 1:
        print(f"unknown kinds {sorted(unknown)}; or no thresholds; or --rounds < 1", file=sys.stderr)
        return 2
    result = measure(thresholds, args.rounds, args.texts, args.batches, args.model_dir, kinds)
    print(json.dumps(result))
    for kind, by_threshold in result.items():
        for threshold, runs in by_threshold.items():
            print(f"{kind} threshold {threshold or 'Python (700)'}: " + "; ".join(map(str, runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
