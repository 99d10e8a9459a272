"""Scoring helpers of training/evaluate.py that the dev-set figures do not already exercise."""

from __future__ import annotations

from service.classifier import Prediction
from training.evaluate import arbitration_effect


class _Answers:
    """Stands in for a Classifier: the counting is under test here, the decision in tests/service."""

    def __init__(self, predictions: list[Prediction]) -> None:
        self.predictions = predictions

    def predict(self, texts: list[str]) -> list[Prediction]:
        assert len(texts) == len(self.predictions)
        return self.predictions


def _p(label: str, arbitrated_from: str | None) -> Prediction:
    return Prediction(label, label, 0.5, [], "controlled", arbitrated_from=arbitrated_from)


def test_arbitration_effect_counts_changes_by_outcome() -> None:
    answers = _Answers(
        [
            _p("A", "B"),  # names overruled the model, rightly
            _p("A", "C"),  # overruled, rightly
            _p("C", "A"),  # overruled, wrongly: the model had it
            _p("D", "E"),  # overruled, and both were wrong
            _p("A", None),  # not overruled: not counted
        ]
    )
    effect = arbitration_effect(answers, ["t"] * 5, ["A", "A", "A", "X", "A"])  # type: ignore[arg-type]
    assert effect == {"rows": 5, "changed": 4, "wrong_to_right": 2, "right_to_wrong": 1}
