"""A second process for large batches: a copy of the worker, forked once it is ready, classifies part of a
batch while the worker classifies the rest.

Why a process: the decisions are Python and hold the GIL, and they cost as much as the model, so a worker's
threads cannot use both cores for one batch (benchmarks/JOURNAL.md: the model's thread waits while the other
decides). Two processes can: they share out the batch's texts as they go (``service.api.claims``: the worker
claims from the front of one queue, the helper from the back, until they meet), decide them, and render their
items as JSON. The worker runs the model for its first claim; the helper runs it for the rest first, in chunks,
and publishes the probabilities (``service.api.rows``), which the worker decides its later claims with; then the
helper claims from the back. A repeat goes with its text, and what either process remembers is at its own end of
the queue (``BatchHelper.queue``). The answers do not depend on who classified what: a text's probabilities are its
own, whatever it is run with (``training.optimize.SLOT_ALIGN``).

Forked, not spawned: the copy shares the loaded model, control list and naming patterns with the worker (the
pages stay shared until written), and starts at once. It is forked at start-up, after the heap is frozen and
before the worker has started a Python thread of its own (a fork copies only the calling thread; uvloop's idle
resolver threads hold nothing the helper uses), and it runs one thread. Where there is no fork (Windows), the
worker runs without a helper.

Anything that goes wrong with the helper costs only speed, never an answer: when it is busy with another
request, serves another model version, has died or does not answer in time, the worker classifies what it did
not answer (``BatchHelper.open`` returns ``None``; ``SharedBatch.finish`` returns no part). A helper that has not
woken by the time the worker reaches the end of the queue costs nothing: the worker does not wait for a helper
that holds no claim. A helper that died, or did not answer within its timeout, is stopped, and the worker goes on
alone. Where the worker keeps a spare (``HSCC_BATCH_HELPER_SPARE``, off by default for the memory it costs), the
helper is replaced by a fork of the spare at most once every ``replace_s`` seconds (``service.api.spare``: forking
the worker again, which now runs threads, would not be safe); otherwise it is not replaced until the worker
restarts. Both are logged.

This module is the worker's side; the helper's own is ``service.api.helper_process``, and what both run, and the
messages between them, ``service.api.parts``.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path
from typing import NamedTuple

import numpy as np
import orjson

from service.api.claims import Claims, ClaimsLost, Rows
from service.api.convert import RENDERS, Render
from service.api.helper_process import serve
from service.api.parts import READY, Batch, Part, classify_part, decode_reply, encode_batch
from service.api.rows import SharedRows
from service.api.spare import Child, Spare, SpareLost
from service.api.state import ClassifierHolder
from service.classifier import Classifier

log = logging.getLogger("service.helper")
# How long the worker waits for probabilities the helper is computing before it runs the model for its claim itself:
# about what one of the helper's chunks takes. A helper that misses it is late for the rest of the batch: the
# worker then runs the model for each claim the helper has not published yet (a slow helper costs model runs,
# not waits).
ROWS_WAIT_S = 0.002
# From this many distinct texts that need a model run, a batch is shared with the helper. Chosen, not measured: the
# API answers up to 16 items on its event loop as too small to be worth a thread hop (``service.api.routes``), and a
# hand-over to another process costs more than a hop.
SHARE_LEAST = 17
# The helper remembers this share of what the worker does (a quarter): its private pages count against a worker's
# 200 MB in ``make bench``, and a full-size cache put a worker and its helper at 191.0 MB after load against 186.5
# with a quarter (``python -m benchmarks.ab``, benchmarks/JOURNAL.md, twenty-sixth session).
HELPER_CACHE_SHARE = 4


def classify_shared(
    classifier: Classifier, batch: Batch, helper: BatchHelper | None, renders: Mapping[str, Render] = RENDERS
) -> Part:
    """``classify_part`` of ``batch``, shared with ``helper`` when it takes it: both processes claim the batch's
    texts as they go, each in one thread (the other core is the other's). What the helper does not give back is
    classified here."""
    shared = helper.open(classifier, batch) if helper is not None else None
    if shared is None:
        return classify_part(classifier, batch, renders)
    out: list[tuple[str, bytes] | None] = [None] * len(batch.texts)
    try:
        while (mine := shared.take()) is not None:
            positions, proba = mine
            part = classify_part(classifier, batch.take(positions), renders, prefetch=False, proba=proba)
            _place(out, positions, part)
    finally:  # always settled, so that the helper is free for the next batch
        theirs, answered = shared.finish()
    if theirs:
        if answered is None:
            answered = classify_part(classifier, batch.take(theirs), renders, prefetch=False)
        _place(out, theirs, answered)
    return [item for item in out if item is not None]


def _place(out: list[tuple[str, bytes] | None], positions: list[int], part: Part) -> None:
    for k, item in zip(positions, part, strict=True):
        out[k] = item


class Queue(NamedTuple):
    """A batch's units of work (the positions of each distinct text) in the order they are claimed, and the range
    of them that needs a model run (the others are remembered)."""

    units: list[list[int]]
    model: tuple[int, int]


class SharedBatch:
    """One batch, open to both processes (``BatchHelper.open``): the worker ``take``s its texts from the front of
    the queue, then ``finish``es it, which ends the batch and collects the helper's items."""

    def __init__(
        self,
        helper: BatchHelper,
        claims: Claims,
        generation: int,
        batch: Batch,
        units: list[list[int]],
        first: tuple[int, int] | None,
        rows: np.ndarray,
    ) -> None:
        self._helper = helper
        self._claims = claims
        self._generation = generation
        self._batch = batch
        self._units = units  # the positions of each distinct text, in the queue's order
        self._first = first  # the worker's first claim, taken before the helper was handed the batch
        self._rows = rows  # the shared probabilities, a row per unit
        self._front = 0  # the units before it are the worker's
        self._lost = False
        self._late = False  # the helper did not publish rows in time: not waited for again in this batch
        self._used_rows = False  # the worker decided a claim with the helper's probabilities

    def take(self) -> tuple[list[int], np.ndarray | None] | None:
        """The positions of the worker's next units and their probabilities (``None``: run the model for them), or
        ``None`` when none are left for it."""
        if self._lost:
            return None
        try:
            first, self._first = self._first, None
            claim = first or self._claims.take_front(self._generation)
            if claim is None:
                return None
            # The first claim is the worker's to run: the helper starts after it.
            proba = None if first is not None else self._proba(*claim)
            self._front = claim[1]
        except ClaimsLost as exc:
            self._lost = True
            self._helper._retire(str(exc))
            return None
        return [k for unit in self._units[claim[0] : claim[1]] for k in unit], proba

    def _proba(self, start: int, stop: int) -> np.ndarray | None:
        """The helper's probabilities for units ``start`` to ``stop``, a row per position, or ``None``."""
        state = self._claims.rows(self._generation, start, stop)
        if state is Rows.PENDING:
            if self._late or not self._claims.await_rows(self._generation, start, stop, ROWS_WAIT_S):
                self._late = True
                return None
            state = Rows.READY
        if state is not Rows.READY:
            return None
        self._used_rows = True
        # A copy: the rows are the helper's to write again for the next batch.
        return np.repeat(self._rows[start:stop], [len(unit) for unit in self._units[start:stop]], axis=0)

    def finish(self) -> tuple[list[int], Part | None]:
        """End the batch: the positions the worker did not take and the helper's items for them, or ``None``
        (for none of them) when the worker must classify them itself."""
        helper = self._helper
        first = self._front
        try:
            if not self._lost:
                first = self._claims.close(self._generation)
        except ClaimsLost as exc:
            self._lost = True
            helper._retire(str(exc))
        theirs = [k for unit in self._units[first:] for k in unit]
        try:
            # The helper holds no claim when it has not woken yet (or refused the batch): nothing to wait for. Its
            # answer is collected before the next batch is handed over.
            answered = helper._settle(first, len(theirs), wait=bool(theirs) and not self._lost)
            if answered is not None:
                helper._remember(self._batch, self._units[first:])
            if answered is not None or self._used_rows:
                helper.batches_helped += 1
        finally:
            helper._busy.release()  # the helper is free for the next batch
        return theirs, answered


class BatchHelper:
    """The worker's side of one forked helper process (``start``, ``open``, ``reload``, ``close``)."""

    def __init__(
        self,
        holder: ClassifierHolder,
        timeout_s: float,
        renders: Mapping[str, Render] = RENDERS,
        replace_s: float | None = None,
    ) -> None:
        """``renders``: how the helper renders an item, by ``Batch.detail`` (the API's payloads by default).
        ``replace_s``: fork a spare too, and replace a helper that died or was given up at most once in this many
        seconds (the first not before this long after ``start``), so that one that keeps failing costs little;
        ``None``: no spare, and a retired helper is not replaced."""
        self._holder = holder
        self._timeout_s = timeout_s
        self._renders = dict(renders)
        self._replace_s = replace_s
        self._replace_at = 0.0  # monotonic time from which a replacement may be forked
        self._spare: Spare | None = None
        self._conn: Connection | None = None
        self._process: Child | None = None
        self._claims: Claims | None = None
        self._rows: SharedRows | None = None
        self._version: str | None = None  # the model the helper serves
        self._busy = threading.Lock()  # one batch at a time; a request that finds it taken works alone
        self._generation = 0
        self._unanswered_since: float | None = None  # a batch handed over whose answer is not collected yet
        self._ready = False  # the helper has said it waits for batches (a fork of a large process takes a while)
        self.batches_helped = 0  # batches the helper answered part of, or ran the model for
        self.replacements = 0  # helpers forked from the spare in place of one that was retired
        # The keys of the helper's answer cache, as it answered them: its cache is this size and is filled only by
        # what it answers, so this is what it remembers (``open``), but for the order within a part near the
        # cache's end (a wrong guess costs a model run, never an answer). Emptied when the helper loads another
        # model.
        self._given: OrderedDict[tuple[str, int, str | None, date], None] = OrderedDict()
        self._given_size = holder.settings.cache_size // HELPER_CACHE_SHARE  # the helper's cache

    @property
    def alive(self) -> bool:
        """The helper takes parts: started, not retired, and its process running (a helper that died between
        batches reads as not alive here, and in /metrics, before a batch finds it gone)."""
        process = self._process
        return self._conn is not None and process is not None and process.is_alive()

    @property
    def batches_shared(self) -> int:
        """Batches handed to the helper (each gets the next generation)."""
        return self._generation

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
        claims, rows = Claims(context, self._timeout_s), SharedRows(context)
        self._claims, self._rows = claims, rows
        if self._replace_s is not None:
            # The spare first, so that it holds no copy of the helper's pipe (the helper sees EOF when the worker
            # ends).
            self._spare = Spare.start(context, self._serve)
            self._replace_at = time.monotonic() + self._replace_s
        ours, theirs = context.Pipe(duplex=True)
        process = context.Process(
            target=self._serve,
            args=(theirs, None, ours),
            name="hscc-batch-helper",
            daemon=True,
        )
        process.start()
        theirs.close()  # the helper's end: the worker keeps only its own, so the helper sees EOF if it ends
        self._conn, self._process = ours, Child.own(process)
        self._version = self._holder.classifier.version
        log.info("batch helper started", extra={"pid": process.pid, "model_version": self._version})

    def _serve(self, conn: Connection, bundle_dir: Path | None = None, workers_end: Connection | None = None) -> None:
        """What a helper runs, in its own process: the one forked at start-up (``workers_end``, its copy of the
        worker's end of its pipe), or one forked from the spare (``bundle_dir``)."""
        if self._spare is not None:  # forked after the spare: its copy of the worker's end of the spare's pipe
            self._spare.drop()
        assert self._claims is not None and self._rows is not None  # created before either fork
        serve(self._holder, self._renders, self._claims, self._rows, self._given_size, conn, workers_end, bundle_dir)

    def open(self, classifier: Classifier, batch: Batch) -> SharedBatch | None:
        """Hand ``batch`` to the helper, or ``None`` (too few texts need a model run, or the helper is busy, gone
        or serves another model): classify it yourself."""
        conn, claims, rows = self._conn, self._claims, self._rows
        if conn is None and self._spare is not None and self._busy.acquire(blocking=False):
            try:  # retired: replaced when due; it takes batches once it says it is ready
                self._replace()
            finally:
                self._busy.release()
        if conn is None or claims is None or rows is None or classifier.version != self._version:
            return None
        # Busy first: a batch that arrives while another is shared would otherwise build its queue (a cache lookup
        # a text) for nothing.
        if not self._busy.acquire(blocking=False):
            return None
        queue = self.queue(classifier, batch)
        if queue is None:
            self._busy.release()
            return None
        units, labels = queue.units, len(classifier.bundle.card.labels)
        # Units past the shared rows' capacity are run the old way: each process runs the model for its claims.
        model = (min(queue.model[0], rows.capacity(labels)), min(queue.model[1], rows.capacity(labels)))
        try:
            if not self._await_ready(0) or not self._collect_unanswered():
                self._busy.release()
                return None
            self._generation += 1
            request = encode_batch(
                batch.take([k for unit in units for k in unit]),  # in the queue's order
                version=classifier.version,
                generation=self._generation,
                starts=[0, *itertools.accumulate(map(len, units))],  # where each unit starts
                model=model,
            )
            claims.open(self._generation, len(units), model)
            first = claims.take_first(self._generation)  # before the helper is handed the batch
            conn.send_bytes(request)
        except (OSError, ValueError, ClaimsLost) as exc:
            self._retire(f"cannot reach it ({exc})")
            self._busy.release()
            return None
        return SharedBatch(self, claims, self._generation, batch, units, first, rows.view(labels))

    def queue(self, classifier: Classifier, batch: Batch) -> Queue | None:
        """The batch's units of work (the positions of each distinct text) in the queue's order: first those the
        worker remembers (cheap for it, at its end), then those that need a model run, shortest first (a claim's
        texts are then of about one length, as the model's chunks are), and last those the helper remembers (at
        its end). ``None`` when fewer than ``SHARE_LEAST`` texts would need a model run here."""
        groups: dict[str, list[int]] = {}
        for k, text in enumerate(batch.texts):
            positions = groups.get(text)
            if positions is None:
                groups[text] = [k]
            else:
                positions.append(k)
        key = (batch.top_k, batch.destination, batch.as_of)
        ours, todo, theirs = [], [], []
        for text in groups:
            if classifier.remembered(text, *key):
                ours.append(text)
            elif (text, *key) in self._given:
                theirs.append(text)
            else:
                todo.append(text)
        if len(todo) + len(theirs) < SHARE_LEAST:
            return None
        todo.sort(key=len)
        return Queue([groups[text] for text in ours + todo + theirs], (len(ours), len(ours) + len(todo)))

    def wait_ready(self, timeout_s: float) -> bool:
        """Wait until the helper takes batches (it has started), at most ``timeout_s``; whether it does. Until then
        ``open`` hands it nothing: for a caller that has a batch at once (``hscc classify``) and for tests."""
        with self._busy:
            return self._await_ready(timeout_s)

    def _await_ready(self, timeout_s: float) -> bool:
        """Whether the helper has said it is ready, collecting its word if it came (with ``_busy`` held)."""
        conn = self._conn
        if self._ready or conn is None:
            return self._ready and conn is not None
        try:
            if not conn.poll(timeout_s):
                return False
            message = conn.recv_bytes()
        except (OSError, EOFError) as exc:
            self._retire(f"ended while it started ({exc!r})")
            return False
        if message != READY:
            self._retire(f"started with {message[:40]!r}")
            return False
        self._ready = True
        return True

    def _collect_unanswered(self, wait_s: float = 0) -> bool:
        """Collect the answer to a batch the helper held no claim of, waiting at most ``wait_s`` (with ``_busy``
        held). False when it has not come: the helper is still busy (retired when that has lasted past its
        timeout)."""
        since, conn = self._unanswered_since, self._conn
        if since is None:
            return True
        if conn is None:
            return False
        try:
            if not conn.poll(wait_s):
                if time.monotonic() - since > self._timeout_s:
                    self._retire(f"no answer in {self._timeout_s} s")
                return False
            conn.recv_bytes()  # it answers nothing: it had no claim
        except (OSError, EOFError) as exc:
            self._retire(f"broken answer ({exc!r})")
            return False
        self._unanswered_since = None
        return True

    def _settle(self, first: int, count: int, wait: bool) -> Part | None:
        """The helper's ``count`` items from unit ``first`` on, or ``None`` (with ``_busy`` held). Without ``wait``
        (it holds no claim), its answer is left to be collected later."""
        conn = self._conn
        if conn is None:
            return None
        if not wait:
            self._unanswered_since = time.monotonic()
            return None
        try:
            if not conn.poll(self._timeout_s):
                self._retire(f"no answer in {self._timeout_s} s")
                return None
            head, part = decode_reply(conn.recv_bytes())
        except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
            self._retire(f"broken answer ({exc!r})")
            return None
        if "error" in head:  # another model than the request's (between a reload and the helper's own), or the
            return None  # part raised there: the caller's own run will say why
        if head.get("first") != first or len(part) != count:
            self._retire(f"answered {len(part)} items from unit {head.get('first')} for {count} from {first}")
            return None
        return part

    def _remember(self, batch: Batch, units: list[list[int]]) -> None:
        """Note the texts the helper answered: its cache has them now."""
        if not self._given_size:
            return
        for unit in units:
            key = (batch.texts[unit[0]], batch.top_k, batch.destination, batch.as_of)
            self._given[key] = None
            self._given.move_to_end(key)
        while len(self._given) > self._given_size:
            self._given.popitem(last=False)

    def reload(self, bundle_dir: Path) -> None:
        """Have the helper load the bundle the worker now serves (it loads fully, then swaps, as the worker did).
        Requests meanwhile find it busy and work alone."""
        if self._conn is None:
            return
        with self._busy:
            if not self._await_ready(max(self._timeout_s, 60.0)):
                if self._conn is not None:
                    self._retire("not ready for a reload")
                return
            # The answer to the last batch comes first: waited for up to the timeout, then the helper is retired.
            if not self._collect_unanswered(self._timeout_s) or (conn := self._conn) is None:
                return
            try:
                conn.send_bytes(orjson.dumps({"load": str(bundle_dir)}))
                if not conn.poll(max(self._timeout_s, 60.0)):
                    self._retire("no answer to a reload")
                    return
                answer = orjson.loads(conn.recv_bytes())
            except (OSError, EOFError, ValueError) as exc:
                self._retire(f"reload failed ({exc!r})")
                return
            self._version = answer.get("version")
            self._given.clear()  # a new classifier, with an empty cache
            log.info("batch helper reloaded", extra={"model_version": self._version, "reason": answer.get("error")})

    def close(self) -> None:
        conn, process, spare = self._conn, self._process, self._spare
        self._conn = self._process = self._spare = None
        if conn is not None:
            conn.close()  # the helper sees EOF and ends
        if process is not None:
            deadline = time.monotonic() + 2
            while process.is_alive() and time.monotonic() < deadline:
                time.sleep(0.005)
            process.kill()
        if spare is not None:  # after the helper, which it reaps if it forked it
            spare.close()

    def _retire(self, reason: str) -> None:
        log.error(
            "batch helper retired; large batches run in this worker alone until it is replaced, if ever",
            extra={"reason": reason},
        )
        process, self._process = self._process, None
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
        if process is not None:
            process.kill()
        self._replace()

    def _replace(self) -> None:
        """Fork a new helper from the spare, if one is due (with ``_busy`` held). It loads the model the worker
        serves now, if that is not the one the spare was forked with, and takes batches once it says it is
        ready."""
        spare, every, now = self._spare, self._replace_s, time.monotonic()
        if spare is None or every is None or self._conn is not None or now < self._replace_at:
            return
        self._replace_at = now + every
        classifier = self._holder.classifier
        try:
            conn, process = spare.fork(classifier.bundle.path)
        except SpareLost as exc:
            self._spare = None
            log.error("batch helper spare lost; the helper is not replaced again", extra={"reason": str(exc)})
            return
        self._conn, self._process, self._version = conn, process, classifier.version
        self._ready, self._unanswered_since = False, None
        self._given.clear()  # a new process, with an empty cache
        self.replacements += 1
        log.info("batch helper replaced", extra={"pid": process.pid, "model_version": self._version})
