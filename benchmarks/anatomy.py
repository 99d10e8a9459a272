"""``python -m benchmarks.anatomy [--batches 50] [--items 100] [--layers pipeline,asgi]``: where a large
request's time goes, layer by layer, in one process, the layers taking turns batch by batch in a shuffled order
(so that a slow phase of the shared machine falls on all layers alike).

Layers, each timed on batches of descriptions it alone sees (the classifiers' answer caches are off). Each layer
has its own texts: the decisions remember their last few hundred texts' name scans and formula readings
(``functools.lru_cache``), so a layer given a batch another layer had just classified was up to a fifth faster
than a server seeing each text once (until the twenty-seventh session, all layers had the same batches: ``decide``
read 5.87 ms with them at de5150c, and 7.45 ms with batches of its own at 7925861).

- ``model``: the bundle's probabilities for the batch in this thread (normalising included): the model's share;
- ``decide``: the decisions and the API's rendering of each item, given probabilities computed beforehand;
- ``sequential``: the two, one after the other, in one thread;
- ``interleaved``: the two chunk by chunk in one thread (a chunk's model run, then its decisions), as a process
  without a second thread runs a batch it computes itself (the batch helper's claims did until the twenty-seventh
  session, and the worker's first claim still does): against ``sequential``, what alternating costs;
- ``pipeline``: ``Classifier.iter_predict`` plus the rendering, as ``/v1/classify``'s worker thread runs it
  (the model's chunks in a helper thread while this one decides);
- ``asgi``: the whole application, ``POST /v1/classify`` called through ASGI (no socket), with its batch helper
  process (``service.api.helper``) taking part of each batch, as served;
- ``http``: a real ``python -m service serve`` (one worker and its helper) on 127.0.0.1, ``http.client`` with
  keep-alive.

How to read it: ``pipeline`` against ``sequential`` and ``max(model, decide)`` is how much the two threads
overlap; ``asgi`` minus ``pipeline`` is the framework's share less what the helper process saves (since the
twenty-fifth session; ``--no-helper`` for the framework's share alone). ``http`` minus ``asgi`` is the socket's, the
HTTP parser's and this client's share, plus the server's copy of the model being colder in the processor's
caches than the in-process layers' shared copy (the in-process layers all use the app's classifier). The
run's CPU steal (``benchmarks.machine``) is printed with it.

The layers are not independent: model runs in this thread (``model``, ``sequential``) slow the ``asgi`` layer
that follows them, whose model runs in other threads. With every layer, ``asgi`` minus ``pipeline`` was 6-7 ms
of a 100-item batch; with ``--layers pipeline,asgi`` 1.1 ms, and with ``sequential`` added 2.8 ms (2026-11-23,
eleventh session). Read the framework's share from ``--layers pipeline,asgi``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import itertools
import json
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from benchmarks import http_bench
from benchmarks.asgi_bench import post_classify
from benchmarks.machine import with_steal
from benchmarks.paired import DAY, serve_batch
from benchmarks.texts import REPO, request_json, sample_descriptions
from service.api.app import create_app
from service.api.convert import to_item_result
from service.arbitration import RERANK_DEPTH
from service.classifier import Classifier
from service.config import Settings
from service.ranking import top_labels

OUT = REPO / "benchmarks" / "out"
TOP_K = 3
LAYERS = ("model", "decide", "sequential", "interleaved", "pipeline", "asgi", "http")
Layer = Callable[[list[str]], Awaitable[float]]


def _body(batch: list[str]) -> bytes:
    return request_json(batch).encode()


@contextlib.contextmanager
def _server(model_dir: Path, helper: bool) -> Iterator[http_bench.Server]:
    """One worker with its cache off, like the in-process layers."""
    env = {"HSCC_CACHE_SIZE": "0", "HSCC_BATCH_HELPER": str(helper).lower()}
    server = http_bench.start_server(model_dir, 1, OUT / "anatomy-server.log", env_extra=env)
    try:
        yield server
    finally:
        http_bench.stop_server(server)


def _in_process_layers(classifier: Classifier) -> dict[str, Layer]:
    """The layers that run in this thread: the model, the decisions, both in turn, and the served pipeline."""
    bundle = classifier.bundle
    depth = max(TOP_K, RERANK_DEPTH)

    def probabilities(batch: list[str]) -> tuple[np.ndarray, list[list[int]]]:
        proba = bundle.predict_proba([bundle.model_input(t) for t in batch])
        return proba, top_labels(proba, depth)

    def decide(batch: list[str], proba: np.ndarray, orders: list[list[int]]) -> None:
        for i, text in enumerate(batch):
            prediction = classifier.decide(text, proba[i], TOP_K, None, DAY, orders[i])
            prediction.notices = classifier._notices.find(text, DAY)  # as Classifier.iter_predict adds them
            orjson.dumps(to_item_result(str(i), prediction, classifier.controls))

    async def model(batch: list[str]) -> float:
        start = time.perf_counter()
        probabilities(batch)
        return time.perf_counter() - start

    async def decide_only(batch: list[str]) -> float:
        proba, orders = probabilities(batch)  # not timed
        start = time.perf_counter()
        decide(batch, proba, orders)
        return time.perf_counter() - start

    async def sequential(batch: list[str]) -> float:
        start = time.perf_counter()
        decide(batch, *probabilities(batch))
        return time.perf_counter() - start

    async def interleaved(batch: list[str]) -> float:
        start = time.perf_counter()
        for rows, proba in bundle.iter_proba(batch, raw=True, prefetch=False):
            decide([batch[r] for r in rows], proba, top_labels(proba, depth))
        return time.perf_counter() - start

    async def pipeline(batch: list[str]) -> float:
        start = time.perf_counter()
        serve_batch(classifier, to_item_result, batch)
        return time.perf_counter() - start

    return {
        "model": model,
        "decide": decide_only,
        "sequential": sequential,
        "interleaved": interleaved,
        "pipeline": pipeline,
    }


async def _measure(
    model_dir: Path, work: list[dict[str, list[str]]], warm_up: int, wanted: tuple[str, ...], helper: bool
) -> dict[str, list[float]]:
    app = create_app(Settings(model_dir=model_dir, cache_size=0, log_level="WARNING", batch_helper=helper))
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(app.router.lifespan_context(app))
        # The app's own classifier for every in-process layer: a second copy of the model would take turns with
        # this one in the processor's caches, and the layers that share a copy would look faster.
        layers = _in_process_layers(app.state.holder.classifier)

        async def asgi(batch: list[str]) -> float:
            body = _body(batch)
            start = time.perf_counter()
            status = await post_classify(app, body)
            elapsed = time.perf_counter() - start
            if status != 200:
                raise RuntimeError(f"asgi: status {status}")
            return elapsed

        layers["asgi"] = asgi
        if "http" in wanted:
            server = stack.enter_context(_server(model_dir, helper))
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            stack.callback(conn.close)

            async def over_http(batch: list[str]) -> float:
                body = _body(batch)
                start = time.perf_counter()
                conn.request("POST", "/v1/classify", body, {"Content-Type": "application/json"})
                response = conn.getresponse()
                response.read()
                elapsed = time.perf_counter() - start
                if response.status != 200:
                    raise RuntimeError(f"http: status {response.status}")
                return elapsed

            layers["http"] = over_http
        layers = {name: layer for name, layer in layers.items() if name in wanted}
        seconds: dict[str, list[float]] = {name: [] for name in layers}
        rng = random.Random(11)
        for k, batches in enumerate(work):
            order = list(layers)
            rng.shuffle(order)
            for name in order:
                elapsed = await layers[name](batches[name])
                if k >= warm_up:
                    seconds[name].append(elapsed)
    return seconds


def run(
    model_dir: Path,
    batches: int,
    items: int,
    layers: tuple[str, ...] = LAYERS,
    warm_up: int = 5,
    helper: bool = True,
) -> dict[str, Any]:
    unknown = set(layers) - set(LAYERS)
    if unknown:
        raise ValueError(f"unknown layers {sorted(unknown)}; known: {', '.join(LAYERS)}")
    work = layer_batches(batches + warm_up, items, layers)

    def measure() -> dict[str, Any]:
        seconds = asyncio.run(_measure(model_dir, work, warm_up, layers, helper))
        return {
            name: {"p50_ms": round(statistics.median(xs) * 1e3, 3), "mean_ms": round(statistics.fmean(xs) * 1e3, 3)}
            for name in LAYERS
            if (xs := seconds.get(name))
        }

    return {"items": items, "batches": batches, "helper": helper, **with_steal(measure)}


def layer_batches(count: int, items: int, layers: tuple[str, ...]) -> list[dict[str, list[str]]]:
    """``count`` rounds of a batch of ``items`` descriptions for each layer, no description in two batches."""
    texts = iter(sample_descriptions(OUT, count * items * len(layers)))
    work = [{name: list(itertools.islice(texts, items)) for name in layers} for _ in range(count)]
    if any(len(batch) < items for batches in work for batch in batches.values()):
        raise ValueError(f"fewer than {count * items * len(layers)} distinct descriptions to time")
    return work


def table(result: dict[str, Any]) -> str:
    lines = ["| layer | p50 ms | mean ms |", "|---|---:|---:|"]
    lines += [f"| {n} | {result[n]['p50_ms']:.2f} | {result[n]['mean_ms']:.2f} |" for n in LAYERS if n in result]
    helper = "with" if result.get("helper", True) else "without"
    return (
        "\n".join(lines)
        + f"\n\n{result['batches']} batches of {result['items']}; asgi and http {helper} the batch helper; "
        + f"steal {result['steal_pct']} %\n"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.anatomy", description=__doc__)
    ap.add_argument("--model-dir", type=Path, default=REPO / "models")
    ap.add_argument("--batches", type=int, default=50, help="timed batches (each through every layer)")
    ap.add_argument("--items", type=int, default=100, help="descriptions per batch")
    ap.add_argument("--layers", default=",".join(LAYERS), help=f"comma-separated subset of {','.join(LAYERS)}")
    ap.add_argument(
        "--no-helper", action="store_true", help="the asgi and http layers without the batch helper process"
    )
    args = ap.parse_args(argv)
    try:
        layers = tuple(args.layers.split(","))
        result = run(args.model_dir, args.batches, args.items, layers, helper=not args.no_helper)
    except ValueError as exc:
        ap.error(str(exc))
    print(json.dumps(result))
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
