"""Model-only figures: the served ONNX bundle and the scikit-learn pipeline it was exported from."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.stats import latency_and_throughput, summarize_us, time_calls
from service.bundle import load_bundle
from service.text import model_input

BATCHES = (1, 32, 256, 1024)


def speed(
    predict: Callable[[list[str]], object], texts: Sequence[str], single_reps: int, batch_reps: dict[int, int]
) -> dict[str, Any]:
    """Single-item latency over ``single_reps`` distinct texts and throughput per batch size."""
    singles = time_calls(lambda t: predict([t]), [texts[i % len(texts)] for i in range(single_reps)], warmup=20)
    return {
        "single": summarize_us(singles),
        "batches": {str(b): latency_and_throughput(predict, texts, b, reps) for b, reps in batch_reps.items()},
    }


def bench_onnx(bundle_dir: Path, texts: Sequence[str], single_reps: int, batch_reps: dict[int, int]) -> dict[str, Any]:
    """The served bundle through ``service.bundle.load_bundle(...).predict_proba`` (1 intra-op thread)."""
    start = time.perf_counter()
    bundle = load_bundle(bundle_dir, threads=1)
    load_s = time.perf_counter() - start
    normalized = [bundle.model_input(t) for t in texts]
    result = speed(bundle.predict_proba, normalized, single_reps, batch_reps)
    result["load_s"] = round(load_s, 3)
    result["what"] = "service.bundle.ModelBundle.predict_proba on normalised texts, 1 intra-op thread"
    return result


def sklearn_pipeline(card: dict[str, Any], out_dir: Path, smoke: bool) -> tuple[Any, dict[str, Any]]:
    """The pipeline the bundle was exported from, refitted by the training code path and cached with joblib
    (key: the card's version). In smoke mode a tiny pipeline is fitted instead (seconds, not the model)."""
    import joblib

    from training.dataset import build_dataset
    from training.features import FeatureConfig
    from training.model import ModelConfig, fit_pipeline
    from training.quantize import NotQuantizable, quantize_classifier
    from training.train import HELDOUT_FRACTION, frame_sha256, split_frame

    config = ModelConfig.from_dict(card["hyperparameters"])
    info: dict[str, Any] = {"card_version": card["version"]}
    if smoke:
        config = ModelConfig(
            features=FeatureConfig(word_max_features=500, char_max_features=1000), max_iter=50, seed=config.seed
        )
        info["note"] = "smoke: tiny pipeline on 2,000 rows, not the served model"
    cache = out_dir / f"sklearn-{card['version']}{'-smoke' if smoke else ''}.joblib"
    if cache.is_file():
        info.update(json.loads(cache.with_suffix(".json").read_text()) if cache.with_suffix(".json").is_file() else {})
        info["cached"] = True
        return joblib.load(cache), info
    start = time.perf_counter()
    frame = build_dataset(config.seed)
    info["data_sha256_matches_card"] = frame_sha256(frame) == card.get("data", {}).get("sha256")
    train, _ = split_frame(frame, HELDOUT_FRACTION, config.seed)
    if smoke:
        train = train.head(2000)
    to_input = model_input(card.get("normalization"))
    pipeline = fit_pipeline([to_input(t) for t in train["description"]], list(train["label"]), config)
    if config.coef_bits is not None:  # as training does: the quantised classifier is the exported model
        with contextlib.suppress(NotQuantizable):  # ... and one it cannot quantise is exported as fitted
            quantize_classifier(pipeline.steps[-1][1], config.coef_bits)
    info["fit_s"] = round(time.perf_counter() - start, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    joblib.dump(pipeline, cache)
    cache.with_suffix(".json").write_text(json.dumps(info))
    info["cached"] = False
    return pipeline, info


def bench_sklearn(
    pipeline: Any, texts: Sequence[str], single_reps: int, batch_reps: dict[int, int], to_input: Callable[[str], str]
) -> dict[str, Any]:
    normalized = [to_input(t) for t in texts]
    result = speed(pipeline.predict_proba, normalized, single_reps, batch_reps)
    result["what"] = "scikit-learn Pipeline.predict_proba on normalised texts"
    return result


def parity(bundle_dir: Path, pipeline: Any, texts: Sequence[str]) -> dict[str, Any]:
    """How closely the served graph reproduces the refitted pipeline on the benchmark texts."""
    bundle = load_bundle(bundle_dir)
    normalized = [bundle.model_input(t) for t in texts]
    onnx_p = bundle.predict_proba(normalized)
    sk_p = pipeline.predict_proba(normalized)
    if onnx_p.shape != sk_p.shape:
        return {"comparable": False, "why": f"shapes {onnx_p.shape} vs {sk_p.shape}"}
    return {
        "comparable": True,
        "texts": len(normalized),
        "top1_agreement": round(float((onnx_p.argmax(1) == sk_p.argmax(1)).mean()), 5),
        "max_abs_probability_diff": float(np.abs(onnx_p - sk_p).max()),
    }
