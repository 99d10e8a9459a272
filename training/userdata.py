"""Read and validate labelled data from ML engineers before any time is spent fitting.

Accepted: CSV, JSONL and Parquet with columns ``description`` and ``label`` (optional ``language``,
``source``). Every problem is reported with file, row number and value, and all problems are collected
before the run stops, so one pass fixes the file:
- records that are not rows of the table (a CSV line with more fields than the header, a JSONL line
  that is not a JSON object: ``service.tables``, which never reads a value from a shifted column);
- missing columns; empty or whitespace-only descriptions; labels that are neither a control-list code,
  a ``NOCODE:…`` item label nor ``NOT_LISTED``; the same description with conflicting labels.
Row numbers are as a person sees them: the line in a CSV (header = line 1), the line in a JSONL, the
1-based row in Parquet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from service.tables import CSV_SUFFIXES, JSONL_SUFFIXES, read_table
from service.text import normalize

REQUIRED = ("description", "label")
MAX_REPORTED = 50


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        shown = self.value if len(self.value) <= 80 else self.value[:77] + "..."
        return f"{self.file}: row {self.row}: {self.column} {shown!r}: {self.message}"


class DataError(ValueError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:MAX_REPORTED]]
        more = len(self.problems) - MAX_REPORTED
        if more > 0:
            lines.append(f"... and {more} more problem(s)")
        super().__init__(f"{len(self.problems)} problem(s) in training data:\n" + "\n".join(lines))


def _read(path: Path) -> tuple[pd.DataFrame, list[int], dict[int, str]]:
    """Frame, the row number a person sees for each row, and what is wrong with malformed records."""
    if path.suffix.lower() == ".parquet":
        frame = pd.read_parquet(path)
        return frame, list(range(1, len(frame) + 1)), {}
    if path.suffix.lower() not in (*CSV_SUFFIXES, *JSONL_SUFFIXES):
        raise ValueError(f"{path}: unsupported format {path.suffix.lower()!r}; use .csv, .jsonl or .parquet")
    table = read_table(path)  # strict: pandas would read a row with an extra comma from the wrong columns
    return pd.DataFrame(table.columns, dtype=object), table.lines, table.faults


def read_labelled(path: Path, is_label: Callable[[str], bool]) -> pd.DataFrame:
    """Return ``description, label, language, source`` or raise ``DataError`` listing every problem."""
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    try:
        frame, rows, faults = _read(path)
    except ValueError:
        raise
    except Exception as exc:  # pandas raises many parser types; the user needs the file and the reason
        raise ValueError(f"{path}: cannot be read: {exc}") from exc
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        found = ", ".join(map(str, frame.columns)) or "none"
        raise DataError([Problem(path.name, 1, c, "", f"column missing (found: {found})") for c in missing])

    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}
    for i, (description, label) in enumerate(zip(frame["description"], frame["label"], strict=True)):
        row = rows[i]
        if i in faults:
            shown = "" if description is None else str(description)
            problems.append(Problem(path.name, row, "record", shown, faults[i]))
            continue
        text = (
            "" if description is None or (isinstance(description, float) and pd.isna(description)) else str(description)
        )
        label_text = "" if label is None or (isinstance(label, float) and pd.isna(label)) else str(label).strip()
        if not text.strip():
            problems.append(Problem(path.name, row, "description", text, "is empty"))
            continue
        if not is_label(label_text):
            problems.append(
                Problem(
                    path.name,
                    row,
                    "label",
                    label_text,
                    "is not a control-list code, NOCODE:… label or NOT_LISTED",
                )
            )
            continue
        key = normalize(text)
        if key in seen and seen[key][0] != label_text:
            first_label, first_row = seen[key]
            problems.append(
                Problem(
                    path.name,
                    row,
                    "label",
                    label_text,
                    f"conflicts with row {first_row} ({first_label}) for the same description",
                )
            )
        seen.setdefault(key, (label_text, row))
    if problems:
        raise DataError(problems)

    out = pd.DataFrame(
        {
            "description": frame["description"].astype(str),
            "label": frame["label"].astype(str).str.strip(),
            "language": frame["language"].astype(str) if "language" in frame.columns else "unknown",
            "source": frame["source"].astype(str) if "source" in frame.columns else f"user:{path.name}",
        }
    )
    return out.drop_duplicates(subset=["description", "label"]).reset_index(drop=True)
