"""``python -m benchmarks.series [--runs 5] [--out DIR] [-- ARGS for benchmarks.run]`` or
``python -m benchmarks.series --from A/results.json B/results.json ...``: how often the benchmark meets each
target on this machine, run after run, with what the host gave each run beside it.

Why: this machine is a virtual machine on a shared host, and one ``make bench`` is not a verdict. The same code's
100-item p50 has ranged from 8.0 to 12.4 ms between runs a few minutes apart (benchmarks/JOURNAL.md), with the host
at times taking part of a core or running both slower, which the guest sees as no CPU steal. So this runs the
whole benchmark ``--runs`` times, one after the other (``python -m benchmarks.run --out DIR/run-K``, its output in
``DIR/run-K.log``), or reads ``results.json`` files made before, and writes ``DIR/series.json`` and
``DIR/series.md``: a row per run (the figures the targets judge, the CPU the server spent on a 100-item request,
the targets missed, and the host's two readings by ``benchmarks.cores``: a pure-Python loop's time and what two
processes did against one, at the start and after the HTTP scenarios), then, per target, in how many runs it was
met.

Nothing is left out: every run is a row, a run that failed is a row that says so (and the exit status is 1), and
the runs are not split or filtered by the host's readings; those readings are only printed beside them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.report import find_scenario
from benchmarks.texts import REPO

OUT = REPO / "benchmarks" / "out" / "series"
# The figures a row shows, by the start of their target's name in ``results.json``'s "targets".
COLUMNS = (
    ("100-item p50 ms", "HTTP: 100-item batch p50", 1e-3, 2),
    ("model p50 µs", "model: single item p50", 1, 1),
    ("model p99 µs", "model: single item p99", 1, 1),
    ("c=1 p50 µs", "HTTP: single item p50", 1, 0),
    ("c=1 p99 µs", "HTTP: single item p99", 1, 0),
    ("c=32 req/s", "HTTP: req/s at c=32", 1, 0),
    ("ready s", "start-up to ready", 1, 2),
    ("memory MB", "RSS per worker", 1, 1),
)
# Every figure column of a row: the targets' and, after them, the server's CPU for a 100-item request.
FIGURES = [c[0] for c in COLUMNS] + ["100-item CPU ms"]


class SeriesError(ValueError):
    """A results file that cannot be read: the message names the file."""


def read_results(path: Path) -> dict[str, Any]:
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SeriesError(f"{path}: cannot read results ({exc.__class__.__name__}: {exc})") from exc
    if not isinstance(results, dict) or not isinstance(results.get("targets"), list):
        raise SeriesError(f"{path}: not a benchmarks.run results.json (no 'targets' list)")
    return results


def read_distinct(files: list[Path]) -> list[tuple[Path, dict[str, Any]]]:
    """Each file's results; a run given twice (the same results in two files) is an error, as it would be counted
    twice."""
    seen: dict[str, Path] = {}
    out = []
    for path in files:
        results = read_results(path)
        key = json.dumps(results, sort_keys=True)
        if key in seen:
            raise SeriesError(f"{path}: the same run as {seen[key]}")
        seen[key] = path
        out.append((path, results))
    return out


def _host(reading: dict[str, Any] | None) -> str:
    if not reading:
        return "not measured"
    return f"loop {reading['alone_ms']} ms, cores {reading['speed_up']}×"


def describe_run(results: dict[str, Any], source: str) -> dict[str, Any]:
    """One row: the run's time and mode, each target's figure and verdict, what it missed, the host's readings."""
    targets = results["targets"]
    machine = results.get("machine") or {}
    return {
        "source": source,
        "created": results.get("created"),
        "mode": results.get("mode"),
        "targets": {t["target"]: {"value": t["value"], "met": t["met"]} for t in targets},
        "missed": [t["target"] for t in targets if t["met"] is False],
        "host_at_start": machine.get("two_processes"),
        "host_after_http": machine.get("two_processes_after_http"),
        "batch_cpu_ms": batch_cpu_ms(results),
    }


def batch_cpu_ms(results: dict[str, Any]) -> float | None:
    """The CPU one worker and its helper spent a 100-item request (``http_bench.run_load_on``): beside the request's
    time, it says whether a slow request was slow work (more CPU, from the code or from the host) or waiting (the
    usual CPU). ``None`` for runs made before it was recorded."""
    scenario = find_scenario(results, "batch100", 1, 1)
    value = scenario.get("server_cpu_ms") if scenario else None
    return float(value) if value is not None else None


