"""Train, export, check and package a model bundle (``models/<version>/model.onnx`` + ``card.json``)."""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from service.bundle import CARD_FILE, MODEL_FILE, ModelCard, load_bundle
from service.controls import ControlIndex
from service.naming import NamingIndex
from service.text import MODEL_INPUT_NAMES, MODEL_INPUT_VERSION, MODEL_INPUTS
from training.export import ParityReport, check_parity, export_onnx
from training.metrics import label_metrics
from training.model import ModelConfig, fit_pipeline
from training.optimize import CoefDtype, Strategy, UnsupportedGraph
from training.quantize import NotQuantizable, quantize_pipeline

HELDOUT_FRACTION = 0.15
PARITY_SAMPLE = 2000
LIBRARIES = ("scikit-learn", "skl2onnx", "onnx", "onnxruntime", "numpy", "pandas")

Progress = Callable[[str], None]


@dataclass(frozen=True)
class DataSource:
    name: str
    frame: pd.DataFrame  # columns description, label (+ optional language, source)

    @property
    def sha256(self) -> str:
        return frame_sha256(self.frame)


def frame_sha256(frame: pd.DataFrame) -> str:
    digest = hashlib.sha256()
    for description, label in zip(frame["description"], frame["label"], strict=True):
        digest.update(f"{description}\t{label}\n".encode())
    return digest.hexdigest()


