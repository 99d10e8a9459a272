"""Batch classification of files for the CLI: CSV/JSONL in, CSV/JSONL out, one output row per input row.

The output columns are the page's CSV export too (``BATCH_COLUMNS``), so brokers and batch users get one
format.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

import orjson
import pandas as pd

from service.api.convert import Render
from service.api.helper import BatchHelper, classify_shared
from service.api.parts import Batch
from service.api.state import ClassifierHolder
from service.classifier import Classifier
from service.config import Settings, tune_collector
from service.controls import ControlIndex
from service.prediction import Prediction
from service.tables import CSV_SUFFIXES, JSONL_SUFFIXES, as_text, kind_of, read_table

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
    # after it, for the same reason: announcements outside the control list that name the goods (service.notices)
    "notices",
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


@dataclass(frozen=True)
class Rows:
    """The input rows: id, description and file line of each, and what makes a row unclassifiable."""

    ids: list[str]
    texts: list[str]
    lines: list[int]
    faults: dict[int, str]  # row position -> "description is empty", "has 3 fields where the header has 2 …"


def _read(path: Path, column: str, settings: Settings, encoding: str) -> Rows:
    table = read_table(path, encoding)
    if column not in table.columns:
        found = ", ".join(map(repr, table.columns)) or "none"
        raise ValueError(f"{path}: no column {column!r} (found: {found})")
    faults = dict(table.faults)
    texts: list[str] = []
    for i, value in enumerate(table.columns[column]):
        text = as_text(value)
        texts.append(str(value) if text is None else text)
        if i in faults:
            continue
        fault = f"is not text (found {kind_of(value)})" if text is None else settings.description_fault(text)
        if fault is not None:
            faults[i] = f"{column} {fault}"
    ids = table.texts("id") if "id" in table.columns else [str(i) for i in range(len(table))]
    return Rows(ids, texts, table.lines, faults)


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
        "notices": " | ".join(p.notices),
    }


def error_row(item_id: str, description: str, message: str) -> dict[str, object]:
    """The output row of an input row that cannot be classified (``--invalid-rows report``)."""
    row: dict[str, object] = dict.fromkeys(BATCH_COLUMNS, "")
    row.update(id=item_id, description=description, status="error", reasons=message)
    return row


def _row(item_id: str, p: Prediction, controls: ControlIndex) -> dict[str, object]:
    """A prediction's output row without its description, which the process that read the file fills in: how the
    batch helper (``service.api.helper``) renders a row."""
    return prediction_row(item_id, "", p)


ROW_RENDERS: dict[str, Render] = {"row": _row}


def _output_rows(
    rows: Rows,
    problems: dict[int, str],
    classifier: Classifier,
    helper: BatchHelper | None,
    destination: str | None,
    as_of: date | None,
    top_k: int,
) -> Iterator[dict[str, object]]:
    """One output row per input row, in order: classified, or an error row for the rows in ``problems``."""
    ids, texts = rows.ids, rows.texts
    day = as_of or date.today()
    for start in range(0, len(texts), CHUNK):
        part = range(start, min(start + CHUNK, len(texts)))
        valid = [i for i in part if i not in problems]
        batch = Batch([ids[i] for i in valid], [texts[i] for i in valid], top_k, destination, day, "row")
        answers = iter(classify_shared(classifier, batch, helper, ROW_RENDERS))
        for i in part:
            if i in problems:
                yield error_row(ids[i], texts[i], problems[i])
                continue
            row = orjson.loads(next(answers)[1])
            row["description"] = texts[i]
            yield row


def classify_file(
    settings: Settings,
    input_file: Path,
    output_file: Path,
    column: str = "description",
    destination: str | None = None,
    as_of: date | None = None,
    top_k: int = 3,
    invalid_rows: str = "reject",
    encoding: str = "utf-8",
) -> int:
    """Classify ``input_file`` into ``output_file``; the number of rows written (one per input row).

    A row that cannot be classified (no description, one that is not text or is longer than the API accepts,
    ``settings.max_description_chars``; a CSV record with more fields than the header, a JSONL line that
    is not a JSON object) stops the run naming every such row by its file line (``invalid_rows="reject"``), or
    gets an output row with status ``error`` and the reason while the others are classified (``"report"``). A
    file that cannot be read as a table (not UTF-8, broken quoting), an output format other than CSV, TSV or
    JSONL and a missing output folder stop the run before any work, naming the file and line."""
    if invalid_rows not in ("reject", "report"):
        raise ValueError(f"invalid rows {invalid_rows!r}: use 'reject' or 'report'")
    if destination is not None and (len(destination) != 2 or not destination.isalpha()):
        raise ValueError(f"destination {destination!r} is not an ISO 3166-1 alpha-2 code")
    writer = _writer(output_file)
    rows = _read(input_file, column, settings, encoding)
    if rows.faults and invalid_rows == "reject":
        by_fault: dict[str, list[int]] = {}
        for i, fault in rows.faults.items():
            by_fault.setdefault(fault, []).append(rows.lines[i])
        listed = "; ".join(
            "row(s) " + ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "") + f": {fault}"
            for fault, lines in by_fault.items()
        )
        raise ValueError(f"{input_file}: {listed}")
    problems = {i: f"row {rows.lines[i]}: {fault}" for i, fault in rows.faults.items()}
    holder = ClassifierHolder(settings)
    holder.load()
    tune_collector(settings)  # a large file fills the classifier's cache: service/config.py
    helper = (
        BatchHelper(holder, settings.batch_helper_timeout_s, ROW_RENDERS, settings.helper_replace_s)
        if settings.batch_helper
        else None
    )
    if helper is not None:
        helper.start()  # this process runs no thread yet
    try:
        if helper is not None:
            helper.wait_ready(2.0)  # a file's first chunk is ready at once: shared if the helper is by then
        out = list(
            _output_rows(
                rows, problems, holder.classifier, helper, destination.upper() if destination else None, as_of, top_k
            )
        )
    finally:
        if helper is not None:
            helper.close()
    try:
        writer(output_file, out)
    except OSError as exc:
        raise ValueError(f"{output_file}: cannot be written ({exc.strerror})") from exc
    return len(out)


def _writer(path: Path) -> Callable[[Path, list[dict[str, object]]], None]:
    """How ``path`` is written, by its suffix; refused before any work when the format or the folder is wrong."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        write = _write_jsonl
    elif suffix in CSV_SUFFIXES:
        sep = CSV_SUFFIXES[suffix]
        write = partial(_write_csv, sep=sep)
    else:
        raise ValueError(f"{path}: unsupported output format {suffix!r}; use .csv, .tsv or .jsonl")
    if not path.parent.is_dir():
        raise ValueError(f"{path}: no such folder {str(path.parent)!r}")
    return write


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _write_csv(path: Path, rows: list[dict[str, object]], sep: str) -> None:
    safe = [{k: spreadsheet_safe(v) for k, v in row.items()} for row in rows]
    pd.DataFrame(safe, columns=BATCH_COLUMNS).to_csv(path, index=False, sep=sep)
