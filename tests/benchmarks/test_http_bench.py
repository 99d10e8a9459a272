"""``benchmarks.http_bench``'s readings of the served processes (the load runs are covered by the smoke run)."""

from __future__ import annotations

import os
import threading
import time

import pytest

from benchmarks import http_bench


def _spin(cpu_seconds: float) -> None:
    """Run on a core for ``cpu_seconds`` of this thread's own CPU time (however long the host makes that take)."""
    end = time.thread_time() + cpu_seconds
    while time.thread_time() < end:
        pass


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="Linux's /proc")
def test_run_ns_counts_the_cpu_of_the_other_threads_of_a_process() -> None:
    spun, release = threading.Event(), threading.Event()

    def work() -> None:
        _spin(0.05)
        spun.set()
        release.wait()  # alive, not running: its CPU stays counted

    before = http_bench.run_ns(os.getpid())
    worker = threading.Thread(target=work)
    worker.start()
    spun.wait()  # this thread blocks meanwhile: what is counted is the other thread's
    during = http_bench.run_ns(os.getpid())
    release.set()
    worker.join()
    assert 50e6 <= during - before < 5e9  # its 50 ms of CPU, in nanoseconds


def test_run_ns_of_a_process_that_is_gone_is_an_error() -> None:
    with pytest.raises(OSError):
        http_bench.run_ns(2**22 + 12345)
