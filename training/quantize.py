"""Quantise a fitted multinomial logistic regression to 8-bit coefficients, as a step of the model itself.

The quantised classifier *is* the model: it is evaluated, exported and checked for parity with the graph, so
the bundle's figures describe what is served. What quantisation changed is measured against the classifier
before it (``QuantizationReport``) and written to the card.

Per feature (a column of ``coef_``, one weight per label): the weights are centred on the midpoint of their
range and rounded to 255 levels across that range. Centring is free for a multinomial model: adding the same
number to every label's weight for a feature adds the same amount to every label's score, which softmax
ignores. It halves the rounding step compared with a scale over ``[-max |w|, max |w|]``. On the model of
2026-11-22 (24,000 features, 137 labels) it halves model.onnx (6.9 -> 3.6 MB against 16-bit weights); see
benchmarks/JOURNAL.md for what it changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

LEVELS = {8: 127}  # bits -> largest magnitude of the stored integers (symmetric: -127..127)


class NotQuantizable(ValueError):
    """The classifier is not a multinomial linear model whose weights can be centred and rounded."""


@dataclass(frozen=True)
class QuantizationReport:
    bits: int
    texts: int  # compared on these (the held-out split)
    top1_agreement: float  # quantised against unquantised
    max_abs_probability_diff: float
    changed: list[str]  # texts whose top label changed (a few, for the card)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "changed": self.changed[:10]}


def quantize_classifier(classifier: Any, bits: int = 8) -> None:
    """Round ``classifier.coef_`` in place to ``bits``-bit levels, centred per feature (see the module doc).

    Afterwards every column of ``coef_`` is ``scale * q`` with integers ``|q| <= 127``, so an export with one
    scale per feature (``training.optimize``'s int8 coefficients) stores it exactly."""
    if bits not in LEVELS:
        raise NotQuantizable(f"{bits}-bit coefficients are not supported (only {sorted(LEVELS)})")
    if not isinstance(classifier, LogisticRegression):
        raise NotQuantizable(f"{type(classifier).__name__} is not a LogisticRegression")
    coef = np.asarray(classifier.coef_, dtype=np.float64)
    if coef.shape[0] < 3:  # binary: one weight row and a sigmoid, where shifting a column is not free
        raise NotQuantizable("a binary logistic regression has no per-feature shift that leaves it unchanged")
    top = LEVELS[bits]
    low, high = coef.min(axis=0), coef.max(axis=0)
    middle = (high + low) / 2.0
    half = (high - low) / 2.0
    scale = np.where(half > 0, half / top, 1.0)
    levels = np.clip(np.round((coef - middle) / scale), -top, top)
    classifier.coef_ = levels * scale


def compare(before: np.ndarray, after: np.ndarray, texts: Sequence[str], bits: int) -> QuantizationReport:
    """What quantising changed: probabilities ``before`` and ``after`` on the same ``texts``."""
    changed = before.argmax(axis=1) != after.argmax(axis=1)
    return QuantizationReport(
        bits=bits,
        texts=len(texts),
        top1_agreement=round(float(1.0 - changed.mean()), 6) if len(texts) else 1.0,
        max_abs_probability_diff=float(np.abs(before - after).max()) if len(texts) else 0.0,
        changed=[t for t, c in zip(texts, changed, strict=True) if c],
    )


def quantize_pipeline(pipeline: Pipeline, bits: int, texts: Sequence[str]) -> tuple[QuantizationReport, np.ndarray]:
    """Quantise the pipeline's classifier in place; report what that changed on ``texts``, and return the
    quantised model's probabilities for them (training scores the held-out split with them)."""

    def proba() -> np.ndarray:
        return pipeline.predict_proba(list(texts)) if len(texts) else np.zeros((0, len(pipeline.classes_)))

    before = proba()
    quantize_classifier(pipeline.steps[-1][1], bits)
    after = proba()
    return compare(before, after, texts, bits), after
