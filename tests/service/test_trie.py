"""service.trie: one regex for a word set, longest word first at every branch."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from service.trie import NOT_AFTER, NOT_BEFORE, trie_regex, words_regex


def test_matches_every_word_and_prefers_the_longest() -> None:
    words = ["gallium", "gallium oxide", "ga", "germanium", "a+b"]
    rx = re.compile(trie_regex(words))
    for word in words:
        assert rx.fullmatch(word), word
    assert rx.match("gallium oxide powder").group() == "gallium oxide"  # type: ignore[union-attr]
    assert not rx.fullmatch("gallia") and not rx.fullmatch("aab")


def test_escape_decides_what_a_character_matches() -> None:
    rx = re.compile(trie_regex(["per cent"], lambda ch: r"\s+" if ch == " " else re.escape(ch)))
    assert rx.fullmatch("per   cent") and not rx.fullmatch("percent")


@given(
    words=st.lists(st.text(alphabet="abAB2 氧化", min_size=1, max_size=5), min_size=1, max_size=6),
    text=st.text(alphabet="abAB2 -氧化x", max_size=30),
    latin=st.booleans(),
)
def test_term_patterns_find_the_longest_term_at_every_position(words: list[str], text: str, latin: bool) -> None:
    """The scan's patterns (one match per start, found by the engine's first-character skip) give what a
    lookahead tried at every position gives."""
    body = trie_regex(sorted(words))
    reference = re.compile("(?=(" + (NOT_BEFORE + body + NOT_AFTER if latin else body) + "))")
    pattern = words_regex(words, latin)
    assert pattern is not None
    want = [(m.start(1), m.group(1)) for m in reference.finditer(text) if m.group(1)]
    assert [(m.start(1), m.group(1)) for m in pattern.finditer(text)] == want
