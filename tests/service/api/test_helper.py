"""The batch helper (service.api.helper): a forked copy of the app classifies part of a large batch, claiming
texts from the back of the batch's queue while the worker claims from the front. Whatever happens to it, every
item gets the answer the worker alone would give."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import service.api.claims
import service.api.helper
import service.api.helper_process
import service.api.parts
import service.api.rows
from service.api.app import create_app
from service.api.claims import claim_size
from service.api.helper import BatchHelper, Queue
from service.api.parts import Batch, Part
from service.classifier import Classifier
from service.config import Settings
from tests.conftest import MODELS
from tests.ops.conftest import copy_bundle

# Goods of several groups, listed and not, in both languages; a running number makes every text distinct.
GOODS = [
    "gallium metal ingot 99.99%",
    "germanium dioxide GeO2 powder 5N",
    "antimony trioxide 99.5% for flame retardant",
    "natural flake graphite, carbon 94%, -100 mesh",
    "tungsten carbide powder, 0.8 micron",
    "cotton knitted T-shirts, men's",
    "hex bolts M8 zinc plated steel",
    "氧化镝 99.9% 粉末",
    "金属铽 99.99%",
    "ITO sputtering target 90/10",
    "bismuth ingot 99.99%",
    "molybdenum wire 0.18 mm",
    "LED panel lamp 36W",
    "copper cathode grade A",
    "yttrium oxide Y2O3 99.999%",
    "不锈钢保温杯",
    "samarium cobalt magnet blocks",
    "synthetic diamond micron powder 2-4 um",
]


def _body(n: int, **fields: Any) -> dict[str, Any]:
    items = [{"id": f"r{i}", "description": f"{GOODS[i % len(GOODS)]} lot {i}"} for i in range(n)]
    return {"items": items, "as_of": "2026-11-22", **fields}


@contextlib.contextmanager
def _app(**settings: Any) -> Iterator[TestClient]:
    """The app, started, with its helper (if any) ready: a batch handed over while it still starts is classified
    by the worker alone, and the tests that count the helper's parts would count none."""
    with TestClient(create_app(Settings(**{"model_dir": MODELS, "cache_size": 0, **settings}))) as client:
        helper = client.app.state.helper  # type: ignore[attr-defined]
        assert helper is None or helper.wait_ready(10)
        yield client


def _helper(client: TestClient) -> BatchHelper:
    helper: BatchHelper = client.app.state.helper  # type: ignore[attr-defined]
    return helper


