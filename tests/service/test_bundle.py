"""The served bundle's batching: chunks by length, and the next chunk computed while the caller works."""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from service import bundle as bundle_module
from service.bundle import (
    CHUNK_AREA,
    CHUNK_ITEMS,
    FIRST_CHUNK_ITEMS,
    BundleError,
    ModelBundle,
    _chunks,
    chunk_ends,
    load_bundle,
    resolve_current,
)
from service.text import normalize
from tests.conftest import MODELS

TEXTS = [
    normalize(t)
    for t in (
        "gallium oxide 99.999% powder",
        "men's cotton t-shirt",
        "氧化镓 5N 粉末",
        "tungsten heavy alloy rod 93W-4.9Ni-2.1Fe, density 17.6 g/cm3, Ø 130 x 300 mm, for radiation shielding",
        "frozen shrimp",
    )
]


@pytest.fixture(scope="module")
def bundle() -> ModelBundle:
    return load_bundle(resolve_current(MODELS))


@pytest.mark.parametrize("n", [0, 1, CHUNK_ITEMS, CHUNK_ITEMS + 1, 2 * CHUNK_ITEMS, 5 * CHUNK_ITEMS + 3])
def test_chunks_cover_every_text_once_with_its_own_probabilities(bundle: ModelBundle, n: int) -> None:
    texts = [f"{TEXTS[i % len(TEXTS)]} lot {i}" for i in range(n)]
    seen: list[int] = []
    sizes: list[int] = []
    got = np.zeros((n, len(bundle.card.labels)), dtype=np.float32)
    for rows, proba in bundle.iter_proba(texts):
        assert len(rows) == len(proba) <= CHUNK_ITEMS
        got[rows] = proba
        seen += rows
        sizes.append(len(rows))
    assert sorted(seen) == list(range(n))
    if n > CHUNK_ITEMS:  # the caller's first wait is short, and chunks grow by at most half to full size
        assert sizes[0] == FIRST_CHUNK_ITEMS
        assert all(b <= a + (a + 1) // 2 for a, b in itertools.pairwise(sizes))
        assert max(sizes) > FIRST_CHUNK_ITEMS
    if n:  # to the bit: a text's probabilities are its own, whatever it is run with (training.optimize.SLOT_ALIGN)
        single = np.vstack([bundle.predict_proba([t]) for t in texts])
        np.testing.assert_array_equal(got, single)
        np.testing.assert_array_equal(bundle.predict_proba(texts), got)


@pytest.mark.parametrize("first", [FIRST_CHUNK_ITEMS, CHUNK_ITEMS])
@pytest.mark.parametrize("seed", range(5))
def test_chunks_are_as_large_as_their_bounds_allow(first: int, seed: int) -> None:
    """Shortest texts first; every chunk within CHUNK_ITEMS, CHUNK_AREA (count x longest, unless a single text)
    and the ramp, and as large as those allow: one more text would break one of them."""
    rng = random.Random(seed)
    texts = ["x" * rng.choice([5, 40, 90, 150, 260, 400, 2500]) for _ in range(rng.randint(30, 200))]
    chunks = _chunks(texts, first=first)
    flat = [i for chunk in chunks for i in chunk]
    assert sorted(flat) == list(range(len(texts)))
    assert [len(texts[i]) for i in flat] == sorted(len(t) for t in texts)
    allowed = first
    for k, chunk in enumerate(chunks):
        longest = max(len(texts[i]) for i in chunk)
        assert len(chunk) <= min(allowed, CHUNK_ITEMS)
        assert len(chunk) == 1 or len(chunk) * longest <= CHUNK_AREA
        if k + 1 < len(chunks):
            bigger = len(chunk) + 1
            assert bigger > min(allowed, CHUNK_ITEMS) or bigger * len(texts[chunks[k + 1][0]]) > CHUNK_AREA
        allowed = len(chunk) + (len(chunk) + 1) // 2


def test_long_texts_run_in_smaller_chunks() -> None:
    chunks = _chunks(["a" * 30] * 48 + ["b" * 300] * 12 + ["c" * 5000])
    assert [len(c) for c in chunks] == [24, 24, CHUNK_AREA // 300, 12 - CHUNK_AREA // 300, 1]


def test_chunk_ends_of_texts_in_ascending_length_are_those_of_the_chunks() -> None:
    texts = sorted((f"{'x' * (k % 37)} {k}" for k in range(100)), key=len) + ["b" * 300] * 12
    chunks = _chunks(texts)
    assert [k for chunk in chunks for k in chunk] == list(range(len(texts)))  # consecutive, in order
    assert chunk_ends(texts) == [chunk[-1] + 1 for chunk in chunks]


RAW = [
    "Gallium oxide 99.999% powder",
    "Men's cotton T-shirt, size L",
    "氧化镓 5N 粉末",
    "Tungsten heavy alloy rod 93W-4.9Ni-2.1Fe; density 17.6 g/cm3, for radiation shielding",
    "FROZEN SHRIMP",
]


@pytest.mark.parametrize("prefetch", [True, False])
@pytest.mark.parametrize("n", [3, CHUNK_ITEMS + 1, 5 * CHUNK_ITEMS + 3])
def test_raw_texts_get_the_probabilities_of_their_model_input(bundle: ModelBundle, n: int, prefetch: bool) -> None:
    texts = [f"{RAW[i % len(RAW)]} lot {i}" for i in range(n)]
    got = np.full((n, len(bundle.card.labels)), np.nan, dtype=np.float32)
    for rows, proba in bundle.iter_proba(texts, raw=True, prefetch=prefetch):
        got[rows] = proba
    want = bundle.predict_proba([bundle.model_input(t) for t in texts])
    np.testing.assert_allclose(got, want, atol=1e-6)


def test_raw_texts_are_prepared_a_chunk_at_a_time(bundle: ModelBundle, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first model run starts once the first chunk and the one queued behind it are normalised (the helper's
    may start before the caller's), not after the whole batch; all normalising happens in the caller's thread."""
    prepared: list[str] = []  # thread name per normalised text
    at_run: list[int] = []  # texts normalised when each chunk started

    def spy_input(text: str) -> str:
        prepared.append(threading.current_thread().name)
        return bundle.model_input(text)

    real = ModelBundle._run

    def spy_run(self: ModelBundle, texts: list[str]) -> np.ndarray:
        at_run.append(len(prepared))
        return real(self, texts)

    monkeypatch.setattr(ModelBundle, "_run", spy_run)
    spied = dataclasses.replace(bundle, model_input=spy_input)
    n = 5 * CHUNK_ITEMS + 3
    chunks = [rows for rows, _ in spied.iter_proba([f"{RAW[i % len(RAW)]} {i}" for i in range(n)], raw=True)]
    assert len(prepared) == n
    assert set(prepared) == {threading.current_thread().name}
    # before the first model run: at most the first chunk and the one queued behind it
    assert min(at_run) <= sum(len(c) for c in chunks[:2]) < n


@pytest.fixture
def run_threads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of the thread of every model run, in order."""
    threads: list[str] = []
    real = ModelBundle._run

    def spy(self: ModelBundle, texts: list[str]) -> np.ndarray:
        threads.append(threading.current_thread().name)
        return real(self, texts)

    monkeypatch.setattr(ModelBundle, "_run", spy)
    return threads


def test_next_chunk_runs_in_the_helper_thread_while_the_caller_works(
    bundle: ModelBundle, run_threads: list[str]
) -> None:
    threads = run_threads
    chunks = list(bundle.iter_proba(TEXTS * CHUNK_ITEMS))
    assert len(threads) == len(chunks) > 2
    # the caller runs the first chunk itself; the next ones are queued for the helper (which may start first)
    assert threads.count(threading.current_thread().name) == 1
    assert sum(name.startswith("onnx-prefetch") for name in threads) == len(chunks) - 1


def test_a_failing_chunk_raises_in_the_caller(bundle: ModelBundle, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = ModelBundle._run

    def flaky(self: ModelBundle, texts: list[str]) -> np.ndarray:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("boom")
        return real(self, texts)

    monkeypatch.setattr(ModelBundle, "_run", flaky)
    with pytest.raises(RuntimeError, match="boom"):
        list(bundle.iter_proba(TEXTS * CHUNK_ITEMS))
    assert bundle_module._PREFETCH.submit(lambda: 1).result() == 1  # the helper thread still serves


def test_the_card_names_what_the_graph_reads(bundle: ModelBundle, tmp_path: Path) -> None:
    """The text function comes from the card: the shipped bundle reads v2 (the head repeated in capitals); a
    card from before versions existed reads v1; a version this service does not know refuses to load."""
    from service.text import MODEL_INPUTS

    assert bundle.model_input is MODEL_INPUTS["v2"]
    assert bundle.model_input("Dysprosium metal, for magnets") == "dysprosium metal, for magnets DYSPROSIUM METAL"
    for normalization, expected in (
        ("service.text.normalize (NFKC, lower case, kept punctuation, single spaces)", normalize),
        (None, normalize),
    ):
        copy = _bundle_copy(bundle, tmp_path / str(normalization)[:8], normalization)
        assert load_bundle(copy).model_input is expected
    future = _bundle_copy(bundle, tmp_path / "future", "v9: a later service's text function")
    with pytest.raises(BundleError, match=r"card\.json: model input 'v9' is not known"):
        load_bundle(future)


def _bundle_copy(bundle: ModelBundle, target: Path, normalization: str | None) -> Path:
    shutil.copytree(bundle.path, target)
    card = json.loads((target / "card.json").read_text(encoding="utf-8"))
    card.pop("normalization", None)
    if normalization is not None:
        card["normalization"] = normalization
    (target / "card.json").write_text(json.dumps(card), encoding="utf-8")
    return target


def test_runs_the_inner_session_and_falls_back_to_the_public_api(
    bundle: ModelBundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The graph is run without the wrapper's per-call checks; a session without an inner one (another
    onnxruntime, a stand-in) is run through its public ``run``, with the same answers."""
    want = bundle.predict_proba(TEXTS)

    class PublicOnly:
        def __init__(self, session: object) -> None:
            self._session = session

        def run(self, names: list[str], feed: dict[str, np.ndarray]) -> list[np.ndarray]:
            return self._session.run(names, feed)  # type: ignore[attr-defined]

    public = dataclasses.replace(bundle, session=PublicOnly(bundle.session))
    np.testing.assert_allclose(public.predict_proba(TEXTS), want, atol=1e-7)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the wrapper's run was called")

    fresh = dataclasses.replace(bundle)  # no cached runner yet
    monkeypatch.setattr(type(bundle.session), "run", refuse)
    np.testing.assert_allclose(fresh.predict_proba(TEXTS), want, atol=1e-7)
    with pytest.raises(AssertionError, match="wrapper"):
        public.predict_proba(TEXTS)


def test_a_session_with_two_threads_answers_exactly_as_one(bundle: ModelBundle) -> None:
    two = load_bundle(bundle.path, threads=2)
    assert (bundle.threads, two.threads) == (1, 2)
    assert two.session.get_session_options().get_session_config_entry("session.intra_op.allow_spinning") == "1"
    texts = [normalize(f"{t} lot {i}") for i in range(40) for t in TEXTS]  # chunks of every size, long texts too
    assert np.array_equal(bundle.predict_proba(texts), two.predict_proba(texts))


def test_without_prefetch_every_chunk_runs_in_the_caller_at_full_size(
    bundle: ModelBundle, run_threads: list[str]
) -> None:
    threads = run_threads
    chunks = [rows for rows, _ in bundle.iter_proba(TEXTS * CHUNK_ITEMS, prefetch=False)]
    assert len(threads) == len(chunks) > 2
    assert set(threads) == {threading.current_thread().name}
    assert len(chunks[0]) == CHUNK_ITEMS  # no small first chunk: nothing runs beside it
