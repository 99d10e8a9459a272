"""``python -m benchmarks.graph_stages [--rounds 7] [--batches 20] [--singles 300]``: where the served graph's time
goes, stage by stage, without a profiler.

onnxruntime's profiler times every node but adds a cost of its own to each: on the shipped graph a one-text run
took about 360 µs profiled against about 65 unprofiled (a one-off timing, thirty-fourth session), so the shares it
reports favour the many small nodes. Here the graph is cut instead. For each stage a copy of the served graph ends
at that stage's last tensor (the nodes it does not need are left out), and every copy runs the same texts, in
turns, in the service's session settings: a stage costs its copy's median time less the copy's before it. The
stages are those ``training/optimize.py`` builds (its "occurrence" graph, named by its tensors' hints):

1. tokens to feature columns: the tokenizers, token codes, n-gram keys and the look-up of each n-gram's column;
2. packing: the occurrences that are features moved to the front of each row, the row cut to the longest;
3. weighted sum of coefficient rows: each feature's weight and coefficient row gathered, and summed (a MatMul);
4. scores to probabilities: intercepts and Softmax (the whole graph, for its ``probabilities`` output).

Batches are 100 distinct benchmark texts, run in the service's chunks (``service.bundle.chunk_ends`` over the batch
sorted by length), as ``ModelBundle.predict_proba`` runs them; one text is a separate figure (a run's fixed cost
per node weighs more there). Each batch and each text runs through every copy in turn, in a shuffled order. The
batches are the same in every round, so their data is warmer in the caches than a served request's: read the
stages' shares, not the totals, against the service (``benchmarks.anatomy --layers model`` times distinct texts).
A stage missing from a graph (another rewrite) is left out and said so; its work then counts in the next stage
found. Figures are medians over all batches (or texts) of all rounds; a cheap stage's difference can come out
slightly negative on a shared host.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import onnxruntime as ort

from benchmarks.machine import with_steal
from benchmarks.texts import REPO, sample_descriptions
from service.bundle import MODEL_FILE, chunk_ends, load_bundle, resolve_current

OUT = REPO / "benchmarks" / "out"
ITEMS = 100
# (stage, the hints of its last tensor in training/optimize.py's names, "<prefix><hint>_<n>"; None: the output)
STAGES: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("tokens to feature columns", ("ids_all", "ids")),
    ("packing", ("cols",)),
    ("weighted sum of coefficient rows", ("summed",)),
    ("scores to probabilities", None),
)


def cut_points(model: onnx.ModelProto, output: str) -> tuple[list[tuple[str, str]], list[str]]:
    """``(stage, tensor)`` for each stage found in ``model``, in order, the last being ``output``; and the stages
    not found."""
    produced = [name for node in model.graph.node for name in node.output]
    found: list[tuple[str, str]] = []
    missing: list[str] = []
    for stage, hints in STAGES:
        if hints is None:
            found.append((stage, output))
            continue
        tensor = next(
            (names[-1] for hint in hints if (names := [n for n in produced if re.search(rf"(^|/){hint}_\d+$", n)])),
            None,
        )
        if tensor is None:
            missing.append(stage)
        else:
            found.append((stage, tensor))
    return found, missing


def cut(model: onnx.ModelProto, tensor: str) -> onnx.ModelProto:
    """``model`` ending at ``tensor``: that tensor its only output, and only the nodes it needs."""
    needed = {tensor}
    kept = []
    for node in reversed(model.graph.node):
        if any(name in needed for name in node.output):
            kept.append(node)
            needed.update(node.input)
    graph = onnx.helper.make_graph(
        list(reversed(kept)),
        model.graph.name,
        list(model.graph.input),
        [onnx.helper.make_empty_tensor_value_info(tensor)],
        [t for t in model.graph.initializer if t.name in needed],
    )
    return onnx.helper.make_model(graph, opset_imports=list(model.opset_import), ir_version=model.ir_version)


def chunked(texts: list[str]) -> list[np.ndarray]:
    """``texts`` as the service runs one batch of them: sorted by length, in its chunks, each an [n, 1] array."""
    ordered = sorted(texts, key=len)
    ends = chunk_ends(ordered)
    return [np.array(ordered[a:b], dtype=object).reshape(-1, 1) for a, b in itertools.pairwise([0, *ends])]


def measure(model_dir: Path, rounds: int, batches: int, singles: int) -> dict[str, Any]:
    bundle = load_bundle(resolve_current(model_dir))
    model = onnx.load(str(bundle.path / MODEL_FILE))
    stages, missing = cut_points(model, bundle.card.probabilities_output)
    options = bundle.session.get_session_options()  # the served settings (this bundle is this benchmark's own)
    options.log_severity_level = 3  # the cut copies leave initializers unused: onnxruntime warns of each
    copies = {stage: cut(model, tensor) for stage, tensor in stages}
    sessions = {
        stage: ort.InferenceSession(copy.SerializeToString(), options, providers=["CPUExecutionProvider"])
        for stage, copy in copies.items()
    }
    texts = [bundle.model_input(t) for t in sample_descriptions(OUT, batches * ITEMS + rounds * singles)]
    work = [chunked(texts[i * ITEMS : (i + 1) * ITEMS]) for i in range(batches)]
    pool = texts[batches * ITEMS :]
    name = bundle.card.input_name
    per_batch: dict[str, list[float]] = {stage: [] for stage in sessions}
    one: dict[str, list[float]] = {stage: [] for stage in sessions}
    rng = random.Random(0)
    for r in range(rounds):
        # Every batch and every text through all the copies in turn, in an order of its own: a slow moment of the
        # host, or the caches a text warms for the copy after it, falls on each copy alike.
        for chunks in work:
            for stage in rng.sample(list(sessions), len(sessions)):
                run = sessions[stage].run
                start = time.perf_counter()
                for chunk in chunks:
                    run(None, {name: chunk})
                per_batch[stage].append(time.perf_counter() - start)
        for text in pool[r * singles : (r + 1) * singles]:
            feed = {name: np.array([[text]], dtype=object)}
            for stage in rng.sample(list(sessions), len(sessions)):
                start = time.perf_counter()
                sessions[stage].run(None, feed)
                one[stage].append(time.perf_counter() - start)
    rows, before_ms, before_us = [], 0.0, 0.0
    for stage, tensor in stages:
        ms = statistics.median(per_batch[stage]) * 1e3
        us = statistics.median(one[stage]) * 1e6
        rows.append(
            {
                "stage": stage,
                "ends_at": tensor,
                "nodes": len(copies[stage].graph.node),
                "batch_ms": round(ms, 3),
                "stage_batch_ms": round(ms - before_ms, 3),
                "one_text_us": round(us, 1),
                "stage_one_text_us": round(us - before_us, 1),
            }
        )
        before_ms, before_us = ms, us
    return {"model": bundle.card.version, "items": ITEMS, "rounds": rounds, "stages": rows, "missing": missing}


def table(result: dict[str, Any]) -> str:
    total = result["stages"][-1]["batch_ms"] if result["stages"] else 0.0
    lines = [
        f"| stage | nodes to here | ms a batch of {result['items']}, to here | the stage | share "
        "| µs one text, to here | the stage |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["stages"]:
        share = 100 * row["stage_batch_ms"] / total if total else 0.0
        lines.append(
            f"| {row['stage']} | {row['nodes']} | {row['batch_ms']:.2f} | {row['stage_batch_ms']:.2f} | {share:.0f} % "
            f"| {row['one_text_us']:.1f} | {row['stage_one_text_us']:.1f} |"
        )
    if result["missing"]:
        lines.append(f"\nNot in this graph: {', '.join(result['missing'])}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.graph_stages", description=__doc__.splitlines()[0])
    ap.add_argument("--model-dir", type=Path, default=REPO / "models", help="bundles + 'current' pointer")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--batches", type=int, default=20, help="batches of 100 texts a stage and round")
    ap.add_argument("--singles", type=int, default=300, help="one-text runs a stage and round")
    args = ap.parse_args(argv)
    if min(args.rounds, args.batches, args.singles) < 1:
        print("--rounds, --batches and --singles must be at least 1", file=sys.stderr)
        return 2
    result = with_steal(measure, args.model_dir, args.rounds, args.batches, args.singles)
    print(json.dumps(result))
    print(table(result))
    print(f"\nmodel {result['model']}; medians over {args.rounds} rounds; steal {result['steal_pct']} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
