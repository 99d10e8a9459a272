"""The model bundle: ``model.onnx`` plus ``card.json``, which states the model's contract.

Loading is all-or-nothing (MLServer's "load the new model fully, then swap"): the card is validated, the
ONNX file is checked against the hash the card records, the session is built and run once on a probe text,
and only then is a ``ModelBundle`` returned. Any problem raises ``BundleError`` naming the file.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from service.text import model_input, normalize

CURRENT_POINTER = "current"
# The graph's tokenizers pad every row of a batch to the longest text in it, and the padding is work: a batch
# is run in chunks of texts of similar length (sorted by length) so one long text does not slow all others.
# Chunks are also kept small because the graph gathers one coefficient row per distinct n-gram of every text
# of the chunk: measured on this model, 24 texts a chunk ran batches of 256 about 10 % faster than 32 (and
# 64 about 20 % slower), with 16-24 about equal.
CHUNK_ITEMS = 24
# ``iter_proba``'s caller waits for its first chunk with nothing to overlap: a smaller one starts its work sooner.
FIRST_CHUNK_ITEMS = 8
# A chunk's padded size (its count times its longest text, in characters) is also bounded: the longest texts
# of a batch (200-400 characters in the benchmark's 100-item batches) padded 14-24 to a row made the last
# chunks the slowest. A 100-item batch is model-bound (the decisions wait for the model's chunks), and this
# bound took 7-9 % off it in three of four paired runs, 2 % in the fourth, in a slow phase of the machine
# (``benchmarks.paired``; 1,500 and 2,500 were about equal; see benchmarks/JOURNAL.md).
CHUNK_AREA = 2000
MODEL_FILE = "model.onnx"
CARD_FILE = "card.json"
# One thread that runs the next chunk of a large batch while the caller decides on the current one (see
# ``ModelBundle.iter_proba``). One is enough: a second, running two chunks at once, was slower on two cores
# (benchmarks/JOURNAL.md).
_PREFETCH = ThreadPoolExecutor(max_workers=1, thread_name_prefix="onnx-prefetch")


class BundleError(RuntimeError):
    """A bundle that cannot serve; the message names the file and the problem."""


class ModelCard(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    version: str = Field(min_length=1)
    created: str
    labels: list[str] = Field(min_length=2)
    controls_version: str
    onnx_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    input_name: str = "text"
    probabilities_output: str = "probabilities"
    metrics: dict[str, Any] = {}
    parity: dict[str, Any] = {}
    normalization: str | None = None  # which text function feeds the graph (service.text.model_input)


@dataclass(frozen=True)
class ModelBundle:
    path: Path
    card: ModelCard
    session: ort.InferenceSession
    # raw description -> the string the graph reads; named by the card, so an older bundle keeps its own
    model_input: Callable[[str], str] = normalize

    @property
    def version(self) -> str:
        return self.card.version

    @property
    def threads(self) -> int:
        """The session's intra-op threads."""
        return int(self.session.get_session_options().intra_op_num_threads)

    def predict_proba(self, normalized_texts: list[str]) -> np.ndarray:
        """Probabilities (n, len(labels)) for texts already passed through ``self.model_input``."""
        n = len(normalized_texts)
        if n <= CHUNK_ITEMS:
            return self._run(normalized_texts)
        out = np.empty((n, len(self.card.labels)), dtype=np.float32)
        for rows in _chunks(normalized_texts):
            out[rows] = self._run([normalized_texts[i] for i in rows])
        return out

    def iter_proba(
        self, texts: list[str], raw: bool = False, prefetch: bool = True
    ) -> Iterator[tuple[list[int], np.ndarray]]:
        """``(positions, probabilities)`` chunk by chunk, the chunks of ``predict_proba``.

        While the caller works on one chunk, the next is computed in a helper thread: onnxruntime releases the
        GIL while it runs, so the caller's Python work on a large batch overlaps the model's work on the next
        chunk (a 100-item classification took about a quarter less time on two cores).

        ``raw``: ``texts`` are descriptions, passed through ``self.model_input`` here, a chunk at a time as it is
        queued, in the caller's thread: the first chunk starts without waiting for the whole batch to be
        normalised.

        ``prefetch=False``: every chunk in the caller's thread, for a caller whose other core is busy with the
        rest of the batch in another process (``service.api.helper``), or that has no helper thread (that
        process itself, forked from this one)."""
        prepare = self.model_input if raw else None
        n = len(texts)
        if n <= CHUNK_ITEMS:
            if n:
                yield list(range(n)), self._run([prepare(t) for t in texts] if prepare else texts)
            return
        chunks = _chunks(texts, first=FIRST_CHUNK_ITEMS if prefetch else CHUNK_ITEMS)

        def inputs(k: int) -> list[str]:
            return [prepare(texts[i]) if prepare else texts[i] for i in chunks[k]]

        if not prefetch:
            for k, rows in enumerate(chunks):
                yield rows, self._run(inputs(k))
            return
        # Two chunks queued ahead of the caller: the model's thread never waits to be handed the next one. The
        # second is handed over before the first is prepared: the helper needs the GIL to start, and gets it
        # while this thread runs the first chunk, not after it has prepared three.
        queued = {1: _PREFETCH.submit(self._run, inputs(1))}
        current = self._run(inputs(0))
        if len(chunks) > 2:
            queued[2] = _PREFETCH.submit(self._run, inputs(2))
        for k, rows in enumerate(chunks):
            if k:
                current = queued.pop(k).result()
                if k + 2 < len(chunks):
                    queued[k + 2] = _PREFETCH.submit(self._run, inputs(k + 2))
            yield rows, current

    def _run(self, normalized_texts: list[str]) -> np.ndarray:
        batch = np.array(normalized_texts, dtype=object).reshape(-1, 1)
        out = self._session_run([self.card.probabilities_output], {self.card.input_name: batch})[0]
        return np.asarray(out, dtype=np.float32)

    @cached_property
    def _session_run(self) -> Callable[[list[str], dict[str, np.ndarray]], list[Any]]:
        """``session.run`` without the Python wrapper's per-call checks (WebGPU graph capture, OrtValue
        ownership, input names: none can fail for this CPU session fed one named numpy array): about 6 µs of a
        one-text call of about 90 (a one-off timing, onnxruntime 1.31). The wrapper is used where its inner
        session is not found; ``load_bundle``'s probe runs through whichever it is."""
        inner = getattr(self.session, "_sess", None)
        if inner is None or not callable(getattr(inner, "run", None)):
            return self.session.run
        run = inner.run
        return lambda names, feed: run(names, feed, None)