def _items(client: TestClient, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.post("/v1/classify", json=body)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["results"]
    return items


@pytest.fixture(scope="module")
def alone() -> Iterator[TestClient]:
    with _app(batch_helper=False) as client:
        assert client.app.state.helper is None  # type: ignore[attr-defined]
        yield client


@pytest.mark.parametrize("detail", ["full", "compact"])
def test_a_shared_batch_is_answered_as_the_worker_alone_answers_it(
    alone: TestClient, detail: str, monkeypatch: pytest.MonkeyPatch, helper_parts: list[list[str]]
) -> None:
    body = _body(41, detail=detail, invalid_items="report")
    body["items"][7]["description"] = "   "  # an item error in the worker's half
    body["items"][30]["description"] = ""  # and one in the helper's
    expected = _items(alone, body)
    _slowed(monkeypatch, 0.05, in_helper=False)  # so that the helper answers part of it, whatever the machine's load
    with _app() as client:
        helper = _helper(client)
        assert helper.alive and helper.pid != os.getpid()
        got = _items(client, body)
        assert helper.batches_shared == helper.batches_helped == 1 and len(helper_parts) == 1
    assert got == expected
    assert [item.get("id") for item in got] == [f"r{i}" for i in range(41)]
    assert got[7]["status"] == got[30]["status"] == "error"


@pytest.mark.parametrize(
    "fields", [{"destination": "US", "top_k": 5}, {"as_of": "2024-06-01", "top_k": 1}, {"destination": "jp"}]
)
def test_the_requests_parameters_reach_the_helper(
    alone: TestClient, fields: dict[str, Any], monkeypatch: pytest.MonkeyPatch, helper_parts: list[list[str]]
) -> None:
    expected = _items(alone, _body(36, **fields))
    _slowed(monkeypatch, 0.05, in_helper=False)  # so that the helper decides part of it
    with _app() as client:
        got = _items(client, _body(36, **fields))
        assert len(helper_parts) == 1 and helper_parts[0]
    assert got == expected


def test_small_requests_are_not_shared(alone: TestClient) -> None:
    with _app() as client:
        assert _items(client, _body(16)) == _items(alone, _body(16))
        assert _helper(client).batches_shared == 0


def test_only_texts_that_need_a_model_run_are_shared(alone: TestClient) -> None:
    repeated = _body(40)
    for k, item in enumerate(repeated["items"]):  # 20 texts, each twice, the repeat in the other half
        item["description"] = f"{GOODS[k % 20 % len(GOODS)]} lot R{k % 20}"
    few = _body(40)
    for k, item in enumerate(few["items"]):  # 40 items, 5 texts
        item["description"] = f"{GOODS[k % 5]} lot {k % 5}"
    with _app(cache_size=4096) as client:
        helper = _helper(client)
        assert _items(client, few) == _items(alone, few)
        assert helper.batches_shared == 0  # a few texts: not worth the hand-over
        assert _items(client, repeated) == _items(alone, repeated)
        assert helper.batches_shared == 1  # ten texts each, every repeat with its text
        remembered = _body(40)
        for start in range(0, 40, 10):  # the worker remembers every text, from requests too small to share
            part = {**remembered, "items": remembered["items"][start : start + 10]}
            assert _items(client, part) == _items(alone, part)
        assert _items(client, remembered) == _items(alone, remembered)
        assert helper.batches_shared == 1  # nothing left to compute: the helper was not asked


def _slowed(monkeypatch: pytest.MonkeyPatch, seconds: float, in_helper: bool) -> None:
    """Every claim's classification made ``seconds`` slower in the helper, or in the worker (this process): the
    helper is forked from the app with the patch in place (its side, ``service.api.helper_process``, and the
    worker's, ``service.api.helper``, run the same function), and tells itself apart by its process id."""
    worker = os.getpid()
    classify_part = service.api.parts.classify_part

    def slowed(*args: Any, **kwargs: Any) -> Part:
        if (os.getpid() != worker) == in_helper:
            time.sleep(seconds)
        return classify_part(*args, **kwargs)

    for module in (service.api.helper, service.api.helper_process):
        monkeypatch.setattr(module, "classify_part", slowed)


def test_the_faster_process_takes_more(
    alone: TestClient, monkeypatch: pytest.MonkeyPatch, helper_parts: list[list[str]]
) -> None:
    body = _body(40)
    _slowed(monkeypatch, 0.3, in_helper=False)
    with _app() as client:
        got = _items(client, body)
    assert got == _items(alone, body)
    # The worker's first claim (at most a quarter of the 40 texts, less when the helper claimed first) took it 0.3 s:
    # the helper claimed all the rest meanwhile.
    (theirs,) = helper_parts
    assert 40 - claim_size(40) <= len(theirs) < 40


def test_the_worker_decides_with_the_probabilities_the_helper_computed(
    alone: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _items(alone, _body(40))  # before the patch, which the worker alone would run too
    worker, classify_part = os.getpid(), service.api.parts.classify_part
    given: list[bool] = []  # per claim of the worker: whether it came with the helper's probabilities

    def recorded(*args: Any, **kwargs: Any) -> Part:
        if os.getpid() == worker:
            given.append(kwargs.get("proba") is not None)
            if len(given) == 1:
                time.sleep(0.3)  # its own first claim: the helper runs the model for all the rest meanwhile
        else:
            time.sleep(0.3)  # each of the helper's claims: the worker decides most of the batch
        return classify_part(*args, **kwargs)

    for module in (service.api.helper, service.api.helper_process):
        monkeypatch.setattr(module, "classify_part", recorded)
    with _app() as client:
        assert _items(client, _body(40)) == expected
    assert given[0] is False and len(given) >= 2 and all(given[1:])


def test_a_helper_late_with_the_probabilities_is_not_waited_for(
    alone: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish = service.api.claims.Claims.publish

    def stalled(self: service.api.claims.Claims, *args: Any) -> None:  # only the helper publishes
        time.sleep(1)  # it stops after its first chunk, as a helper whose core is taken would
        publish(self, *args)

    monkeypatch.setattr(service.api.claims.Claims, "publish", stalled)
    with _app() as client:
        start = time.monotonic()
        got = _items(client, _body(60))
        elapsed = time.monotonic() - start
        assert _helper(client).alive
    assert got == _items(alone, _body(60))
    assert elapsed < 0.5  # the worker ran the model for its claims itself


def test_texts_past_the_shared_rows_capacity_are_run_by_whoever_claims_them(
    alone: TestClient, monkeypatch: pytest.MonkeyPatch, helper_parts: list[list[str]]
) -> None:
    labels = len(alone.app.state.holder.classifier.bundle.card.labels)  # type: ignore[attr-defined]
    small = functools.partial(service.api.rows.SharedRows, floats=30 * labels)  # rows for 30 of the 60 texts
    monkeypatch.setattr(service.api.helper, "SharedRows", small)
    expected = _items(alone, _body(60))
    _slowed(monkeypatch, 0.05, in_helper=False)  # so that the helper decides part of it
    with _app() as client:
        assert _items(client, _body(60)) == expected
        assert _helper(client).batches_shared == 1 and len(helper_parts) == 1 and helper_parts[0]


def test_what_each_process_remembers_is_at_its_end_of_the_queue(
    alone: TestClient, monkeypatch: pytest.MonkeyPatch, helper_parts: list[list[str]]
) -> None:
    _slowed(monkeypatch, 0.3, in_helper=False)  # so that the helper answers most of the first batch
    with _app(cache_size=4096) as client:
        helper, classifier = _helper(client), client.app.state.holder.classifier  # type: ignore[attr-defined]
        first = _body(40)
        assert _items(client, first) == _items(alone, first)
        (theirs,) = helper_parts
        ours = [f"{GOODS[k]} lot W{k}" for k in range(10)]
        small = {"items": [{"description": text} for text in ours], "as_of": "2026-11-22"}
        assert _items(client, small) == _items(alone, small)  # too small to share: the worker answered these
        new = [f"{GOODS[k % len(GOODS)]} {'x' * (k % 7)} lot N{k}" for k in range(20)]
        texts = new[:10] + theirs + ours + new[10:] + theirs[:3]  # the helper's texts twice
        batch = Batch([str(k) for k in range(len(texts))], texts, 3, None, date(2026, 11, 22), "full")
        queue = helper.queue(classifier, batch)
    assert queue is not None
    units = queue.units
    queued = [texts[unit[0]] for unit in units]
    assert queued == ours + sorted(new, key=len) + theirs  # new texts shortest first, as the model's chunks
    assert queue.model == (len(ours), len(ours) + len(new))  # only the new texts need a model run
    assert [len(unit) for unit in units[-len(theirs) :]] == [2, 2, 2] + [1] * (len(theirs) - 3)  # repeats go along


def test_a_helper_still_starting_is_handed_nothing(alone: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    serve = service.api.helper.serve

    def slow_start(*args: Any) -> None:  # the forked helper runs this: it says it is ready a second late
        time.sleep(1)
        serve(*args)

    monkeypatch.setattr(service.api.helper, "serve", slow_start)
    _slowed(monkeypatch, 0.2, in_helper=False)  # so that a ready helper claims texts
    with TestClient(create_app(Settings(model_dir=MODELS, cache_size=0))) as client:
        helper = _helper(client)
        start = time.monotonic()
        got = _items(client, _body(40))
        elapsed = time.monotonic() - start
        assert helper.batches_shared == 0 and helper.alive
        time.sleep(1.5)  # it has started: the next batches are shared, and its first word is not taken for an answer
        later = [_items(client, _body(30)), _items(client, _body(20))]
        assert helper.batches_shared == helper.batches_helped == 2 and helper.alive
    assert got == _items(alone, _body(40)) and later == [_items(alone, _body(30)), _items(alone, _body(20))]
    assert elapsed < 1  # not waited for


def test_a_killed_helper_costs_speed_not_answers(alone: TestClient) -> None:
    with _app() as client:
        helper = _helper(client)
        assert helper.pid is not None
        os.kill(helper.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while "hscc_batch_helper_up 1.0" in client.get("/metrics").text and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "hscc_batch_helper_up 0.0" in client.get("/metrics").text  # seen before any batch finds it gone
        assert _items(client, _body(40)) == _items(alone, _body(40))
        assert not helper.alive  # retired: later batches run in the worker alone
        assert _items(client, _body(30)) == _items(alone, _body(30))
        assert "hscc_batch_helper_up 0.0" in client.get("/metrics").text
        assert helper.replacements == 0  # no spare (the default): not replaced


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _wait_gone(pid: int) -> None:
    """Until ``pid`` has ended (a zombie, not yet reaped by its parent, has)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return
        if "\nState:\tZ" in status:
            return
        time.sleep(0.02)
    raise AssertionError(f"process {pid} did not end")


def test_a_helper_that_died_is_replaced_by_a_fork_of_the_spare(
    alone: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slowed(monkeypatch, 0.3, in_helper=False)  # so that the replacement takes part in a batch it is handed
    with _app(batch_helper_spare=True, batch_helper_replace_s=0) as client:
        helper = _helper(client)
        old, spare = helper.pid, helper._spare
        assert old is not None and spare is not None and spare.pid is not None
        os.kill(old, signal.SIGKILL)
        _wait_gone(old)
        assert _items(client, _body(40)) == _items(alone, _body(40))  # finds it gone: alone, and replaced
        assert helper.replacements == 1 and helper.pid not in (None, old)
        assert _parent(helper.pid or 0) == spare.pid  # forked from the spare, not from this (threaded) process
        assert helper.wait_ready(10)
        helped, shared = helper.batches_helped, helper.batches_shared
        assert _items(client, _body(40)) == _items(alone, _body(40))
        assert helper.batches_shared == shared + 1 and helper.batches_helped == helped + 1  # it takes part again
        metrics = client.get("/metrics").text
        assert "hscc_batch_helper_up 1.0" in metrics and "hscc_batch_helper_replacements 1.0" in metrics
        replacement = helper.pid
    _wait_gone(replacement or 0)  # both end with the app
    _wait_gone(spare.pid)


def _socket_inodes(pid: int) -> set[str]:
    links = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(FileNotFoundError):  # the listing's own descriptor, closed by now
            links.add(os.readlink(fd))
    return {link for link in links if link.startswith("socket:")}


def test_the_first_helper_holds_no_copy_of_the_spares_pipe() -> None:
    """Else the spare would see EOF only once the helper ends: a closing app or CLI would wait for it."""
    with _app(batch_helper_spare=True) as client:
        helper = _helper(client)
        spare = helper._spare
        conn = spare._conn if spare is not None else None
        assert conn is not None and helper.pid is not None
        fd = conn.fileno()
        workers_end = f"socket:[{os.fstat(fd).st_ino}]"
        assert workers_end in _socket_inodes(os.getpid())
        assert workers_end not in _socket_inodes(helper.pid)


def test_a_helper_is_replaced_at_most_once_in_replace_s(alone: TestClient) -> None:
    with _app(batch_helper_spare=True, batch_helper_replace_s=60) as client:
        helper = _helper(client)
        os.kill(helper.pid or 0, signal.SIGKILL)
        _wait_gone(helper.pid or 0)
        for n in (40, 30):  # the first finds it gone; neither is due a replacement yet
            assert _items(client, _body(n)) == _items(alone, _body(n))
        assert not helper.alive and helper.replacements == 0


def test_the_helper_remembers_a_quarter_of_what_the_worker_does(
    alone: TestClient, monkeypatch: pytest.MonkeyPatch, helper_parts: list[list[str]]
) -> None:
    _slowed(monkeypatch, 0.3, in_helper=False)  # so that the helper answers most of the batch
    with _app(cache_size=40) as client:  # the helper: 10 answers
        helper, classifier = _helper(client), client.app.state.holder.classifier  # type: ignore[attr-defined]
        assert _items(client, _body(40)) == _items(alone, _body(40))
        (theirs,) = helper_parts
        texts = theirs[::-1]  # not in the queue's order, so that a queue of remembered texts shows
        batch = Batch([str(k) for k in range(len(texts))], texts, 3, None, date(2026, 11, 22), "full")
        queue = helper.queue(classifier, batch)
    assert queue is not None and len(theirs) > 10
    queued = [texts[unit[0]] for unit in queue.units]
    assert queued[-10:] == theirs[-10:][::-1]  # the ten it answered last, at its end of the queue
    assert queued[:-10] == sorted(theirs[:-10][::-1], key=len)  # the others are new to either process


def test_a_helper_that_holds_a_claim_and_does_not_answer_is_given_up_after_its_timeout(
    alone: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slowed(monkeypatch, 20, in_helper=True)  # it claims, and is still classifying long after its timeout
    with _app(batch_helper_timeout_s=0.5) as client:
        helper = _helper(client)
        pid = helper.pid
        start = time.monotonic()
        got = _items(client, _body(40))
        elapsed = time.monotonic() - start
        assert not helper.alive
    assert got == _items(alone, _body(40))
    assert 0.5 <= elapsed < 10
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left behind
        os.kill(pid or 0, 0)


def test_a_stopped_helper_costs_nothing_and_is_given_up_after_its_timeout(alone: TestClient) -> None:
    with _app(batch_helper_timeout_s=2) as client:
        helper = _helper(client)
        pid = helper.pid
        assert pid is not None
        os.kill(pid, signal.SIGSTOP)  # alive, and silent: it never claims
        try:
            start = time.monotonic()
            got = _items(client, _body(40))
            elapsed = time.monotonic() - start
            assert helper.alive  # not waited for: it held no claim
            time.sleep(2.1)
            later = _items(client, _body(30))  # the first batch's answer is overdue: given up
            assert not helper.alive
        finally:
            if helper.alive:
                os.kill(pid, signal.SIGCONT)
    assert got == _items(alone, _body(40)) and later == _items(alone, _body(30))
    assert elapsed < 2
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_concurrent_batches_each_get_their_own_answers(alone: TestClient) -> None:
    bodies = [_body(20 + 7 * k) for k in range(6)]
    with _app() as client, ThreadPoolExecutor(max_workers=3) as pool:
        answers = list(pool.map(lambda body: _items(client, body), bodies))
        helper = _helper(client)
        assert helper.alive and 1 <= helper.batches_shared <= len(bodies)  # a busy helper is not waited for
    assert answers == [_items(alone, body) for body in bodies]


def test_a_batch_arriving_while_the_helper_is_busy_is_not_queued(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker classifies it alone, without first sorting its texts into a queue for the helper."""
    with _app() as client:
        helper, classifier = _helper(client), client.app.state.holder.classifier  # type: ignore[attr-defined]
        texts = [f"{GOODS[k % len(GOODS)]} lot B{k}" for k in range(40)]
        batch = Batch([str(k) for k in range(40)], texts, 3, None, date(2026, 11, 22), "full")
        shared = helper.open(classifier, batch)
        assert shared is not None
        queued: list[Batch] = []
        queue = helper.queue

        def counted(classifier: Classifier, batch: Batch) -> Queue | None:
            queued.append(batch)
            return queue(classifier, batch)

        monkeypatch.setattr(helper, "queue", counted)
        assert helper.open(classifier, batch.take(list(range(20, 40)))) is None
        assert queued == []
        while shared.take() is not None:  # the worker's share, then the helper's items
            pass
        shared.finish()
        # Free again: queued (handed over too, unless the helper's word on the first batch is still to come).
        again = helper.open(classifier, batch.take(list(range(20, 40))))
        assert len(queued) == 1
        if again is not None:
            while again.take() is not None:
                pass
            again.finish()


def test_the_helper_follows_a_model_reload_and_ends_with_the_app(tmp_path: Path, alone: TestClient) -> None:
    models = tmp_path / "models"
    shipped = copy_bundle(models).name
    copy_bundle(models, "next", "next-version")
    (models / "current").write_text(shipped + "\n")
    auth = {"Authorization": "Bearer t0ken"}
    with TestClient(create_app(Settings(model_dir=models, admin_token="t0ken", cache_size=0))) as client:
        helper = _helper(client)
        assert helper.wait_ready(10)
        pid = helper.pid
        assert pid is not None and helper.version == shipped
        (models / "current").write_text("next\n")
        assert client.post("/admin/reload", headers=auth).json()["model_version"] == "next-version"
        assert helper.version == "next-version"  # the helper loaded the new bundle too
        response = client.post("/v1/classify", json=_body(40))
        assert response.headers["X-Model-Version"] == "next-version"
        assert response.json()["results"] == _items(alone, _body(40))  # the same weights under another version
        assert helper.batches_shared == 1  # handed over: the helper serves the request's model
    with pytest.raises(ProcessLookupError):  # the app's shutdown ended it
        os.kill(pid, 0)


def test_a_replacement_serves_the_model_the_worker_reloaded(
    tmp_path: Path, alone: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The spare was forked with the start-up model: the helper forked from it loads the one served now."""
    _slowed(monkeypatch, 0.3, in_helper=False)  # so that the replacement takes part in a batch it is handed
    models = tmp_path / "models"
    shipped = copy_bundle(models).name
    copy_bundle(models, "next", "next-version")
    (models / "current").write_text(shipped + "\n")
    auth = {"Authorization": "Bearer t0ken"}
    settings = Settings(
        model_dir=models, admin_token="t0ken", cache_size=0, batch_helper_spare=True, batch_helper_replace_s=0
    )
    with TestClient(create_app(settings)) as client:
        helper = _helper(client)
        assert helper.wait_ready(10)
        (models / "current").write_text("next\n")
        assert client.post("/admin/reload", headers=auth).json()["model_version"] == "next-version"
        old = helper.pid or 0
        os.kill(old, signal.SIGKILL)
        _wait_gone(old)
        assert _items(client, _body(40)) == _items(alone, _body(40))  # alone; the replacement is forked
        assert helper.replacements == 1 and helper.wait_ready(10)
        assert helper.version == "next-version"
        response = client.post("/v1/classify", json=_body(40))
        assert response.headers["X-Model-Version"] == "next-version"
        assert response.json()["results"] == _items(alone, _body(40))
        assert helper.batches_shared == 2 and helper.batches_helped >= 1  # the replacement took part
