"""Each worker's model threads: one by default, and ``HSCC_MODEL_THREADS`` reaches every worker ``hscc serve``
starts."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import LiveServer, start_server, stop_server
from tests.ops.conftest import log_lines, wait_until


def _loaded(server: LiveServer, count: int) -> list[dict]:
    wait_until(lambda: len([x for x in log_lines(server) if x.get("msg") == "model loaded"]) >= count, 10, "loads")
    return [line for line in log_lines(server) if line.get("msg") == "model loaded"]


def test_one_thread_by_default(tmp_path: Path) -> None:
    server = start_server(tmp_path, workers=1)
    try:
        assert [line["model_threads"] for line in _loaded(server, 1)] == [1]
    finally:
        stop_server(server)


def test_a_set_thread_count_reaches_every_worker(tmp_path: Path) -> None:
    server = start_server(tmp_path, {"HSCC_MODEL_THREADS": "2"}, workers=2)
    try:
        assert [line["model_threads"] for line in _loaded(server, 2)] == [2, 2]
    finally:
        stop_server(server)
