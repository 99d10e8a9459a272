"""From descriptions to verdicts: the model proposes a label, the control list and rules decide.

``Classifier.predict(texts)`` knows nothing of HTTP. For each text it
1. runs the ONNX model on the normalised text (one batched run for all texts),
2. takes the best label; when that is NOT_LISTED but the controlled labels together are still likely, the
   item goes to review rather than being waved through,
3. maps the label to control-list entries, narrows entries that share a code by the names found in the text,
4. extracts parameters and evaluates each entry's thresholds (met / unknown / not met),
5. attaches the measure in force for the destination on the date, and the reasons behind every step.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from threading import Lock

import numpy as np

from service.bundle import ModelBundle
from service.controls import ControlIndex, Entry
from service.controls.index import NOT_LISTED
from service.measures import measures_for
from service.naming import NamingIndex
from service.params import Params, extract_params
from service.rules import evaluate
from service.text import normalize

# When NOT_LISTED wins but the controlled labels together hold at least this probability, the item is sent to
# review: a missed controlled good costs far more than a look by a broker. Chosen on the held-out split of
# the generated data, not on real evaluation text; every model card records the trade-off at several
# thresholds (metrics.heldout.review_threshold_sweep, written by training.metrics.label_metrics).
DEFAULT_REVIEW_THRESHOLD = 0.20


@dataclass(frozen=True)
class Candidate:
    label: str
    hs_code: str | None
    probability: float
    item: str | None


@dataclass(frozen=True)
class Match:
    entry: Entry
    outcome: str  # met | unknown | not_met
    measure: str
    destination_measures: list[str]
    upcoming: list[str]


@dataclass(frozen=True)
class Prediction:
    label: str
    hs_code: str | None
    confidence: float
    candidates: list[Candidate]
    status: str  # controlled | review | not_controlled
    matches: list[Match] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _fmt_p(p: float) -> str:
    return f"{p:.2f}"


class Classifier:
    """Model bundle + control list + naming knowledge -> ``Prediction`` per description."""

    def __init__(
        self,
        bundle: ModelBundle,
        controls: ControlIndex,
        naming: NamingIndex,
        review_threshold: float = DEFAULT_REVIEW_THRESHOLD,
        cache_size: int = 4096,
    ) -> None:
        unknown = [label for label in bundle.card.labels if not controls.is_label(label)]
        if unknown:
            raise ValueError(
                f"model {bundle.version} predicts labels the control list {controls.version} does not know: "
                f"{unknown[:5]}"
            )
        self.bundle = bundle
        self.controls = controls
        self.naming = naming
        self.review_threshold = review_threshold
        self._labels = list(bundle.card.labels)
        self._not_listed = self._labels.index(NOT_LISTED)
        self._cache: OrderedDict[tuple[str, int, str | None, date], Prediction] = OrderedDict()
        self._cache_size = cache_size
        self._cache_lock = Lock()

    @property
    def version(self) -> str:
        return self.bundle.version

    def predict(
        self,
        texts: list[str],
        top_k: int = 3,
        destination: str | None = None,
        as_of: date | None = None,
    ) -> list[Prediction]:
        as_of = as_of or date.today()
        destination = destination.upper() if destination else None
        normalized = [normalize(t) for t in texts]
        results: list[Prediction | None] = [None] * len(texts)
        todo: list[int] = []
        for i in range(len(texts)):
            hit = self._cache_get((texts[i], top_k, destination, as_of))
            if hit is None:
                todo.append(i)
            else:
                results[i] = hit
        if todo:
            proba = self.bundle.predict_proba([normalized[i] for i in todo])
            for row, i in enumerate(todo):
                prediction = self.decide(texts[i], proba[row], top_k, destination, as_of)
                self._cache_put((texts[i], top_k, destination, as_of), prediction)
                results[i] = prediction
        return [r for r in results if r is not None]

    # -- cache: identical descriptions are common in manifests; predictions are pure functions of the key --
    def _cache_get(self, key: tuple[str, int, str | None, date]) -> Prediction | None:
        if not self._cache_size:
            return None
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
            return hit

    def _cache_put(self, key: tuple[str, int, str | None, date], value: Prediction) -> None:
        if not self._cache_size:
            return
        with self._cache_lock:
            self._cache[key] = value
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    # -- the decision for one text --
    def _candidates(self, proba: np.ndarray, top_k: int) -> list[Candidate]:
        order = np.argsort(-proba, kind="stable")[:top_k]
        out = []
        for j in order:
            label = self._labels[int(j)]
            entries = self.controls.entries_for_label(label)
            out.append(
                Candidate(
                    label=label,
                    hs_code=label if label.isdigit() else None,
                    probability=float(proba[int(j)]),
                    item="; ".join(dict.fromkeys(e.item_en for e in entries)) or None,
                )
            )
        return out

    def decide(self, text: str, proba: np.ndarray, top_k: int, destination: str | None, as_of: date) -> Prediction:
        """The verdict for ``text`` given the model's probabilities over ``self.bundle.card.labels``."""
        candidates = self._candidates(proba, top_k)
        best = int(np.argmax(proba))
        label, p_best = self._labels[best], float(proba[best])
        p_controlled = float(1.0 - proba[self._not_listed])
        reasons: list[str] = []

        if label == NOT_LISTED:
            runner_up = int(np.argsort(-proba)[1])
            p_runner = float(proba[runner_up])
            if p_controlled < self.review_threshold:
                reasons.append(f"not on the control list (probability {_fmt_p(p_best)})")
                return Prediction(label, None, p_best, candidates, "not_controlled", [], reasons)
            # Uncertain: judge the most likely controlled label, but never call it controlled on a minority vote.
            label, p_best = self._labels[runner_up], p_runner
            reasons.append(
                f"model uncertain: not on the list {_fmt_p(1 - p_controlled)}, controlled items together "
                f"{_fmt_p(p_controlled)} (review from {_fmt_p(self.review_threshold)})"
            )
            uncertain = True
        else:
            uncertain = False

        params = extract_params(text)
        candidates_for_label = self.controls.entries_for_label(label)
        # One pass of the naming index per decision: it both narrows shared codes and names the evidence.
        terms = self.naming.find_terms(text, [e.id for e in candidates_for_label])
        entries = self._narrow(text, label, candidates_for_label, terms, reasons)
        matches = [self._match(text, e, terms.get(e.id, []), params, destination, as_of, reasons) for e in entries]
        outcomes = {m.outcome for m in matches}
        if "met" in outcomes and not uncertain:
            status = "controlled"
            matches = [m for m in matches if m.outcome == "met"]
        elif outcomes - {"not_met"}:
            status = "review"
            matches = [m for m in matches if m.outcome != "not_met"] if not uncertain else matches
        else:
            status = "not_controlled"
        hs_code = label if label.isdigit() else None
        reasons.insert(0, self._identified(label, p_best, entries))
        return Prediction(label, hs_code, p_best, candidates, status, matches, reasons)

    def _identified(self, label: str, p: float, entries: list[Entry]) -> str:
        items = "; ".join(dict.fromkeys(e.item_en for e in entries))
        code = label if label.isdigit() else "no reference code"
        return f"identified as {items} ({code}) with probability {_fmt_p(p)}"

    def _narrow(
        self, text: str, label: str, entries: list[Entry], terms: dict[str, list[str]], reasons: list[str]
    ) -> list[Entry]:
        """Entries under ``label``; where several share it, keep those whose names occur in the text."""
        if len(entries) <= 1:
            return entries
        groups = self.naming.find_groups(text)
        named = [e for e in entries if terms.get(e.id)]
        by_group = [e for e in (named or entries) if e.group in groups]
        kept = by_group or named
        if kept and len(kept) < len(entries):
            reasons.append(
                f"{label} is shared by {len(entries)} items; kept "
                + ", ".join(e.id for e in kept)
                + " by the names in the text"
            )
            return kept
        return entries

    def _match(
        self,
        text: str,
        entry: Entry,
        terms: list[str],
        params: Params,
        destination: str | None,
        as_of: date,
        reasons: list[str],
    ) -> Match:
        if terms:
            reasons.append(f"{entry.id}: named by " + ", ".join(f"'{t}'" for t in terms))
        evaluation = evaluate(entry.requires, params, text)
        reasons.extend(f"{entry.id}: {r}" for r in evaluation.reasons)
        report = measures_for(
            entry,
            self.controls.announcements,
            self.controls.controls.destination_measures,
            destination,
            as_of,
        )
        return Match(
            entry=entry,
            outcome=evaluation.outcome,
            measure=report.measure,
            destination_measures=list(report.destination_measures),
            upcoming=list(report.upcoming),
        )