def failed_run(source: str, why: str) -> dict[str, Any]:
    return {"source": source, "failed": f"benchmarks.run {why}; see {source}.log"}


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per target: in how many of the runs that measured it it was met, and the median, least and most figure."""
    done = [r for r in rows if "failed" not in r]
    names = list(dict.fromkeys(name for r in done for name in r["targets"]))
    per_target = {}
    for name in names:
        values = [r["targets"][name] for r in done if r["targets"].get(name, {}).get("met") is not None]
        figures = [v["value"] for v in values]
        per_target[name] = {
            "runs": len(values),
            "met": sum(bool(v["met"]) for v in values),
            "median": round(statistics.median(figures), 4) if figures else None,
            "min": min(figures, default=None),
            "max": max(figures, default=None),
        }
    return {
        "runs": len(rows),
        "failed": len(rows) - len(done),
        "every_target_met": sum(not r["missed"] for r in done),
        "targets": per_target,
    }


def _figure(row: dict[str, Any], prefix: str, scale: float, digits: int) -> str:
    for name, t in row["targets"].items():
        if name.startswith(prefix) and t["value"] is not None:
            text = f"{t['value'] * scale:,.{digits}f}"
            return f"**{text}**" if t["met"] is False else text
    return "–"


def markdown(rows: list[dict[str, Any]], summary: dict[str, Any], command: str) -> str:
    lines = [
        "# Benchmark series",
        "",
        f"Command: `{command}`. A missed target's figure is in bold. *host*: `benchmarks.cores` at the start of the "
        "run and after its HTTP scenarios (a pure-Python loop's time alone; cores 2.0× = two independent cores).",
        "",
        "| run | " + " | ".join(FIGURES) + " | missed | host at start | host after HTTP |",
        "|---|" + "---:|" * len(FIGURES) + "---|---|---|",
    ]
    for row in rows:
        if "failed" in row:
            lines.append(f"| {row['source']} | " + " | ".join("–" for _ in FIGURES) + f" | {row['failed']} | | |")
            continue
        when = (row["created"] or "")[11:16] or row["source"]
        missed = "; ".join(m.split(" (")[0] for m in row["missed"]) or "none"
        cells = " | ".join(_figure(row, prefix, scale, digits) for _, prefix, scale, digits in COLUMNS)
        host = f"{_host(row['host_at_start'])} | {_host(row['host_after_http'])}"
        cpu = row.get("batch_cpu_ms")
        lines.append(
            f"| {when} ({row['mode']}) | {cells} | {'–' if cpu is None else f'{cpu:.2f}'} | {missed} | {host} |"
        )
    lines += [
        "",
        f"**Every target was met in {summary['every_target_met']} of {summary['runs']} runs**"
        + (f" ({summary['failed']} failed)." if summary["failed"] else "."),
        "",
        "| target | met in | median | least | most |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, t in summary["targets"].items():
        if t["runs"]:
            lines.append(f"| {name} | {t['met']} of {t['runs']} | {t['median']:,} | {t['min']:,} | {t['max']:,} |")
    return "\n".join(lines) + "\n"


def run_series(runs: int, out: Path, run_args: list[str], timeout_s: float = 3600.0) -> list[dict[str, Any]]:
    """``runs`` full benchmark runs, one after another, each into ``out/run-K``; a row for each. A run that takes
    longer than ``timeout_s`` (a full one takes minutes) is stopped and is a failed row: the series never hangs."""
    rows = []
    for k in range(1, runs + 1):
        folder = out / f"run-{k}"
        print(f"series: run {k} of {runs} -> {folder}", flush=True)
        command = [sys.executable, "-m", "benchmarks.run", "--out", str(folder), *run_args]
        with (
            (out / f"run-{k}.log").open("w", encoding="utf-8") as log,
            subprocess.Popen(
                command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            ) as process,
        ):
            try:
                returncode = process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                _stop(process)
                rows.append(failed_run(str(folder), f"was stopped after {timeout_s:g} s"))
                continue
        results_file = folder / "results.json"
        if returncode != 0 or not results_file.is_file():
            rows.append(failed_run(str(folder), f"exited with {returncode}"))
        else:
            rows.append(describe_run(read_results(results_file), str(folder)))
    return rows


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Interrupt a run, so that its ``finally`` blocks stop the servers it started (each in a session of its own),
    then kill what is left of its own session."""
    process.send_signal(signal.SIGINT)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.series", description=__doc__)
    ap.add_argument("--runs", type=int, default=5, help="full benchmark runs to make (5)")
    ap.add_argument("--from", dest="files", type=Path, nargs="+", help="tabulate these results.json instead")
    ap.add_argument("--out", type=Path, default=OUT, help="folder for the runs and series.json / series.md")
    ap.add_argument("--run-timeout", type=float, default=3600.0, help="seconds a run may take before it is stopped")
    ap.add_argument("run_args", nargs="*", help="after --: arguments for each benchmarks.run")
    args = ap.parse_args(argv)
    if args.files and args.run_args:
        ap.error("--from tabulates runs already made: arguments for benchmarks.run have no use with it")
    if args.runs < 1:
        ap.error(f"--runs must be at least 1, not {args.runs}")
    if not args.run_timeout > 0:
        ap.error(f"--run-timeout must be more than 0 seconds, not {args.run_timeout:g}")
    args.out.mkdir(parents=True, exist_ok=True)
    if args.files:
        try:
            rows = [describe_run(results, str(f)) for f, results in read_distinct(args.files)]
        except SeriesError as exc:
            print(f"benchmarks.series: {exc}", file=sys.stderr)
            return 2
        command = "python -m benchmarks.series --from " + " ".join(str(f) for f in args.files)
    else:
        rows = run_series(args.runs, args.out, args.run_args, args.run_timeout)
        command = f"python -m benchmarks.series --runs {args.runs}" + (
            " -- " + " ".join(args.run_args) if args.run_args else ""
        )
    summary = summarise(rows)
    (args.out / "series.json").write_text(
        json.dumps({"command": command, "runs": rows, "summary": summary}, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    md = markdown(rows, summary, command)
    (args.out / "series.md").write_text(md, encoding="utf-8")
    print(md)
    print(f"wrote {args.out / 'series.json'} and {args.out / 'series.md'}")
    return 1 if summary["failed"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
