"""The batch helper of a real server (``hscc serve``): a named child process of the worker that never outlives it."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import httpx

from benchmarks.http_bench import helpers_of
from tests.conftest import start_server, stop_server
from tests.ops.conftest import wait_until


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended


def _batch(n: int) -> dict[str, object]:
    return {"items": [{"description": f"germanium dioxide GeO2 5N lot {i}"} for i in range(n)]}


def test_the_helper_serves_batches_and_ends_with_its_worker(tmp_path: Path) -> None:
    server = start_server(tmp_path)
    try:
        helpers = helpers_of(server.process.pid)
        assert len(helpers) == 1  # found by its name, hscc-helper
        for _ in range(20):  # batches that come while the helper still starts are the worker's alone
            response = httpx.post(server.url + "/v1/classify", json=_batch(40), timeout=30)
            assert response.status_code == 200 and len(response.json()["results"]) == 40
            if "hscc_batch_helper_parts 0.0" not in httpx.get(server.url + "/metrics").text:
                break
            time.sleep(0.1)
        assert "hscc_batch_helper_parts 0.0" not in httpx.get(server.url + "/metrics").text
        assert "hscc_batch_helper_parts " in httpx.get(server.url + "/metrics").text
    finally:
        stop_server(server)  # SIGTERM: uvicorn's shutdown closes the app, and the app the helper
    wait_until(lambda: not _alive(helpers[0]), 10, "the helper to end with its worker")


def test_the_helper_ends_when_its_worker_is_killed(tmp_path: Path) -> None:
    server = start_server(tmp_path)
    try:
        (helper,) = helpers_of(server.process.pid)
        server.process.send_signal(signal.SIGKILL)  # no shutdown: the helper sees its pipe close
        server.process.wait(timeout=10)
        wait_until(lambda: not _alive(helper), 10, "the orphaned helper to end")
    finally:
        stop_server(server)


def test_a_server_without_a_helper_has_none(tmp_path: Path) -> None:
    server = start_server(tmp_path, {"HSCC_BATCH_HELPER": "false"})
    try:
        assert helpers_of(server.process.pid) == []
        response = httpx.post(server.url + "/v1/classify", json=_batch(40), timeout=30)
        assert response.status_code == 200 and len(response.json()["results"]) == 40
    finally:
        stop_server(server)
