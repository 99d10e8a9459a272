"""The full decision (real ONNX model + control list + rules + measures) on texts written for these tests.

These pin behaviour a compliance officer relies on: thresholds decide on both sides, missing facts go to
review, shared codes are narrowed by the names in the text, items without codes still match, and measures
follow the date. They run the shipped model: if a retrained model breaks one, that is a real regression.
"""

from __future__ import annotations

from datetime import date

import pytest

from service.api.state import ClassifierHolder
from service.classifier import Classifier
from service.config import Settings
from tests.conftest import MODELS


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    holder = ClassifierHolder(Settings(model_dir=MODELS))
    holder.load()
    return holder.classifier


def one(classifier: Classifier, text: str, **kw: object):  # type: ignore[no-untyped-def]
    return classifier.predict([text], **kw)[0]  # type: ignore[arg-type]


def test_threshold_failed_is_not_controlled_with_the_comparison_in_reasons(classifier: Classifier) -> None:
    p = one(classifier, "Antimony trioxide Sb2O3 99.8%, 25 kg bags")
    assert p.hs_code == "2825800010"
    assert p.status == "not_controlled"
    assert any("99.8" in r and "99.99" in r for r in p.reasons), p.reasons


def test_threshold_met_is_controlled(classifier: Classifier) -> None:
    p = one(classifier, "Antimony trioxide Sb2O3 purity 99.995%, 25 kg bags")
    assert p.hs_code == "2825800010"
    assert p.status == "controlled"
    assert [m.entry.id for m in p.matches] == ["sb-oxide"]
    assert p.matches[0].outcome == "met"


def test_missing_fact_goes_to_review(classifier: Classifier) -> None:
    p = one(classifier, "molybdenum powder, 25 kg drums")
    assert p.hs_code == "8102100001"
    assert p.status == "review"
    assert any("particle size" in r and "not stated" in r for r in p.reasons), p.reasons


@pytest.mark.parametrize(("size", "status"), [("45 µm", "controlled"), ("FSSS 75 um", "not_controlled")])
def test_molybdenum_powder_size_on_both_sides(classifier: Classifier, size: str, status: str) -> None:
    p = one(classifier, f"molybdenum powder Mo 99.95%, particle size {size}")
    assert (p.hs_code, p.status) == ("8102100001", status)


def test_shared_code_narrowed_by_names(classifier: Classifier) -> None:
    p = one(classifier, "samarium metal ingot 99.9%")
    assert p.hs_code == "2805301910"
    assert [m.entry.id for m in p.matches] == ["sm-metal"]
    q = one(classifier, "lutetium metal lumps 99.9%")
    assert [m.entry.id for m in q.matches] == ["lu-metal"]


def test_item_without_code_matches_with_null_code(classifier: Classifier) -> None:
    p = one(classifier, "Sintered SmCo magnets Sm2Co17 grade YXG-28, 10 x 5 mm")
    assert p.hs_code is None
    assert p.status == "controlled"
    assert [m.entry.id for m in p.matches] == ["sm-magnets"]


def test_ndfeb_magnet_needs_dysprosium_or_terbium(classifier: Classifier) -> None:
    plain = one(classifier, "sintered NdFeB permanent magnets N52, nickel coated")
    assert plain.status == "review"
    with_dy = one(classifier, "sintered NdFeB permanent magnets 45SH, dysprosium diffused, nickel coated")
    assert with_dy.status == "controlled"
    assert [m.entry.id for m in with_dy.matches] == ["dy-magnets"]


def test_ordinary_goods_not_controlled(classifier: Classifier) -> None:
    for text in ("men's cotton t-shirt", "stainless steel kitchen sink", "frozen shrimp 10 kg cartons"):
        p = one(classifier, text)
        assert (p.status, p.hs_code) == ("not_controlled", None), text


def test_measure_follows_date_and_destination(classifier: Classifier) -> None:
    text = "gallium arsenide wafers, Si-doped, 4 inch, epi-ready"
    before = one(classifier, text, destination="US", as_of=date(2026, 11, 27)).matches[0]
    after = one(classifier, text, destination="US", as_of=date(2026, 11, 28)).matches[0]
    elsewhere = one(classifier, text, destination="DE", as_of=date(2026, 11, 28)).matches[0]
    assert any("suspended" in m for m in before.destination_measures), before.destination_measures
    assert before.upcoming, "the suspension ending on 2026-11-27 is a change coming soon"
    assert not any("suspended" in m for m in after.destination_measures), after.destination_measures
    assert after.destination_measures != before.destination_measures
    assert not any("denial" in m for m in elsewhere.destination_measures)


def test_cache_returns_same_prediction(classifier: Classifier) -> None:
    a = one(classifier, "germanium dioxide GeO2 5N, 1 kg bottle")
    b = one(classifier, "germanium dioxide GeO2 5N, 1 kg bottle")
    assert a is b


def test_batch_keeps_order(classifier: Classifier) -> None:
    texts = ["indium phosphide wafers 2 inch", "frozen shrimp", "ammonium paratungstate APT 88.5%"]
    out = classifier.predict(texts)
    assert [p.hs_code for p in out] == ["2853904051", None, "2841801000"]
