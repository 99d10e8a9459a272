"""Evaluate the whole service decision (model + rules) on real descriptions labelled by people.

The file format is that of ``training/data/eval/real_descriptions_dev.csv``: ``id, description,
expected_status (controlled | ambiguous | not_controlled), acceptable_codes ('a;b'), mineral``. Figures:
- controlled recall: expected controlled rows flagged (status controlled or review);
- code top-1 / top-3: rows with acceptable codes whose best / any of the top 3 candidates is acceptable;
- near-miss specificity: expected not_controlled rows of a listed mineral that come out not_controlled;
- ordinary specificity: expected not_controlled rows with mineral 'none' that come out not_controlled;
- ambiguous handling: expected ambiguous rows flagged for review (or controlled);
- review rate: share of all rows ending in review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from service.classifier import Classifier
from service.controls.index import NOT_LISTED
from service.prediction import Prediction
from service.tables import read_table

REQUIRED_COLUMNS = ("description", "expected_status")
_CODE = re.compile(r"\d{10}")
FLAGGED = {"controlled", "review"}


def read_eval_file(path: Path) -> pd.DataFrame:
    table = read_table(path)  # strict: pandas would read a row with an extra comma from the wrong columns
    if table.faults:
        i = min(table.faults)
        raise ValueError(f"{path}: line {table.lines[i]} {table.faults[i]}")
    frame = pd.DataFrame({name: table.texts(name) for name in table.columns})
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    for column in ("acceptable_codes", "mineral", "id"):
        if column not in frame.columns:
            frame[column] = "" if column != "id" else [str(i) for i in range(len(frame))]
    lines = table.lines
    bad = frame[~frame["expected_status"].isin(["controlled", "ambiguous", "not_controlled"])]
    if len(bad):
        row = lines[int(bad.index[0])]
        raise ValueError(f"{path}: line {row}: expected_status {bad.iloc[0]['expected_status']!r} is not valid")
    # A list written with another separator ("a b", "a,b") would match no code and pass silently as misses.
    for i, cell in enumerate(frame["acceptable_codes"]):
        wrong = [code for code in cell.split(";") if not _CODE.fullmatch(code)] if cell else []
        if wrong:
            raise ValueError(
                f"{path}: line {lines[i]}: acceptable_codes {cell!r}: {wrong[0]!r} is not a 10-digit code "
                "(separate codes with ';')"
            )
    return frame


@dataclass
class EvalReport:
    name: str
    rows: int
    figures: dict[str, float | None]
    counts: dict[str, int]
    misses: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self, with_misses: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "rows": self.rows,
            "figures": self.figures,
            "counts": self.counts,
        }
        if with_misses:
            out["misses"] = self.misses
        return out


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def evaluate_frame(classifier: Classifier, frame: pd.DataFrame, name: str, as_of: date | None = None) -> EvalReport:
    predictions: list[Prediction] = classifier.predict(list(frame["description"]), top_k=3, as_of=as_of)
    c = {
        k: 0
        for k in (
            "controlled",
            "controlled_hit",
            "coded",
            "top1",
            "top3",
            "near_miss",
            "near_miss_hit",
            "ordinary",
            "ordinary_hit",
            "ambiguous",
            "ambiguous_flagged",
            "review",
        )
    }
    misses: list[dict[str, Any]] = []
    for row, pred in zip(frame.itertuples(index=False), predictions, strict=True):
        expected = row.expected_status
        acceptable = {code for code in str(row.acceptable_codes).split(";") if code}
        flagged = pred.status in FLAGGED
        c["review"] += pred.status == "review"
        problems = []
        if expected == "controlled":
            c["controlled"] += 1
            c["controlled_hit"] += flagged
            if not flagged:
                problems.append("controlled item not flagged")
        elif expected == "ambiguous":
            c["ambiguous"] += 1
            c["ambiguous_flagged"] += flagged
            if not flagged:
                problems.append("ambiguous item not sent to review")
        elif row.mineral and row.mineral != "none":
            c["near_miss"] += 1
            c["near_miss_hit"] += not flagged
            if flagged:
                problems.append("near miss flagged")
        else:
            c["ordinary"] += 1
            c["ordinary_hit"] += not flagged
            if flagged:
                problems.append("ordinary good flagged")
        if acceptable:
            c["coded"] += 1
            top_codes = [cand.hs_code for cand in pred.candidates]
            c["top1"] += pred.hs_code in acceptable
            c["top3"] += bool(acceptable.intersection(top_codes))
            if pred.hs_code not in acceptable:
                problems.append("wrong code")
        if problems:
            misses.append(
                {
                    "id": row.id,
                    "description": row.description,
                    "expected": expected,
                    "acceptable_codes": sorted(acceptable),
                    "got_status": pred.status,
                    "got_code": pred.hs_code,
                    "confidence": round(pred.confidence, 3),
                    "candidates": [f"{cand.label} {cand.probability:.2f}" for cand in pred.candidates],
                    "problems": problems,
                    "reasons": pred.reasons,
                }
            )
    figures = {
        "controlled_recall": _ratio(c["controlled_hit"], c["controlled"]),
        "code_top1": _ratio(c["top1"], c["coded"]),
        "code_top3": _ratio(c["top3"], c["coded"]),
        "near_miss_specificity": _ratio(c["near_miss_hit"], c["near_miss"]),
        "ordinary_specificity": _ratio(c["ordinary_hit"], c["ordinary"]),
        "ambiguous_flagged": _ratio(c["ambiguous_flagged"], c["ambiguous"]),
        "review_rate": _ratio(c["review"], len(frame)),
        # every row as expected: status and, where codes are given, the code (what the promotion gate weighs
        # against recall, so that a model calling everything "not listed" cannot win on specificity)
        "rows_right": _ratio(len(frame) - len(misses), len(frame)),
    }
    return EvalReport(name=name, rows=len(frame), figures=figures, counts=c, misses=misses)


def evaluate_file(classifier: Classifier, path: Path, as_of: date | None = None) -> EvalReport:
    return evaluate_frame(classifier, read_eval_file(path), path.name, as_of)


def format_report(report: EvalReport) -> str:
    lines = [f"{report.name}: {report.rows} rows"]
    for key, value in report.figures.items():
        lines.append(f"  {key:<24} {'n/a' if value is None else f'{value:.3f}'}")
    return "\n".join(lines)


def format_misses(report: EvalReport) -> str:
    """Every miss, for a person to see what kind of text fails."""
    out = [f"# Misses on {report.name} ({len(report.misses)} of {report.rows} rows)", ""]
    for m in report.misses:
        out.append(f"## {m['id']}: {'; '.join(m['problems'])}")
        out.append(f"- text: {m['description']}")
        out.append(f"- expected: {m['expected']} {', '.join(m['acceptable_codes'])}")
        out.append(f"- got: {m['got_status']} {m['got_code']} (confidence {m['confidence']})")
        out.append(f"- top candidates: {', '.join(m['candidates'])}")
        out.append("- reasons: " + " | ".join(m["reasons"]))
        out.append("")
    return "\n".join(out)


def arbitration_effect(predictions: list[Prediction], labels: list[str]) -> dict[str, int]:
    """How often the rules changed or qualified the model's reading, on texts with known labels:
    - the names in a text overruled the model's label (``Prediction.arbitrated_from``): how often that turned a
      wrong label right or a right one wrong;
    - sent to review because the text names other elements than its label's (``Prediction.other_elements``): in
      how many the label was right after all;
    - sent to review because the text names listed goods only as their use (``Prediction.uses``);
    - cleared as goods of an unlisted element (``Prediction.foreign_goods``), a compound the list does not name
      (``Prediction.unlisted_compounds``), goods that name a listed material only as a colour
      (``Prediction.colours``), an alloy in which the listed metal is under half (``Prediction.minor_constituent``),
      a finished article made with a listed material (``Prediction.articles``), an ore or a concentrate the list
      does not name (``Prediction.ores``), a symbol only as a unit (``Prediction.units``) or listed names the text
      only denies (``Prediction.denials``);
    - for these two, and the cleared ones: how many were labelled not listed;
    - controlled on the model's word alone, unsure and with nothing listed named (``Prediction.unbacked``, sent to
      review): how many were labelled not listed and how many had the right label;
    - cleared because they named nothing listed, nor anything like a listed name (``Prediction.unnamed``): how many
      were labelled not listed;
    - read again as written right (``Prediction.respelled``): how many were labelled not listed and how many got
      the right label."""
    changed = [(p, y) for p, y in zip(predictions, labels, strict=True) if p.arbitrated_from]
    other = [(p, y) for p, y in zip(predictions, labels, strict=True) if p.other_elements]
    uses = [y for p, y in zip(predictions, labels, strict=True) if p.uses]
    foreign = [(p, y) for p, y in zip(predictions, labels, strict=True) if p.foreign_goods]
    compounds = [y for p, y in zip(predictions, labels, strict=True) if p.unlisted_compounds]
    colours = [y for p, y in zip(predictions, labels, strict=True) if p.colours]
    minor = [y for p, y in zip(predictions, labels, strict=True) if p.minor_constituent]
    articles = [y for p, y in zip(predictions, labels, strict=True) if p.articles]
    ores = [y for p, y in zip(predictions, labels, strict=True) if p.ores]
    units = [y for p, y in zip(predictions, labels, strict=True) if p.units]
    denials = [y for p, y in zip(predictions, labels, strict=True) if p.denials]
    unbacked = [(p, y) for p, y in zip(predictions, labels, strict=True) if p.unbacked]
    unnamed = [y for p, y in zip(predictions, labels, strict=True) if p.unnamed]
    respelled = [(p, y) for p, y in zip(predictions, labels, strict=True) if p.respelled]
    return {
        "rows": len(predictions),
        "changed": len(changed),
        "wrong_to_right": sum(p.label == y for p, y in changed),
        "right_to_wrong": sum(p.arbitrated_from == y for p, y in changed),
        # sent to review: the text names other elements than the label's (Arbiter.other_elements)
        "other_elements": len(other),
        "other_elements_label_right": sum(p.label == y for p, y in other),
        # sent to review: listed names only in the goods' use (Arbiter.listed_only_as_use)
        "uses": len(uses),
        "uses_not_listed": sum(y == NOT_LISTED for y in uses),
        # cleared: the goods are those of an element that is not listed (Arbiter.foreign_goods)
        "foreign_goods": len(foreign),
        "foreign_goods_not_listed": sum(y == NOT_LISTED for _, y in foreign),
        # cleared: a compound of a listed element that the list does not name (Arbiter.unlisted_compounds)
        "unlisted_compounds": len(compounds),
        "unlisted_compounds_not_listed": sum(y == NOT_LISTED for y in compounds),
        # cleared: a listed name used only as a colour (Arbiter.colour_only)
        "colours": len(colours),
        "colours_not_listed": sum(y == NOT_LISTED for y in colours),
        # cleared: the listed metal is under half of an alloy (Arbiter.minor_constituent)
        "minor_constituent": len(minor),
        "minor_constituent_not_listed": sum(y == NOT_LISTED for y in minor),
        # cleared: a finished article made with a listed material (Arbiter.finished_article)
        "articles": len(articles),
        "articles_not_listed": sum(y == NOT_LISTED for y in articles),
        # cleared: an ore or a concentrate whose element's ores the list does not name (Arbiter.unlisted_ores)
        "ores": len(ores),
        "ores_not_listed": sum(y == NOT_LISTED for y in ores),
        # cleared: the element's symbol only as a unit after a number, nothing listed named (Arbiter.symbol_units)
        "units": len(units),
        "units_not_listed": sum(y == NOT_LISTED for y in units),
        # cleared: listed names only denied, nothing listed named otherwise (Arbiter.denied_only)
        "denials": len(denials),
        "denials_not_listed": sum(y == NOT_LISTED for y in denials),
        # sent to review: nothing listed named, and the model unsure of its controlled label
        "unbacked": len(unbacked),
        "unbacked_not_listed": sum(y == NOT_LISTED for _, y in unbacked),
        "unbacked_label_right": sum(p.label == y for p, y in unbacked),
        # cleared: nothing listed named nor near-named, and the model unsure of its label (service.near_names)
        "unnamed": len(unnamed),
        "unnamed_not_listed": sum(y == NOT_LISTED for y in unnamed),
        # read again: a misspelt listed name spelled right (service.spelling)
        "respelled": len(respelled),
        "respelled_not_listed": sum(y == NOT_LISTED for _, y in respelled),
        "respelled_label_right": sum(p.label == y for p, y in respelled),
    }


def heldout_verdicts(predictions: list[Prediction], labels: list[str]) -> dict[str, int]:
    """Verdicts on texts with known labels: how many listed ones were flagged (controlled or review) and how
    many not-listed ones were cleared, the decision rules' whole effect on a labelled split."""
    listed = [p for p, y in zip(predictions, labels, strict=True) if y != NOT_LISTED]
    not_listed = [p for p, y in zip(predictions, labels, strict=True) if y == NOT_LISTED]
    return {
        "listed": len(listed),
        "listed_flagged": sum(p.status in FLAGGED for p in listed),
        "not_listed": len(not_listed),
        "not_listed_cleared": sum(p.status == "not_controlled" for p in not_listed),
    }


