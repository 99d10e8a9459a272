import json
from pathlib import Path

import pandas as pd
import pytest

from service.controls import load_controls
from training.userdata import DataError, read_labelled

CONTROLS = load_controls()


def test_reads_valid_csv_and_keeps_optional_columns(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    pd.DataFrame(
        {"description": ["Gallium oxide 5N", "cotton shirts"], "label": ["2825909001", "NOT_LISTED"], "language": "en"}
    ).to_csv(path, index=False)
    frame = read_labelled(path, CONTROLS.is_label)
    assert list(frame["label"]) == ["2825909001", "NOT_LISTED"]
    assert set(frame["source"]) == {"user:mine.csv"}


def test_reports_every_bad_row_with_file_row_and_value(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "description,label\n"
        "Gallium oxide 5N,2825909001\n"  # line 2 ok
        "   ,NOT_LISTED\n"  # line 3 empty
        "germanium ingot,1234567890\n"  # line 4 unknown code
        "gallium oxide 5n,NOT_LISTED\n",  # line 5 conflicts with line 2 (same text after normalisation)
        encoding="utf-8",
    )
    with pytest.raises(DataError) as info:
        read_labelled(path, CONTROLS.is_label)
    message = str(info.value)
    assert "3 problem(s)" in message
    assert "bad.csv: row 3: description '   ': is empty" in message
    assert "bad.csv: row 4: label '1234567890': is not a control-list code" in message
    assert "bad.csv: row 5: label 'NOT_LISTED': conflicts with row 2 (2825909001)" in message


def test_missing_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "cols.csv"
    path.write_text("text,label\nabc,NOT_LISTED\n", encoding="utf-8")
    with pytest.raises(DataError, match="description '': column missing"):
        read_labelled(path, CONTROLS.is_label)


def test_jsonl_rows_are_numbered_by_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    rows = [{"description": "Terbium oxide Tb4O7", "label": "2846901600"}, {"description": "", "label": "NOT_LISTED"}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    with pytest.raises(DataError, match=r"x.jsonl: row 2: description"):
        read_labelled(path, CONTROLS.is_label)


def test_parquet_and_nocode_labels(tmp_path: Path) -> None:
    path = tmp_path / "x.parquet"
    pd.DataFrame({"description": ["SmCo magnets Sm2Co17"], "label": ["NOCODE:smco-magnets"]}).to_parquet(path)
    assert list(read_labelled(path, CONTROLS.is_label)["label"]) == ["NOCODE:smco-magnets"]


def test_unsupported_format(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"nope")
    with pytest.raises(ValueError, match="unsupported format"):
        read_labelled(path, CONTROLS.is_label)


def test_blank_line_is_reported_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "gap.csv"
    path.write_text("description,label\nGa2O3 5N,2825909001\n   \ncotton shirt,NOT_LISTED\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"gap.csv: row 3: description"):
        read_labelled(path, CONTROLS.is_label)


def test_a_row_with_an_unquoted_comma_is_reported_not_trained_on_from_the_wrong_column(tmp_path: Path) -> None:
    # pandas.read_csv read such a file with the first column as the index: " 5N" as the description, silently.
    path = tmp_path / "commas.csv"
    path.write_text("description,label\nGallium oxide, 5N,2825909001\ncotton shirt,NOT_LISTED\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_labelled(path, CONTROLS.is_label)
    assert "1 problem(s)" in str(info.value)
    assert "commas.csv: row 2: record 'Gallium oxide': has 3 fields where the header has 2" in str(info.value)
