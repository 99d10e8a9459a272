"""``python -m benchmarks.timeline [--batches 60] [--items 100]``: when each step of a large request happens, in
the worker and in its batch helper, measured from the request's start.

The whole application is called through ASGI, as ``benchmarks.asgi_bench`` does (no socket), with its batch helper
process (``service.api.helper``), the answer cache off, each batch's descriptions sent once. The steps are timed by
wrapping the functions that take them, in this process before the helper is forked, so that the helper runs the
wrapped ones too; the helper writes its times to memory the two share (a file write would delay its answer). Both
processes read ``time.perf_counter`` (the monotonic clock on Linux, the same in both).

What it shows, as median, p10 and p90 over the batches (ms since the request started):

- ``validated``: the body parsed and validated (the endpoint starts);
- ``thread started``: the worker thread the endpoint hands a large request to has started;
- ``helper received``: the helper has the batch (the worker's hand-over, ``BatchHelper.open``, before it);
- ``worker first claim done``: the worker's first claim, which it runs the model for itself;
- ``helper model done``: the helper has run the model over the rest of the queue and published it;
- ``worker claims done``, ``helper replied``: each process has decided its last claim (the helper has rendered
  its items and is sending them);
- ``finishing``, ``finished``: the worker ends the batch and waits for the helper's items, then has them
  (``SharedBatch.finish``);
- ``thread done``, ``answered``: the worker thread has returned; the response is sent.

And per batch: the texts each process decided, those the worker decided with the helper's probabilities, and the
helper's model microseconds per text it ran. The serial parts, where one process waits for the other or for the
framework, are ``helper received`` at the start and, at the end, ``answered`` minus the later of ``worker claims
done`` and ``helper replied`` (``serial end``); of that, ``helper items in hand after both were done`` is from the
later of ``finishing`` and ``helper replied`` to ``finished`` (the helper's send, the worker's wake-up and
reading). Timing adds a few microseconds a step; the figures are for comparing steps, not for the targets (those
are ``make bench``'s).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import json
import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks.asgi_bench import post_classify
from benchmarks.texts import request_json, sample_descriptions
from service.api import helper as worker_side
from service.api import helper_process as helper_side
from service.api import routes
from service.api.app import create_app
from service.config import Settings

OUT = Path(__file__).resolve().parent / "out"
REPO = Path(__file__).resolve().parent.parent
now = time.perf_counter

Events = list[tuple[Any, ...]]  # (step, time, ...)


def _wrap(
    events: Events | SharedEvents,
    step: str,
    fn: Callable[..., Any],
    extra: Callable[..., tuple[Any, ...]] | None = None,
) -> Callable[..., Any]:
    """``fn``, noting ``(step, start, end, *extra(args, kwargs, result))`` in ``events`` for each call."""

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = now()
        out = fn(*args, **kwargs)
        events.append((step, start, now(), *(extra(args, kwargs, out) if extra else ())))
        return out

    return timed


def _claimed(args: tuple[Any, ...], kwargs: dict[str, Any], _: Any) -> tuple[int, bool]:
    """A claim's texts (``classify_part``'s batch) and whether it came with the other process's probabilities."""
    return len(args[1].texts), kwargs.get("proba") is not None


def _ran(args: tuple[Any, ...], kwargs: dict[str, Any], ran: Any) -> tuple[int]:
    """The units the helper ran the model for (``helper_process._run_model``'s result)."""
    return (int(ran.sum()),)


class SharedEvents:
    """The helper's events of the current batch, in memory shared across the fork: ``(step, start, end, a, b)``
    as five numbers each (``a``, ``b``: the counts ``_wrap``'s ``extra`` gives, else 0)."""

    STEPS = ("received", "model", "claim", "replied")
    WIDTH = 5

    def __init__(self, capacity: int = 256) -> None:
        self._cells: Any = multiprocessing.get_context("fork").RawArray(ctypes.c_double, 1 + capacity * self.WIDTH)
        self._capacity = capacity

    def clear(self) -> None:
        self._cells[0] = 0

    def append(self, event: tuple[Any, ...]) -> None:
        k = int(self._cells[0])
        if k < self._capacity:
            step, start, end, *extra = event
            row = [float(self.STEPS.index(step)), start, end, *(float(x) for x in extra), 0.0, 0.0][: self.WIDTH]
            self._cells[1 + k * self.WIDTH : 1 + (k + 1) * self.WIDTH] = row
            self._cells[0] = k + 1

    def read(self) -> Events:
        k = int(self._cells[0])
        rows = [self._cells[1 + i * self.WIDTH : 1 + (i + 1) * self.WIDTH] for i in range(k)]
        return [(self.STEPS[int(r[0])], r[1], r[2], int(r[3]), bool(r[4])) for r in rows]


@contextlib.contextmanager
def instrumented(worker: Events, helper: SharedEvents) -> Iterator[None]:
    """The request's steps timed into ``worker`` (this process) and ``helper`` (written by the forked helper),
    until the block ends."""
    answer = helper_side.answer

    def helper_answer(*args: Any) -> bytes:
        helper.clear()
        received = now()
        helper.append(("received", received, received))
        reply = answer(*args)
        replied = now()
        helper.append(("replied", replied, replied))
        return reply

    patches = [
        (routes, "_check_items", _wrap(worker, "validated", routes._check_items)),
        (routes, "_rendered_results", _wrap(worker, "thread", routes._rendered_results)),
        (worker_side, "classify_part", _wrap(worker, "claim", worker_side.classify_part, _claimed)),
        (worker_side.SharedBatch, "finish", _wrap(worker, "finish", worker_side.SharedBatch.finish)),
        (worker_side.BatchHelper, "open", _wrap(worker, "open", worker_side.BatchHelper.open)),
        (helper_side, "answer", helper_answer),
        (helper_side, "_run_model", _wrap(helper, "model", helper_side._run_model, _ran)),
        (helper_side, "classify_part", _wrap(helper, "claim", helper_side.classify_part, _claimed)),
    ]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    try:
        for owner, name, fn in patches:
            setattr(owner, name, fn)
        yield
    finally:
        for owner, name, fn in saved:
            setattr(owner, name, fn)


