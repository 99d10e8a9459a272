"""service.tables: files read as they are written, every record with its file line, malformed ones marked."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.tables import as_text, kind_of, read_table


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_a_record_with_an_extra_field_is_marked_not_read_from_other_columns(tmp_path: Path) -> None:
    # pandas.read_csv took the first column of such a file for the index and read " 10 kg" as the description
    path = _write(tmp_path, "in.csv", "description\nW bar 99.95%, 10 kg\nfoo\n")
    table = read_table(path)
    assert table.columns == {"description": ["W bar 99.95%", "foo"]}
    assert table.lines == [2, 3]
    assert table.faults == {
        0: "has 2 fields where the header has 1 (a value that holds a comma must be in double quotes)"
    }


def test_empty_fields_past_the_headers_lose_nothing_and_are_no_fault(tmp_path: Path) -> None:
    table = read_table(_write(tmp_path, "in.csv", "id,description\na,gallium oxide,\nb,indium, ,\n"))
    assert table.columns == {"id": ["a", "b"], "description": ["gallium oxide", "indium"]}
    assert not table.faults


def test_a_record_with_too_few_fields_has_empty_last_values_and_no_fault(tmp_path: Path) -> None:
    table = read_table(_write(tmp_path, "in.csv", "id,description,qty\na,gallium oxide\nb\n"))
    assert table.columns == {"id": ["a", "b"], "description": ["gallium oxide", ""], "qty": ["", ""]}
    assert not table.faults


def test_lines_are_the_files_even_after_a_quoted_value_over_several_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, "in.csv", 'id,description\na,"gallium\noxide"\nb,"say ""5N"""\nc,indium\n')
    table = read_table(path)
    assert table.columns["description"] == ["gallium\noxide", 'say "5N"', "indium"]
    assert table.lines == [2, 4, 5] and not table.faults


def test_blank_and_whitespace_lines_are_records_of_empty_values(tmp_path: Path) -> None:
    table = read_table(_write(tmp_path, "in.csv", "id,description\na,x\n\n   \nb,y\n"))
    assert table.columns["description"] == ["x", "", "", "y"]
    assert table.columns["id"] == ["a", "", "   ", "b"]
    assert table.lines == [2, 3, 4, 5] and not table.faults


def test_tab_separated_and_a_byte_order_mark(tmp_path: Path) -> None:
    path = _write(tmp_path, "in.tsv", "\ufeffdescription\tqty\nGa2O3, 5N\t3\nx\t1\t2\n")
    table = read_table(path)
    assert table.columns == {"description": ["Ga2O3, 5N", "x"], "qty": ["3", "1"]}
    assert table.faults == {
        1: "has 3 fields where the header has 2 (a value that holds a tab must be in double quotes)"
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("in.csv", b"description\ngallium \xe9 oxide\n", r"in.csv: line 2 is not utf-8 text \(byte 0xe9\); save"),
        ("in.csv", 'description\nok\n"gallium oxide\nfoo\n', r"in.csv: line 3: unexpected end of data"),
        ("in.csv", 'description\n"x"y\n', r"in.csv: line 2: .* expected after"),
        ("in.csv", "description,description\na,b\n", r"line 1: column 'description' appears more than once"),
        ("in.csv", "", r"in.csv: the file is empty"),
        ("in.xlsx", "description\n", r"unsupported format '.xlsx'"),
    ],
)
def test_a_file_that_is_no_table_is_refused_naming_the_file_and_line(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        read_table(_write(tmp_path, name, content))


def test_a_file_in_another_encoding_is_read_when_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "in.csv", "description\n氧化镓 5N\n".encode("gb18030"))
    with pytest.raises(
        ValueError,
        match=r"line 2 is not utf-8 text .*save the file as UTF-8 \(hscc classify also reads other encodings: "
        r"--encoding gb18030\)",
    ):
        read_table(path)
    assert read_table(path, "gb18030").columns == {"description": ["氧化镓 5N"]}
    assert read_table(path, "GB18030").columns == {"description": ["氧化镓 5N"]}
    with pytest.raises(ValueError, match="encoding 'klingon' is not one Python knows"):
        read_table(path, "klingon")


def test_a_missing_file_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no such file"):
        read_table(tmp_path / "absent.csv")
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(ValueError, match="is a folder"):
        read_table(tmp_path / "dir.csv")


def test_a_value_longer_than_the_csv_modules_default_limit_is_read(tmp_path: Path) -> None:
    long = "gallium " * 20_000  # 160,000 characters; the csv module refuses fields over 131,072 by default
    assert read_table(_write(tmp_path, "in.csv", f"description\n{long}\n")).columns["description"] == [long]


def test_jsonl_records_keep_their_lines_and_bad_lines_are_marked(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "in.jsonl",
        '{"id": 1, "description": "gallium"}\n\n{"description": "ger\n["indium"]\n{"other": 2}\n',
    )
    table = read_table(path)
    assert table.lines == [1, 3, 4, 5]
    assert table.columns == {
        "id": [1, None, None, None],
        "description": ["gallium", None, None, None],
        "other": [None, None, None, 2],
    }
    assert table.faults[1].startswith("is not valid JSON (")
    assert table.faults[2] == "is not a JSON object (found an array)"
    assert set(table.faults) == {1, 2}


def test_values_as_text() -> None:
    assert as_text(None) == "" and as_text("x") == "x"
    assert as_text(5) is None and as_text({"a": 1}) is None and as_text(["a"]) is None
    assert [kind_of(v) for v in (5, 1.5, "s", [1], {"a": 1}, None, True)] == [
        "a number", "a number", "a string", "an array", "an object", "null", "true"
    ]  # fmt: skip
