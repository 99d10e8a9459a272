"""A regular expression for a set of words, shaped as a character trie.

The naming index (thousands of product names) and the parameter reader (labels, units, element symbols) both
match large word sets: an alternation of whole words is tried word by word at every position, a trie rejects
a position after a character or two.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any


def trie_regex(words: Iterable[str], escape: Callable[[str], str] = re.escape) -> str:
    """A regex matching any of ``words``, the longest first at each branch. ``escape`` turns one character into
    its pattern (default ``re.escape``; the parameter reader lets a space match any run of whitespace)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    escaped: dict[str, str] = {}  # each character escaped once: the naming trie has ~17k nodes at start-up

    def build(node: dict[str, Any]) -> str:
        alts = []
        for ch in sorted(node):
            if ch:
                piece = escaped.get(ch)
                if piece is None:
                    piece = escaped[ch] = escape(ch)
                alts.append(piece + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return build(trie)