def steps(start: float, done: float, worker: Events, helper: Events) -> dict[str, float]:
    """One batch's milestones (ms since ``start``) and counts, from its events; empty when the helper took no
    part, or had not replied when the worker answered (nothing to compare)."""
    first = {e[0]: e for e in reversed(worker)}  # the first event of each step
    claims = [e for e in worker if e[0] == "claim"]
    theirs = [e for e in helper if e[0] == "claim"]
    model = [e for e in helper if e[0] == "model"]
    # The helper's events are read when the worker has answered: a helper that held no claim may not have replied
    # by then (the worker does not wait for it), and its batch is left out.
    if "finish" not in first or not claims or not helper or helper[-1][0] != "replied":
        return {}
    ms = 1000.0

    def at(t: float) -> float:
        return (t - start) * ms

    worker_texts = sum(e[3] for e in claims)
    published = sum(e[3] for e in claims if e[4])
    out = {
        "validated": at(first["validated"][1]),
        "thread started": at(first["thread"][1]),
        "helper received": at(helper[0][1]),
        "worker first claim done": at(claims[0][2]),
        "helper model done": at(model[0][2]) if model else at(helper[0][1]),
        "worker claims done": at(claims[-1][2]),
        "helper replied": at(helper[-1][1]),
        "finishing": at(first["finish"][1]),
        "finished": at(first["finish"][2]),
        "thread done": at(first["thread"][2]),
        "answered": at(done),
        "worker texts": float(worker_texts),
        "worker texts with the helper's probabilities": float(published),
        "helper texts": float(sum(e[3] for e in theirs)),
    }
    out["serial end"] = out["answered"] - max(out["worker claims done"], out["helper replied"])
    out["helper items in hand after both were done"] = out["finished"] - max(out["finishing"], out["helper replied"])
    if model and model[0][3]:
        out["helper model µs a text it ran"] = (model[0][2] - model[0][1]) * 1e6 / model[0][3]
    return out


async def _run(
    app: Any, bodies: list[bytes], worker: Events, helper: SharedEvents, warm_up: int
) -> list[dict[str, float]]:
    out = []
    async with app.router.lifespan_context(app):
        batch_helper = app.state.helper
        if batch_helper is None or not batch_helper.wait_ready(30):
            raise RuntimeError("no batch helper: this measures a batch the worker and its helper share")
        for k, body in enumerate(bodies):
            worker.clear()
            helper.clear()
            start = now()
            status = await post_classify(app, body)
            done = now()
            if status != 200:
                raise RuntimeError(f"status {status}")
            if k >= warm_up:  # the helper has replied: the worker had its answer
                out.append(steps(start, done, list(worker), helper.read()))
    return out


def summarize(batches: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    """Median, p10 and p90 of each figure over the batches the helper took part in."""
    shared = [b for b in batches if b]
    if not shared:
        raise RuntimeError("the helper took part in no batch")
    out = {}
    for key in shared[0]:
        values = sorted(b[key] for b in shared)
        n = len(values)
        out[key] = {
            "median": round(statistics.median(values), 3),
            "p10": round(values[n // 10], 3),
            "p90": round(values[min(n - 1, n * 9 // 10)], 3),
        }
    return out


def table(summary: dict[str, dict[str, float]], batches: int) -> str:
    lines = ["| step or figure | median | p10 | p90 |", "|---|---:|---:|---:|"]
    lines += [f"| {k} | {v['median']:.2f} | {v['p10']:.2f} | {v['p90']:.2f} |" for k, v in summary.items()]
    return "\n".join(lines) + f"\n\n{batches} batches the helper took part in; times in ms since the request started\n"


def measure(batches: list[list[str]], model_dir: Path, warm_up: int = 5) -> list[dict[str, float]]:
    """``steps`` of each of ``batches`` after the first ``warm_up``, each sent once through the application with its
    batch helper (the answer cache off)."""
    bodies = [request_json(batch).encode() for batch in batches]
    worker: Events = []
    helper = SharedEvents()
    with instrumented(worker, helper):
        # Built inside: the app's lifespan forks the helper, which must have the timed functions.
        app = create_app(Settings(model_dir=model_dir, cache_size=0, log_level="WARNING"))
        return asyncio.run(_run(app, bodies, worker, helper, warm_up))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.timeline", description=__doc__)
    ap.add_argument("--model-dir", type=Path, default=REPO / "models")
    ap.add_argument("--batches", type=int, default=60, help="timed batches (after 5 to warm up)")
    ap.add_argument("--items", type=int, default=100, help="descriptions per batch")
    args = ap.parse_args(argv)
    texts = sample_descriptions(OUT, (args.batches + 5) * args.items)
    batches = measure([texts[k : k + args.items] for k in range(0, len(texts), args.items)], args.model_dir)
    summary = summarize(batches)
    print(json.dumps({"items": args.items, "batches": len(batches), "steps": summary}))
    print(table(summary, sum(1 for b in batches if b)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
