"""One queue of a batch's units of work, shared by a worker and its batch helper (``service.api.helper``): the
worker claims units from the front, the helper from the back, until they meet.

Why not a fixed half each: the two processes rarely finish together. Their texts cost different amounts, and on a
shared host either core can be slowed while the other is not; with a fixed half, the first to finish waits for the
other. Claiming as they go, the faster process takes more, and the first to finish waits at most for the other's
last claim. A claim is a quarter of what is left (at least ``LEAST``, at most ``MOST`` units): large claims while
much is left (each claim is a model run, and a run has a fixed cost), small ones at the end, where they are what
the other waits for.

The queue lives in memory shared across the fork (three integers: the batch's generation, the front, the back),
under a process-shared lock held only to read and move them. A claim names the generation it is for, so that a
helper still busy with an old batch cannot claim from a new one, and ``close`` ends a generation.
"""

from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Iterator
from multiprocessing.context import BaseContext
from typing import Any

LEAST = 8
MOST = 24  # service.bundle.CHUNK_ITEMS: a larger claim would be run as two chunks anyway

_GENERATION, _FRONT, _BACK = 0, 1, 2
_CLOSED = -1


class ClaimsLost(RuntimeError):
    """The lock could not be taken in time: the other process died or stopped while it held it."""


def claim_size(left: int) -> int:
    """How many of ``left`` units one claim takes: a quarter, within ``LEAST`` and ``MOST`` (never more than are
    left)."""
    return min(left, max(LEAST, min(MOST, left // 4)))


class Claims:
    """The shared queue. Create it before the fork; both processes use the same object."""

    def __init__(self, context: BaseContext, timeout_s: float) -> None:
        self._lock: Any = context.Lock()
        self._cells: Any = context.RawArray(ctypes.c_longlong, 3)
        self._cells[_GENERATION] = _CLOSED
        self._timeout_s = timeout_s

    def open(self, generation: int, units: int) -> None:
        """Start a batch of ``units`` units (the worker, before it hands the batch over)."""
        with self._locked():
            self._cells[_GENERATION], self._cells[_FRONT], self._cells[_BACK] = generation, 0, units

    def take_front(self, generation: int) -> tuple[int, int] | None:
        """The worker's next units ``(start, stop)``, or ``None`` when the two ends have met."""
        with self._locked():
            front, back = self._cells[_FRONT], self._cells[_BACK]
            if self._cells[_GENERATION] != generation or front >= back:
                return None
            stop = front + claim_size(back - front)
            self._cells[_FRONT] = stop
            return front, stop

    def take_back(self, generation: int) -> tuple[int, int] | None:
        """The helper's next units ``(start, stop)``, or ``None`` when the ends have met or the batch is closed."""
        with self._locked():
            front, back = self._cells[_FRONT], self._cells[_BACK]
            if self._cells[_GENERATION] != generation or front >= back:
                return None
            start = back - claim_size(back - front)
            self._cells[_BACK] = start
            return start, back

    def close(self, generation: int) -> int:
        """End the batch: no claim succeeds after this. Returns where the helper's units start (the number of
        units when it claimed none)."""
        with self._locked():
            if self._cells[_GENERATION] != generation:
                raise RuntimeError(f"batch {generation} is not the open one")
            self._cells[_GENERATION] = _CLOSED
            back: int = self._cells[_BACK]
            return back

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        if not self._lock.acquire(timeout=self._timeout_s):
            raise ClaimsLost(f"the claims' lock was not free within {self._timeout_s} s")
        try:
            yield
        finally:
            self._lock.release()
