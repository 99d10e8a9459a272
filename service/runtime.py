"""Interpreter settings the service applies while it runs (the server's lifespan, a CLI batch run).

A large batch is classified by two threads (``ModelBundle.iter_proba``): a helper runs the model on the next
chunk of texts while the caller decides on the current one. onnxruntime releases the GIL while it computes,
but the helper needs the GIL again to return each chunk and to start the next. With Python's default switch
interval (5 ms) it waits until the caller gives the GIL up on its own, which the caller does only after
deciding its whole chunk: the model's thread idles while the other side runs Python. A shorter interval lets
the helper take the GIL within that time instead. In one process, alternating batch by batch (150 100-item
batches each), a batch took 8.41 ms p50 at 5 ms, 6.83 at 1 ms, 6.71 at 200 µs and 6.57 at 50 µs; the model's
own time went from 7.73 to 6.18 ms at 200 µs, about what it takes alone (benchmarks/README.md, eleventh
session). The interval is process-wide, so it is set where the process is owned, not inside the model code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gil_switch_interval(microseconds: int | None) -> Iterator[None]:
    """Run the block with the interpreter's thread switch interval at ``microseconds`` (None: leave it as it
    is), and restore the previous interval afterwards."""
    if microseconds is None:
        yield
        return
    previous = sys.getswitchinterval()
    sys.setswitchinterval(microseconds / 1e6)
    try:
        yield
    finally:
        sys.setswitchinterval(previous)
