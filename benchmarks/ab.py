"""``python -m benchmarks.ab --variant A=/path/to/tree --variant B=. [--rounds 3]``: the HTTP and start-up
figures of two (or more) source trees, measured interleaved so that both see the same machine load.
``--python A=/path/to/bin/python`` serves variant A with another interpreter (an environment with the runtime
installed, e.g. ``make compile PYTHON=/usr/bin/python3.11 VENV=.venv-system``): the same tree twice compares
interpreters. ``--env A=HSCC_SETTING=value`` serves variant A with a setting of its own: the same tree twice
compares settings (``--env spare=HSCC_BATCH_HELPER_SPARE=true``).

The machine is shared: figures taken minutes apart differ more than the changes under study, so each round
starts every variant in turn (the order alternating between rounds) and runs the same wrk scenarios on it —
single item at concurrency 1 and 32, the cached scenario and 100-item batches — then starts each variant a
few more times for the start-up figures (time to ready, CPU used by then, resident memory then; ``--rounds 0``
for these alone). "Memory after load" is the worker's after a round's scenarios, counted as ``make bench`` counts
it: its resident set plus its batch helper's private pages (``http_bench.memory_mb``). A variant is a directory
holding a ``service`` package (a copy of another revision); the same ``models`` folder and the same bodies serve
all variants. Prints one table of medians over rounds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import http_bench
from benchmarks.texts import sample_descriptions
from service.config import Settings

OUT = Path(__file__).resolve().parent / "out"
SCENARIOS = [
    ("single c=1", "distinct", 1),
    ("single c=32", "distinct", 32),
    ("cached c=1", "cached", 1),
    ("batch-100 c=1", "batch100", 1),
]
FIRST_BODY = b'{"items": [{"description": "gallium oxide powder 99.99%, for LED substrates"}]}'


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far: start-up work, less sensitive to the machine's load than
    the wall clock (but blind to work done in parallel)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _first_request_ms(port: int) -> float:
    """The first /v1/classify after ready: start-up work deferred to the first request would show here."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    start = time.perf_counter()
    conn.request("POST", "/v1/classify", FIRST_BODY, {"Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    elapsed = (time.perf_counter() - start) * 1000
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"first request answered {response.status}")
    return elapsed


def _round(
    name: str,
    tree: Path,
    model_dir: Path,
    bodies: dict[str, Path],
    seconds: float,
    work: Path,
    python: str,
    env: dict[str, str],
) -> dict[str, Any]:
    wrk = http_bench.ensure_wrk()
    server = http_bench.start_server(model_dir, 1, work / f"ab-{name}.log", cwd=tree, env_extra=env, python=python)
    pid = server.process.pid
    figures: dict[str, Any] = {
        "ready_s": server.ready_s,
        "ready_cpu_s": _cpu_s(pid),
        "ready_rss_mb": http_bench.memory_mb(pid),
    }
    try:
        figures["first_ms"] = _first_request_ms(server.port)
        http_bench.run_load(wrk, server.url, bodies["distinct"], 4, 1, work)  # warm-up
        http_bench.run_load(wrk, server.url, bodies["cached"], 1, 1, work)  # fills the cache
        for label, kind, conc in SCENARIOS:
            figures[label] = http_bench.run_load(wrk, server.url, bodies[kind], conc, seconds, work)
        figures["loaded_rss_mb"] = http_bench.memory_mb(pid)
    finally:
        http_bench.stop_server(server)
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.ab", description=__doc__)
    ap.add_argument("--variant", action="append", required=True, help="NAME=DIR (a tree with a service package)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=3)
    ap.add_argument("--starts", type=int, default=6, help="extra start-ups per variant for the ready figure")
    ap.add_argument("--model-dir", type=Path, default=None)
    ap.add_argument("--python", action="append", default=[], help="NAME=PATH: the interpreter serving variant NAME")
    ap.add_argument("--env", action="append", default=[], help="NAME=KEY=VALUE: a setting for variant NAME's server")
    args = ap.parse_args(argv)
    variants = [(v.split("=", 1)[0], Path(v.split("=", 1)[1]).resolve()) for v in args.variant]
    pythons = dict.fromkeys((name for name, _ in variants), sys.executable)
    for spec in args.python:
        name, _, path = spec.partition("=")
        if name not in pythons or not path:
            ap.error(f"--python {spec!r}: expected NAME=PATH for one of the variants {sorted(pythons)}")
        pythons[name] = path
    envs: dict[str, dict[str, str]] = {name: {} for name, _ in variants}
    for spec in args.env:
        name, _, setting = spec.partition("=")
        key, eq, value = setting.partition("=")
        if name not in envs or not key or not eq:
            ap.error(f"--env {spec!r}: expected NAME=KEY=VALUE for one of the variants {sorted(envs)}")
        envs[name][key] = value
    model_dir = (args.model_dir or Settings().model_dir).resolve()
    work = OUT / "ab-work"
    work.mkdir(parents=True, exist_ok=True)
    texts = sample_descriptions(OUT, 20_000)
    bodies = {
        "distinct": http_bench.write_bodies(work / "single.jsonl", texts, 1, len(texts)),
        "cached": http_bench.write_bodies(work / "cached.jsonl", texts[:50], 1, 50),
        "batch100": http_bench.write_bodies(work / "batch100.jsonl", texts, 100, len(texts) // 100),
    }
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in variants}
    ready: dict[str, list[float]] = {name: [] for name, _ in variants}
    first: dict[str, list[float]] = {name: [] for name, _ in variants}
    cpu: dict[str, list[float]] = {name: [] for name, _ in variants}
    rss: dict[str, list[float]] = {name: [] for name, _ in variants}  # resident memory at ready
    for r in range(args.rounds):
        for name, tree in variants if r % 2 == 0 else variants[::-1]:
            print(f"round {r + 1}: {name} ...", file=sys.stderr, flush=True)
            figures = _round(name, tree, model_dir, bodies, args.seconds, work, pythons[name], envs[name])
            runs[name].append(figures)
            ready[name].append(figures["ready_s"])
            first[name].append(figures["first_ms"])
            cpu[name].append(figures["ready_cpu_s"])
            rss[name].append(figures["ready_rss_mb"])
    for i in range(args.starts):
        for name, tree in variants if i % 2 == 0 else variants[::-1]:
            log = work / f"ab-start-{name}.log"
            server = http_bench.start_server(model_dir, 1, log, cwd=tree, env_extra=envs[name], python=pythons[name])
            ready[name].append(server.ready_s)
            cpu[name].append(_cpu_s(server.process.pid))
            rss[name].append(http_bench.memory_mb(server.process.pid))
            try:
                first[name].append(_first_request_ms(server.port))
            finally:
                http_bench.stop_server(server)
    summary = {name: _summary(runs[name], ready[name], cpu[name], first[name], rss[name]) for name, _ in variants}
    print(json.dumps(summary))
    print(_table(summary))
    return 0


def _summary(
    runs: list[dict[str, Any]], ready: list[float], cpu: list[float], first: list[float], rss: list[float]
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ready_s_median": round(statistics.median(ready), 3),
        "ready_s": [round(r, 3) for r in ready],
        "ready_cpu_s_median": round(statistics.median(cpu), 3),
        "ready_rss_mb_median": round(statistics.median(rss), 1),
        "first_request_ms_median": round(statistics.median(first), 2),
    }
    if runs:
        out["loaded_rss_mb_median"] = round(statistics.median(run["loaded_rss_mb"] for run in runs), 1)
        out["loaded_rss_mb"] = [round(run["loaded_rss_mb"], 1) for run in runs]
    for label, _, _ in SCENARIOS:
        rows = [run[label] for run in runs]
        if not rows:
            continue
        out[label] = {
            "p50_us": statistics.median(r["p50_us"] for r in rows),
            "p99_us": statistics.median(r["p99_us"] for r in rows),
            "req_per_s": statistics.median(r["req_per_s"] for r in rows),
            "errors": sum(sum(r["errors"].values()) for r in rows),
            "p50_us_runs": [r["p50_us"] for r in rows],
            "req_per_s_runs": [r["req_per_s"] for r in rows],
        }
    return out


def _table(summary: dict[str, Any]) -> str:
    head = ["variant", "ready s", "CPU s at ready", "RSS MB at ready", "first request ms", "c=1 p50 µs", "c=1 p99 µs"]
    head += ["c=32 req/s", "c=32 errors", "cached c=1 p50 µs", "batch-100 p50 ms", "memory MB after load"]
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    for name, s in summary.items():
        row = [
            name,
            f"{s['ready_s_median']:.3f}",
            f"{s['ready_cpu_s_median']:.2f}",
            f"{s['ready_rss_mb_median']:.1f}",
            f"{s['first_request_ms_median']:.1f}",
        ]
        if "single c=1" in s:
            one, many, cached = s["single c=1"], s["single c=32"], s["cached c=1"]
            row += [f"{one['p50_us']:.0f}", f"{one['p99_us']:.0f}", f"{many['req_per_s']:,.0f}", str(many["errors"])]
            row.append(f"{cached['p50_us']:.0f}")
            row.append(f"{s['batch-100 c=1']['p50_us'] / 1000:.1f}")
            row.append(f"{s['loaded_rss_mb_median']:.1f}")
        else:
            row += ["–"] * 7
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
