"""``python -m benchmarks.chunk_ab``: items/s of ``ModelBundle.predict_proba`` on 256-item batches for several
chunk sizes (``service.bundle.CHUNK_ITEMS``), interleaved rounds on the same texts, 1 intra-op thread."""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import service.bundle as bundle_module
from benchmarks.texts import sample_descriptions
from service.bundle import load_bundle, resolve_current

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.chunk_ab", description=__doc__)
    ap.add_argument("--model-dir", type=Path, default=REPO / "models")
    ap.add_argument("--sizes", type=int, nargs="+", default=[16, 24, 32, 48, 64])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--batches", type=int, default=16, help="256-item batches per round and size")
    args = ap.parse_args(argv)

    bundle = load_bundle(resolve_current(args.model_dir))
    texts = [bundle.model_input(t) for t in sample_descriptions(REPO / "benchmarks" / "out", 256 * args.batches)]
    rates: dict[int, list[float]] = {size: [] for size in args.sizes}
    default = bundle_module.CHUNK_ITEMS
    try:
        for _ in range(args.rounds):
            for size in args.sizes:
                bundle_module.CHUNK_ITEMS = size
                started = time.perf_counter()
                for start in range(0, len(texts), 256):
                    bundle.predict_proba(texts[start : start + 256])
                rates[size].append(len(texts) / (time.perf_counter() - started))
    finally:
        bundle_module.CHUNK_ITEMS = default
    print(f"bundle {bundle.version}; items/s at batch 256, median of {args.rounds} rounds (each round's figure)")
    for size, values in rates.items():
        mark = "  <- service default" if size == default else ""
        print(f"chunks of {size:3d}: {statistics.median(values):8,.0f}  {[round(v) for v in values]}{mark}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
