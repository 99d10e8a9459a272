"""``python -m benchmarks.invariance [--model-dir models] [--texts 2400] [--chunk 24]``: whether a bundle gives each
text the probabilities it gives the text alone when the text is run in a chunk of others.

The model pads a run to its longest text. Padding must add nothing, to the bit: otherwise a text's answer depends
on what it was sent with, and the answer cache keeps whichever came first (``training/optimize.py``'s
``SLOT_ALIGN``). Benchmark descriptions (``benchmarks.texts``), in chunks of ``--chunk`` in their own order (at most
``service.bundle.CHUNK_ITEMS``, one model run each), each compared with the same text run alone. Prints how many
texts differ and by how much at most; exits with 1 when any does.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.texts import REPO, sample_descriptions
from service.bundle import CHUNK_ITEMS, load_bundle, resolve_current

OUT = REPO / "benchmarks" / "out"


def run(model_dir: Path, texts: int, chunk: int) -> dict[str, Any]:
    if not 1 <= chunk <= CHUNK_ITEMS:
        raise ValueError(f"chunk must be 1 to {CHUNK_ITEMS} (one model run)")
    bundle = load_bundle(resolve_current(model_dir))
    inputs = [bundle.model_input(t) for t in sample_descriptions(OUT, texts)]
    differ, worst = 0, 0.0
    for start in range(0, len(inputs), chunk):
        part = inputs[start : start + chunk]
        together = bundle.predict_proba(part)
        for i, text in enumerate(part):
            gap = float(np.max(np.abs(bundle.predict_proba([text])[0] - together[i])))
            differ += gap > 0
            worst = max(worst, gap)
    return {"model": bundle.card.version, "texts": len(inputs), "chunk": chunk, "differ": differ, "max_abs_diff": worst}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.invariance", description=__doc__)
    ap.add_argument("--model-dir", type=Path, default=REPO / "models")
    ap.add_argument("--texts", type=int, default=2400)
    ap.add_argument("--chunk", type=int, default=CHUNK_ITEMS)
    args = ap.parse_args(argv)
    result = run(args.model_dir, args.texts, args.chunk)
    print(json.dumps(result))
    print(
        f"model {result['model']}: {result['differ']} of {result['texts']} texts run in chunks of {result['chunk']} "
        f"differ from the same text alone (at most {result['max_abs_diff']:.3g})"
    )
    return 1 if result["differ"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
