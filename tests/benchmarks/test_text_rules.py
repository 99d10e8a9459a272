"""``python -m benchmarks.text_rules``: every rule is timed and its hits counted (speed is not asserted)."""

from __future__ import annotations

from benchmarks.text_rules import measure
from tests.conftest import MODELS, REPO


def test_each_rule_is_timed_and_finds_what_it_should() -> None:
    texts = ["Galium metal 6N", "钨精矿 黑钨 WO3 65%", "Gd2O3 99.99%", "Bismuth .9999 ingot", "kettle 2200 W, Er2O3"]
    figures = measure(texts, 1, [REPO], MODELS)
    hits = {name: f["hits"] for name, f in figures.items()}
    assert hits == {
        "naming scan": 3,  # not the misspelt name, nor the symbol used as a unit
        "spelling": 2,  # the misspelt name and the fraction
        "fraction": 1,
        "formulas": 2,  # the listed compound's formula, and the fraction (read in every reading)
        "use words": 0,
        "uses rule": 0,
        "rare-earth cue": 1,
        "rare-earth rule": 1,
        "ore cue": 1,
        "ore rule": 1,
        "symbol units": 1,
        "notices": 1,  # erbium oxide: 2025 No. 57
        "ranking, 1 a chunk": 5,
        "ranking by argsort, 1 a chunk": 5,
        "ranking, 3 a chunk": 3,
        "ranking by argsort, 3 a chunk": 3,
        f"decide {REPO}": 5,
    }
    assert all(f["us_per_text"] > 0 for f in figures.values())


def test_the_use_rows_find_a_listed_name_given_only_as_the_goods_use() -> None:
    texts = ["Quartz crucible for GaAs VGF growth", "GaAs wafers 4 inch for solar cells", "Quotation for GaAs wafers"]
    hits = {name: f["hits"] for name, f in measure(texts, 1, [REPO], MODELS).items()}
    assert hits["use words"] == 2  # not after a word of trade
    assert hits["uses rule"] == 1  # the wafers are named before their use
