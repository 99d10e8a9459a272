"""`hscc classify`: a file in, one output row per input row, or an error naming the row."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from service.batch import BATCH_COLUMNS, classify_file
from service.config import Settings
from tests.conftest import MODELS, REPO


def test_csv_in_csv_out_keeps_every_row_in_order(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    texts = ["Gallium oxide 99.999% powder", "men's cotton t-shirt", "氧化镓 5N 粉末", "men's cotton t-shirt"]
    pd.DataFrame({"id": ["a", "b", "c", "d"], "description": texts}).to_csv(source, index=False)
    out = tmp_path / "out.csv"
    assert classify_file(Settings(model_dir=MODELS), source, out, destination="US") == 4
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame.columns) == BATCH_COLUMNS
    assert list(frame["id"]) == ["a", "b", "c", "d"] and list(frame["description"]) == texts
    assert list(frame["status"]) == ["controlled", "not_controlled", "controlled", "not_controlled"]
    # the item's code choice (bulk / wafer / scrap) is tested in test_classifier.py; here: the row's content
    assert frame.loc[0, "hs_code"] in {"2825909001", "3818009002", "3825690002"}
    assert frame.loc[0, "announcement"] == "mofcom-2023-23"


def test_decided_by_says_whether_the_model_or_the_text_chose_each_row(tmp_path: Path) -> None:
    from service.api.state import ClassifierHolder

    texts = ["Copper sputtering target 99.99%", "Gallium oxide 99.999% powder", "", "GaAs wafer scrap", "frozen shrimp"]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"description": t}) + "\n" for t in texts), encoding="utf-8")
    settings = Settings(model_dir=MODELS)
    classify_file(settings, source, tmp_path / "out.csv", invalid_rows="report")
    frame = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    holder = ClassifierHolder(settings)
    holder.load()
    expected = [p.decided_by for p in holder.classifier.predict([t for t in texts if t])]
    assert list(frame["decided_by"]) == [*expected[:2], "", *expected[2:]]  # the error row has none
    assert set(expected) == {"model", "text"}  # both values occur among these lines


def test_csv_cells_cannot_run_as_spreadsheet_formulas(tmp_path: Path) -> None:
    hostile = ['=HYPERLINK("http://example.invalid","gallium")', "@SUM(1+1) germanium", "+1 tungsten ingot"]
    texts = [*hostile, "-325 mesh natural graphite powder", "\t=1+1 bismuth", "gallium = 99.99 %"]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": t, "description": t}) + "\n" for t in texts), encoding="utf-8")
    classify_file(Settings(model_dir=MODELS), source, tmp_path / "out.csv")
    frame = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert list(frame["description"]) == ["'" + t for t in texts[:-1]] + [texts[-1]]  # only a leading sign counts
    assert list(frame["id"]) == list(frame["description"])
    assert not any(str(v).startswith(("=", "+", "-", "@", "\t", "\r")) for v in frame.to_numpy().ravel())
    # JSONL is data, not a spreadsheet: values as they were
    classify_file(Settings(model_dir=MODELS), source, tmp_path / "out.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["description"] for r in rows] == texts


def test_jsonl_out(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"description": "ammonium paratungstate APT 88.5%"}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    classify_file(Settings(model_dir=MODELS), source, out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["hs_code"]) for r in rows] == [("0", "2841801000")]


def test_empty_description_names_the_row(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("description\nGeO2 5N\n   \nok\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"in.csv: row\(s\) 3: description is empty"):
        classify_file(Settings(model_dir=MODELS), source, tmp_path / "out.csv")


def test_cli_reports_bad_input_without_a_traceback(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text\nabc\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "service", "classify", str(source), str(tmp_path / "o.csv")],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "no column 'description'" in done.stderr and "Traceback" not in done.stderr


def test_report_mode_writes_an_error_row_for_each_empty_description(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    rows = "a,Gallium oxide 99.999% powder\nb,   \nc,men's cotton t-shirt\nd,\n"
    source.write_text("id,description\n" + rows, encoding="utf-8")
    out = tmp_path / "out.csv"
    assert classify_file(Settings(model_dir=MODELS), source, out, invalid_rows="report") == 4
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame["id"]) == ["a", "b", "c", "d"]
    assert list(frame["status"]) == ["controlled", "error", "not_controlled", "error"]
    assert list(frame["reasons"][[1, 3]]) == ["row 3: description is empty", "row 5: description is empty"]
    assert frame.loc[1, "hs_code"] == "" and frame.loc[0, "hs_code"] != ""
    with pytest.raises(ValueError, match=r"row\(s\) 3, 5: description is empty"):
        classify_file(Settings(model_dir=MODELS), source, tmp_path / "o2.csv")


def test_descriptions_longer_than_the_api_accepts_are_refused_by_row(tmp_path: Path) -> None:
    settings = Settings(model_dir=MODELS, max_description_chars=40)
    source = tmp_path / "in.csv"
    long = "gallium oxide powder " * 3  # 63 characters
    source.write_text(f"id,description\na,Gallium oxide 99.999% powder\nb,{long}\nc,\nd,{long}\n", encoding="utf-8")
    with pytest.raises(ValueError) as refused:
        classify_file(settings, source, tmp_path / "out.csv")
    assert str(refused.value).endswith(
        "row(s) 3, 5: description is longer than 40 characters; row(s) 4: description is empty"
    )
    out = tmp_path / "out.csv"
    assert classify_file(settings, source, out, invalid_rows="report") == 4
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame["status"]) == ["controlled", "error", "error", "error"]
    assert frame.loc[1, "reasons"] == "row 3: description is longer than 40 characters"
    assert frame.loc[2, "reasons"] == "row 4: description is empty"


def test_cli_report_mode_and_a_wrong_mode(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"description": "tellurium ingot 5N"}\n{"description": ""}\n', encoding="utf-8")
    run = [sys.executable, "-m", "service", "classify", str(source), str(tmp_path / "o.jsonl")]
    done = subprocess.run([*run, "--invalid-rows", "report"], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["status"] for r in rows] == ["controlled", "error"]
    assert rows[1]["reasons"] == "row 2: description is empty"  # the file's line
    wrong = subprocess.run([*run, "--invalid-rows", "skip"], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert wrong.returncode == 2 and "'reject' or 'report'" in wrong.stderr and "Traceback" not in wrong.stderr


def test_a_file_is_classified_at_the_settings_collector_threshold(tmp_path: Path) -> None:
    import gc

    source = tmp_path / "in.csv"
    source.write_text("description\ngallium oxide 5N powder\n", encoding="utf-8")
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        classify_file(Settings(model_dir=MODELS, gc_threshold=0), source, tmp_path / "a.csv")
        assert gc.get_threshold() == (700, 10, 10)
        classify_file(Settings(model_dir=MODELS, gc_threshold=23_456), source, tmp_path / "b.csv")
        assert gc.get_threshold() == (23_456, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_an_unquoted_comma_is_refused_by_row_not_read_from_another_column(tmp_path: Path) -> None:
    # With pandas.read_csv this file was read with " 10 kg" as the first description, then failed with a traceback.
    source = tmp_path / "in.csv"
    source.write_text("description\nW bar 99.95%, 10 kg\nmen's cotton t-shirt\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"in.csv: row\(s\) 2: has 2 fields where the header has 1 \(a value that"):
        classify_file(Settings(model_dir=MODELS), source, tmp_path / "out.csv")
    out = tmp_path / "out.csv"
    assert classify_file(Settings(model_dir=MODELS), source, out, invalid_rows="report") == 2
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame["description"]) == ["W bar 99.95%", "men's cotton t-shirt"]
    assert list(frame["status"]) == ["error", "not_controlled"]
    assert frame.loc[0, "reasons"].startswith("row 2: has 2 fields where the header has 1")


def test_jsonl_lines_that_are_not_objects_or_hold_no_text_get_rows_of_their_own(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"description": "tellurium ingot 5N"}\n\n{"description": 5}\n["indium"]\n{"description": "GaAs wafer\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert classify_file(Settings(model_dir=MODELS), source, out, invalid_rows="report") == 4
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["status"] for r in rows] == ["controlled", "error", "error", "error"]
    assert rows[1]["reasons"] == "row 3: description is not text (found a number)"  # the blank line 2 is no row
    assert rows[2]["reasons"] == "row 4: is not a JSON object (found an array)"
    assert rows[3]["reasons"].startswith("row 5: is not valid JSON (")


def test_the_output_is_checked_before_any_work_and_tsv_is_tab_separated(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("description\nGallium oxide 99.999% powder\n", encoding="utf-8")
    for out, message in [
        (tmp_path / "out.xlsx", "unsupported output format '.xlsx'"),
        (tmp_path / "absent" / "out.csv", "no such folder"),
    ]:
        with pytest.raises(ValueError, match=message):
            classify_file(Settings(model_dir=MODELS), source, out)
        assert not out.exists()
    tsv = tmp_path / "out.tsv"
    classify_file(Settings(model_dir=MODELS), source, tsv)
    assert tsv.read_text(encoding="utf-8").splitlines()[0] == "\t".join(BATCH_COLUMNS)


def test_cli_names_the_line_of_a_file_that_is_not_utf8_and_a_missing_output_folder(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(b"description\nGallium oxide\ngermanium \xe9 ingot\n")
    run = [sys.executable, "-m", "service", "classify", str(source)]
    done = subprocess.run([*run, str(tmp_path / "o.csv")], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "in.csv: line 3 is not utf-8 text (byte 0xe9); save the file as UTF-8" in done.stderr
    source.write_bytes("description\n氧化镓 5N 粉末\n".encode("gb18030"))
    done = subprocess.run(
        [*run, str(tmp_path / "o.jsonl"), "--encoding", "gb18030", "--as-of", "2026-11-22"],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    row = json.loads((tmp_path / "o.jsonl").read_text(encoding="utf-8"))
    assert (row["description"], row["status"]) == ("氧化镓 5N 粉末", "controlled")
    source.write_text("description\nGallium oxide\n", encoding="utf-8")
    missing = tmp_path / "absent" / "o.csv"
    done = subprocess.run([*run, str(missing)], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{missing}: no such folder" in done.stderr


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_file_shared_with_the_batch_helper_gives_the_rows_of_one_process(
    tmp_path: Path, suffix: str, helper_parts: list[list[str]]
) -> None:
    """Past one chunk of rows, with repeats, bad rows and formula-like cells: the same output file with the helper
    (``service.api.helper``, which claims part of each chunk's texts) and without it."""
    goods = [
        "Germanium dioxide GeO2 99.999%",
        '=HYPERLINK("x") gallium ingot 4N',
        "cotton towels 70x140 cm",
        "氧化铽 Tb4O7 99.99%",
        "tungsten carbide powder 1.0 um",
        "steel wire rope 12 mm",
    ]
    descriptions = [f"{goods[i % len(goods)]} lot {i % 300}" for i in range(620)]  # 300 texts, most twice
    descriptions[5] = descriptions[530] = ""
    pd.DataFrame({"id": [f"r{i}" for i in range(620)], "description": descriptions}).to_csv(
        tmp_path / "in.csv", index=False
    )
    outputs = {}
    for helper in (True, False):
        out = tmp_path / f"out-{helper}{suffix}"
        settings = Settings(model_dir=MODELS, batch_helper=helper)
        assert classify_file(settings, tmp_path / "in.csv", out, as_of=None, invalid_rows="report") == 620
        outputs[helper] = out.read_text(encoding="utf-8")
    assert outputs[True] == outputs[False]
    assert outputs[True].count("description is empty") == 2
    assert len(helper_parts) == 2 and all(helper_parts)  # both chunks shared
