"""The served process's garbage collector: off while it starts (``hscc serve``), on once it is ready.

Start-up builds tens of thousands of objects that live as long as the process; collections while they were
built cost time to ready (service/__main__.py). The collector must come back on, or cyclic
garbage made while serving would never be freed. Read from the server's own ``python_gc_*`` metrics."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.conftest import LiveServer, start_server, stop_server
from tests.service.api.test_ops_endpoints import samples, value


def _collections(server: LiveServer) -> dict[str, float]:
    with urllib.request.urlopen(server.url + "/metrics", timeout=10) as response:
        m = samples(response.read().decode())
    return {g: value(m, "python_gc_collections_total", generation=g) for g in ("0", "1", "2")}


def _classify(server: LiveServer, texts: list[str]) -> None:
    body = json.dumps({"items": [{"description": t} for t in texts]}).encode()
    request = urllib.request.Request(server.url + "/v1/classify", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200


def _interpreter_start_collections() -> int:
    """Young collections a bare interpreter of the server's kind has run when it starts running code."""
    code = "import gc; print(gc.get_stats()[0]['collections'])"
    return int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def test_no_collections_while_starting_and_the_collector_runs_when_ready(tmp_path: Path) -> None:
    # A low threshold, so that serving a few batches must run young collections if the collector is on.
    server = start_server(tmp_path, {"HSCC_GC_THRESHOLD": "2000"})
    try:
        at_ready = _collections(server)
        # One full collection, the one before the start-up heap is frozen; of the young generation, only those
        # the interpreter ran before any of the project's code (its own start-up: site, .pth files). With the
        # collector on, the service's start-up ran hundreds.
        assert at_ready["2"] == 1
        assert at_ready["0"] <= _interpreter_start_collections() + 2
        # Distinct descriptions: each answer is kept in the classifier's cache, so objects accumulate.
        for batch in range(6):
            _classify(server, [f"gallium oxide powder lot {batch}-{i} 99.99%" for i in range(100)])
        assert _collections(server)["0"] > at_ready["0"]
    finally:
        stop_server(server)
