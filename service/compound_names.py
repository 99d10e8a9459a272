"""Where an element's bare name is part of a compound's name: "bismuth oxide", "gallium(III) nitrate", "氧化铋",
"三氧化二锑", "锑酸钠".

The bare names of the listed elements are terms of their metal entries ("bismuth", "铋" -> bi-metal), so without
this a text about bismuth oxide would name bismuth metal, and the arbitration would prefer the metal's code
over the model's reading. Listed compounds have entry terms of their own ("gallium oxide", "氧化镓") that are
longer than the bare name and win in the scan; what reaches this check is a compound the list does not name.
The words come from naming.yaml ``compound_names``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.trie import trie_regex

# An oxidation state between a name and its anion: "gallium(III) nitrate", "bismuth (iii) oxide" (text folded).
_STATE = r"(?:\( ?(?:i{1,3}|iv|v|vi|[1-6]\+?) ?\) ?)?"
# A count before a Chinese anion word, and between it and the element: 三氧化二锑 (Sb2O3), 五氧化二锑.
_ZH_COUNT = "[一二三四五六七]?"
# How far back a Chinese anion word can start: the longest word plus a count.
_ZH_LOOKBACK = 8


class CompoundContext:
    """Finds the compound around a bare element name in normalised, case-folded text."""

    def __init__(self, en_after: Iterable[str], zh_before: Iterable[str], zh_after: Iterable[str]) -> None:
        en = sorted({w.casefold() for w in en_after if w.strip()})
        before = sorted({w for w in zh_before if w.strip()})
        after = sorted({w for w in zh_after if w.strip()})
        # At the end of the name: an optional space and oxidation state, then a whole word.
        self._en = re.compile(" ?" + _STATE + "(?:" + trie_regex(en) + r")(?![0-9a-z])") if en else None
        anion_before = _ZH_COUNT + "(?:" + trie_regex(before) + ")" + _ZH_COUNT + r"\Z"
        self._zh_before = re.compile(anion_before) if before else None
        self._zh_after = re.compile(trie_regex(after)) if after else None

    def span(self, folded: str, start: int, end: int, cjk: bool) -> tuple[int, int] | None:
        """The compound's span in ``folded`` when the name at ``[start, end)`` is part of one, else None."""
        if not cjk:
            m = self._en.match(folded, end) if self._en else None
            return (start, m.end()) if m else None
        if self._zh_after is not None:
            m = self._zh_after.match(folded, end)
            if m:
                return start, m.end()
        if self._zh_before is not None:
            lo = max(0, start - _ZH_LOOKBACK)
            m = self._zh_before.search(folded, lo, start)
            if m:
                return m.start(), end
        return None
