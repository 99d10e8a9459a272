"""Figures that say how good a model is: label accuracy, controlled-vs-not, and calibration."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

NOT_LISTED = "NOT_LISTED"


def reliability_table(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> list[dict[str, Any]]:
    """Predicted probability vs observed accuracy in equal-width bins (a calibration check)."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    rows = []
    for lo, hi in itertools.pairwise(edges):
        mask = (confidence >= lo) & ((confidence < hi) if hi < 1.0 else (confidence <= hi))
        n = int(mask.sum())
        rows.append(
            {
                "bin": f"{lo:.1f}-{hi:.1f}",
                "n": n,
                "mean_confidence": round(float(confidence[mask].mean()), 4) if n else None,
                "accuracy": round(float(correct[mask].mean()), 4) if n else None,
            }
        )
    return rows


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    total = len(confidence)
    if not total:
        return 0.0
    ece = 0.0
    for row in reliability_table(confidence, correct, bins):
        if row["n"]:
            ece += row["n"] / total * abs(row["mean_confidence"] - row["accuracy"])
    return round(ece, 4)


def label_metrics(proba: np.ndarray, classes: Sequence[str], truth: Sequence[str]) -> dict[str, Any]:
    """Top-1/top-3 label accuracy, controlled recall/precision and calibration on a labelled split."""
    classes_arr = np.asarray(classes)
    truth_arr = np.asarray(truth)
    order = np.argsort(-proba, axis=1)
    top1 = classes_arr[order[:, 0]]
    top3 = classes_arr[order[:, :3]]
    nl = list(classes).index(NOT_LISTED)
    p_controlled = 1.0 - proba[:, nl]
    true_ctrl = truth_arr != NOT_LISTED
    pred_ctrl = top1 != NOT_LISTED
    tp = int((true_ctrl & pred_ctrl).sum())
    ctrl_conf = np.where(pred_ctrl, p_controlled, 1.0 - p_controlled)
    return {
        "rows": len(truth_arr),
        "top1": round(float((top1 == truth_arr).mean()), 4),
        "top3": round(float((top3 == truth_arr[:, None]).any(axis=1).mean()), 4),
        "top1_on_controlled": round(float((top1 == truth_arr)[true_ctrl].mean()), 4) if true_ctrl.any() else None,
        "controlled_recall": round(tp / max(int(true_ctrl.sum()), 1), 4),
        "controlled_precision": round(tp / max(int(pred_ctrl.sum()), 1), 4),
        "not_listed_specificity": round(float((~pred_ctrl)[~true_ctrl].mean()), 4) if (~true_ctrl).any() else None,
        "label_ece": expected_calibration_error(proba.max(axis=1), top1 == truth_arr),
        "controlled_ece": expected_calibration_error(ctrl_conf, pred_ctrl == true_ctrl),
        "reliability_controlled_vs_not": reliability_table(ctrl_conf, pred_ctrl == true_ctrl),
        # What the service's review threshold buys: NOT_LISTED wins but controlled labels hold >= t -> review.
        "review_threshold_sweep": [
            {
                "threshold": t,
                "controlled_flagged": round(float((pred_ctrl | (p_controlled >= t))[true_ctrl].mean()), 4)
                if true_ctrl.any()
                else None,
                "not_listed_flagged": round(float((pred_ctrl | (p_controlled >= t))[~true_ctrl].mean()), 4)
                if (~true_ctrl).any()
                else None,
            }
            for t in (0.5, 0.35, 0.25, 0.2, 0.15, 0.1)
        ],
        "reliability_top1": reliability_table(proba.max(axis=1), top1 == truth_arr),
    }
