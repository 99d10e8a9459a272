"""Model selection by evaluation: fit variants on the same split, report held-out and real-text figures.

Each variant is a full bundle (fit, ONNX export, parity, evaluation through the service's own decision
code), written to a scratch folder, so the figures are those a served model would have.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from service.controls import load_controls
from service.naming import load_naming
from training.features import FeatureConfig
from training.model import ModelConfig
from training.train import DataSource, train_bundle

VARIANTS: dict[str, ModelConfig] = {
    "word n-grams + logreg": ModelConfig(features=FeatureConfig(char=False)),
    "char n-grams + logreg": ModelConfig(features=FeatureConfig(word=False)),
    "word+char + logreg (shipped)": ModelConfig(),
    "word+char, only ASCII char 1-grams masked + logreg": ModelConfig(
        features=FeatureConfig(mask_ascii_char_ngrams_below=2)
    ),
    # Fewer feature occurrences per text (the served graph's cost): ASCII character triples masked as well,
    # or no character 4-grams at all.
    "word+char, ASCII char 1-3-grams masked + logreg": ModelConfig(
        features=FeatureConfig(mask_ascii_char_ngrams_below=4)
    ),
    "word + char 1-3-grams + logreg": ModelConfig(features=FeatureConfig(char_ngrams=(1, 3))),
    "word+char, three quarters of the vocabulary (6k + 12k) + logreg": ModelConfig(
        features=FeatureConfig(word_max_features=6000, char_max_features=12000)
    ),
    "word+char + linear SVM (hinge loss, SGD), sigmoid-calibrated": ModelConfig(classifier="svm-sigmoid"),
    "word+char, L2-normalised + logreg": ModelConfig(
        features=FeatureConfig(norm="l2", mask_ascii_char_ngrams_below=1), C=20.0
    ),
}
HELDOUT_KEYS = ("top1", "top3", "controlled_recall", "not_listed_specificity", "controlled_ece")
EVAL_KEYS = ("controlled_recall", "code_top1", "code_top3", "near_miss_specificity", "ordinary_specificity")


def compare(names: Sequence[str], eval_files: Sequence[Path], seed: int, out: Path) -> list[dict[str, object]]:
    from training.dataset import build_dataset

    data = [DataSource(f"built-in(seed={seed})", build_dataset(seed))]
    controls, naming = load_controls(), load_naming()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as scratch:
        for name in names:
            config = replace(VARIANTS[name], seed=seed)
            started = time.perf_counter()
            bundle = train_bundle(data, controls, naming, Path(scratch), config, eval_files)
            card = json.loads((bundle / "card.json").read_text())
            row: dict[str, object] = {
                "variant": name,
                "fit_s": round(time.perf_counter() - started),
                "features": card["n_features"],
            }
            row.update({f"heldout {k}": card["metrics"]["heldout"][k] for k in HELDOUT_KEYS})
            for eval_name, report in card["metrics"]["eval"].items():
                row.update({f"{eval_name} {k}": report["figures"][k] for k in EVAL_KEYS})
            rows.append(row)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(to_markdown(rows), encoding="utf-8")  # partial results survive an interruption
    return rows


def to_markdown(rows: Sequence[dict[str, object]]) -> str:
    if not rows:
        return ""
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(r.get(k, "")) for k in keys) + " |" for r in rows]
    return "\n".join(lines) + "\n"