def split_frame(frame: pd.DataFrame, fraction: float, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stratified by label; a label with fewer than 4 rows stays entirely in training."""
    rng = np.random.default_rng(seed)
    held: list[int] = []
    for _, idx in sorted(frame.groupby("label").indices.items()):
        if len(idx) < 4:
            continue
        take = max(1, round(len(idx) * fraction))
        held.extend(rng.choice(idx, size=take, replace=False).tolist())
    mask = np.zeros(len(frame), dtype=bool)
    mask[held] = True
    return frame[~mask].reset_index(drop=True), frame[mask].reset_index(drop=True)


def parity_bank() -> list[str]:
    """China's 8-digit tariff names in English and Chinese: texts no model was fitted on."""
    path = Path(__file__).resolve().parent / "data" / "china-customs-hs8" / "china_customs_hs8_2023_en_zh.utf8.csv"
    names = pd.read_csv(path, dtype=str, usecols=["description_en", "description_zh"]).dropna()
    return [to_model_input(t) for pair in names.itertuples(index=False) for t in pair]


def library_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


# Layout of the served graph (training.optimize). Part of a bundle's identity: the same fit exported another
# way is another artifact, with its own speed and its own rounding.
GRAPH_STRATEGY: Strategy = "occurrence"


# What the model reads (service.text.MODEL_INPUTS); new bundles use the current version, named in the card.
to_model_input = MODEL_INPUTS[MODEL_INPUT_VERSION]


def bundle_version(data_hash: str, config: ModelConfig, when: datetime, graph: str = GRAPH_STRATEGY) -> str:
    """``<date>-<hash>``: the hash of the data, the configuration, the graph strategy exported and the input."""
    identity = {**config.as_dict(), "graph": graph, "model_input": MODEL_INPUT_VERSION}
    config_hash = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()
    short = hashlib.sha256((data_hash + config_hash).encode()).hexdigest()[:8]
    return f"{when:%Y%m%d}-{short}"


def _graphs(
    pipeline: Any, classes: list[str], progress: Progress, coef_dtypes: Sequence[CoefDtype]
) -> Iterator[tuple[dict[str, str], bytes]]:
    """Serving graphs for ``pipeline``, best first, each with its layout: the sparse graph with each of
    ``coef_dtypes`` in turn; a classifier the sparse rewrite does not know (``UnsupportedGraph``: a linear
    SVM fitted by SGD is a MatMul, not a LinearClassifier) gets the converter's dense graph — slower per text,
    same answers."""
    for coef_dtype in coef_dtypes:
        try:
            onnx_bytes = export_onnx(pipeline, classes, strategy=GRAPH_STRATEGY, coef_dtype=coef_dtype)
        except UnsupportedGraph as exc:
            progress(f"no sparse graph for this classifier ({exc}): exporting the converter's dense graph")
            yield {"strategy": "dense", "coefficients": "float32"}, export_onnx(pipeline, classes, sparse=False)
            return
        yield {"strategy": GRAPH_STRATEGY, "coefficients": coef_dtype}, onnx_bytes


def export_checked(
    pipeline: Any,
    classes: list[str],
    sample: Sequence[str],
    progress: Progress = lambda _: None,
    coef_dtypes: Sequence[CoefDtype] = ("int16", "float32"),
) -> tuple[bytes, ParityReport, dict[str, str]]:
    """The first serving graph that answers as ``pipeline`` does on ``sample``, its parity report and its
    layout (for the card). ``coef_dtypes``: the coefficient layouts to try, smallest first (int8 is exact only
    for a classifier quantised to 8 bits, ``training.quantize``). Raises ``RuntimeError`` when none does."""
    parity: ParityReport | None = None
    for layout, onnx_bytes in _graphs(pipeline, classes, progress, coef_dtypes):
        parity = check_parity(pipeline, onnx_bytes, sample)
        if parity.passed:
            return onnx_bytes, parity, layout
    raise RuntimeError(f"ONNX parity failed: {parity.as_dict() if parity else 'no graph'}")


def train_bundle(
    sources: Sequence[DataSource],
    controls: ControlIndex,
    naming: NamingIndex,
    models_dir: Path,
    config: ModelConfig,
    eval_files: Sequence[Path] = (),
    progress: Progress = lambda _: None,
    now: datetime | None = None,
) -> Path:
    """Fit on the training split of all sources, check parity, evaluate, and write a new bundle folder."""
    now = now or datetime.now(UTC)
    frame = pd.concat([s.frame[["description", "label"]] for s in sources], ignore_index=True)
    data_hash = frame_sha256(frame)
    progress(f"split {len(frame)} rows")
    train, heldout = split_frame(frame, HELDOUT_FRACTION, config.seed)
    train_texts = [to_model_input(t) for t in train["description"]]
    heldout_texts = [to_model_input(t) for t in heldout["description"]]
    labels = sorted(set(train["label"]))
    unknown = [label for label in labels if not controls.is_label(label)]
    if unknown:
        raise ValueError(f"labels not on the control list: {unknown[:5]}")

    progress(f"fit {config.classifier} on {len(train)} rows, {len(labels)} labels")
    pipeline = fit_pipeline(train_texts, list(train["label"]), config)
    classes = [str(c) for c in pipeline.classes_]
    quantization, coef_dtypes, heldout_proba = _quantize(pipeline, config, heldout_texts, progress)

    progress("export to ONNX")
    rng = np.random.default_rng(config.seed)
    pool = heldout_texts + train_texts
    if len(pool) < PARITY_SAMPLE:
        pool += parity_bank()  # small user sets: still prove parity on thousands of English and Chinese texts
    sample = [pool[i] for i in rng.choice(len(pool), size=min(PARITY_SAMPLE, len(pool)), replace=False)]
    onnx_bytes, parity, graph = export_checked(pipeline, classes, sample, progress, coef_dtypes)
    version = bundle_version(data_hash, config, now, graph["strategy"])  # the dense fallback is another bundle

    progress("evaluate held-out split")
    if heldout_proba is None:  # quantising computed them already
        heldout_proba = pipeline.predict_proba(heldout_texts)
    heldout_metrics = label_metrics(heldout_proba, classes, list(heldout["label"]))
    n_features = sum(len(v.vocabulary_) for _, v in pipeline.named_steps["features"].transformer_list)

    card: dict[str, Any] = {
        "version": version,
        "created": now.isoformat(timespec="seconds"),
        "labels": classes,
        "controls_version": controls.version,
        "input_name": "text",
        "probabilities_output": "probabilities",
        "normalization": MODEL_INPUT_NAMES[MODEL_INPUT_VERSION],
        "data": {
            "sha256": data_hash,
            "rows": len(frame),
            "train_rows": len(train),
            "heldout_rows": len(heldout),
            "sources": [{"name": s.name, "rows": len(s.frame), "sha256": s.sha256} for s in sources],
        },
        "hyperparameters": config.as_dict(),
        "graph": graph,
        "n_features": n_features,
        "seed": config.seed,
        "libraries": library_versions(),
        "parity": parity.as_dict(),
        "quantization": quantization,
        "metrics": {"heldout": heldout_metrics, "eval": {}},
    }
    staging = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=models_dir))
    try:
        (staging / MODEL_FILE).write_bytes(onnx_bytes)
        card["onnx_sha256"] = hashlib.sha256(onnx_bytes).hexdigest()
        _write_card(staging, card)
        if eval_files:
            progress(f"evaluate {len(eval_files)} eval file(s)")
            from service.classifier import Classifier  # the full decision: model + rules
            from training.evaluate import evaluate_file

            classifier = Classifier(load_bundle(staging), controls, naming, cache_size=0)
            as_of = now.date()
            card["metrics"]["eval"] = {p.name: evaluate_file(classifier, p, as_of).as_dict() for p in eval_files}
            _write_card(staging, card)
        target = models_dir / version
        if target.exists():
            shutil.rmtree(target)
        staging.chmod(0o755)  # mkdtemp makes it private; a bundle is meant to be read by the service user
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    progress(f"wrote {target}")
    return target


def _quantize(
    pipeline: Any, config: ModelConfig, heldout_texts: Sequence[str], progress: Progress
) -> tuple[dict[str, Any] | None, tuple[CoefDtype, ...], np.ndarray | None]:
    """Quantise the fitted classifier when the configuration asks for it (``training.quantize``): the card's
    record of what that changed on the held-out split, the coefficient layouts to export, smallest first, and
    the quantised model's held-out probabilities (None when it was not quantised)."""
    plain: tuple[CoefDtype, ...] = ("int16", "float32")
    if config.coef_bits is None:
        return None, plain, None
    progress(f"quantise the coefficients to {config.coef_bits} bits")
    try:
        report, heldout_proba = quantize_pipeline(pipeline, config.coef_bits, heldout_texts)
    except NotQuantizable as exc:
        progress(f"not quantised: {exc}")
        return {"bits": None, "why": str(exc)}, plain, None
    progress(
        f"quantised: top-1 agreement {report.top1_agreement} on {report.texts} held-out texts, "
        f"max |dp| {report.max_abs_probability_diff:.4f}"
    )
    return report.as_dict(), ("int8", *plain), heldout_proba


def _write_card(folder: Path, card: dict[str, Any]) -> None:
    ModelCard.model_validate(card)  # the card we write must be one the service accepts
    (folder / CARD_FILE).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
