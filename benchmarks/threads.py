"""``python -m benchmarks.threads [--batches 60] [--items 100] [--switch-intervals 0.005,0.0001]``: where the two
threads of a served batch spend it (``Classifier.iter_predict`` plus the API's rendering, as ``/v1/classify``'s
worker thread runs it; the classifier's cache off, distinct benchmark descriptions).

Per batch, p50 over batches (the first five of each setting dropped as warm-up):
- ``wall``: the batch;
- ``deciding thread CPU``: that thread's CPU time; near ``wall``, this thread is the critical path;
- ``deciding thread waiting for chunks``: its time in the model's iterator (the first chunk, which it runs itself,
  preparing the inputs, and waiting for the model's thread);
- ``deciding thread deciding``: the rest of the batch, deciding and rendering;
- ``model thread wall`` / ``model thread CPU``: the model thread's runs; wall well above CPU is time spent waiting
  for the GIL, which the deciding thread holds while it decides.

With several ``--switch-intervals`` (``sys.setswitchinterval``, seconds), every batch runs at each, in a shuffled
order, so that the machine's phases fall on all alike.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.paired import serve_batch
from benchmarks.texts import REPO, sample_descriptions
from service.api.convert import to_item_result
from service.api.state import ClassifierHolder
from service.classifier import Classifier
from service.config import Settings

WARM_UP = 5
FIGURES = (
    "wall",
    "deciding thread CPU",
    "deciding thread waiting for chunks",
    "deciding thread deciding",
    "model thread wall",
    "model thread CPU",
)


def _timed_classifier(model_dir: Path, times: dict[str, float]) -> Classifier:
    """The served classifier (cache off) over a copy of its bundle that adds to ``times``: the seconds its caller
    spends waiting for each chunk (``"waiting"``), and the wall and CPU seconds of its model runs in other threads
    (``"model wall"``, ``"model cpu"``)."""
    holder = ClassifierHolder(Settings(model_dir=model_dir, cache_size=0, log_level="WARNING"))
    holder.load()
    served = holder.classifier
    bundle = dataclasses.replace(served.bundle)
    run, iter_proba = bundle._run, bundle.iter_proba
    caller = threading.current_thread()

    def timed_run(texts: list[str]) -> np.ndarray:
        wall, cpu = time.perf_counter(), time.thread_time()
        out = run(texts)
        if threading.current_thread() is not caller:
            times["model wall"] += time.perf_counter() - wall
            times["model cpu"] += time.thread_time() - cpu
        return out

    def timed_iter_proba(
        texts: list[str], raw: bool = False, prefetch: bool = True
    ) -> Iterator[tuple[list[int], np.ndarray]]:
        chunks = iter_proba(texts, raw, prefetch)
        while True:
            started = time.perf_counter()
            chunk = next(chunks, None)
            times["waiting"] += time.perf_counter() - started
            if chunk is None:
                return
            yield chunk

    # Instance attributes shadow the methods, for this copy only.
    object.__setattr__(bundle, "_run", timed_run)
    object.__setattr__(bundle, "iter_proba", timed_iter_proba)
    return Classifier(bundle, served.controls, served.naming, served.review_threshold, cache_size=0)


def _one_batch(classifier: Classifier, batch: list[str], times: dict[str, float]) -> dict[str, float]:
    """The batch as ``/v1/classify``'s worker thread runs it: ``iter_predict`` and each item's rendering."""
    times.update(dict.fromkeys(times, 0.0))
    wall, cpu = time.perf_counter(), time.thread_time()
    serve_batch(classifier, to_item_result, batch)
    wall = time.perf_counter() - wall
    return {
        "wall": wall,
        "deciding thread CPU": time.thread_time() - cpu,
        "deciding thread waiting for chunks": times["waiting"],
        "deciding thread deciding": wall - times["waiting"],
        "model thread wall": times["model wall"],
        "model thread CPU": times["model cpu"],
    }


def measure(batches: list[list[str]], intervals: list[float], model_dir: Path) -> dict[float, dict[str, float]]:
    """``{switch interval: {figure: p50 ms}}`` over ``batches``, each batch at every interval in a shuffled order."""
    times = dict.fromkeys(("waiting", "model wall", "model cpu"), 0.0)
    classifier = _timed_classifier(model_dir, times)
    before = sys.getswitchinterval()
    runs: dict[float, list[dict[str, float]]] = {i: [] for i in intervals}
    try:
        for k, batch in enumerate(batches):
            for interval in random.sample(intervals, len(intervals)):
                sys.setswitchinterval(interval)
                figures = _one_batch(classifier, batch, times)
                if k >= min(WARM_UP, len(batches) - 1):
                    runs[interval].append(figures)
    finally:
        sys.setswitchinterval(before)
    return {
        interval: {name: round(statistics.median(r[name] for r in done) * 1e3, 3) for name in FIGURES}
        for interval, done in runs.items()
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.threads", description=__doc__)
    ap.add_argument("--batches", type=int, default=60)
    ap.add_argument("--items", type=int, default=100)
    ap.add_argument("--switch-intervals", default=str(sys.getswitchinterval()), help="seconds, comma-separated")
    ap.add_argument("--model-dir", type=Path, default=REPO / "models")
    args = ap.parse_args(argv)
    intervals = [float(v) for v in args.switch_intervals.split(",")]
    texts = sample_descriptions(REPO / "benchmarks" / "out", args.batches * args.items)
    batches = [texts[i : i + args.items] for i in range(0, len(texts), args.items)]
    table: dict[float, Any] = measure(batches, intervals, args.model_dir)
    print(f"{len(batches)} batches of {args.items}; p50 ms a batch")
    print("| figure | " + " | ".join(f"switch interval {i:g} s" for i in intervals) + " |")
    print("|---|" + "---:|" * len(intervals))
    for name in FIGURES:
        print(f"| {name} | " + " | ".join(f"{table[i][name]:.2f}" for i in intervals) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
