"""A spare fork of the ready worker, from which a batch helper that died or was given up is replaced
(``service.api.helper``).

Why a spare: the helper is forked from the worker at start-up, before the worker runs a thread of its own. Forking
the worker again later would copy a process with threads (the event loop's executor, uvicorn's) into a child that
has only the forking one, whose locks may be held by threads that no longer exist there. The spare is forked at
the same moment as the helper, runs one thread, and waits; asked, it forks a new helper from itself, which starts
as the first did: the loaded model and control list already in memory, shared with the worker until written. It
costs a process that does nothing but wait (its pages stay the worker's until written: ``make bench`` counts the
ones that are not).

The spare and its helpers are not the worker's children, so the worker knows a replacement by its pid
(``Child``). The spare ignores SIGCHLD, so that a helper that ends is reaped at once rather than left a zombie.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable
from multiprocessing.connection import Connection, Pipe
from multiprocessing.context import ForkContext
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import recv_handle, send_handle
from pathlib import Path

import orjson

from service.api.helper_process import become

# The spare's name in ps, top and /proc/<pid>/comm (Linux truncates it to 15 bytes).
PROCESS_NAME = "hscc-spare"


class SpareLost(RuntimeError):
    """The spare did not fork a helper: it has ended, or answered something else."""


class Child:
    """A helper process, whether the worker's own child (a ``multiprocessing`` process) or the spare's (a pid)."""

    def __init__(self, pid: int, process: BaseProcess | None = None) -> None:
        """By ``pid`` (the spare's child), or ``Child.own(process)``."""
        self.pid = pid
        self._process = process

    @classmethod
    def own(cls, process: BaseProcess) -> Child:
        """The worker's own child, started."""
        assert process.pid is not None
        return cls(process.pid, process)

    def is_alive(self) -> bool:
        if self._process is not None:
            return self._process.is_alive()
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # the pid was reused by another user's process
            return False
        # A zombie has ended: one whose spare ended first is left to init, which may not reap it (in a container,
        # init is often not a real one).
        with contextlib.suppress(OSError):
            return "\nState:\tZ" not in Path(f"/proc/{self.pid}/status").read_text()
        return True

    def kill(self, wait_s: float = 2.0) -> None:
        """Kill it and wait, at most ``wait_s``, until it is gone (reaped by whichever process is its parent)."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(timeout=wait_s)
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        deadline = time.monotonic() + wait_s
        while self.is_alive() and time.monotonic() < deadline:
            time.sleep(0.005)


class Spare:
    """The worker's side of the spare: ``start`` it at start-up (before any thread), ``fork`` helpers, ``close``."""

    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self._process = process
        self._conn: Connection | None = conn

    @classmethod
    def start(cls, context: ForkContext, serve_helper: Callable[[Connection, Path | None], None]) -> Spare:
        """Fork the spare; ``serve_helper(conn, bundle_dir)`` is what each helper it forks runs."""
        ours, theirs = context.Pipe(duplex=True)
        process = context.Process(target=_wait, args=(theirs, ours, serve_helper), name=PROCESS_NAME, daemon=True)
        process.start()
        theirs.close()  # the spare sees EOF when the worker closes its end, or ends
        return cls(process, ours)

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def fork(self, bundle_dir: Path | None, timeout_s: float = 5.0) -> tuple[Connection, Child]:
        """A new helper and the worker's end of a pipe to it. ``bundle_dir``: the model it loads before it says it
        is ready (``None``: the one it was forked with, the worker's at start-up)."""
        conn = self._conn
        if conn is None:
            raise SpareLost("closed")
        ours, theirs = Pipe(duplex=True)  # a Unix socket pair: its end can be handed to the spare
        try:
            conn.send_bytes(orjson.dumps({"bundle": None if bundle_dir is None else str(bundle_dir)}))
            send_handle(conn, theirs.fileno(), self._process.pid or 0)
            if not conn.poll(timeout_s):
                raise TimeoutError(f"no answer in {timeout_s} s")
            pid = orjson.loads(conn.recv_bytes())["pid"]
        except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
            # Given up, also when it is only late: its answer would be read as the next request's.
            ours.close()
            self.close(wait_s=0)
            raise SpareLost(repr(exc)) from exc
        finally:
            theirs.close()  # the helper has its own copy
        return ours, Child(int(pid))

    def drop(self) -> None:
        """In a process forked from the worker after the spare (its first helper): close this process's copy of the
        worker's end, so that the spare sees EOF when the worker's own closes, not only once that process ends."""
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def close(self, wait_s: float = 2.0) -> None:
        """Close the pipe, which ends the spare; killed if it has not ended within ``wait_s``."""
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()  # the spare sees EOF and ends
        self._process.join(timeout=wait_s)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(timeout=2)


def _wait(conn: Connection, workers_end: Connection, serve_helper: Callable[[Connection, Path | None], None]) -> None:
    """The spare process: fork a helper for each request until the worker closes its end."""
    workers_end.close()
    become(PROCESS_NAME)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # helpers that end are reaped by the kernel
    while True:
        try:
            request = orjson.loads(conn.recv_bytes())
            fd = recv_handle(conn)
        except (EOFError, OSError, ValueError):
            return
        bundle = request.get("bundle")
        pid = os.fork()
        if pid == 0:  # the new helper: one thread, as the spare is
            code = 1
            try:
                conn.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                serve_helper(Connection(fd), None if bundle is None else Path(bundle))
                code = 0
            finally:
                os._exit(code)
        os.close(fd)
        try:
            conn.send_bytes(orjson.dumps({"pid": pid}))
        except OSError:
            return
