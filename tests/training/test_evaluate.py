"""Scoring helpers of training/evaluate.py that the dev-set figures do not already exercise."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from service.prediction import Prediction
from training.evaluate import arbitration_effect, read_eval_file


def _p(
    label: str,
    arbitrated_from: str | None,
    other_elements: list[str] | None = None,
    foreign: list[str] | None = None,
    unbacked: bool = False,
    unnamed: bool = False,
    compounds: list[str] | None = None,
    colours: list[str] | None = None,
    minor: list[str] | None = None,
    articles: list[str] | None = None,
    respelled: list[str] | None = None,
    ores: list[str] | None = None,
    units: list[str] | None = None,
    uses: list[str] | None = None,
    denials: list[str] | None = None,
) -> Prediction:
    cleared = foreign or unnamed or compounds or colours or minor or articles or ores or units or denials
    status = "review" if other_elements or unbacked or uses else "not_controlled" if cleared else "controlled"
    return Prediction(
        label,
        label,
        0.5,
        [],
        status,
        arbitrated_from=arbitrated_from,
        other_elements=other_elements or [],
        foreign_goods=foreign or [],
        unbacked=unbacked,
        unnamed=unnamed,
        unlisted_compounds=compounds or [],
        respelled=respelled or [],
        colours=colours or [],
        minor_constituent=minor or [],
        articles=articles or [],
        ores=ores or [],
        units=units or [],
        uses=uses or [],
        denials=denials or [],
    )


def test_arbitration_effect_counts_changes_by_outcome() -> None:
    predictions = [
        _p("A", "B"),  # names overruled the model, rightly
        _p("A", "C"),  # overruled, rightly
        _p("C", "A"),  # overruled, wrongly: the model had it
        _p("D", "E"),  # overruled, and both were wrong
        _p("A", None),  # not overruled: not counted
        _p("G", None, ["gallium"]),  # another element named: review, the label was wrong
        _p("A", None, ["indium"]),  # another element named: review, the label was right
        _p("NOT_LISTED", None, foreign=["copper"]),  # cleared as copper goods, labelled not listed
        _p("NOT_LISTED", None, foreign=["nickel"]),  # cleared, but labelled controlled
        _p("A", None, unbacked=True),  # nothing listed named, model unsure: review, the label was right
        _p("B", None, unbacked=True),  # the same, and the goods were not listed
        _p("C", None, unbacked=True),  # the same, a listed item under the wrong label
        _p("NOT_LISTED", None, unnamed=True),  # nothing like a listed name, model unsure: cleared, rightly
        _p("NOT_LISTED", None, unnamed=True),  # the same, but labelled controlled
        _p("NOT_LISTED", None, compounds=["gallium nitrate"]),  # a compound the list does not name: cleared, rightly
        _p("NOT_LISTED", None, compounds=["GaCl3"]),  # the same, but labelled controlled
        _p("NOT_LISTED", None, colours=["石墨灰"]),  # a listed name only as a colour: cleared, rightly
        _p("NOT_LISTED", None, minor=["Te 0.5%"]),  # the listed metal under half of an alloy: cleared, rightly
        _p("NOT_LISTED", None, minor=["Ga 45%"]),  # the same, but labelled controlled
        _p("NOT_LISTED", None, articles=["solar panel"]),  # a finished article: cleared, rightly
        _p("A", None, respelled=["Galium -> Gallium"]),  # read again spelled right, and right
        _p("NOT_LISTED", None, respelled=["Indum -> Indium"]),  # the same, goods not listed
        _p("B", None, respelled=["Tungstan -> Tungsten"]),  # the same, the wrong label
        _p("NOT_LISTED", None, ores=["精矿"]),  # an ore the list does not name: cleared, rightly
        _p("NOT_LISTED", None, ores=["concentrate"]),  # the same, but labelled controlled
        _p("NOT_LISTED", None, units=["2000 W (watts)"]),  # a symbol only as a unit: cleared, rightly
        _p("A", None, uses=["GaAs"]),  # a listed name only as the goods' use: review, and the goods were not listed
        _p("NOT_LISTED", None, denials=["Sb-free"]),  # listed names only denied: cleared, rightly
        _p("NOT_LISTED", None, denials=["不含镓"]),  # the same, but labelled controlled
    ]
    labels = ["A", "A", "A", "X", "A", "Z", "A", "NOT_LISTED", "A", "A", "NOT_LISTED", "A", "NOT_LISTED", "B"]
    labels += ["NOT_LISTED", "A", "NOT_LISTED", "NOT_LISTED", "A", "NOT_LISTED", "A", "NOT_LISTED", "C"]
    labels += ["NOT_LISTED", "A", "NOT_LISTED", "NOT_LISTED", "NOT_LISTED", "A"]
    effect = arbitration_effect(predictions, labels)
    assert effect == {
        "rows": 29,
        "changed": 4,
        "wrong_to_right": 2,
        "right_to_wrong": 1,
        "other_elements": 2,
        "other_elements_label_right": 1,
        "uses": 1,
        "uses_not_listed": 1,
        "foreign_goods": 2,
        "foreign_goods_not_listed": 1,
        "unlisted_compounds": 2,
        "unlisted_compounds_not_listed": 1,
        "colours": 1,
        "colours_not_listed": 1,
        "minor_constituent": 2,
        "minor_constituent_not_listed": 1,
        "articles": 1,
        "articles_not_listed": 1,
        "ores": 2,
        "ores_not_listed": 1,
        "units": 1,
        "units_not_listed": 1,
        "denials": 2,
        "denials_not_listed": 1,
        "unbacked": 3,
        "unbacked_not_listed": 1,
        "unbacked_label_right": 1,
        "unnamed": 2,
        "unnamed_not_listed": 1,
        "respelled": 3,
        "respelled_not_listed": 1,
        "respelled_label_right": 2,
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


def test_heldout_by_style_scores_the_model_label_before_the_rules() -> None:
    import pandas as pd

    from service.prediction import Candidate
    from training.evaluate import heldout_by_style

    def answered(model_label: str, final_label: str) -> Prediction:
        return Prediction(final_label, None, 0.5, [Candidate(model_label, None, 0.5, None)], "review")

    predictions = [answered("A", "B"), answered("B", "B"), answered("NOT_LISTED", "A")]
    frame = pd.DataFrame({"label": ["A", "A", "A"], "source": ["pos:en-terse", "pos:en", "pos:en"]})
    figures = heldout_by_style(predictions, frame)
    assert figures["terse"]["top1"] == 1.0  # the model said A; the rules' B is not what is scored
    assert figures["other"] == {"rows": 2, "top1": 0.0, "controlled_recall": 0.5, "not_listed_specificity": 0.0}


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        ("2825600002 2825909001", "line 3: acceptable_codes '2825600002 2825909001': '2825600002 2825909001'"),
        ("282560000", "'282560000' is not a 10-digit code (separate codes with ';')"),
        ("good", "expected_status 'good' is not valid"),
    ],
)
def test_an_eval_file_with_a_bad_cell_is_refused_naming_the_line(tmp_path: Path, codes: str, message: str) -> None:
    """A code list with another separator would match nothing and count every row as a wrong code."""
    status = "good" if codes == "good" else "controlled"
    path = tmp_path / "eval.csv"
    pd.DataFrame(
        {
            "description": ["GeO2 5N", "Ga2O3 5N"],
            "expected_status": ["controlled", status],
            "acceptable_codes": ["", codes],
        }
    ).to_csv(path, index=False)
    with pytest.raises(ValueError) as caught:
        read_eval_file(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_an_eval_file_with_an_unquoted_comma_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "eval.csv"
    path.write_text("description,expected_status\nGeO2 5N,controlled\nGa2O3, 5N,controlled\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"eval.csv: line 3 has 3 fields where the header has 2"):
        read_eval_file(path)


def test_an_eval_file_with_code_lists_reads() -> None:
    frame = read_eval_file(Path(__file__).resolve().parents[2] / "training/data/eval/probe_appendix_3.csv")
    assert frame["acceptable_codes"].str.contains(";").any()


class _Fixed:
    """Stands in for a Classifier: the predictions are given, so the scoring is what is tested."""

    def __init__(self, predictions: list[Prediction]) -> None:
        self.predictions = predictions

    def predict(self, texts: list[str], top_k: int = 3, as_of: object = None) -> list[Prediction]:
        assert len(texts) == len(self.predictions)
        return self.predictions


def test_rows_right_counts_rows_with_no_problem_of_any_kind() -> None:
    from typing import cast

    from service.classifier import Classifier
    from training.evaluate import evaluate_frame

    frame = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "description": ["x", "y", "z", "w"],
            "expected_status": ["controlled", "controlled", "not_controlled", "not_controlled"],
            "acceptable_codes": ["2825909001", "2825909001", "", ""],
            "mineral": ["gallium", "gallium", "gallium", "none"],
        }
    )
    predictions = [
        Prediction("2825909001", "2825909001", 0.9, [], "controlled"),  # right
        Prediction("2825600002", "2825600002", 0.9, [], "controlled"),  # flagged, wrong code
        Prediction("2825909001", "2825909001", 0.6, [], "review"),  # a near miss flagged
        Prediction("NOT_LISTED", None, 0.99, [], "not_controlled"),  # right
    ]
    report = evaluate_frame(cast(Classifier, _Fixed(predictions)), frame, "four rows")
    assert report.figures["rows_right"] == 0.5 and len(report.misses) == 2
    assert (report.figures["controlled_recall"], report.figures["code_top1"]) == (1.0, 0.5)


def test_heldout_verdicts_count_flagged_listed_and_cleared_unlisted_texts() -> None:
    from training.evaluate import heldout_verdicts

    predictions = [_p("A", None), _p("A", None, ["indium"]), _p("NOT_LISTED", None, foreign=["copper"])]
    predictions.append(Prediction("NOT_LISTED", None, 0.9, [], "not_controlled"))
    # listed: controlled (flagged), review (flagged), cleared (missed); not listed: not_controlled (cleared)
    assert heldout_verdicts(predictions, ["A", "B", "C", "NOT_LISTED"]) == {
        "listed": 3,
        "listed_flagged": 2,
        "not_listed": 1,
        "not_listed_cleared": 1,
    }
