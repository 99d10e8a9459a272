"""One queue of a batch's units of work, shared by a worker and its batch helper (``service.api.helper``): the
worker claims units from the front, the helper from the back, until they meet. And, for the units that need a
model run (a range of the queue), who runs it: the helper runs the model over them first, in chunks from the
front, and publishes each chunk's probabilities (``service.api.rows``), so that the worker mostly decides.

Why not a fixed half each: the two processes rarely finish together. Their texts cost different amounts, and on a
shared host either core can be slowed while the other is not; with a fixed half, the first to finish waits for the
other. Claiming as they go, the faster process takes more, and the first to finish waits at most for the other's
last claim. A claim is a quarter of what is left (at least ``LEAST``, at most ``MOST`` units): large claims while
much is left (a claim whose probabilities its process computes is a model run, and a run has a fixed cost), small
ones at the end, where they are what the other waits for. (A claim decided with the helper's probabilities costs
no run, but smaller claims did not end a batch sooner: ``LEAST`` 2, 4 and 8 gave the same time in paired runs,
benchmarks/JOURNAL.md, twenty-seventh session.)

Why the helper runs the model first: a process that runs the model for a claim, then decides it, then runs the
model for the next, runs both slower than one after the other (likely as each evicts the other's data from the
processor's caches; ``benchmarks/JOURNAL.md``, twenty-seventh session). So the helper runs the model over the units
from the worker's second claim on, then claims decisions from the back; the worker decides its claims with the
published probabilities. Where the helper has not reached a claim's units yet (it was late to wake, or is slow),
the worker runs the model for them itself, and the helper skips them.

The queue lives in memory shared across the fork (the batch's generation, five positions, and the batch each
unit's probabilities were written for), under a process-shared lock held only to read and move them. A claim names
the generation it is for, so that a helper still busy with an old batch cannot claim from a new one, and ``close``
ends a generation.
"""

from __future__ import annotations

import bisect
import contextlib
import ctypes
import enum
import time
from collections.abc import Iterator
from multiprocessing.context import BaseContext
from typing import Any

LEAST = 8
MOST = 24  # service.bundle.CHUNK_ITEMS: a larger claim would be run as two chunks anyway

# The most units a batch's model range holds (``BatchHelper.open`` runs those past it the old way): more than the
# API's 1,000 items a request and the CLI's 512 rows a batch.
UNITS = 2048

# The cells: the open generation; the decisions' front and back; the model's range (start, end) and its next unit.
_GENERATION, _FRONT, _BACK, _MODEL_START, _MODEL_END, _MODEL_NEXT = range(6)
_CLOSED = -1


class ClaimsLost(RuntimeError):
    """The lock could not be taken in time: the other process died or stopped while it held it."""


class Rows(enum.Enum):
    """Where the probabilities of a worker's claim come from (``Claims.rows``)."""

    READY = "ready"  # published by the helper
    PENDING = "pending"  # the helper is computing them (or was, and stopped)
    OWN = "own"  # the worker computes them (the helper has not reached them, or they are outside the model's range)


