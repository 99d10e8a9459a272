"""The batch helper of a real server (``hscc serve``): a named child process of the worker that never outlives it,
and, where the worker keeps one, the spare it is replaced from."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx

from benchmarks.http_bench import helpers_of, memory_mb, private_mb, rss_mb, spares_of
from tests.conftest import start_server, stop_server
from tests.ops.conftest import wait_until


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended


def _batch(n: int, tag: str = "") -> dict[str, object]:
    return {"items": [{"description": f"germanium dioxide GeO2 5N lot {tag}{i}"} for i in range(n)]}


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


def _metric(url: str, name: str) -> float:
    for line in httpx.get(url + "/metrics").text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} not in /metrics")


def test_a_spare_replaces_a_killed_helper_and_ends_with_its_worker(tmp_path: Path) -> None:
    server = start_server(tmp_path, {"HSCC_BATCH_HELPER_SPARE": "true", "HSCC_BATCH_HELPER_REPLACE_S": "0"})
    try:
        worker = server.process.pid
        (spare,) = spares_of(worker)  # found by its name, hscc-spare
        (helper,) = helpers_of(worker)
        # Counted once with the worker's pages: more than the worker and its helper's private pages alone.
        assert memory_mb(worker) > rss_mb(worker) + private_mb(helper)
        os.kill(helper, signal.SIGKILL)
        wait_until(lambda: not _alive(helper), 10, "the killed helper to end")
        parts = _metric(server.url, "hscc_batch_helper_parts")
        for k in range(50):  # the first batch finds it gone; the replacement takes batches once ready
            response = httpx.post(server.url + "/v1/classify", json=_batch(40, f"R{k}-"), timeout=30)
            assert response.status_code == 200 and len(response.json()["results"]) == 40
            if _metric(server.url, "hscc_batch_helper_parts") > parts:
                break
            time.sleep(0.1)
        assert _metric(server.url, "hscc_batch_helper_replacements") == 1
        assert _metric(server.url, "hscc_batch_helper_parts") > parts
        (replacement,) = helpers_of(worker)  # the spare's child
        assert replacement != helper and spares_of(worker) == [spare]
        server.process.send_signal(signal.SIGKILL)  # no shutdown: both see their pipes close
        server.process.wait(timeout=10)
        wait_until(lambda: not _alive(spare), 10, "the orphaned spare to end")
        wait_until(lambda: not _alive(replacement), 10, "the orphaned replacement to end")
    finally:
        stop_server(server)
