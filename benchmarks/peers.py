"""Peer rows: the served classifier (model + rules) next to the keyword and MiniLM baselines, for speed and for
accuracy on the dev eval file, all scored by ``training.evaluate.evaluate_frame``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, cast

from benchmarks.baselines import KeywordBaseline, MiniLMBaseline, describe, minilm_available
from benchmarks.stats import latency_and_throughput, summarize_us, time_calls
from benchmarks.texts import BENCH_SEED
from service.bundle import load_bundle
from service.classifier import Classifier
from service.controls import load_controls
from service.naming import load_naming
from training.evaluate import evaluate_frame, read_eval_file

REPO = Path(__file__).resolve().parent.parent
DEV_EVAL = REPO / "training" / "data" / "eval" / "real_descriptions_dev.csv"


def _row(predictor: Any, texts: list[str], single_reps: int, batch: int, batch_reps: int) -> dict[str, Any]:
    try:
        return _measure(predictor, texts, single_reps, batch, batch_reps)
    except Exception as exc:  # a broken peer is reported, not allowed to sink the whole run
        return {"error": f"{type(exc).__name__}: {exc}"}


def _measure(predictor: Any, texts: list[str], single_reps: int, batch: int, batch_reps: int) -> dict[str, Any]:
    frame = read_eval_file(DEV_EVAL)
    start = time.perf_counter()
    report = evaluate_frame(cast(Classifier, predictor), frame, DEV_EVAL.name)
    eval_s = time.perf_counter() - start
    singles = time_calls(lambda t: predictor.predict([t]), texts[:single_reps], warmup=3)
    return {
        "single": summarize_us(singles),
        "batch": latency_and_throughput(lambda b: predictor.predict(b), texts, batch, batch_reps, warmup=1),
        "dev_eval": {"rows": report.rows, "figures": report.figures, "seconds": round(eval_s, 2)},
    }


def run_peers(bundle_dir: Path, texts: list[str], single_reps: int, smoke: bool) -> dict[str, Any]:
    controls, naming = load_controls(), load_naming()
    out: dict[str, Any] = {"eval_file": str(DEV_EVAL.relative_to(REPO))}
    classifier = Classifier(load_bundle(bundle_dir), controls, naming, cache_size=0)
    out["classifier"] = {
        "what": "served model + rules (service.classifier.Classifier, cache off)",
        **_row(classifier, texts, single_reps, 32, 5 if smoke else 40),
    }
    keyword = KeywordBaseline(controls, naming)
    out["keyword"] = {
        **describe(keyword),
        "what": "naming.yaml names -> entry's first code",
        **_row(keyword, texts, single_reps, 32, 5 if smoke else 40),
    }
    why_not = "smoke mode" if smoke else minilm_available()
    if why_not:
        out["minilm"] = {"skipped": why_not}
        return out
    start = time.perf_counter()
    minilm = MiniLMBaseline(controls, naming)
    load_s = time.perf_counter() - start
    from training.dataset import build_dataset

    frame = build_dataset(BENCH_SEED).sample(600, random_state=0)
    minilm.calibrate(list(frame["description"]), list(frame["label"] != "NOT_LISTED"))
    out["minilm"] = {
        **describe(minilm),
        "load_s": round(load_s, 2),
        "what": "all-MiniLM-L6-v2 (torch, 1 thread) nearest control item; threshold tuned on 600 generated rows",
        **_row(minilm, texts, min(single_reps, 100), 32, 5),
    }
    return out
