"""``python -m benchmarks.cputime``: the CPU a served request costs, by process and thread, read from Linux's
scheduler statistics (speed is not asserted)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks import cputime
from tests.conftest import MODELS

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads Linux's /proc")


def test_a_readings_difference_is_divided_among_the_requests() -> None:
    before = cputime.Usage({"1:python": 1_000_000, "2:gone": 5_000_000}, wait_ns=0, minor_faults=10)
    after = cputime.Usage({"1:python": 9_000_000, "3:new": 4_000_000}, wait_ns=2_000_000, minor_faults=14)
    usage = cputime.per_request(before, after, requests=2)
    # CPU in all is the sum's difference; a thread is counted from zero when it started after the first reading.
    assert usage["cpu_ms"] == 3.5 and usage["threads_cpu_ms"] == {"1:python": 4.0, "3:new": 2.0}
    assert usage["waited_for_a_core_ms"] == 1.0 and usage["minor_faults"] == 2.0


def test_this_process_reads_its_own_threads() -> None:
    usage = cputime.read_usage(os.getpid())
    assert usage.run_ns and all(ns >= 0 for ns in usage.run_ns.values()) and usage.minor_faults > 0


def test_a_served_batch_is_accounted_to_the_worker_and_its_helper() -> None:
    result = cputime.measure(MODELS, requests=4, items=30, warm_up=3)
    assert result["with_helper"] and {"worker", "helper"} <= result.keys()
    for name in ("worker", "helper"):
        figures = result[name]
        assert figures["cpu_ms"] > 0
        assert sum(figures["threads_cpu_ms"].values()) <= figures["cpu_ms"] + 0.01
    assert result["cpu_ms_total"] == pytest.approx(result["worker"]["cpu_ms"] + result["helper"]["cpu_ms"], abs=0.01)
    assert result["wall_ms"]["p50"] > 0 and "| worker |" in cputime.table(result)
