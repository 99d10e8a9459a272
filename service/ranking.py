"""Labels by falling probability, ties in label order: the first ``depth`` of every row.

``np.argsort(-proba, kind="stable")`` gives the same order but sorts all 137 labels of every row to keep three;
on the served chunks it took about 3 times as long as this (the ``ranking`` lines of ``python -m
benchmarks.text_rules``), in the thread that decides, which the model's thread waits for.
"""

from __future__ import annotations

import numpy as np


def top_labels(proba: np.ndarray, depth: int) -> list[list[int]]:
    """The first ``depth`` label positions of each row of ``proba`` (n, labels) by falling probability, equal
    probabilities in label order: exactly ``np.argsort(-proba, axis=1, kind="stable")[:, :depth]``.

    Each probability and its label position become one integer key with no ties (the probability's bits, which
    order non-negative floats as the floats, then the position), so a partial sort, whose order among equal keys
    is arbitrary, keeps the stable sort's answer."""
    rows = proba if proba.ndim == 2 else proba.reshape(1, -1)
    n_labels = rows.shape[1]
    depth = min(depth, n_labels)
    if depth <= 0:
        return [[] for _ in range(rows.shape[0])]
    # The full sort for a row or two (where this function's dozen numpy calls cost more than the sort saves, as
    # the ranking lines of benchmarks.text_rules show for single rows), and for values that are not
    # probabilities (a negative or NaN, which the bit trick would misorder).
    if rows.shape[0] <= 2 or rows.dtype != np.float32 or not rows.min() >= 0:
        return np.argsort(-rows, axis=1, kind="stable")[:, :depth].tolist()
    shift = max(1, (n_labels - 1).bit_length())
    # + 0.0 turns a -0.0, whose sign bit would make it the largest key, into 0.0
    bits = (rows + np.float32(0.0)).view(np.int32).astype(np.int64)
    keys = (-bits << shift) | np.arange(n_labels, dtype=np.int64)
    if depth < n_labels:
        keys = np.partition(keys, depth - 1, axis=1)[:, :depth]
    keys.sort(axis=1)
    return (keys & ((1 << shift) - 1)).tolist()
