"""``python -m benchmarks.series``: a row for every run, failed ones included, and per target how many met it.

The runs are real ``benchmarks.run`` processes (the fast parts only) or the committed full run's results.json;
speed is not asserted.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks import series

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "benchmarks" / "results.json"
FAST = ["--smoke", "--skip-http", "--skip-sklearn", "--skip-peers"]


def _series(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "benchmarks.series", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_runs_are_made_one_after_another_and_tabulated(tmp_path: Path) -> None:
    done = _series("--runs", "2", "--out", str(tmp_path), "--", *FAST)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    record = json.loads((tmp_path / "series.json").read_text(encoding="utf-8"))
    assert [r["source"] for r in record["runs"]] == [str(tmp_path / "run-1"), str(tmp_path / "run-2")]
    assert all(r["mode"] == "smoke" for r in record["runs"])
    summary = record["summary"]
    assert summary["runs"] == 2 and summary["failed"] == 0
    # without HTTP the HTTP targets were not measured: no verdict, so they are not counted either way
    assert summary["targets"]["HTTP: 100-item batch p50 (µs)"]["runs"] == 0
    assert summary["targets"]["bundle model.onnx (MB)"] == {
        "runs": 2,
        "met": 2,
        "median": record["runs"][0]["targets"]["bundle model.onnx (MB)"]["value"],
        "min": record["runs"][0]["targets"]["bundle model.onnx (MB)"]["value"],
        "max": record["runs"][0]["targets"]["bundle model.onnx (MB)"]["value"],
    }
    table = (tmp_path / "series.md").read_text(encoding="utf-8")
    assert table.count("(smoke) |") == 2 and "| bundle model.onnx (MB) | 2 of 2 |" in table


def test_a_failed_run_is_a_row_of_its_own_and_fails_the_series(tmp_path: Path) -> None:
    done = _series("--runs", "1", "--out", str(tmp_path), "--", "--no-such-option")
    assert done.returncode == 1
    record = json.loads((tmp_path / "series.json").read_text(encoding="utf-8"))
    assert record["summary"] == {"runs": 1, "failed": 1, "every_target_met": 0, "targets": {}}
    assert "exited with 2" in record["runs"][0]["failed"]
    assert "--no-such-option" in (tmp_path / "run-1.log").read_text(encoding="utf-8")


def test_a_run_that_takes_too_long_is_stopped_and_is_a_row_of_its_own(tmp_path: Path) -> None:
    done = _series("--runs", "2", "--run-timeout", "0.01", "--out", str(tmp_path), "--", *FAST)
    assert done.returncode == 1
    record = json.loads((tmp_path / "series.json").read_text(encoding="utf-8"))
    assert record["summary"]["runs"] == 2 and record["summary"]["failed"] == 2
    assert all("was stopped after 0.01 s" in r["failed"] for r in record["runs"])


def test_results_made_before_are_read_and_judged_by_their_own_verdicts(tmp_path: Path) -> None:
    second = tmp_path / "second.json"
    results = json.loads(COMMITTED.read_text(encoding="utf-8"))
    results["created"] = "2026-01-01T00:00:00+00:00"  # another run, with every verdict flipped to a miss
    for target in results["targets"]:
        target["met"] = False if target["met"] is not None else None
    second.write_text(json.dumps(results), encoding="utf-8")
    assert _series("--from", str(COMMITTED), str(second), "--out", str(tmp_path)).returncode == 0
    record = json.loads((tmp_path / "series.json").read_text(encoding="utf-8"))
    committed_met = not any(t["met"] is False for t in json.loads(COMMITTED.read_text(encoding="utf-8"))["targets"])
    assert record["summary"]["every_target_met"] == int(committed_met)
    assert record["runs"][1]["missed"] == [t["target"] for t in results["targets"] if t["met"] is False]
    table = (tmp_path / "series.md").read_text(encoding="utf-8")
    assert "| 00:00 (full) |" in table and "**" in table.split("| 00:00 (full) |")[1].splitlines()[0]


def test_unreadable_or_repeated_results_are_refused_by_name(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    done = _series("--from", str(missing), "--out", str(tmp_path))
    assert done.returncode == 2 and str(missing) in done.stderr
    other = tmp_path / "other.json"
    other.write_text('{"created": "today"}', encoding="utf-8")
    done = _series("--from", str(other), "--out", str(tmp_path))
    assert done.returncode == 2 and f"{other}: not a benchmarks.run results.json" in done.stderr
    copy = tmp_path / "copy.json"
    shutil.copy(COMMITTED, copy)
    done = _series("--from", str(COMMITTED), str(copy), "--out", str(tmp_path))
    assert done.returncode == 2 and f"{copy}: the same run as {COMMITTED}" in done.stderr
    assert not (tmp_path / "series.json").exists()


def test_arguments_that_cannot_be_used_are_refused(tmp_path: Path) -> None:
    done = _series("--runs", "0", "--out", str(tmp_path))
    assert done.returncode == 2 and "--runs must be at least 1, not 0" in done.stderr
    done = _series("--from", str(COMMITTED), "--out", str(tmp_path), "--", "--smoke")
    assert done.returncode == 2 and "have no use with it" in done.stderr
    done = _series("--run-timeout", "0", "--out", str(tmp_path))
    assert done.returncode == 2 and "--run-timeout must be more than 0 seconds, not 0" in done.stderr


def test_a_summary_counts_only_runs_that_measured_a_target() -> None:
    def row(**verdicts: bool | None) -> dict[str, object]:
        targets = {name: {"value": 1.0, "met": met} for name, met in verdicts.items()}
        return {"targets": targets, "missed": [n for n, m in verdicts.items() if m is False]}

    summary = series.summarise([row(a=True, b=None), row(a=False, b=True), {"source": "x", "failed": "rc 1"}])
    assert summary["runs"] == 3 and summary["failed"] == 1 and summary["every_target_met"] == 1
    assert summary["targets"]["a"]["runs"] == 2 and summary["targets"]["a"]["met"] == 1
    assert summary["targets"]["b"]["runs"] == 1 and summary["targets"]["b"]["met"] == 1


def test_every_column_names_a_target_the_report_checks() -> None:
    # The columns find their figures by the start of a target's name: a renamed target would show as "–".
    from benchmarks.report import check_targets

    names = [t["target"] for t in check_targets(json.loads(COMMITTED.read_text(encoding="utf-8")))]
    for _, prefix, _, _ in series.COLUMNS:
        assert sum(name.startswith(prefix) for name in names) == 1, prefix


def test_the_servers_cpu_for_a_100_item_request_is_shown_where_the_run_recorded_it(tmp_path: Path) -> None:
    results = json.loads(COMMITTED.read_text(encoding="utf-8"))
    for scenario in results["http"]["scenarios"]:
        scenario.pop("server_cpu_ms", None)  # as a run made before the figure was recorded
    before = tmp_path / "before.json"
    before.write_text(json.dumps(results), encoding="utf-8")
    results["created"] = "2026-01-01T00:00:00+00:00"
    for scenario in results["http"]["scenarios"]:
        scenario["server_cpu_ms"] = 15.25 if (scenario["scenario"], scenario["workers"]) == ("batch100", 1) else 0.5
    after = tmp_path / "after.json"
    after.write_text(json.dumps(results), encoding="utf-8")
    assert _series("--from", str(before), str(after), "--out", str(tmp_path)).returncode == 0
    record = json.loads((tmp_path / "series.json").read_text(encoding="utf-8"))
    assert [r["batch_cpu_ms"] for r in record["runs"]] == [None, 15.25]
    lines = (tmp_path / "series.md").read_text(encoding="utf-8").splitlines()
    header = next(line for line in lines if line.startswith("| run |")).split(" | ")
    column = header.index("100-item CPU ms")
    rows = [line.split(" | ") for line in lines if "(full) |" in line]
    assert [row[column] for row in rows] == ["–", "15.25"]
