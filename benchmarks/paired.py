"""``python -m benchmarks.paired --variant A=/path/to/tree --variant B=. [--items 100] [--batches 100] [--asgi]
[--distinct N]``: the classifier's own time for a batch (``Classifier.iter_predict`` plus the API's conversion
and rendering of each prediction, what ``/v1/classify`` runs in its worker thread), or with ``--asgi`` the
whole application's time for one ``POST /v1/classify`` of the batch (called through ASGI as uvicorn would,
without a socket: routing, parsing, validation, the thread hop, the response), for two or more source trees in
one process, alternating batch by batch.

A change of a few per cent disappears between two runs minutes apart on a shared machine; here every batch is
classified by every variant in turn (shuffled order), so load hits all of them alike. A variant is a
directory holding a ``service`` package (e.g. ``git archive HEAD~1 service | tar -x -C /tmp/before``); each is
imported under its own module objects, with the same ``models`` folder and texts. The classifiers' caches are
off, so every description is classified. Sockets and the HTTP parser are left to ``benchmarks.ab``.
``--distinct N`` builds each batch from N distinct descriptions repeated in turn, as a manifest repeats lines.
``--crowded-core`` (with ``--asgi``, Linux) has one of the two cores shared with a neighbour, as on a busy shared
host: this process runs on one core, and each application's batch helper process (``service.api.helper``) on the
other, with a busy loop.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from benchmarks.asgi_bench import post_classify
from benchmarks.texts import REPO, request_json, sample_descriptions

OUT = REPO / "benchmarks" / "out"
DAY = date(2026, 11, 22)  # fixed: measures in force do not change between variants or runs


def _is_service(name: str) -> bool:
    return name == "service" or name.startswith("service.")


@contextlib.contextmanager
def service_from(tree: Path) -> Iterator[None]:
    """Within the block, ``import service...`` imports ``tree``'s package, as new module objects; afterwards the
    process's own ``service`` modules are back. What was imported inside keeps its modules alive.

    Always from source: a module compiled with mypyc (``scripts/build_native.py``) keeps its globals in the
    compiled library, which a second import of the same file (or of another tree's copy) shares, so two trees'
    compiled modules in one process would see each other's classes. Compare compiled builds with
    ``benchmarks.ab``, which serves each from its own process."""
    from service.native import import_sources_only  # this process's own package, imported before the swap

    # Absolute: a relative tree ("--tree .") was not recognised as the package the compiled modules are from, so they
    # were imported compiled, with the classes of this process's first import.
    tree = tree.resolve()
    ours = {k: v for k, v in sys.modules.items() if _is_service(k)}
    package = str(tree / "service")

    def in_package(path: str) -> bool:
        return path == package or path.startswith(package + os.sep)

    finders = {k: v for k, v in sys.path_importer_cache.items() if in_package(k)}
    for k in ours:
        del sys.modules[k]
    sys.path.insert(0, str(tree))
    import_sources_only(tree / "service")
    try:
        yield
    finally:
        sys.path.remove(str(tree))
        for k in [k for k in sys.path_importer_cache if in_package(k)]:
            del sys.path_importer_cache[k]
        sys.path_importer_cache.update(finders)
        for k in [k for k in sys.modules if _is_service(k)]:
            del sys.modules[k]
        sys.modules.update(ours)


def served_from(tree: Path, model_dir: Path) -> tuple[Any, Callable[..., dict[str, Any]]]:
    """``tree``'s classifier over ``model_dir`` with its cache off, and its API's rendering of a prediction
    (``to_item_result``): what each variant of a comparison runs."""
    with service_from(tree):
        from service.api.convert import to_item_result
        from service.api.state import ClassifierHolder
        from service.config import Settings

        holder = ClassifierHolder(Settings(model_dir=model_dir, cache_size=0))
        holder.load()
    return holder.classifier, to_item_result


def serve_batch(classifier: Any, to_item_result: Callable[..., dict[str, Any]], batch: list[str]) -> None:
    """``batch`` as ``/v1/classify``'s worker thread takes it: ``Classifier.iter_predict`` (top 3, no destination,
    ``DAY``) and each item rendered as JSON by ``to_item_result`` (the API's, of the classifier's own tree)."""
    for i, prediction in classifier.iter_predict(batch, 3, None, DAY):
        orjson.dumps(to_item_result(str(i), prediction, classifier.controls))


def _load(tree: Path, model_dir: Path) -> Callable[[list[str]], None]:
    """A function classifying a batch with ``tree``'s ``service`` package."""
    classifier, to_item_result = served_from(tree, model_dir)

    def classify(batch: list[str]) -> None:
        serve_batch(classifier, to_item_result, batch)

    return classify


def _load_app(tree: Path, model_dir: Path) -> Any:
    """``tree``'s application (``create_app``); its lifespan is not run yet."""
    with service_from(tree):
        from service.api.app import create_app
        from service.config import Settings

        return create_app(Settings(model_dir=model_dir, cache_size=0, log_level="WARNING"))


def _alternate(calls: dict[str, Callable[[Any], float]], work: list[Any], passes: int) -> dict[str, list[float]]:
    for call in calls.values():  # warm-up: first calls build caches and thread pools
        for batch in work[:3]:
            call(batch)
    seconds: dict[str, list[float]] = {name: [] for name in calls}
    rng = random.Random(7)
    for _ in range(passes):
        for batch in work:
            order = list(calls)
            rng.shuffle(order)
            for name in order:
                seconds[name].append(calls[name](batch))
    return seconds


