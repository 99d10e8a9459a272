"""The naming scan (``service.scanner``): how texts are written for it, and what one pass finds."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from service.compound_names import CompoundContext
from service.scanner import TermScanner, normalize, term_key

_SEPARATORS = re.compile(r"[\s\-_\u2010\u2011\u2013]+")


@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000-_\u2010\u2011\u2013\u2012\u2014ａ²₃ab氧"),
            st.characters(),
        ),
        max_size=40,
    )
)
def test_normalize_turns_separator_runs_into_one_space(text: str) -> None:
    """``normalize`` is NFKC, then every run of whitespace, hyphens and underscores one space: at the edges
    too, and in text that is nothing else."""
    assert normalize(text) == _SEPARATORS.sub(" ", unicodedata.normalize("NFKC", text))


def test_a_term_key_is_the_term_normalised_trimmed_and_case_folded() -> None:
    assert term_key("  Gallium-Oxide ") == "gallium oxide"
    assert term_key("ＧａＮ") == "gan"


def _scanner() -> TermScanner:
    owners = {
        "gallium": [("group", "gallium", "gallium")],
        "gallium arsenide": [("entry", "ga-arsenide", "gallium arsenide")],
        "GaN": [("entry", "ga-nitride", "GaN")],
        "氧化镓": [("entry", "ga-oxide", "氧化镓")],
    }
    return TermScanner(owners, {}, ["gallium"], CompoundContext([], [], []))


def test_one_pass_finds_latin_formula_and_chinese_terms_and_drops_nested_ones() -> None:
    scanner = _scanner()
    found = scanner.scan("GALLIUM ARSENIDE wafer, GaN and 氧化镓")
    assert [owner for _start, _end, owner in found] == [
        ("entry", "ga-arsenide", "gallium arsenide"),  # not also 'gallium' inside it
        ("entry", "ga-nitride", "GaN"),
        ("entry", "ga-oxide", "氧化镓"),
    ]
    assert all(0 <= start < end for start, end, _owner in found)


def test_short_formulas_keep_their_case_and_words_their_boundaries() -> None:
    scanner = _scanner()
    assert scanner.scan("gan and organ") == ()  # 'GaN' is case-sensitive; nothing else is named
    assert scanner.scan("InGaN LED") == ()  # inside a longer word


def test_a_denied_name_names_nothing_and_is_kept_as_a_denial() -> None:
    found = _scanner().scan("gallium-free solder")
    assert found and {kind for _s, _e, (kind, _i, _w) in found} == {"denied"}
    assert {written for _s, _e, (_k, _i, written) in found} == {"gallium free"}  # the denying words, normalised
