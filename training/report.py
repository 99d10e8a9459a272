"""A Markdown evaluation report a person reads: figures, per group and per code, confusion, calibration, misses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from service.classifier import Classifier
from training.evaluate import evaluate_file, read_eval_file
from training.metrics import reliability_table


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def _breakdowns(classifier: Classifier, path: Path) -> list[str]:
    frame = read_eval_file(path)
    preds = classifier.predict(list(frame["description"]), top_k=3)
    flagged = np.array([p.status in ("controlled", "review") for p in preds])
    expected = np.array([s != "not_controlled" for s in frame["expected_status"]])
    lines = [f"### Controlled vs not ({path.name})", ""]
    lines += _table(
        ["", "flagged (controlled/review)", "not controlled"],
        [
            ["expected controlled or ambiguous", int((expected & flagged).sum()), int((expected & ~flagged).sum())],
            ["expected not controlled", int((~expected & flagged).sum()), int((~expected & ~flagged).sum())],
        ],
    )
    by_group: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for mineral, e, f in zip(frame["mineral"], expected, flagged, strict=True):
        by_group[mineral or "none"].append((bool(e), bool(f)))
    rows = []
    for group, pairs in sorted(by_group.items()):
        tp = sum(e and f for e, f in pairs)
        pos = sum(e for e, _ in pairs)
        fl = sum(f for _, f in pairs)
        neg_ok = sum((not e) and (not f) for e, f in pairs)
        neg = sum(not e for e, _ in pairs)
        rows.append(
            [
                group,
                len(pairs),
                _pct(tp / pos if pos else None),
                _pct(tp / fl if fl else None),
                _pct(neg_ok / neg if neg else None),
            ]
        )
    lines += ["### Per group (mineral column)", ""]
    lines += _table(["group", "rows", "recall", "precision", "specificity"], rows)

    per_code: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # support, hits, predicted
    for codes, p in zip(frame["acceptable_codes"], preds, strict=True):
        acceptable = [c for c in str(codes).split(";") if c]
        if p.hs_code:
            per_code[p.hs_code][2] += 1
        if acceptable:
            key = acceptable[0] if len(acceptable) == 1 else f"{acceptable[0]} (+{len(acceptable) - 1})"
            per_code[key][0] += 1
            per_code[key][1] += p.hs_code in acceptable
    code_rows = [[code, s, h, _pct(h / s if s else None), n] for code, (s, h, n) in sorted(per_code.items()) if s or n]
    lines += ["### Per code (rows whose acceptable codes start with it)", ""]
    lines += _table(["code", "support", "top-1 hits", "recall", "times predicted"], code_rows)

    confidence = np.array([p.confidence for p in preds])
    correct = flagged == expected
    lines += ["### Reliability (model confidence vs correct controlled/not decision)", ""]
    lines += _table(
        ["bin", "n", "mean confidence", "accuracy"],
        [[r["bin"], r["n"], r["mean_confidence"], r["accuracy"]] for r in reliability_table(confidence, correct, 5)],
    )
    return lines


def write_report(classifier: Classifier, eval_paths: Sequence[Path], path: Path) -> None:
    card = classifier.bundle.card
    lines = [f"# Evaluation report: model {card.version}", ""]
    lines.append(f"Control list {classifier.controls.version}; created {card.created}.")
    lines.append("")
    heldout = card.metrics.get("heldout", {})
    if heldout:
        lines += ["## Held-out split of the training data (from the card)", ""]
        keys = ["top1", "top3", "controlled_recall", "controlled_precision", "not_listed_specificity", "controlled_ece"]
        lines += _table(keys, [[heldout.get(k) for k in keys]])
    for eval_path in eval_paths:
        result = evaluate_file(classifier, eval_path)
        lines += [f"## {result.name}", ""]
        lines += _table(list(result.figures), [[_pct(v) for v in result.figures.values()]])
        lines += _breakdowns(classifier, eval_path)
        lines += [f"### Worst misses ({len(result.misses)})", ""]
        worst = sorted(result.misses, key=lambda m: -m["confidence"])[:25]
        lines += _table(
            ["id", "expected", "got", "confidence", "text"],
            [
                [
                    m["id"],
                    m["expected"],
                    f"{m['got_status']} {m['got_code'] or ''}",
                    m["confidence"],
                    m["description"][:90],
                ]
                for m in worst
            ],
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
