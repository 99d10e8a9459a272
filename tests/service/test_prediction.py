"""The decision's result types (``service.prediction``): who decided, the model or the words of the text."""

from __future__ import annotations

import pytest

from service.prediction import Candidate, Prediction


def _prediction(**found: object) -> Prediction:
    candidates = [Candidate("2825909001", "2825909001", 0.9, "Gallium oxide")]
    return Prediction("NOT_LISTED", None, 0.1, candidates, "not_controlled", **found)  # type: ignore[arg-type]


def test_the_model_decided_when_nothing_in_the_text_overruled_it() -> None:
    assert _prediction().decided_by == "model"
    assert _prediction(respelled=["Galium -> Gallium"]).decided_by == "model"  # still the model's reading
    assert _prediction(unbacked=True).decided_by == "model"  # a review, on the model's label


@pytest.mark.parametrize(
    "found",
    [
        {"arbitrated_from": "2825909001"},
        {"foreign_goods": ["copper"]},
        {"unlisted_compounds": ["bismuth oxide"]},
        {"colours": ["graphite grey"]},
        {"minor_constituent": ["tungsten"]},
        {"articles": ["servo motor"]},
        {"ores": ["ore"]},
        {"units": ["2000 W"]},
        {"denials": ["Sb-free"]},
        {"unnamed": True},
    ],
)
def test_the_text_decided_when_its_words_chose_or_cleared(found: dict[str, object]) -> None:
    assert _prediction(**found).decided_by == "text"
