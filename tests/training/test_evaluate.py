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


def _p(label: str, arbitrated_from: str | None, other_elements: list[str] | None = None) -> Prediction:
    status = "review" if other_elements else "controlled"
    return Prediction(
        label, label, 0.5, [], status, arbitrated_from=arbitrated_from, other_elements=other_elements or []
    )


def test_arbitration_effect_counts_changes_by_outcome() -> None:
    answers = _Answers(
        [
            _p("A", "B"),  # names overruled the model, rightly
            _p("A", "C"),  # overruled, rightly
            _p("C", "A"),  # overruled, wrongly: the model had it
            _p("D", "E"),  # overruled, and both were wrong
            _p("A", None),  # not overruled: not counted
            _p("G", None, ["gallium"]),  # another element named: review, the label was wrong
            _p("A", None, ["indium"]),  # another element named: review, the label was right
        ]
    )
    effect = arbitration_effect(answers, ["t"] * 7, ["A", "A", "A", "X", "A", "Z", "A"])  # type: ignore[arg-type]
    assert effect == {
        "rows": 7,
        "changed": 4,
        "wrong_to_right": 2,
        "right_to_wrong": 1,
        "other_elements": 2,
        "other_elements_label_right": 1,
    }


def test_label_figures_count_codes_recall_and_specificity() -> None:
    from training.evaluate import label_figures

    predicted = ["A", "B", "NOT_LISTED", "NOT_LISTED", "A"]
    truth = ["A", "A", "A", "NOT_LISTED", "NOT_LISTED"]
    assert label_figures(predicted, truth) == {
        "rows": 5,
        "top1": 0.4,  # rows 0 and 3
        "controlled_recall": round(2 / 3, 4),  # "B" for "A" is still flagged
        "not_listed_specificity": 0.5,
    }
    assert label_figures([], [])["top1"] == 0.0
