"""service.trie: one regex for a word set, longest word first at every branch."""

from __future__ import annotations

import re

from service.trie import trie_regex


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
