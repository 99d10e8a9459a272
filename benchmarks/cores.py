"""``python -m benchmarks.cores [--rounds 5] [--loops 3000000]``: how much two busy processes get out of this
machine's two cores, against one alone.

A served batch runs two threads at once: onnxruntime's in one, the decisions (Python) in the other. Their overlap
is worth at most what the second core adds. This runs the same pure-Python loop in one process alone, then in two
processes at once, rounds interleaved, and reports the median time of a loop each way and the speed-up two
processes get together: ``2 * alone / together`` is 2.0 for two independent cores, and 1.0 when two processes
only take turns on one. A virtual machine's two vCPUs can be two hardware threads of one physical core, which
share its execution units: the guest cannot tell (``lscpu`` may say one thread per core), this measures it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from benchmarks.machine import with_steal


def busy_loop(loops: int) -> float:
    """Seconds a pure-Python loop of ``loops`` steps took in this process (no memory traffic to speak of)."""
    started = time.perf_counter()
    total = 0
    for i in range(loops):
        total += i * i
    elapsed = time.perf_counter() - started
    if total < 0:  # never: keeps the loop's result used
        raise AssertionError(total)
    return elapsed


def measure(rounds: int, loops: int) -> dict[str, Any]:
    """``{"alone_ms", "together_ms", "speed_up", "rounds", "loops"}``: medians over ``rounds``, each round one loop
    alone then two at once, in the same two warm worker processes."""
    alone: list[float] = []
    together: list[float] = []
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(busy_loop, [loops // 10] * 2))  # start both processes before any timing
        for _ in range(rounds):
            alone.append(pool.submit(busy_loop, loops).result())
            together.extend(pool.map(busy_loop, [loops, loops]))
    alone_s, together_s = statistics.median(alone), statistics.median(together)
    return {
        "alone_ms": round(alone_s * 1e3, 1),
        "together_ms": round(together_s * 1e3, 1),
        "speed_up": round(2 * alone_s / together_s, 2),
        "rounds": rounds,
        "loops": loops,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.cores", description=__doc__)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--loops", type=int, default=3_000_000, help="steps of the loop (about 0.15 s alone)")
    args = ap.parse_args(argv)
    if args.rounds < 1 or args.loops < 1:
        print("--rounds and --loops must be at least 1", file=sys.stderr)
        return 2
    result = with_steal(measure, args.rounds, args.loops)
    print(json.dumps(result))
    print(
        f"one process alone {result['alone_ms']} ms a loop, two at once {result['together_ms']} ms each: "
        f"two processes do {result['speed_up']}x the work of one (2.0 = two independent cores); "
        f"steal {result['steal_pct']} %"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
