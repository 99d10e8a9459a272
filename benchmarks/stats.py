"""Timing helpers: every figure is a median and a p99 over repeated measurements."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np


def summarize_us(seconds: Sequence[float]) -> dict[str, Any]:
    """Median and p99 (microseconds) of per-call durations given in seconds."""
    arr = np.asarray(seconds, dtype=np.float64) * 1e6
    if not arr.size:
        return {"median_us": None, "p99_us": None, "n": 0}
    return {
        "median_us": round(float(np.median(arr)), 1),
        "p99_us": round(float(np.percentile(arr, 99)), 1),
        "n": int(arr.size),
    }


def time_calls(fn: Callable[[Any], object], inputs: Sequence[Any], warmup: int = 3) -> list[float]:
    """Call ``fn`` once per input (after ``warmup`` untimed calls); return each call's duration (s)."""
    for x in inputs[:warmup]:
        fn(x)
    out = []
    for x in inputs:
        start = time.perf_counter()
        fn(x)
        out.append(time.perf_counter() - start)
    return out


def latency_and_throughput(
    fn: Callable[[list[str]], object], texts: Sequence[str], batch: int, reps: int, warmup: int = 2
) -> dict[str, Any]:
    """Run ``fn`` on ``reps`` distinct batches of ``batch`` texts: per-call latency and items/s."""
    n = len(texts)
    batches = [[texts[(r * batch + i) % n] for i in range(batch)] for r in range(reps)]
    durations = time_calls(fn, batches, warmup)
    summary = summarize_us(durations)
    arr = np.asarray(durations)
    summary["items_per_s_median"] = round(float(batch / np.median(arr)), 1)
    summary["items_per_s_p99"] = round(float(batch / np.percentile(arr, 99)), 1)  # throughput of a slow call
    return {"batch": batch, **summary}


def middle(values: Sequence[Any]) -> float | None:
    """The middle value (the upper one of two), leaving out missing ones: a figure of one of the runs."""
    known = sorted(float(v) for v in values if v is not None)
    return known[len(known) // 2] if known else None


def median_p99(values: Sequence[float]) -> dict[str, Any]:
    arr = np.asarray(values, dtype=np.float64)
    if not arr.size:
        return {"median": None, "p99": None, "n": 0}
    return {
        "median": round(float(np.median(arr)), 4),
        "p99": round(float(np.percentile(arr, 99)), 4),
        "n": int(arr.size),
    }
