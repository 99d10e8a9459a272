"""The batch helper's own side (``service.api.helper`` is the worker's): a forked copy of the worker that claims
texts from the back of each batch's queue (``service.api.claims``) and answers the items it classified."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import orjson

from service.api.claims import Claims
from service.api.convert import Render
from service.api.parts import READY, Part, classify_part, decode_batch, encode_refusal, encode_reply
from service.api.state import ClassifierHolder
from service.classifier import Classifier

# The helper's name in ps, top and /proc/<pid>/comm (Linux truncates it to 15 bytes).
PROCESS_NAME = "hscc-helper"


def serve(
    holder: ClassifierHolder,
    renders: Mapping[str, Render],
    claims: Claims,
    cache_size: int,
    conn: Connection,
    workers_end: Connection,
) -> None:
    """The helper process: answer batches until the worker closes its end, remembering at most ``cache_size``
    answers."""
    workers_end.close()
    with contextlib.suppress(OSError):  # Linux only; elsewhere it keeps the worker's name
        Path("/proc/self/comm").write_text(PROCESS_NAME)
    # Ctrl-C and the service manager's signals go to the worker, which closes the pipe; the worker's own signal
    # handlers (uvicorn's, SIGHUP's reload) are not this process's.
    signal.set_wakeup_fd(-1)
    for sig in (signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    classifier = holder.classifier
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
        conn.send_bytes(answer(classifier, renders, claims, message))


def answer(classifier: Classifier, renders: Mapping[str, Render], claims: Claims, message: dict[str, Any]) -> bytes:
    """Claim units from the back of the queue until it is empty; the items of those units, in the batch's order."""
    if message["version"] != classifier.version:
        return encode_refusal("stale")  # claims nothing: the worker takes every unit
    generation, starts = message["generation"], message["starts"]
    try:
        batch = decode_batch(message)
        parts: list[Part] = []
        first = len(starts) - 1
        while (claim := claims.take_back(generation)) is not None:
            first = claim[0]
            positions = list(range(starts[claim[0]], starts[claim[1]]))
            parts.append(classify_part(classifier, batch.take(positions), renders, prefetch=False))
    except Exception:  # the worker runs the units itself, and its error is the one reported
        return encode_refusal("failed")
    return encode_reply(first, [item for part in reversed(parts) for item in part])