def label_figures(predicted: list[str], truth: list[str]) -> dict[str, float | int]:
    """The model label against the true one: top-1, controlled recall (any controlled label for a controlled
    row) and NOT_LISTED specificity."""
    pairs = list(zip(predicted, truth, strict=True))
    controlled = [p for p, y in pairs if y != NOT_LISTED]
    ordinary = [p for p, y in pairs if y == NOT_LISTED]
    return {
        "rows": len(pairs),
        "top1": _share(sum(p == y for p, y in pairs), len(pairs)),
        "controlled_recall": _share(sum(p != NOT_LISTED for p in controlled), len(controlled)),
        "not_listed_specificity": _share(sum(p == NOT_LISTED for p in ordinary), len(ordinary)),
    }


def _share(hits: int, n: int) -> float:
    return round(hits / n, 4) if n else 0.0


def heldout_by_style(predictions: list[Prediction], frame: pd.DataFrame) -> dict[str, dict[str, float | int]]:
    """``label_figures`` of the model's own label (its first candidate, before any rule but the respelling of a
    misspelt listed name, ``service.spelling``) on terse lines and on
    the other rows of a generated frame (its ``source`` says which: training/generate/text.py)."""
    from training.generate.text import is_terse

    predicted = [p.candidates[0].label for p in predictions]
    terse = [is_terse(s) for s in frame["source"]]
    out = {}
    for name, keep in (("terse", True), ("other", False)):
        rows = [i for i, t in enumerate(terse) if t == keep]
        out[name] = label_figures([predicted[i] for i in rows], [frame["label"].iloc[i] for i in rows])
    return out
