"""Chemical formulas read for the elements they name (service.formulas)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.formulas import ELEMENT_SYMBOLS, elements_in_formulas, symbols_of


def test_the_periodic_table_is_complete() -> None:
    assert len(ELEMENT_SYMBOLS) == len(set(ELEMENT_SYMBOLS)) == 118
    assert all(s[0].isupper() and s[1:].islower() for s in ELEMENT_SYMBOLS if len(s) > 1)


@pytest.mark.parametrize(
    ("text", "symbols"),
    [
        ("MoO3 99.5%", {"Mo", "O"}),
        ("GaAs wafer scrap", {"Ga", "As"}),
        ("WO3 yellow oxide", {"W", "O"}),  # capitals with a count
        ("Bi4Ge3O12 scintillator", {"Bi", "Ge", "O"}),
        ("SmCo5 magnets", {"Sm", "Co"}),
        ("BIn", {"B", "In"}),  # "Bi" then "n" does not parse; "B" then "In" does
        ("CoCrMo alloy powder", {"Co", "Cr", "Mo"}),
    ],
)
def test_formulas_name_their_elements(text: str, symbols: set[str]) -> None:
    found = elements_in_formulas(text)
    assert set(found) == symbols
    assert all(len(formulas) == 1 for formulas in found.values())


@pytest.mark.parametrize(
    "text",
    [
        "NOW AVAILABLE, WHY WAIT",  # capitals alone spell words: only read with a digit
        "XYZ Trading Inc.",  # "Inc" is one symbol and a lower-case letter
        "In stock: tungsten",  # one symbol is not a formula
        "W2 grade",  # nor is one symbol with a count
        "4WD parts",  # inside a word
        "aMoO3",  # inside a word
    ],
)
def test_words_are_not_formulas(text: str) -> None:
    assert elements_in_formulas(text) == {}


def test_a_very_long_formula_like_word_is_read_without_recursion() -> None:
    # The CLI reads descriptions of any length; a parse that recursed per symbol failed past ~1,000 of them.
    assert set(elements_in_formulas("He" * 20_000)) == {"He"}
    assert set(elements_in_formulas("Mo" + "3" * 20_000 + "O")) == {"Mo", "O"}


_PIECES = [*ELEMENT_SYMBOLS, "1", "2", "12", " ", "x", "-", "镓"]
_SYMBOL_TEXT = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


@given(st.one_of(st.text(), _SYMBOL_TEXT))
def test_any_text_gives_known_symbols_found_in_it(text: str) -> None:
    found = elements_in_formulas(text)
    for symbol, formulas in found.items():
        assert symbol in ELEMENT_SYMBOLS
        assert all(f in text and symbol in f for f in formulas)


def test_reading_one_formula_leaves_the_request_cache_alone() -> None:
    """``symbols_of`` reads the naming file's formulas at start-up: they must not crowd out request texts."""
    before = elements_in_formulas.cache_info().currsize
    assert symbols_of("Bi4Ge3O12") == {"Bi", "Ge", "O"}
    assert elements_in_formulas.cache_info().currsize == before
