"""service.near_names: what may name a listed element without being one of its names (shipped naming.yaml)."""

from __future__ import annotations

import pytest

from service.naming import load_naming_data
from service.near_names import NearNames, edit_distance


@pytest.fixture(scope="module")
def near() -> NearNames:
    return NearNames(load_naming_data())


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Galilum selenide cutting waste", ["Galilum"]),  # one letter in
        ("Bismurh needles", ["Bismurh"]),  # one letter changed
        ("luretium metal", ["luretium"]),
        ("Gadolnum ingot", ["Gadolnum"]),  # two letters out of a long name
        ("Item 6 is Ga swarf", ["Ga"]),  # a symbol as written, alone
        ("GA ATOMIZED POWDER", ["GA"]),  # a two-letter symbol in capitals
        ("residues: bi >=99.7%", ["bi"]),  # ... or in lower case
        ("纯度3NY2O3块", ["Y"]),  # a symbol opening a formula inside a token
        ("tbf3 tablets", ["tb"]),  # a formula in lower case
        ("Y micron powder", ["Y"]),  # a one-letter symbol as written
        ("mixed rare-earth concentrate", ["rare-earth"]),
        ("混合稀土", ["稀土"]),
        ("white oxide powder 99.99%", ["99.99%"]),  # high purity: which material is the missing fact
        ("纯度≥99.999%", ["99.999%"]),
        ("tantalum 4N5 shots", ["4N5"]),
    ],
)
def test_near_names_are_found(near: NearNames, text: str, found: list[str]) -> None:
    assert near.find(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "品名：男式羊毛衫；规格：80%羊毛；用途：服装",  # Chinese without a listed element's character
        "Stainless steel hex bolts M10x50, packed in cartons",
        "Made in Vietnam, in stock",  # "in": a word, not indium
        "y-axis linear guide, 500 mm",  # a one-letter symbol only as written
        "Silicon carbide SiC substrate",  # graphite's C is not a hint
        "Tantalum powder 2N5",  # an unlisted element, a grade under 3N
        "Galvanised steel wire",  # near "gallium"? 'galvanised' is four letters off
        "Alumina 2N, 99.5% min, load 50N",  # purity under 99.9 %, a grade under 3N, a force
        "WOODEN PALLETS, YELLOW PAINT",  # capitals: W and Y open words here, not formulas
    ],
)
def test_ordinary_text_has_no_near_names(near: NearNames, text: str) -> None:
    assert near.find(text) == []


def test_edit_distance_counts_and_stops_at_the_cap() -> None:
    assert edit_distance("bismurh", "bismuth", 2) == 1
    assert edit_distance("gadolnum", "gadolinium", 2) == 2
    assert edit_distance("galvanised", "gallium", 2) == 3  # cap + 1: stopped early
    assert edit_distance("tin", "tungsten", 1) == 2  # lengths alone rule it out
