"""A/B of the served graph's rewrites, all exported from one fitted pipeline and timed interleaved.

    .venv/bin/python -m benchmarks.graph_ab                  # ~3 min once the pipeline is cached
    .venv/bin/python -m benchmarks.graph_ab --profile        # + onnxruntime kernel time per op type
    .venv/bin/python -m benchmarks.graph_ab --onnx models/<version>/model.onnx   # + a saved graph

The scikit-learn pipeline is the current bundle's configuration refitted by ``model_bench.sklearn_pipeline``
(cached under benchmarks/out/ by card version). Each variant runs through ``service.bundle.ModelBundle``
(``predict_proba``: chunks of ``CHUNK_ITEMS`` texts sorted by length) on a 1-intra-op-thread session. Every
round times every variant, in a shuffled order, on the same texts, so the machine's load hits all of them
alike; compare rows of one run only. Parity: 2,000 benchmark texts against the pipeline's predict_proba.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import onnxruntime as ort

from benchmarks.machine import describe
from benchmarks.model_bench import sklearn_pipeline
from benchmarks.texts import REPO, sample_descriptions
from service.bundle import CHUNK_ITEMS, ModelBundle, ModelCard, resolve_current
from service.text import model_input
from training.export import export_onnx

OUT = REPO / "benchmarks" / "out"
VARIANTS: dict[str, dict[str, str]] = {
    "lookup, int16 (previous default)": {"strategy": "lookup", "coef_dtype": "int16"},
    "occurrence, int16 (default)": {"strategy": "occurrence", "coef_dtype": "int16"},
    "occurrence, float32": {"strategy": "occurrence", "coef_dtype": "float32"},
}
BATCHES = (32, 256, 1024)


def _bundle(raw: bytes, labels: list[str]) -> ModelBundle:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(raw, options, providers=["CPUExecutionProvider"])
    card = ModelCard(
        version="ab",
        created="-",
        labels=labels,
        controls_version="-",
        onnx_sha256=hashlib.sha256(raw).hexdigest(),
    )
    return ModelBundle(path=Path("."), card=card, session=session)


def _profile(raw: bytes, texts: list[str], size: int, runs: int = 200) -> dict[str, float]:
    """Kernel µs per run by op type (onnxruntime's profiler: adds overhead per node; read as shares)."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.enable_profiling = True
    options.profile_file_prefix = str(Path(tempfile.gettempdir()) / "graph_ab_profile")
    session = ort.InferenceSession(raw, options, providers=["CPUExecutionProvider"])
    for i in range(runs):
        chunk = [texts[(i * size + j) % len(texts)] for j in range(size)]
        session.run(None, {"text": np.array(chunk, dtype=object).reshape(-1, 1)})
    path = session.end_profiling()
    events = json.loads(Path(path).read_text())
    os.remove(path)
    per_op: collections.Counter[str] = collections.Counter()
    for event in events:
        if str(event.get("name", "")).endswith("_kernel_time"):
            per_op[event["args"]["op_name"]] += event["dur"]
    return {op: round(us / runs, 1) for op, us in per_op.most_common()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path, default=REPO / "models", help="bundles + 'current' pointer")
    parser.add_argument("--onnx", type=Path, action="append", default=[], help="also time this saved graph")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--singles", type=int, default=300, help="single-item calls per variant and round")
    parser.add_argument("--profile", action="store_true", help="kernel time per op type, 1 text and 24")
    args = parser.parse_args()

    card = json.loads((resolve_current(args.model_dir) / "card.json").read_text())
    pipeline, info = sklearn_pipeline(card, OUT, smoke=False)
    labels = [str(c) for c in pipeline.classes_]
    graphs = {name: export_onnx(pipeline, labels, **kw) for name, kw in VARIANTS.items()}  # type: ignore[arg-type]
    for path in args.onnx:
        graphs[f"file {path}"] = path.read_bytes()
    bundles = {name: _bundle(raw, labels) for name, raw in graphs.items()}

    to_input = model_input(card.get("normalization"))
    texts = [to_input(t) for t in sample_descriptions(OUT, 20_000)]
    sk = pipeline.predict_proba(texts[:2000])
    rows: dict[str, dict[str, Any]] = {}
    for name, bundle in bundles.items():
        got = bundle.predict_proba(texts[:2000])
        rows[name] = {
            "model_mb": round(len(graphs[name]) / 1e6, 2),
            "nodes": len(onnx.load_from_string(graphs[name]).graph.node),
            "top1_agreement": float((got.argmax(1) == sk.argmax(1)).mean()),
            "max_abs_dp": float(np.abs(got - sk).max()),
        }

    singles: dict[str, list[float]] = {name: [] for name in bundles}
    rates: dict[str, dict[int, list[float]]] = {name: {b: [] for b in BATCHES} for name in bundles}
    rng = random.Random(0)
    pool = texts[2000:]
    for bundle in bundles.values():  # warm-up
        for t in pool[:50]:
            bundle.predict_proba([t])
    for r in range(args.rounds):
        offset = r * args.singles
        for name in rng.sample(list(bundles), len(bundles)):
            predict = bundles[name].predict_proba
            for t in pool[offset : offset + args.singles]:
                start = time.perf_counter()
                predict([t])
                singles[name].append(time.perf_counter() - start)
            for size in BATCHES:
                for k in range(max(1, 2048 // size)):
                    batch = [pool[(r * 4096 + k * size + i) % len(pool)] for i in range(size)]
                    start = time.perf_counter()
                    predict(batch)
                    rates[name][size].append(size / (time.perf_counter() - start))
    for name in bundles:
        us = np.asarray(singles[name]) * 1e6
        rows[name]["single_p50_us"] = round(float(np.median(us)), 1)
        rows[name]["single_p99_us"] = round(float(np.percentile(us, 99)), 1)
        for size in BATCHES:
            rows[name][f"items_per_s_{size}"] = round(float(np.median(rates[name][size])))
        if args.profile:
            rows[name]["profile_1"] = _profile(graphs[name], pool, 1)
            rows[name][f"profile_{CHUNK_ITEMS}"] = _profile(graphs[name], pool, CHUNK_ITEMS)

    result = {"machine": describe(), "sklearn": info, "chunk_items": CHUNK_ITEMS, "rounds": args.rounds, "rows": rows}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "graph_ab.json").write_text(json.dumps(result, indent=2))
    print(
        f"load average at the end: {os.getloadavg()[0]:.2f}; model {card['version']}; details: {OUT / 'graph_ab.json'}"
    )
    head = "| graph | nodes | single p50 / p99 µs | items/s at " + " / ".join(map(str, BATCHES))
    print(head + " | top-1, max abs Δp vs scikit-learn | model.onnx MB |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, row in rows.items():
        rates_s = " / ".join(f"{row[f'items_per_s_{b}']:,}" for b in BATCHES)
        print(
            f"| {name} | {row['nodes']} | {row['single_p50_us']:.0f} / {row['single_p99_us']:.0f} | {rates_s} "
            f"| {row['top1_agreement']:.3f}, {row['max_abs_dp']:.1e} | {row['model_mb']:.1f} |"
        )
        for key in ("profile_1", f"profile_{CHUNK_ITEMS}"):
            if key in row:
                top = ", ".join(f"{op} {us:.0f}" for op, us in list(row[key].items())[:8])
                print(f"    {key} (µs per run, profiler on): {top}")


if __name__ == "__main__":
    main()
