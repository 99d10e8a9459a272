"""Batch classification of files for the CLI: CSV/JSONL in, CSV/JSONL out, one output row per input row.

The output columns are the page's CSV export too (``BATCH_COLUMNS``), so brokers and batch users get one
format.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd

from service.api.state import ClassifierHolder
from service.config import Settings, tune_collector
from service.prediction import Prediction

BATCH_COLUMNS = [
    "id",
    "description",
    "status",
    "hs_code",
    "item",
    "confidence",
    "group",
    "control_code",
    "measure",
    "announcement",
    "candidates",
    "reasons",
    # last, so that readers of the earlier columns by position are not broken: "model", or "text" when the
    # words of the text chose the answer over the model's first reading (the API's ItemResult.decided_by)
    "decided_by",
]
CHUNK = 512
# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)", "@SUM(...)"; a tab or
# carriage return can hide one): text from a supplier must not become a formula on a broker's machine (OWASP
# "CSV injection"). Such a cell starts with an apostrophe in CSV output (the page's export does the same);
# JSONL keeps every value as it was.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """``value`` as a spreadsheet cell that cannot run as a formula."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _read(path: Path, column: str) -> tuple[pd.DataFrame, int]:
    """The rows as (id, description), and the file line of the first row (for messages)."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        frame = pd.read_json(path, lines=True, dtype=False)
        offset = 1
    elif suffix in (".csv", ".txt", ".tsv"):
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, skip_blank_lines=False, sep="\t" if suffix == ".tsv" else ","
        )
        offset = 2
    else:
        raise ValueError(f"{path}: unsupported format {suffix!r}; use .csv or .jsonl")
    if column not in frame.columns:
        raise ValueError(f"{path}: no column {column!r} (found: {', '.join(map(str, frame.columns))})")
    texts = frame[column].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    ids = frame["id"].astype(str) if "id" in frame.columns else pd.Series([str(i) for i in range(len(frame))])
    return pd.DataFrame({"id": ids, "description": texts}), offset


def prediction_row(item_id: str, description: str, p: Prediction) -> dict[str, object]:
    first = p.matches[0] if p.matches else None
    return {
        "id": item_id,
        "description": description,
        "status": p.status,
        "hs_code": p.hs_code or "",
        "item": "; ".join(dict.fromkeys(m.entry.item_en for m in p.matches)),
        "confidence": round(p.confidence, 4),
        "group": "; ".join(dict.fromkeys(m.entry.group for m in p.matches)),
        "control_code": "; ".join(dict.fromkeys(m.entry.control_code or "" for m in p.matches)).strip("; "),
        "measure": first.measure if first else "",
        "announcement": first.entry.announcement if first else "",
        "candidates": "; ".join(f"{c.label} {c.probability:.3f}" for c in p.candidates),
        "reasons": " | ".join(p.reasons),
        "decided_by": p.decided_by,
    }


def error_row(item_id: str, description: str, message: str) -> dict[str, object]:
    """The output row of an input row that cannot be classified (``--invalid-rows report``)."""
    row: dict[str, object] = dict.fromkeys(BATCH_COLUMNS, "")
    row.update(id=item_id, description=description, status="error", reasons=message)
    return row


def _rows(
    frame: pd.DataFrame,
    problems: dict[int, str],
    holder: ClassifierHolder,
    destination: str | None,
    as_of: date | None,
    top_k: int,
) -> Iterator[dict[str, object]]:
    """One output row per input row, in order: classified, or an error row for the rows in ``problems``."""
    classifier = holder.classifier
    ids, texts = [str(v) for v in frame["id"]], [str(v) for v in frame["description"]]
    for start in range(0, len(texts), CHUNK):
        part = range(start, min(start + CHUNK, len(texts)))
        preds = iter(classifier.predict([texts[i] for i in part if i not in problems], top_k, destination, as_of))
        for i in part:
            yield (
                error_row(ids[i], texts[i], problems[i])
                if i in problems
                else prediction_row(ids[i], texts[i], next(preds))
            )


def classify_file(
    settings: Settings,
    input_file: Path,
    output_file: Path,
    column: str = "description",
    destination: str | None = None,
    as_of: date | None = None,
    top_k: int = 3,
    invalid_rows: str = "reject",
) -> int:
    """Classify ``input_file`` into ``output_file``; the number of rows written (one per input row).

    A row without a description, or with one longer than the API accepts (``settings.max_description_chars``),
    stops the run naming every such row (``invalid_rows="reject"``), or gets an output row with status
    ``error`` and the reason while the others are classified (``"report"``)."""
    if invalid_rows not in ("reject", "report"):
        raise ValueError(f"invalid rows {invalid_rows!r}: use 'reject' or 'report'")
    if destination is not None and (len(destination) != 2 or not destination.isalpha()):
        raise ValueError(f"destination {destination!r} is not an ISO 3166-1 alpha-2 code")
    if not input_file.is_file():
        raise ValueError(f"{input_file}: no such file")
    frame, offset = _read(input_file, column)
    faults: dict[int, str] = {}
    for i, text in enumerate(frame["description"]):
        if (fault := settings.description_fault(text)) is not None:
            faults[i] = fault
    if faults and invalid_rows == "reject":
        by_fault: dict[str, list[int]] = {}
        for i, fault in faults.items():
            by_fault.setdefault(fault, []).append(i + offset)
        listed = "; ".join(
            "row(s) " + ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "") + f": {column} {fault}"
            for fault, lines in by_fault.items()
        )
        raise ValueError(f"{input_file}: {listed}")
    problems = {i: f"row {i + offset}: {column} {fault}" for i, fault in faults.items()}
    holder = ClassifierHolder(settings)
    holder.load()
    tune_collector(settings)  # a large file fills the classifier's cache: service/config.py
    rows = list(_rows(frame, problems, holder, destination.upper() if destination else None, as_of, top_k))
    if output_file.suffix.lower() in (".jsonl", ".ndjson"):
        with output_file.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        safe = [{k: spreadsheet_safe(v) for k, v in row.items()} for row in rows]
        pd.DataFrame(safe, columns=BATCH_COLUMNS).to_csv(output_file, index=False)
    return len(rows)
