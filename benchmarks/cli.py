"""``python -m benchmarks.cli [--rows 20000] [--rounds 8] [--distinct N]``: ``hscc classify``'s time for a file of
generated descriptions (``benchmarks.texts``), with and without the batch helper process (``service.api.helper``),
the two alternating in one process (the model loaded anew each run, as the CLI does; imports paid once). Prints the
seconds of every run and their medians. The rows are distinct, or with ``--distinct N`` N descriptions repeated in
a shuffled order, as a manifest repeats its lines."""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import pandas as pd

from benchmarks.machine import with_steal
from benchmarks.texts import REPO, sample_descriptions
from service.batch import classify_file
from service.config import Settings

OUT = REPO / "benchmarks" / "out"
DAY = date(2026, 11, 22)


def run(rows: int, rounds: int, model_dir: Path, distinct: int | None = None) -> dict[str, object]:
    work = OUT / "cli-work"
    work.mkdir(parents=True, exist_ok=True)
    source = work / "in.csv"
    texts = sample_descriptions(OUT, min(rows, distinct or rows))
    if len(texts) < rows:
        texts = [texts[k % len(texts)] for k in range(rows)]
        random.Random(5).shuffle(texts)
    pd.DataFrame({"description": texts}).to_csv(source, index=False)
    seconds: dict[str, list[float]] = {"helper": [], "alone": []}

    def measure() -> dict[str, object]:
        for k in range(rounds):
            for name in ("helper", "alone") if k % 2 == 0 else ("alone", "helper"):
                settings = Settings(model_dir=model_dir, batch_helper=name == "helper", log_level="WARNING")
                start = time.perf_counter()
                classify_file(settings, source, work / f"out-{name}.csv", as_of=DAY)
                seconds[name].append(round(time.perf_counter() - start, 3))
        return {name: {"runs_s": xs, "median_s": round(statistics.median(xs), 3)} for name, xs in seconds.items()}

    return {"rows": rows, "distinct": len(set(texts)), "rounds": rounds, **with_steal(measure)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.cli", description=__doc__)
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--distinct", type=int, default=None, help="this many descriptions, repeated to --rows")
    ap.add_argument("--model-dir", type=Path, default=REPO / "models")
    args = ap.parse_args(argv)
    result = run(args.rows, args.rounds, args.model_dir, args.distinct)
    print(json.dumps(result))
    for name in ("helper", "alone"):
        figures = result[name]
        assert isinstance(figures, dict)
        print(f"{name}: median {figures['median_s']} s of {figures['runs_s']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