def _timed(fn: Callable[[list[str]], None]) -> Callable[[Any], float]:
    def call(batch: list[str]) -> float:
        start = time.perf_counter()
        fn(batch)
        return time.perf_counter() - start

    return call


def run(
    variants: dict[str, tuple[Path, Path]],
    items: int,
    batches: int,
    passes: int,
    asgi: bool = False,
    distinct: int | None = None,
    crowded_core: bool = False,
) -> dict[str, Any]:
    per_batch = min(distinct or items, items)
    texts = sample_descriptions(OUT, per_batch * batches)
    work = [[texts[b * per_batch + i % per_batch] for i in range(items)] for b in range(batches)]
    if asgi:
        seconds = asyncio.run(_run_asgi(variants, work, passes, crowded_core))
    elif crowded_core:
        raise ValueError("crowded_core needs asgi: only the applications have batch helpers")
    else:
        calls = {name: _timed(_load(tree, models)) for name, (tree, models) in variants.items()}
        seconds = _alternate(calls, work, passes)
    out: dict[str, Any] = {"items": items, "distinct": per_batch, "batches": batches, "passes": passes, "asgi": asgi}
    if crowded_core:
        out["crowded_core"] = True
    for name, xs in seconds.items():
        xs.sort()
        out[name] = {
            "p50_ms": round(statistics.median(xs) * 1e3, 3),
            "p90_ms": round(xs[int(len(xs) * 0.9)] * 1e3, 3),
            "mean_ms": round(statistics.fmean(xs) * 1e3, 3),
        }
    return out


@contextlib.contextmanager
def _crowded_core(apps: dict[str, Any]) -> Iterator[None]:
    """This process's threads on one core; every application's batch helper, and a busy loop, on the other."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        raise RuntimeError("--crowded-core needs two cores")
    ours, crowded = {cores[0]}, {cores[1]}
    threads = [int(tid) for tid in os.listdir("/proc/self/task")]
    for tid in threads:  # the threads there are; those started later inherit their starter's core
        os.sched_setaffinity(tid, ours)
    for app in apps.values():
        helper = getattr(app.state, "helper", None)
        if helper is None or helper.pid is None:
            raise RuntimeError("--crowded-core: an application has no batch helper")
        os.sched_setaffinity(helper.pid, crowded)
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        os.sched_setaffinity(busy.pid, crowded)
        yield
    finally:
        busy.kill()
        busy.wait()
        for task in os.listdir("/proc/self/task"):
            with contextlib.suppress(OSError):  # a thread that has ended since
                os.sched_setaffinity(int(task), set(cores))


async def _run_asgi(
    variants: dict[str, tuple[Path, Path]], work: list[list[str]], passes: int, crowded_core: bool = False
) -> dict[str, list[float]]:
    apps = {name: _load_app(tree, models) for name, (tree, models) in variants.items()}
    bodies = [request_json(batch).encode() for batch in work]
    async with contextlib.AsyncExitStack() as stack:
        for app in apps.values():
            await stack.enter_async_context(app.router.lifespan_context(app))
        if crowded_core:
            stack.enter_context(_crowded_core(apps))
        seconds: dict[str, list[float]] = {name: [] for name in apps}
        rng = random.Random(7)
        for round_ in range(passes + 1):  # the first pass warms up
            for body in bodies if round_ else bodies[:3]:
                order = list(apps)
                rng.shuffle(order)
                for name in order:
                    start = time.perf_counter()
                    status = await post_classify(apps[name], body)
                    if status != 200:
                        raise RuntimeError(f"{name}: status {status}")
                    if round_:
                        seconds[name].append(time.perf_counter() - start)
    return seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.paired", description=__doc__)
    ap.add_argument(
        "--variant", action="append", required=True, help="NAME=DIR[@MODELS] (a tree with service/, a models folder)"
    )
    ap.add_argument("--model-dir", type=Path, default=REPO / "models")
    ap.add_argument("--items", type=int, default=100, help="descriptions per batch")
    ap.add_argument("--batches", type=int, default=100, help="distinct batches per pass")
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--asgi", action="store_true", help="time the whole application (POST /v1/classify via ASGI)")
    ap.add_argument("--distinct", type=int, default=None, help="distinct descriptions per batch (default: all)")
    ap.add_argument(
        "--crowded-core", action="store_true", help="with --asgi: the batch helpers share a core with a busy loop"
    )
    args = ap.parse_args(argv)
    if args.crowded_core and not args.asgi:
        ap.error("--crowded-core needs --asgi")
    variants: dict[str, tuple[Path, Path]] = {}
    for spec in args.variant:
        name, sep, where = spec.partition("=")
        tree, at, models = where.partition("@")
        if not sep or not (Path(tree) / "service").is_dir():
            ap.error(f"--variant {spec!r}: expected NAME=DIR[@MODELS] with DIR/service")
        if at and not Path(models).is_dir():
            ap.error(f"--variant {spec!r}: {models} is not a folder")
        variants[name] = (Path(tree).resolve(), Path(models).resolve() if at else args.model_dir)
    result = run(variants, args.items, args.batches, args.passes, args.asgi, args.distinct, args.crowded_core)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
