"""``python -m benchmarks.inputs [--texts 2400] [--rounds 7]``: what the served graph costs a text for each model
input version (``service.text.MODEL_INPUTS``), on the same descriptions.

The graph's work follows the n-grams of its input: v2 repeats a description's head in capitals after it, so its
inputs are longer than v1's. The served model was trained on one version (its card's ``normalization``); fed
another, its probabilities mean nothing, but its cost is what a model trained on that version would cost with
the same vocabulary sizes. Chunks of ``service.bundle.CHUNK_ITEMS`` texts of similar length, as the service runs
them; versions interleaved round by round; the median µs a text of each.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.texts import REPO, sample_descriptions
from service.bundle import CHUNK_ITEMS, load_bundle, resolve_current
from service.text import MODEL_INPUTS

OUT = Path(__file__).resolve().parent / "out"


def measure(texts: list[str], rounds: int, model_dir: Path) -> dict[str, Any]:
    """``{version: {"us_per_text", "chars_per_text"}}`` for every model input version, plus the served version."""
    bundle = load_bundle(resolve_current(model_dir))
    chunks: dict[str, list[np.ndarray]] = {}
    chars: dict[str, float] = {}
    for version, to_input in MODEL_INPUTS.items():
        inputs = sorted((to_input(t) for t in texts), key=len)
        chars[version] = sum(map(len, inputs)) / len(inputs)
        chunks[version] = [
            np.array(inputs[k : k + CHUNK_ITEMS], dtype=object).reshape(-1, 1)
            for k in range(0, len(inputs), CHUNK_ITEMS)
        ]
    run, feed = bundle.session.run, bundle.card.input_name
    outputs = [bundle.card.probabilities_output]
    seconds: dict[str, list[float]] = {version: [] for version in chunks}
    for r in range(rounds):
        order = list(chunks) if r % 2 == 0 else list(chunks)[::-1]
        for version in order:
            started = time.perf_counter()
            for chunk in chunks[version]:
                run(outputs, {feed: chunk})
            seconds[version].append(time.perf_counter() - started)
    return {
        "served": (bundle.card.normalization or "").split(":", 1)[0] or "v1",
        "texts": len(texts),
        **{
            version: {
                "us_per_text": round(statistics.median(seconds[version]) / len(texts) * 1e6, 2),
                "chars_per_text": round(chars[version], 1),
            }
            for version in chunks
        },
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.inputs", description=__doc__)
    ap.add_argument("--texts", type=int, default=2400)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--model-dir", type=Path, default=REPO / "models")
    args = ap.parse_args(argv)
    result = measure(sample_descriptions(OUT, args.texts), args.rounds, args.model_dir)
    print(json.dumps(result))
    for version in MODEL_INPUTS:
        figures = result[version]
        served = " (the served model's)" if version == result["served"] else ""
        print(f"{version}{served}: {figures['us_per_text']} µs a text, {figures['chars_per_text']} characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
