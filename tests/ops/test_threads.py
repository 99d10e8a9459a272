"""Each worker's model threads: ``hscc serve`` shares the usable cores out among its workers."""

from __future__ import annotations

from pathlib import Path

from service.config import model_threads_for
from tests.conftest import LiveServer, start_server, stop_server
from tests.ops.conftest import log_lines, wait_until


def _loaded(server: LiveServer, count: int) -> list[dict]:
    wait_until(lambda: len([x for x in log_lines(server) if x.get("msg") == "model loaded"]) >= count, 10, "loads")
    return [line for line in log_lines(server) if line.get("msg") == "model loaded"]


def test_one_worker_gets_the_default_and_two_workers_share_the_cores(tmp_path: Path) -> None:
    for workers in (1, 2):
        server = start_server(tmp_path, workers=workers)
        try:
            loaded = _loaded(server, workers)
        finally:
            stop_server(server)
        assert [line["model_threads"] for line in loaded] == [model_threads_for(workers)] * workers


def test_a_set_thread_count_wins(tmp_path: Path) -> None:
    server = start_server(tmp_path, {"HSCC_MODEL_THREADS": "1"}, workers=1)
    try:
        assert [line["model_threads"] for line in _loaded(server, 1)] == [1]
    finally:
        stop_server(server)
