"""HTTP figures: a real ``python -m service serve`` on 127.0.0.1 driven by wrk (or by ``benchmarks.loadgen``).

Each request carries descriptions not sent before in the run (bodies rotate through a long list, per wrk
thread from a random offset) so the classifier's LRU cache does not answer; the ``cached`` scenario repeats a
few bodies on purpose. Non-2xx answers and socket errors are counted. Also: start-up time to the first
``/readyz`` 200 and the resident memory of each worker after the load.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.texts import request_json
from service.api.helper_process import PROCESS_NAME as HELPER_NAME
from service.api.spare import PROCESS_NAME as SPARE_NAME

REPO = Path(__file__).resolve().parent.parent
LUA = r"""
local bodies = {}
local counter = 0
function init(args)
  local f = assert(io.open(args[1], "r"))
  for line in f:lines() do bodies[#bodies + 1] = line end
  f:close()
  math.randomseed(os.time() + (tonumber(args[2]) or 0) + math.floor(os.clock() * 1e6))
  counter = math.random(#bodies)
end
function request()
  counter = counter % #bodies + 1
  return wrk.format("POST", "/v1/classify", {["Content-Type"] = "application/json"}, bodies[counter])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_s": %.3f, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"bytes": %d, "errors": {"connect": %d, "read": %d, "write": %d, "non_2xx": %d, "timeout": %d}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    ready_s: float

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ready(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=0.5)
        conn.request("GET", "/readyz")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def spawn_service(
    port: int,
    workers: int,
    log_path: Path,
    env_extra: dict[str, str] | None = None,
    cwd: Path = REPO,
    python: str = sys.executable,
) -> subprocess.Popen[bytes]:
    """``python -m service serve`` on 127.0.0.1:``port`` in its own session (so its workers can be signalled as a
    group), output to ``log_path``. Shared by the benchmark and the tests' live servers. ``cwd`` decides which
    ``service`` package runs (the current directory comes first on ``sys.path``): ``benchmarks.ab`` starts a copy
    of another revision this way. ``python``: the interpreter (an environment with the runtime installed), this
    one by default."""
    env = {**os.environ, **(env_extra or {})}
    cmd = [python, "-m", "service", "serve", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--workers", str(workers)]
    with log_path.open("wb") as log:
        return subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True)


def wait_ready(proc: subprocess.Popen[bytes], port: int, log_path: Path, timeout: float) -> None:
    """Return once /readyz answers 200; raise with the server's log if it exits or is not ready in time."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {log_path.read_text(errors='replace')}")
        if _ready(port):
            return
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    raise RuntimeError(f"server not ready after {timeout}s: {log_path.read_text(errors='replace')}")


def start_server(
    model_dir: Path,
    workers: int,
    log_path: Path,
    timeout: float = 60.0,
    cwd: Path = REPO,
    env_extra: dict[str, str] | None = None,
    python: str = sys.executable,
) -> Server:
    """Start the service as a separate process; ``ready_s`` = process start to the first /readyz 200.
    ``env_extra``: more settings for it (``HSCC_...``); ``python``: its interpreter (``spawn_service``)."""
    port = free_port()
    start = time.perf_counter()
    env = {"HSCC_MODEL_DIR": str(model_dir), "HSCC_LOG_LEVEL": "WARNING", **(env_extra or {})}
    proc = spawn_service(port, workers, log_path, env, cwd, python)
    wait_ready(proc, port, log_path, timeout)
    return Server(proc, port, time.perf_counter() - start)


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)  # the group: uvicorn's supervisor and its workers
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait()


PAGE = os.sysconf("SC_PAGE_SIZE")  # /proc/<pid>/pagemap: an 8-byte entry a page; bit 63 "present", 0-54 its frame
PFN_MASK = (1 << 55) - 1


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def private_mb(pid: int) -> float:
    """The pages only ``pid`` holds (its unique set): what a forked process adds to the one it was forked from."""
    kb = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith(("Private_Clean:", "Private_Dirty:")):
            kb += int(line.split()[1])
    return round(kb / 1024, 1)


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def spares_of(pid: int) -> list[int]:
    """The spare a worker forked to replace its batch helper from (``service.api.spare``)."""
    return [p for p in _children(pid) if _comm(p) == SPARE_NAME]


def helpers_of(pid: int) -> list[int]:
    """The batch helper processes of a worker (``service.api.helper``, named by ``PROCESS_NAME``): the one it
    forked, or one its spare forked in its place."""
    return [p for parent in [pid, *spares_of(pid)] for p in _children(parent) if _comm(p) == HELPER_NAME]


def memory_mb(pid: int) -> float:
    """A worker's memory: its resident set plus the private pages of its batch helper (the pages they share counted
    once). With a spare (``HSCC_BATCH_HELPER_SPARE``), the physical pages of all three counted once
    (``resident_union_mb``): the helper and the spare share old copies of pages the worker has written since, which
    are private to neither (8-10 MB, benchmarks/JOURNAL.md)."""
    helpers, spares = helpers_of(pid), spares_of(pid)
    if spares:
        with contextlib.suppress(PermissionError):  # not root: the private pages of each, a lower bound
            return resident_union_mb([pid, *helpers, *spares])
    return round(rss_mb(pid) + sum(private_mb(p) for p in [*helpers, *spares]), 1)


def resident_union_mb(pids: list[int]) -> float:
    """The physical pages mapped by any of ``pids``, each counted once (``/proc/<pid>/pagemap``, which gives page
    frame numbers to root only: elsewhere a ``PermissionError``)."""
    frames: set[int] = set()
    for pid in pids:
        with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/pagemap", "rb") as pagemap:
            for line in maps:
                start, end = (int(x, 16) for x in line.split()[0].split("-"))
                if line.rstrip().endswith("[vsyscall]"):  # not readable through pagemap
                    continue
                pagemap.seek(start // PAGE * 8)
                for (entry,) in struct.iter_unpack("Q", pagemap.read((end - start) // PAGE * 8)):
                    if entry >> 63:  # present
                        frames.add(entry & PFN_MASK)
    if frames == {0}:
        raise PermissionError("page frame numbers are read as 0: not root")
    return round(len(frames) * PAGE / 2**20, 1)


def serving_workers(server: Server) -> list[int]:
    """The processes that answer requests: the worker children of uvicorn's supervisor, or the process itself."""
    main = server.process.pid
    workers = [
        p
        for p in _children(main)
        if _comm(p) not in (HELPER_NAME, SPARE_NAME)
        and "resource_tracker" not in Path(f"/proc/{p}/cmdline").read_text(errors="replace")
    ]
    return workers or [main]


def thread_times(pid: int) -> dict[str, tuple[int, int]]:
    """Per live thread of ``pid`` (``tid:name``), the nanoseconds it has run on a core and waited for one
    (``/proc/<pid>/task/<tid>/schedstat``; Linux only)."""
    times: dict[str, tuple[int, int]] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            ran, waited, _ = (task / "schedstat").read_text().split()
            name = (task / "comm").read_text().strip()
        except (OSError, ValueError):  # a thread that ended meanwhile
            continue
        times[f"{task.name}:{name}"] = (int(ran), int(waited))
    return times


def run_ns(pid: int) -> int:
    """Nanoseconds ``pid``'s live threads have run on a core."""
    return sum(ran for ran, _ in thread_times(pid).values())


def server_run_ns(server: Server) -> int:
    """Nanoseconds of CPU the serving workers, their batch helpers and spares have used (Linux only)."""
    pids = [q for w in serving_workers(server) for q in (w, *helpers_of(w), *spares_of(w))]
    return sum(run_ns(p) for p in pids)


def worker_rss(server: Server) -> dict[str, Any]:
    """Memory of the serving processes (``serving_workers``): each worker's ``memory_mb`` (``per_worker_mb``, what
    the target is judged on), and its parts."""
    main = server.process.pid
    serving = serving_workers(server)
    rss = [rss_mb(p) for p in serving]
    helpers = [helpers_of(p) for p in serving]
    spares = [spares_of(p) for p in serving]
    private = [[private_mb(h) for h in hs] for hs in helpers]
    spare_private = [[private_mb(s) for s in ss] for ss in spares]
    return {
        "per_worker_mb": [  # memory_mb: from the parts read here, or with a spare its pages read again
            memory_mb(w) if ss else round(r + sum(ps), 1)
            for w, r, ps, ss in zip(serving, rss, private, spares, strict=True)
        ],
        "worker_rss_mb": rss,
        "helper_rss_mb": [rss_mb(h) for hs in helpers for h in hs],
        "helper_private_mb": [mb for ps in private for mb in ps],
        "spare_private_mb": [mb for ss in spare_private for mb in ss],
        "supervisor_mb": rss_mb(main) if serving != [main] else None,
    }


def ensure_wrk() -> str | None:
    """The wrk binary; installed from Debian's packages when missing and we are root."""
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        if subprocess.run(cmd, capture_output=True, timeout=300).returncode:
            return None
    return shutil.which("wrk")


def write_bodies(path: Path, descriptions: list[str], items: int, count: int, **fields: object) -> Path:
    """``count`` request bodies of ``items`` descriptions each, one JSON document per line (with the request's
    other ``fields``)."""
    lines = []
    for r in range(count):
        chunk = [descriptions[(r * items + i) % len(descriptions)] for i in range(items)]
        lines.append(request_json(chunk, **fields))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_load(wrk: str | None, url: str, bodies: Path, concurrency: int, seconds: float, work: Path) -> dict[str, Any]:
    """One bounded load run; returns requests, latency percentiles (µs), errors."""
    if wrk:
        script = work / "rotate.lua"
        script.write_text(LUA)
        threads = 1 if concurrency < 8 else 2
        cmd = [
            wrk,
            "-t",
            str(threads),
            "-c",
            str(concurrency),
            "-d",
            f"{seconds:.0f}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            url,
            "--",
            str(bodies),
            str(os.getpid()),
        ]
    else:
        cmd = [sys.executable, "-m", "benchmarks.loadgen", url, str(bodies), str(concurrency), str(seconds)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60, cwd=REPO)
    line = next((ln for ln in reversed(done.stdout.splitlines()) if ln.startswith("{")), None)
    if done.returncode or line is None:
        raise RuntimeError(f"load generator failed ({done.returncode}): {done.stdout[-500:]} {done.stderr[-500:]}")
    result: dict[str, Any] = json.loads(line)
    result["req_per_s"] = round(result["requests"] / max(result["duration_s"], 1e-9), 1)
    return result


def run_load_on(
    server: Server, wrk: str | None, bodies: Path, concurrency: int, seconds: float, work: Path
) -> dict[str, Any]:
    """``run_load`` against ``server``, with the CPU the server spent a request (``server_cpu_ms``: its workers and
    their helpers, the client left out). Why: a miss can be the code's or the host's, and the host's readings
    (``benchmarks.cores``) miss some of its slow phases, in which the same 100-item request cost up to a third
    more CPU (benchmarks/JOURNAL.md, thirty-third session); this figure shows them. ``None`` where it cannot be
    read."""
    try:
        before: int | None = server_run_ns(server)
    except OSError:  # not Linux, or the process went away
        before = None
    result = run_load(wrk, server.url, bodies, concurrency, seconds, work)
    result["server_cpu_ms"] = None
    if before is not None and result["requests"]:
        with contextlib.suppress(OSError):
            result["server_cpu_ms"] = round((server_run_ns(server) - before) / 1e6 / result["requests"], 3)
    return result
