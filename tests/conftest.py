"""Shared fixtures: the shipped model bundle and a real uvicorn server on loopback."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from benchmarks.http_bench import free_port, spawn_service, wait_ready

REPO = Path(__file__).resolve().parent.parent
MODELS = REPO / "models"


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def start_server(
    tmp: Path, env_extra: dict[str, str] | None = None, workers: int = 1, timeout: float = 30.0
) -> LiveServer:
    """Start `hscc serve` (uvicorn, uvloop) as a separate process and wait until /readyz answers."""
    port = free_port()
    log_path = tmp / f"server-{port}.log"
    env = {"PORT": str(port), "HSCC_MODEL_DIR": str(MODELS), **(env_extra or {})}
    proc = spawn_service(port, workers, log_path, env)
    wait_ready(proc, port, log_path, timeout)
    return LiveServer(f"http://127.0.0.1:{port}", proc, log_path)


def stop_server(server: LiveServer) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.process.kill()


@pytest.fixture
def helper_parts(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The texts of each part of a batch a batch helper answered (``service.api.helper.SharedBatch.finish``), in
    order."""
    from service.api.helper import SharedBatch
    from service.api.parts import Part

    parts: list[list[str]] = []
    finish = SharedBatch.finish

    def recorded(self: SharedBatch) -> tuple[list[int], Part | None]:
        theirs, answered = finish(self)
        if answered is not None:
            parts.append([self._batch.texts[k] for k in theirs])
        return theirs, answered

    monkeypatch.setattr(SharedBatch, "finish", recorded)
    return parts


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_server(tmp_path_factory.mktemp("live"))
    yield server
    stop_server(server)


@dataclass
class Hammer:
    """Threads posting one-item requests until stopped, recording every failure and the model version of every
    answer (a transport error is a failure too, never a silently dead thread)."""

    url: str
    description: str  # "{i}" is replaced by a running number, so the classifier's cache does not answer
    threads: int = 1
    failures: list[str] = field(default_factory=list)
    versions: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run) for _ in range(self.threads)]

    def _run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=10) as client:
            i = 0
            while not self._stop.is_set():
                i += 1
                body = {"items": [{"description": self.description.format(i=i)}]}
                try:
                    r = client.post("/v1/classify", json=body)
                except httpx.HTTPError as exc:
                    self.failures.append(repr(exc))
                    continue
                if r.status_code != 200:
                    self.failures.append(f"{r.status_code} {r.text[:200]}")
                else:
                    self.versions.append(r.json()["model_version"])

    def latest_version(self) -> str | None:
        return self.versions[-1] if self.versions else None

    def __enter__(self) -> Hammer:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=15)
