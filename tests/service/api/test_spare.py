"""The spare (service.api.spare): a single-threaded fork that forks processes on request and ends with its
worker."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from service.api.spare import Child, Spare, SpareLost


def _echo(conn: Connection, bundle_dir: Path | None) -> None:
    """What each forked process runs here: say who it is and what it was given, then echo until EOF."""
    conn.send([os.getpid(), os.getppid(), None if bundle_dir is None else str(bundle_dir)])
    while True:
        try:
            conn.send(conn.recv())
        except EOFError:
            return


def _ended(pid: int) -> bool:
    try:
        return "\nState:\tZ" in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True


def _wait_ended(pid: int) -> None:
    deadline = time.monotonic() + 10
    while not _ended(pid):
        assert time.monotonic() < deadline, f"process {pid} did not end"
        time.sleep(0.02)


@pytest.fixture
def spare() -> Iterator[Spare]:
    spare = Spare.start(multiprocessing.get_context("fork"), _echo)
    yield spare
    spare.close()


def test_forked_processes_are_the_spares_children_and_get_their_bundle(spare: Spare) -> None:
    conn, child = spare.fork(Path("/models/next"))
    pid, parent, bundle = conn.recv()
    assert (pid, parent, bundle) == (child.pid, spare.pid, "/models/next")
    conn.send("ping")
    assert conn.recv() == "ping"
    other, second = spare.fork(None)
    assert other.recv()[2] is None and second.pid != child.pid
    assert child.is_alive() and second.is_alive()
    conn.close()  # a forked process ends when the worker closes its end, and the spare reaps it
    _wait_ended(child.pid)
    assert not child.is_alive() and second.is_alive()
    other.close()


def test_a_killed_child_is_reaped_not_left_a_zombie(spare: Spare) -> None:
    conn, child = spare.fork(None)
    conn.recv()
    child.kill()
    assert not child.is_alive()
    assert not Path(f"/proc/{child.pid}").exists()  # reaped at once (the spare ignores SIGCHLD)
    conn.close()


def test_the_spare_ends_when_closed_and_forks_nothing_after(spare: Spare) -> None:
    pid = spare.pid
    assert pid is not None
    spare.close()
    _wait_ended(pid)
    with pytest.raises(SpareLost, match="closed"):
        spare.fork(None)


def test_a_spare_that_died_is_reported_lost(spare: Spare) -> None:
    os.kill(spare.pid or 0, signal.SIGKILL)
    _wait_ended(spare.pid or 0)
    with pytest.raises(SpareLost):
        spare.fork(None)
    with pytest.raises(SpareLost, match="closed"):  # given up: not asked again
        spare.fork(None)


def test_a_child_by_pid_reads_as_ended_once_gone() -> None:
    process = multiprocessing.get_context("fork").Process(target=time.sleep, args=(30,))
    process.start()
    by_pid, own = Child(process.pid or 0), Child(process.pid or 0, process)
    assert by_pid.is_alive() and own.is_alive()
    own.kill()
    assert not own.is_alive() and not by_pid.is_alive()  # reaped by its parent (this process) in kill


def test_a_spare_that_does_not_answer_is_given_up_and_killed(spare: Spare) -> None:
    """Its late answer would otherwise be read as the answer to the next request."""
    pid = spare.pid or 0
    os.kill(pid, signal.SIGSTOP)
    with pytest.raises(SpareLost, match=r"no answer in 0\.2 s"):
        spare.fork(None, timeout_s=0.2)
    _wait_ended(pid)
    with pytest.raises(SpareLost, match="closed"):
        spare.fork(None)


def test_a_child_by_pid_that_ended_unreaped_reads_as_ended() -> None:
    """A replacement whose spare ended first is left to init, which may never reap it: not waited for as alive."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    try:
        deadline = time.monotonic() + 10
        while not _ended(pid):  # a zombie: this process has not reaped it
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert Path(f"/proc/{pid}").exists() and not Child(pid).is_alive()
    finally:
        os.waitpid(pid, 0)