def claim_size(left: int) -> int:
    """How many of ``left`` units one claim takes: a quarter, within ``LEAST`` and ``MOST`` (never more than are
    left)."""
    return min(left, max(LEAST, min(MOST, left // 4)))


class Claims:
    """The shared queue. Create it before the fork; both processes use the same object."""

    def __init__(self, context: BaseContext, timeout_s: float) -> None:
        self._lock: Any = context.Lock()
        self._cells: Any = context.RawArray(ctypes.c_longlong, 6)
        self._cells[_GENERATION] = _CLOSED
        # The generation whose probabilities each unit's row holds: a row is used only when it is this batch's,
        # whatever the positions above say (a stale row from an earlier batch is never read as this one's).
        self._written: Any = context.RawArray(ctypes.c_longlong, UNITS)
        self._timeout_s = timeout_s

    def open(self, generation: int, units: int, model: tuple[int, int] = (0, 0)) -> None:
        """Start a batch of ``units`` units (the worker, before it hands the batch over), of which those in the
        ``model`` range ``(start, stop)`` need a model run (the others are remembered)."""
        with self._locked():
            cells = self._cells
            cells[_GENERATION], cells[_FRONT], cells[_BACK] = generation, 0, units
            if not 0 <= model[0] <= model[1] <= UNITS:
                raise ValueError(f"model range {model} is not within 0..{UNITS}")
            cells[_MODEL_START], cells[_MODEL_END] = model
            cells[_MODEL_NEXT] = model[0]

    def take_front(self, generation: int) -> tuple[int, int] | None:
        """The worker's next units ``(start, stop)``, or ``None`` when the two ends have met."""
        with self._locked():
            return self._front_claim(generation)

    def take_first(self, generation: int) -> tuple[int, int] | None:
        """The worker's first claim, which it runs the model for itself (the helper is still to wake): the helper's
        model runs start after it."""
        with self._locked():
            claim = self._front_claim(generation)
            if claim is not None:
                self._skip_model(claim[1])
            return claim

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

    def take_rows(self, generation: int, ends: list[int]) -> tuple[int, int] | None:
        """The helper's next model chunk ``(start, stop)``: from where the model's range was reached to the next of
        the chunk ``ends`` (ascending), or ``None`` when the range is done or the batch closed."""
        with self._locked():
            cells = self._cells
            start, end = cells[_MODEL_NEXT], cells[_MODEL_END]
            if cells[_GENERATION] != generation or start >= end:
                return None
            k = bisect.bisect_right(ends, start)
            stop = min(ends[k] if k < len(ends) else end, end)
            cells[_MODEL_NEXT] = stop
            return start, stop

    def publish(self, generation: int, start: int, stop: int) -> None:
        """The helper has written the probabilities of units ``start`` to ``stop``. Under the lock, so that the
        worker, which reads this under the lock too, sees the rows written before it."""
        with self._locked():
            if self._cells[_GENERATION] == generation:
                self._written[start:stop] = [generation] * (stop - start)

    def rows(self, generation: int, start: int, stop: int) -> Rows:
        """Where the probabilities of the worker's claim ``(start, stop)`` come from. ``OWN`` moves the model's next
        unit past the claim, so that the helper skips it (units it is computing now are computed twice)."""
        with self._locked():
            cells = self._cells
            if cells[_GENERATION] != generation:
                return Rows.OWN
            inside = cells[_MODEL_START] <= start and stop <= cells[_MODEL_END]
            if inside and self._all_written(generation, start, stop):
                return Rows.READY
            if inside and stop <= cells[_MODEL_NEXT]:
                return Rows.PENDING
            self._skip_model(stop)
            return Rows.OWN

    def await_rows(self, generation: int, start: int, stop: int, wait_s: float) -> bool:
        """Wait at most ``wait_s`` for the helper to publish the probabilities of units ``start`` to ``stop``;
        whether it did."""
        deadline = time.monotonic() + wait_s
        while True:
            with self._locked():
                if self._cells[_GENERATION] != generation:
                    return False
                if self._all_written(generation, start, stop):
                    return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0)  # the GIL and the core to others; the helper's chunk takes about a millisecond

    def _front_claim(self, generation: int) -> tuple[int, int] | None:
        front, back = self._cells[_FRONT], self._cells[_BACK]
        if self._cells[_GENERATION] != generation or front >= back:
            return None
        stop = front + claim_size(back - front)
        self._cells[_FRONT] = stop
        return front, stop

    def _skip_model(self, stop: int) -> None:
        """The worker runs the model for the units before ``stop``: the helper's next model run starts past them."""
        self._cells[_MODEL_NEXT] = max(self._cells[_MODEL_NEXT], min(stop, self._cells[_MODEL_END]))

    def _all_written(self, generation: int, start: int, stop: int) -> bool:
        return all(written == generation for written in self._written[start:stop])

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        if not self._lock.acquire(timeout=self._timeout_s):
            raise ClaimsLost(f"the claims' lock was not free within {self._timeout_s} s")
        try:
            yield
        finally:
            self._lock.release()
