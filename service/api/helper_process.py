"""The batch helper's own side (``service.api.helper`` is the worker's): a forked copy of the worker that runs the
model over each batch's queue, publishing the probabilities for the worker (``service.api.rows``), then claims
texts from the back of the queue (``service.api.claims``) and answers the items it classified."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from service.api.claims import Claims
from service.api.convert import Render
from service.api.parts import READY, Batch, Part, classify_part, decode_batch, encode_refusal, encode_reply
from service.api.rows import SharedRows
from service.api.state import ClassifierHolder
from service.bundle import chunk_ends
from service.classifier import Classifier

# The helper's name in ps, top and /proc/<pid>/comm (Linux truncates it to 15 bytes).
PROCESS_NAME = "hscc-helper"


def serve(
    holder: ClassifierHolder,
    renders: Mapping[str, Render],
    claims: Claims,
    rows: SharedRows,
    cache_size: int,
    conn: Connection,
    workers_end: Connection | None = None,
    bundle_dir: Path | None = None,
) -> None:
    """The helper process: answer batches until the worker closes its end, remembering at most ``cache_size``
    answers. ``workers_end``: the worker's end of the pipe, closed here (a fork has a copy). ``bundle_dir``: the
    model to serve when it is not the one the holder had when this process was forked (a replacement forked from
    the spare after a reload, ``service.api.spare``); one that does not load ends the process before it is ready,
    and the worker goes on alone."""
    if workers_end is not None:
        workers_end.close()
    become(PROCESS_NAME)
    classifier = holder.classifier
    if bundle_dir is not None and bundle_dir.resolve() != classifier.bundle.path.resolve():
        classifier = holder.build(bundle_dir)
    classifier.limit_cache(cache_size)
    try:
        conn.send_bytes(READY)
    except OSError:
        return
    while True:
        try:
            message = orjson.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        if "load" in message:
            try:
                classifier = holder.build(Path(message["load"]))
                classifier.limit_cache(cache_size)
                conn.send_bytes(orjson.dumps({"version": classifier.version}))
            except Exception as exc:  # any failure keeps the old model, as the worker's reload does
                conn.send_bytes(orjson.dumps({"version": classifier.version, "error": str(exc)}))
            continue
        conn.send_bytes(answer(classifier, renders, claims, rows, message))


def become(name: str) -> None:
    """Set up a process forked from the worker (the helper, or the spare): named ``name`` in ps, and deaf to the
    worker's signals. Ctrl-C and the service manager's signals go to the worker, which closes the pipe; the
    worker's own signal handlers (uvicorn's, SIGHUP's reload) are not this process's."""
    with contextlib.suppress(OSError):  # Linux only; elsewhere it keeps the worker's name
        Path("/proc/self/comm").write_text(name)
    signal.set_wakeup_fd(-1)
    for sig in (signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def answer(
    classifier: Classifier, renders: Mapping[str, Render], claims: Claims, rows: SharedRows, message: dict[str, Any]
) -> bytes:
    """Run the model over the queue's model range, then claim units from the back of the queue until it is empty;
    the items of those units, in the batch's order."""
    if message["version"] != classifier.version:
        return encode_refusal("stale")  # claims nothing: the worker takes every unit
    generation, starts = message["generation"], message["starts"]
    try:
        batch = decode_batch(message)
        view = rows.view(len(classifier.bundle.card.labels))
        ran = _run_model(classifier, batch, starts, claims, generation, message["model"], view)
        parts: list[Part] = []
        first = len(starts) - 1
        while (claim := claims.take_back(generation)) is not None:
            first, stop = claim
            positions = list(range(starts[first], starts[stop]))
            # With the rows this process computed (the others are remembered, or were the worker's to run).
            counts = np.diff(starts[first : stop + 1])
            proba = np.repeat(view[first:stop], counts, axis=0) if ran[first:stop].all() else None
            parts.append(classify_part(classifier, batch.take(positions), renders, prefetch=False, proba=proba))
    except Exception:  # the worker runs the units itself, and its error is the one reported
        return encode_refusal("failed")
    return encode_reply(first, [item for part in reversed(parts) for item in part])


def _run_model(
    classifier: Classifier,
    batch: Batch,
    starts: list[int],
    claims: Claims,
    generation: int,
    model: list[int],
    view: np.ndarray,
) -> np.ndarray:
    """Run the model over the units of the ``model`` range that the worker has not taken, chunk by chunk in the
    queue's order, writing each unit's probabilities to ``view`` and publishing them; which units it ran."""
    ran = np.zeros(len(starts) - 1, dtype=bool)
    low, high = model
    if high <= low:
        return ran
    texts = [batch.texts[starts[u]] for u in range(low, high)]
    ends = [low + end for end in chunk_ends(texts)]
    bundle = classifier.bundle
    while (chunk := claims.take_rows(generation, ends)) is not None:
        start, stop = chunk
        view[start:stop] = bundle.predict_proba([bundle.model_input(t) for t in texts[start - low : stop - low]])
        ran[start:stop] = True
        claims.publish(generation, start, stop)
    return ran
