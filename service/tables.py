"""Rows of a CSV, TSV or JSONL file, read strictly: each record keeps the file line it starts on, a malformed
record (more fields than the header, a JSONL line that is no JSON object) is marked with what is wrong with it,
and a file that cannot be read as a table is refused naming its line. Nothing is read another way than it is
written.

Why not ``pandas.read_csv``: given a first data row with one field more than the header, it takes the first
column for the index and reads every value from the column to its right, silently: under a one-column header,
the line ``W bar 99.95%, 10 kg`` was read as the description " 10 kg", and the CLI then failed with a traceback
on the misaligned rows. With ``index_col=False`` it drops the extra field instead, with only a warning. Line
numbers are also the person's: a quoted value over several lines moves every later row's line, which
``pandas`` does not count.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import orjson

CSV_SUFFIXES = {".csv": ",", ".txt": ",", ".tsv": "\t"}
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# The csv module refuses a field over 128 KiB with an error that would stop the whole file; a description that
# long is refused by row instead (``Settings.description_fault``), so the reader lets it through.
_FIELD_LIMIT = 1 << 30


@dataclass
class Table:
    """The records of one file, column by column.

    ``columns``: every column, one value per record (CSV: text, ``""`` where a record has no such field; JSONL:
    the JSON value, ``None`` where a record lacks the key). ``lines``: the file line each record starts on (the
    header is line 1). ``faults``: record position -> what is wrong with the record itself, said of the record
    ("has 3 fields where the header has 2 …")."""

    columns: dict[str, list[object]]
    lines: list[int] = field(default_factory=list)
    faults: dict[int, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.lines)

    def texts(self, name: str) -> list[str]:
        """Column ``name`` as text: ``""`` for an absent value, ``str()`` of any other."""
        return ["" if v is None else str(v) for v in self.columns[name]]


def read_table(path: Path, encoding: str = "utf-8") -> Table:
    """The records of ``path`` by its suffix (.csv/.txt comma-separated, .tsv tab-separated, .jsonl/.ndjson);
    ``ValueError`` naming the file, and the line where there is one, when it cannot be read as a table.
    ``encoding``: the file's text encoding (Excel on Chinese Windows saves CSV as GBK: ``gb18030`` reads it)."""
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise ValueError(f"encoding {encoding!r} is not one Python knows (e.g. utf-8, gb18030, cp1252)") from exc
    if path.is_dir():
        raise ValueError(f"{path}: is a folder, not a file")
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES and suffix not in JSONL_SUFFIXES:
        raise ValueError(f"{path}: unsupported format {suffix!r}; use .csv, .tsv or .jsonl")
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"{path}: cannot be read ({exc.strerror})") from exc
    text = _decode(path, raw, encoding)
    return _read_jsonl(text) if suffix in JSONL_SUFFIXES else _read_csv(path, text, CSV_SUFFIXES[suffix])


def _decode(path: Path, raw: bytes, encoding: str) -> str:
    utf8 = codecs.lookup(encoding).name == "utf-8"
    try:
        # a byte-order mark, as spreadsheet programs write, is not part of the header
        return raw.decode("utf-8-sig" if utf8 else encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        advice = (
            "save the file as UTF-8 (hscc classify also reads other encodings: --encoding gb18030)"
            if utf8
            else "check the encoding"
        )
        raise ValueError(f"{path}: line {line} is not {encoding} text (byte 0x{raw[exc.start]:02x}); {advice}") from exc


def _read_csv(path: Path, text: str, sep: str) -> Table:
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    # strict: an unclosed quote or text after a closing quote is an error naming the line, not rows run together
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise ValueError(f"{path}: the file is empty; expected a header line naming the columns")
        seen: set[str] = set()
        for name in header:
            if name in seen:
                raise ValueError(f"{path}: line 1: column {name!r} appears more than once")
            seen.add(name)
        table = Table({name: [] for name in header})
        values = list(table.columns.values())
        end = reader.line_num
        for record in reader:
            start, end = end + 1, reader.line_num
            # More fields than the header's: a value holds the separator unquoted, and which field is which cannot
            # be told. Empty fields past the header's (a trailing separator) lose nothing, nor do missing fields at
            # the end of a record (its last values are empty, as csv.DictReader reads them; a description missing
            # so is reported as empty).
            if len(record) > len(header) and any(value.strip() for value in record[len(header) :]):
                table.faults[len(table.lines)] = (
                    f"has {len(record)} fields where the header has {len(header)} (a value that holds "
                    f"{_SEPARATOR_NAMES[sep]} must be in double quotes)"
                )
            table.lines.append(start)
            for k, column in enumerate(values):
                column.append(record[k] if k < len(record) else "")
    except csv.Error as exc:
        raise ValueError(f"{path}: line {end + 1}: {exc} (check the quoting)") from exc
    return table


_SEPARATOR_NAMES = {",": "a comma", "\t": "a tab"}


def _read_jsonl(text: str) -> Table:
    table = Table({})
    records: list[dict[str, object]] = []
    for line, raw in enumerate(text.split("\n"), 1):
        if not raw.strip():
            continue  # a blank line is no record: nothing is lost
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            table.faults[len(records)] = f"is not valid JSON ({exc})"
            value = {}
        if not isinstance(value, dict):
            table.faults[len(records)] = f"is not a JSON object (found {kind_of(value)})"
            value = {}
        records.append(value)
        table.lines.append(line)
        for key in value:
            table.columns.setdefault(key, [])
    for name, column in table.columns.items():
        column.extend(record.get(name) for record in records)
    return table


def kind_of(value: object) -> str:
    """What a JSON value is, for a message: "an array", "a number", "null" …"""
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool) or value is None:
        return orjson.dumps(value).decode()
    return "a number"


def as_text(value: object) -> str | None:
    """A cell as text: ``""`` for an absent value, the text itself, or ``None`` when the value is not text (a JSON
    number, object or array; the caller says so rather than classify its ``str()``)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else None
