"""A second process for large batches: a copy of the worker, forked once it is ready, classifies part of a
batch while the worker classifies the rest.

Why a process: the decisions are Python and hold the GIL, and they cost as much as the model, so a worker's
threads cannot use both cores for one batch (benchmarks/README.md: the model's thread waits while the other
decides). Two processes each take half of the texts that need a model run, model and decisions, and render their
items as JSON (``BatchHelper.share``: a repeat goes with its text, and what either process remembers stays with it).

Forked, not spawned: the copy shares the loaded model, control list and naming patterns with the worker (the
pages stay shared until written), and starts at once. It is forked at start-up, after the heap is frozen and
before the worker has started a Python thread of its own (a fork copies only the calling thread; uvloop's idle
resolver threads hold nothing the helper uses), and it runs one thread. Where there is no fork (Windows), the
worker runs without a helper.

Anything that goes wrong with the helper costs only speed, never an answer: when it is busy with another
request, serves another model version, has died or does not answer in time, the caller classifies that part
itself (``BatchHelper.submit`` returns ``None``, ``Pending.result`` returns ``None``). A helper that died or
timed out is not replaced (forking again from a worker that now runs threads is not safe); the worker goes on
alone and logs it.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import signal
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import orjson

from service.api.convert import RENDERS, Render
from service.api.state import ClassifierHolder
from service.classifier import Classifier

log = logging.getLogger("service.helper")
# The helper's name in ps, top and /proc/<pid>/comm (Linux truncates it to 15 bytes).
PROCESS_NAME = "hscc-helper"

Part = list[tuple[str, bytes]]  # (verdict, item rendered as JSON) per item, in order
# From this many distinct texts that need a model run, a batch is shared with the helper. Chosen, not measured: the
# API answers up to 16 items on its event loop as too small to be worth a thread hop (``service.api.routes``), and a
# hand-over to another process costs more than a hop.
SHARE_LEAST = 17


@dataclass(frozen=True)
class Batch:
    """Items of one request to classify: their ids and texts, and the request's parameters."""

    ids: list[str]
    texts: list[str]
    top_k: int
    destination: str | None
    as_of: date
    detail: str  # how its items are rendered: a key of the renders (the API's ``RENDERS``: "full", "compact")

    def take(self, positions: list[int]) -> Batch:
        """The items at ``positions``, in that order, with the same parameters."""
        return replace(self, ids=[self.ids[k] for k in positions], texts=[self.texts[k] for k in positions])


def classify_part(
    classifier: Classifier, batch: Batch, renders: Mapping[str, Render] = RENDERS, prefetch: bool = True
) -> Part:
    """Each text's verdict and its item rendered as JSON (``renders[batch.detail]``), in order: what the worker and
    its helper both run."""
    render = renders[batch.detail]
    out: list[tuple[str, bytes] | None] = [None] * len(batch.texts)
    for k, p in classifier.iter_predict(batch.texts, batch.top_k, batch.destination, batch.as_of, prefetch=prefetch):
        out[k] = (p.status, orjson.dumps(render(batch.ids[k], p, classifier.controls)))
    missing = [k for k, r in enumerate(out) if r is None]
    if missing:  # a broken classifier must not shorten the answer silently
        raise RuntimeError(f"no prediction for items {missing[:5]}")
    return [r for r in out if r is not None]


def classify_shared(
    classifier: Classifier, batch: Batch, helper: BatchHelper | None, renders: Mapping[str, Render] = RENDERS
) -> Part:
    """``classify_part`` of ``batch``, with ``helper.share`` of it classified by ``helper`` meanwhile (each
    process in one thread: the other core is the other's). What the helper cannot take, or does not give back,
    is classified here too."""
    theirs = helper.share(classifier, batch) if helper is not None else []
    pending = helper.submit(classifier, batch.take(theirs)) if helper is not None and theirs else None
    if pending is None:
        return classify_part(classifier, batch, renders)
    taken = set(theirs)
    mine = [k for k in range(len(batch.texts)) if k not in taken]
    try:
        part = classify_part(classifier, batch.take(mine), renders, prefetch=False)
    finally:  # always collected, so that the helper is free for the next batch
        answered = pending.result()
    if answered is None:
        answered = classify_part(classifier, batch.take(theirs), renders)
    out: list[tuple[str, bytes] | None] = [None] * len(batch.texts)
    for positions, rendered in ((mine, part), (theirs, answered)):
        for k, item in zip(positions, rendered, strict=True):
            out[k] = item
    return [item for item in out if item is not None]