def _chunks(texts: list[str], first: int = CHUNK_ITEMS) -> list[list[int]]:
    """Positions of ``texts`` in chunks, shortest texts first: each chunk as large as three bounds allow,
    ``CHUNK_ITEMS`` texts, ``CHUNK_AREA`` characters of padded size (a single text may exceed it), and, after
    a ``first`` chunk smaller than ``CHUNK_ITEMS``, half as many again as the chunk before (a ramp: the model
    computes the next chunk while the caller decides the current one, and the caller's first wait is short)."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out: list[list[int]] = []
    start, size = 0, min(first, CHUNK_ITEMS)
    while start < len(order):
        end = min(start + size, len(order))
        while end - start > 1 and (end - start) * len(texts[order[end - 1]]) > CHUNK_AREA:
            end -= 1
        out.append(order[start:end])
        size = min(CHUNK_ITEMS, (end - start) + (end - start + 1) // 2)
        start = end
    return out


def chunk_ends(texts: list[str]) -> list[int]:
    """Where ``predict_proba``'s chunks of ``texts`` end, for texts already in ascending length (whose chunks are
    then consecutive): for a caller that runs them one by one (``service.api.helper_process``)."""
    return list(itertools.accumulate(len(rows) for rows in _chunks(texts)))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def resolve_current(model_dir: Path) -> Path:
    """The bundle folder named by ``<model_dir>/current`` (a pointer file, portable where symlinks are not)."""
    pointer = model_dir / CURRENT_POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise BundleError(f"{pointer}: cannot read the current-model pointer ({exc.strerror})") from exc
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise BundleError(f"{pointer}: expected a bundle folder name, found {name!r}")
    return model_dir / name


def _session_options(threads: int) -> ort.SessionOptions:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Memory patterns plan buffers for a repeated input shape; every chunk of texts has a shape of its own, so
    # the planning was pure cost: 3-6 % of the model's time per text on chunks of a 2,000-text sample (two
    # interleaved runs, a one-off script), nothing measurable on one text.
    options.enable_mem_pattern = False
    if threads > 1:
        # Idle pool threads spin a moment before they sleep. This is onnxruntime's default, stated here because
        # the gain depends on it. With spinning stopped after every run (``session.force_spinning_stop``), a
        # served 100-item request took 43.5 ms, against 24.1 with spinning and 36.9 with one thread
        # (``python -m benchmarks.ab``, with a copy of this tree that adds the option).
        options.add_session_config_entry("session.intra_op.allow_spinning", "1")
    return options


def load_bundle(path: Path, threads: int = 1) -> ModelBundle:
    """Load and check a bundle folder; raise ``BundleError`` on any problem."""
    card_path, model_path = path / CARD_FILE, path / MODEL_FILE
    try:
        card = ModelCard.model_validate(json.loads(card_path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise BundleError(f"{card_path}: cannot read model card ({exc.strerror})") from exc
    except (json.JSONDecodeError, ValidationError) as exc:
        raise BundleError(f"{card_path}: invalid model card: {exc}") from exc
    if not model_path.is_file():
        raise BundleError(f"{model_path}: model file missing")
    actual = sha256_file(model_path)
    if actual != card.onnx_sha256:
        raise BundleError(
            f"{model_path}: sha256 {actual[:12]}… does not match the card's {card.onnx_sha256[:12]}… "
            "(file truncated, replaced or corrupted)"
        )
    try:
        session = ort.InferenceSession(str(model_path), _session_options(threads), providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises several unrelated types for a bad graph
        raise BundleError(f"{model_path}: onnxruntime cannot load it: {exc}") from exc
    try:
        to_input = model_input(card.normalization)
    except ValueError as exc:
        raise BundleError(f"{card_path}: {exc}") from exc
    bundle = ModelBundle(path=path, card=card, session=session, model_input=to_input)
    try:
        probe = bundle.predict_proba([to_input("gallium oxide"), to_input("氧化镓")])
    except Exception as exc:
        raise BundleError(f"{model_path}: probe inference failed: {exc}") from exc
    if probe.shape != (2, len(card.labels)):
        raise BundleError(
            f"{model_path}: outputs {probe.shape[1]} probabilities but the card lists {len(card.labels)} labels"
        )
    return bundle
