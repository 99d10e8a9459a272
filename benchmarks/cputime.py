"""``python -m benchmarks.cputime [--requests 150] [--items 100] [--no-helper]``: how much CPU a served request of
``items`` descriptions costs, process by process and thread by thread, against the time it takes.

A real ``python -m service serve`` (one worker, its batch helper unless ``--no-helper``, the answer cache off) on
127.0.0.1 answers ``requests`` requests one after another over one keep-alive connection, each of descriptions not
sent before, after a warm-up. Linux's scheduler statistics (``/proc/<pid>/task/<tid>/schedstat``: nanoseconds run and
waited for a core) and page-fault counts (``/proc/<pid>/stat``) are read before and after; divided by the requests,
they say how much CPU each process and thread spent on one request, how long they were ready to run but waited
for a core, and how many pages they faulted in.

Why: the targets are wall-clock times, but two cores can only help a request as much as its CPU allows. Set the
total CPU a request costs here against ``python -m benchmarks.anatomy --layers sequential`` (the same work in one
thread, one step after the other): what is above that is what sharing the request costs (benchmarks/JOURNAL.md,
twenty-ninth session). Linux only; the figures of a shared machine vary from run to run as its load does.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import http_bench
from benchmarks.texts import REPO, request_json, sample_descriptions

OUT = REPO / "benchmarks" / "out"
WARM_UP = 20


@dataclass(frozen=True)
class Usage:
    """One process's counters at one moment: per thread (``tid:name``) nanoseconds run, and the process's."""

    run_ns: dict[str, int]
    wait_ns: int
    minor_faults: int


def read_usage(pid: int) -> Usage:
    times = http_bench.thread_times(pid)
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return Usage({tid: ran for tid, (ran, _) in times.items()}, sum(w for _, w in times.values()), int(fields[7]))


def per_request(before: Usage, after: Usage, requests: int) -> dict[str, Any]:
    """What a process spent on one request between two readings: CPU ms in all, by thread (threads that spent less
    than 0.01 ms a request left out), ms waited for a core, minor page faults."""
    ms = 1e6 * requests
    threads = {
        tid: round((ns - before.run_ns.get(tid, 0)) / ms, 3)
        for tid, ns in after.run_ns.items()
        if (ns - before.run_ns.get(tid, 0)) / ms >= 0.01
    }
    return {
        "cpu_ms": round((sum(after.run_ns.values()) - sum(before.run_ns.values())) / ms, 3),
        "threads_cpu_ms": threads,
        "waited_for_a_core_ms": round((after.wait_ns - before.wait_ns) / ms, 3),
        "minor_faults": round((after.minor_faults - before.minor_faults) / requests, 1),
    }


def measure(model_dir: Path, requests: int, items: int, helper: bool = True, warm_up: int = WARM_UP) -> dict[str, Any]:
    texts = sample_descriptions(OUT, (requests + warm_up) * items)
    bodies = [request_json(texts[k * items : (k + 1) * items]).encode() for k in range(requests + warm_up)]
    env = {"HSCC_CACHE_SIZE": "0", "HSCC_BATCH_HELPER": str(helper).lower()}
    server = http_bench.start_server(model_dir, 1, OUT / "cputime-server.log", env_extra=env)
    try:
        worker = server.process.pid  # one worker: uvicorn serves in the process it starts
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)

        def post(body: bytes) -> None:
            connection.request("POST", "/v1/classify", body, {"content-type": "application/json"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"POST /v1/classify answered {response.status}")

        for body in bodies[:warm_up]:
            post(body)
        # After the warm-up: a helper still starting is not there yet (nor counted) before.
        processes = {"worker": worker}
        for pid in http_bench.helpers_of(worker):  # one helper a worker
            processes["helper"] = pid
        before = {name: read_usage(pid) for name, pid in processes.items()}
        walls = []
        for body in bodies[warm_up:]:
            start = time.perf_counter()
            post(body)
            walls.append(time.perf_counter() - start)
        after = {name: read_usage(pid) for name, pid in processes.items()}
        connection.close()
    finally:
        http_bench.stop_server(server)
    usage = {name: per_request(before[name], after[name], requests) for name in processes}
    return {
        "requests": requests,
        "items": items,
        "with_helper": "helper" in processes,
        "wall_ms": {
            "p50": round(statistics.median(walls) * 1e3, 3),
            "mean": round(statistics.fmean(walls) * 1e3, 3),
        },
        "cpu_ms_total": round(sum(u["cpu_ms"] for u in usage.values()), 3),
        **usage,
    }


def table(result: dict[str, Any]) -> str:
    lines = ["| process / thread | CPU ms a request | waited for a core ms | minor faults |", "|---|---:|---:|---:|"]
    for name in ("worker", "helper"):
        if name in result:
            figures = result[name]
            lines.append(
                f"| {name} | {figures['cpu_ms']:.2f} | {figures['waited_for_a_core_ms']:.3f} | "
                f"{figures['minor_faults']:.1f} |"
            )
            lines += [f"| ↳ {tid} | {ms:.2f} | | |" for tid, ms in figures["threads_cpu_ms"].items()]
    wall = result["wall_ms"]
    lines.append(
        f"\n{result['requests']} requests of {result['items']} items; wall p50 {wall['p50']:.2f} ms, mean "
        f"{wall['mean']:.2f} ms; CPU in all {result['cpu_ms_total']:.2f} ms a request"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.cputime", description=__doc__)
    ap.add_argument("--requests", type=int, default=150)
    ap.add_argument("--items", type=int, default=100)
    ap.add_argument("--no-helper", action="store_true", help="serve without the batch helper")
    ap.add_argument("--model-dir", type=Path, default=REPO / "models")
    args = ap.parse_args(argv)
    if not Path("/proc/self/task").is_dir():
        print("benchmarks.cputime reads Linux's /proc", file=sys.stderr)
        return 2
    result = measure(args.model_dir, args.requests, args.items, helper=not args.no_helper)
    print(json.dumps(result))
    print(table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
