"""``python -m benchmarks.run [--smoke]``: measure, print, and write results.json + results.md.

Full mode writes ``benchmarks/results.{json,md}``; ``--smoke`` runs every part with tiny repetition counts,
a tiny scikit-learn fit and 1-second HTTP scenarios, and writes to ``benchmarks/out/smoke/`` instead.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import cores, http_bench, model_bench, peers
from benchmarks.machine import describe, with_steal
from benchmarks.quiet_runs import QuietRuns, Run, runs_made
from benchmarks.report import check_targets, markdown
from benchmarks.stats import median_p99, middle
from benchmarks.texts import digest, sample_descriptions
from service.bundle import CARD_FILE, MODEL_FILE, resolve_current
from service.config import Settings
from service.text import model_input

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def _settings(smoke: bool) -> dict[str, Any]:
    if smoke:
        return {
            "texts": 400,
            "single": 50,
            "batches": {1: 5, 32: 3, 256: 2, 1024: 1},
            "sk_single": 10,
            "sk_batches": {1: 3, 32: 2, 256: 1, 1024: 1},
            "http_seconds": 1,
            "http_repeats": 1,
            "workers": [1],
            "startups": 1,
            "peer_single": 20,
        }
    return {
        "texts": 20_000,
        "single": 3000,
        "batches": {1: 2000, 32: 300, 256: 60, 1024: 15},
        "sk_single": 300,
        "sk_batches": {1: 300, 32: 60, 256: 12, 1024: 5},
        "http_seconds": 4,
        "http_repeats": 3,
        "workers": [1, 2],
        "startups": 5,
        "peer_single": 200,
    }


def run_model(
    results: dict[str, Any],
    bundle: Path,
    card: dict[str, Any],
    texts: list[str],
    cfg: dict[str, Any],
    smoke: bool,
    skip_sklearn: bool,
) -> None:
    print("model only: ONNX bundle ...", flush=True)
    part: dict[str, Any] = {"onnx": with_steal(model_bench.bench_onnx, bundle, texts, cfg["single"], cfg["batches"])}
    if skip_sklearn:
        part["sklearn"] = {"skipped": "--skip-sklearn"}
    else:
        print("model only: scikit-learn pipeline (first run fits it, ~3-5 min) ...", flush=True)
        pipeline, info = model_bench.sklearn_pipeline(card, OUT, smoke)
        to_input = model_input(card.get("normalization"))
        sk_args = (pipeline, texts, cfg["sk_single"], cfg["sk_batches"], to_input)
        part["sklearn"] = with_steal(model_bench.bench_sklearn, *sk_args)
        part["sklearn"]["pipeline"] = info
        if not smoke:
            part["parity_served_vs_refit"] = model_bench.parity(bundle, pipeline, texts[:2000])
    results["model_only"] = part


def run_http(
    results: dict[str, Any],
    model_dir: Path,
    texts: list[str],
    cfg: dict[str, Any],
    smoke: bool,
    work: Path,
    quiet: QuietRuns,
) -> None:
    wrk = http_bench.shutil.which("wrk") if smoke else http_bench.ensure_wrk()
    distinct = http_bench.write_bodies(work / "single.jsonl", texts, 1, len(texts))
    batches = http_bench.write_bodies(work / "batch100.jsonl", texts, 100, max(1, len(texts) // 100))
    # The same batches answered with ``detail: "compact"`` (the verdicts without their texts): not a target's
    # figure, which is the full answer's, but what a caller that stores or routes on the verdict gets.
    compact = http_bench.write_bodies(
        work / "batch100-compact.jsonl", texts, 100, max(1, len(texts) // 100), detail="compact"
    )
    cached = http_bench.write_bodies(work / "cached.jsonl", texts[:50], 1, 50)
    scenarios = [
        ("single", distinct, 1, 1, False),
        ("single", distinct, 32, 1, False),
        ("batch100", batches, 1, 100, False),
        ("batch100_compact", compact, 1, 100, False),
        ("single_cached", cached, 1, 1, True),
    ]
    part: dict[str, Any] = {
        "client": "wrk" if wrk else "benchmarks.loadgen (asyncio + httpx)",
        "scenarios": [],
        "seconds_per_run": cfg["http_seconds"],
        "runs_per_scenario": cfg["http_repeats"],
        # each worker's onnxruntime threads (HSCC_MODEL_THREADS, which the served processes inherit)
        "model_threads": dict.fromkeys(map(str, cfg["workers"]), Settings().model_threads),
    }
    rss: dict[str, Any] = {}
    for workers in cfg["workers"]:
        server = http_bench.start_server(model_dir, workers, work / f"server-{workers}w.log")
        try:
            http_bench.run_load(wrk, server.url, distinct, 4, 1, work)  # warm-up: imports, allocators, caches
            for name, bodies, conc, items, is_cached in scenarios:
                print(f"http: {workers} worker(s), {name} x{items}, concurrency {conc} ...", flush=True)
                if is_cached:
                    http_bench.run_load(wrk, server.url, bodies, 1, 1, work)
                load = (server, wrk, bodies, conc, cfg["http_seconds"], work)
                timed = functools.partial(with_steal, http_bench.run_load_on, *load)
                kept, set_aside = quiet.measure(timed, cfg["http_repeats"])
                part["scenarios"].append(_scenario(name, workers, conc, items, is_cached, kept, set_aside))
            rss[f"{workers}_workers"] = http_bench.worker_rss(server)
        finally:
            http_bench.stop_server(server)

    def start_once() -> Run:
        server = http_bench.start_server(model_dir, 1, work / "server-start.log")
        http_bench.stop_server(server)
        return {"ready_s": server.ready_s}

    starts, starts_aside = quiet.measure(functools.partial(with_steal, start_once), cfg["startups"])
    results["http"] = part
    results["startup"] = {
        "ready_s": median_p99([s["ready_s"] for s in starts]),
        "steal_pct": middle([s["steal_pct"] for s in starts]),
        "runs_made": runs_made(starts, starts_aside),
        "set_aside": starts_aside,
        "rss_after_load": rss,
        "what": "process start to the first /readyz 200, one worker; RSS after the scenarios",
    }


def _scenario(
    name: str, workers: int, conc: int, items: int, cached: bool, runs: list[Run], set_aside: list[Run]
) -> dict[str, Any]:
    """One scenario's figures from its ``runs`` (``set_aside``: runs made again for their steal, kept in the
    record; their errors still count)."""

    def med(key: str) -> float | None:
        return middle([r.get(key) for r in runs])

    errors: dict[str, int] = {}
    for r in runs + set_aside:
        for k, v in r["errors"].items():
            errors[k] = errors.get(k, 0) + int(v)
    return {
        "scenario": name,
        "workers": workers,
        "concurrency": conc,
        "items_per_request": items,
        "cached": cached,
        "requests": sum(r["requests"] for r in runs),
        "req_per_s_median": med("req_per_s"),
        "req_per_s_min": min(r["req_per_s"] for r in runs),
        "latency_p50_us": med("p50_us"),
        "latency_p99_us": med("p99_us"),
        "latency_max_us": max(r["max_us"] for r in runs),
        # CPU the server (workers and their batch helpers) spent a request. It moves with the code and with the
        # host's slow phases; beside the latency it tells slow work from waiting (None: not measured, not Linux)
        "server_cpu_ms": med("server_cpu_ms"),
        # bytes read per answer (wrk: headers included)
        "bytes_per_request": middle([r["bytes"] / r["requests"] if r["requests"] else None for r in runs]),
        "steal_pct_median": med("steal_pct"),
        "runs_made": runs_made(runs, set_aside),
        "errors": errors,
        "runs": runs,
        "set_aside": set_aside,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    ap.add_argument("--smoke", action="store_true", help="tiny repetition counts; write to benchmarks/out/smoke")
    ap.add_argument("--model-dir", type=Path, default=None, help="folder with bundles and `current` (HSCC_MODEL_DIR)")
    ap.add_argument("--out", type=Path, default=None, help="folder for results.json / results.md")
    ap.add_argument("--skip-http", action="store_true")
    ap.add_argument("--skip-sklearn", action="store_true")
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument(
        "--max-steal",
        type=float,
        default=None,
        help="make an HTTP run or a start-up again while fewer than the wanted number ran under this CPU steal %% "
        "(default 5 in full mode; off with --smoke or 0)",
    )
    ap.add_argument("--rerun-budget", type=float, default=600.0, help="seconds all runs made again may take (600)")
    args = ap.parse_args(argv)
    cfg = _settings(args.smoke)
    out = args.out or (OUT / "smoke" if args.smoke else HERE)
    work = OUT / ("smoke-work" if args.smoke else "work")
    for folder in (out, work):
        folder.mkdir(parents=True, exist_ok=True)
    model_dir = (args.model_dir or Settings().model_dir).resolve()
    bundle = resolve_current(model_dir)
    card = json.loads((bundle / CARD_FILE).read_text(encoding="utf-8"))
    started = time.perf_counter()
    max_steal = args.max_steal if args.max_steal is not None else (None if args.smoke else 5.0)
    quiet = QuietRuns(max_steal=max_steal or None, budget_s=args.rerun_budget)
    texts = sample_descriptions(OUT, cfg["texts"])
    results: dict[str, Any] = {
        "mode": "smoke" if args.smoke else "full",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python -m benchmarks.run" + (" --smoke" if args.smoke else ""),
        "machine": describe(),
        "model": {
            "version": card["version"],
            "n_features": card.get("n_features"),
            "bundle": str(bundle),
            "model_bytes": (bundle / MODEL_FILE).stat().st_size,
            "labels": len(card["labels"]),
            "hyperparameters": card.get("hyperparameters"),
        },
        "texts": {"count": len(texts), "sha256_16": digest(texts), "source": "training.dataset.build_dataset(2026)"},
    }
    # What the second core adds now: a served batch's two threads overlap by at most this much.
    print("machine: one busy process against two ...", flush=True)
    core_args = (1, 300_000) if args.smoke else (7, 3_000_000)
    results["machine"]["two_processes"] = with_steal(cores.measure, *core_args)
    run_model(results, bundle, card, texts, cfg, args.smoke, args.skip_sklearn)
    if not args.skip_http:
        run_http(results, model_dir, texts, cfg, args.smoke, work, quiet)
        results["reruns"] = quiet.describe()
        # Again after the HTTP scenarios: the host can take part of a core in the middle of a run, and a run that
        # started with two full cores has missed the 100-item target (benchmarks/JOURNAL.md, thirty-first session).
        print("machine: one busy process against two, again ...", flush=True)
        results["machine"]["two_processes_after_http"] = with_steal(cores.measure, *core_args)
    if not args.skip_peers:
        print("peers: keyword and MiniLM baselines, dev-set accuracy ...", flush=True)
        results["peers"] = peers.run_peers(bundle, texts, cfg["peer_single"], args.smoke)
    results["targets"] = check_targets(results)
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md = markdown(results)
    (out / "results.md").write_text(md, encoding="utf-8")
    print(md)
    print(f"wrote {out / 'results.json'} and {out / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