def _encode_part(part: Part) -> tuple[bytes, bytes]:
    header = orjson.dumps({"status": [s for s, _ in part], "sizes": [len(b) for _, b in part]})
    return header, b"".join(b for _, b in part)


def _decode_part(header: bytes, body: bytes) -> Part:
    head = orjson.loads(header)
    out: Part = []
    start = 0
    for status, size in zip(head["status"], head["sizes"], strict=True):
        out.append((status, body[start : start + size]))
        start += size
    return out


class Pending:
    """A part of a batch handed to the helper; ``result`` waits for it (once)."""

    def __init__(self, helper: BatchHelper, count: int) -> None:
        self._helper: BatchHelper | None = helper
        self._count = count

    def result(self) -> Part | None:
        """The helper's items, or ``None`` when the caller must classify them itself."""
        helper, self._helper = self._helper, None
        if helper is None:
            raise RuntimeError("the helper's part was already collected")
        return helper._receive(self._count)


class BatchHelper:
    """The worker's side of one forked helper process (``start``, ``submit``, ``reload``, ``close``)."""

    def __init__(self, holder: ClassifierHolder, timeout_s: float, renders: Mapping[str, Render] = RENDERS) -> None:
        """``renders``: how the helper renders an item, by ``Batch.detail`` (the API's payloads by default)."""
        self._holder = holder
        self._timeout_s = timeout_s
        self._renders = dict(renders)
        self._conn: Connection | None = None
        self._process: BaseProcess | None = None
        self._version: str | None = None  # the model the helper serves
        self._busy = threading.Lock()  # one part at a time; a request that finds it taken works alone
        self.parts_answered = 0
        # The keys of the helper's answer cache, as the worker handed them over: its cache is the worker's size and
        # is filled only by what it is handed, so this is what it remembers (``share``), but for the order within a
        # part near the cache's end (a wrong guess costs a model run, never an answer). Emptied when the helper
        # loads another model.
        self._given: OrderedDict[tuple[str, int, str | None, date], None] = OrderedDict()
        self._given_size = holder.settings.cache_size

    @property
    def alive(self) -> bool:
        """The helper takes parts: started, not retired, and its process running (a helper that died between
        batches reads as not alive here, and in /metrics, before a batch finds it gone)."""
        process = self._process
        return self._conn is not None and process is not None and process.is_alive()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def version(self) -> str | None:
        """The model version the helper serves."""
        return self._version

    def start(self) -> None:
        """Fork the helper from the ready worker (its classifier is the one the holder serves now)."""
        try:
            context = multiprocessing.get_context("fork")
        except ValueError:
            log.warning("no fork on this platform: large batches run in this worker alone")
            return
        ours, theirs = context.Pipe(duplex=True)
        process = context.Process(
            target=_serve, args=(self._holder, self._renders, theirs, ours), name="hscc-batch-helper", daemon=True
        )
        process.start()
        theirs.close()  # the helper's end: the worker keeps only its own, so the helper sees EOF if it ends
        self._conn, self._process, self._version = ours, process, self._holder.classifier.version
        log.info("batch helper started", extra={"pid": process.pid, "model_version": self._version})

    def share(self, classifier: Classifier, batch: Batch) -> list[int]:
        """The positions of ``batch`` to hand to the helper: those of the texts it remembers, and of half of the
        distinct texts that need a model run in either process (those the worker remembers stay with the worker),
        every repeat with its text, so that neither process computes a text the other does or has. No positions
        when fewer than ``SHARE_LEAST`` distinct texts would need a run here."""
        groups: dict[str, list[int]] = {}
        for k, text in enumerate(batch.texts):
            positions = groups.get(text)
            if positions is not None:
                positions.append(k)
            elif not classifier.remembered(text, batch.top_k, batch.destination, batch.as_of):
                groups[text] = [k]
        if len(groups) < SHARE_LEAST:
            return []
        kept = [t for t in groups if (t, batch.top_k, batch.destination, batch.as_of) in self._given]
        known = set(kept)
        todo = [t for t in groups if t not in known]
        return sorted(k for text in kept + todo[len(todo) // 2 :] for k in groups[text])

    def submit(self, classifier: Classifier, batch: Batch) -> Pending | None:
        """Hand ``batch`` to the helper, or ``None`` (busy, gone, another model): classify it yourself."""
        if self._conn is None or classifier.version != self._version or not self._busy.acquire(blocking=False):
            return None
        request = {**asdict(batch), "as_of": batch.as_of.isoformat(), "version": classifier.version}
        try:
            self._conn.send_bytes(orjson.dumps(request))
        except (OSError, ValueError) as exc:
            self._retire(f"cannot reach it ({exc})")
            self._busy.release()
            return None
        if self._given_size:
            for text in batch.texts:
                key = (text, batch.top_k, batch.destination, batch.as_of)
                self._given[key] = None
                self._given.move_to_end(key)
            while len(self._given) > self._given_size:
                self._given.popitem(last=False)
        return Pending(self, len(batch.texts))

    def _receive(self, count: int) -> Part | None:
        try:
            conn = self._conn
            if conn is None:
                return None
            if not conn.poll(self._timeout_s):
                self._retire(f"no answer in {self._timeout_s} s")
                return None
            header = conn.recv_bytes()
            if header in (b"stale", b"failed"):  # another model than the request's (between a reload and the
                return None  # helper's own), or the part raised there: the caller's own run will say why
            part = _decode_part(header, conn.recv_bytes())
            if len(part) != count:
                self._retire(f"answered {len(part)} items for {count}")
                return None
            self.parts_answered += 1
            return part
        except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
            self._retire(f"broken answer ({exc!r})")
            return None
        finally:
            self._busy.release()

    def reload(self, bundle_dir: Path) -> None:
        """Have the helper load the bundle the worker now serves (it loads fully, then swaps, as the worker did).
        Requests meanwhile find it busy and work alone."""
        if self._conn is None:
            return
        with self._busy:
            try:
                self._conn.send_bytes(orjson.dumps({"load": str(bundle_dir)}))
                if not self._conn.poll(max(self._timeout_s, 60.0)):
                    self._retire("no answer to a reload")
                    return
                answer = orjson.loads(self._conn.recv_bytes())
            except (OSError, EOFError, ValueError) as exc:
                self._retire(f"reload failed ({exc!r})")
                return
            self._version = answer.get("version")
            self._given.clear()  # a new classifier, with an empty cache
            log.info("batch helper reloaded", extra={"model_version": self._version, "reason": answer.get("error")})

    def close(self) -> None:
        conn, process = self._conn, self._process
        self._conn = self._process = None
        if conn is not None:
            conn.close()  # the helper sees EOF and ends
        if process is not None:
            process.join(timeout=2)
            if process.is_alive():
                process.kill()
                process.join(timeout=2)

    def _retire(self, reason: str) -> None:
        log.error("batch helper retired; large batches now run in this worker alone", extra={"reason": reason})
        process, self._process = self._process, None
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
        if process is not None and process.is_alive():
            process.kill()
            process.join(timeout=2)


def _serve(holder: ClassifierHolder, renders: Mapping[str, Render], conn: Connection, workers_end: Connection) -> None:
    """The helper process: answer parts until the worker closes its end."""
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
    while True:
        try:
            message = orjson.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        if "load" in message:
            try:
                classifier = holder.build(Path(message["load"]))
                conn.send_bytes(orjson.dumps({"version": classifier.version}))
            except Exception as exc:  # any failure keeps the old model, as the worker's reload does
                conn.send_bytes(orjson.dumps({"version": classifier.version, "error": str(exc)}))
            continue
        try:
            version = message.pop("version")
            if version != classifier.version:
                conn.send_bytes(b"stale")
                continue
            batch = Batch(**{**message, "as_of": date.fromisoformat(message["as_of"])})
            part = classify_part(classifier, batch, renders, prefetch=False)
        except Exception:  # the worker runs the part itself, and its error is the one reported
            conn.send_bytes(b"failed")
            continue
        header, body = _encode_part(part)
        conn.send_bytes(header)
        conn.send_bytes(body)
