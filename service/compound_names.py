"""Where an element's bare name is part of a compound's name: "bismuth oxide", "gallium(III) nitrate", "氧化铋",
"三氧化二锑", "锑酸钠".

The bare names of the listed elements are terms of their metal entries ("bismuth", "铋" -> bi-metal), so without
this a text about bismuth oxide would name bismuth metal, and the arbitration would prefer the metal's code
over the model's reading. Listed compounds have entry terms of their own ("gallium oxide", "氧化镓") that are
longer than the bare name and win in the scan; what reaches this check is a compound the list does not name.
The words come from naming.yaml ``compound_names``, which also says which of them make an organic compound
("acetate", "三甲基") and which name no particular compound ("compounds", "salt", 化 as in 化合物): ``kind``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from service.trie import CJK, trie_regex

# What a compound's name says about it: nothing particular ("gallium compounds"), an organic compound ("gallium
# acetylacetonate", "三甲基镓"), or an inorganic one ("gallium(III) chloride", "硝酸镓").
CompoundKind = Literal["generic", "organic", "inorganic"]

# An oxidation state between a name and its anion: "gallium(III) nitrate", "bismuth (iii) oxide" (text folded).
_STATE_WORD = r"\( ?(?:i{1,3}|iv|v|vi|[1-6]\+?) ?\)"
_STATE = rf"(?:{_STATE_WORD} ?)?"
# A count before a Chinese anion word, and between it and the element: 三氧化二锑 (Sb2O3), 五氧化二锑.
_ZH_COUNTS = "一二三四五六七"
_ZH_COUNT = f"[{_ZH_COUNTS}]?"
# How far back a Chinese anion word can start: the longest word plus a count.
_ZH_LOOKBACK = 8
# A count at the start of an English anion word: "dioxide", "tetrachloride", "sesquioxide", "hexafluoride".
_COUNT_PREFIX = re.compile("sesqui|mono|tetra|tetr|penta|pent|hexa|hex|tri|di")


class CompoundContext:
    """Finds the compound around a bare element name in normalised, case-folded text."""

    def __init__(
        self,
        en_after: Iterable[str],
        zh_before: Iterable[str],
        zh_after: Iterable[str],
        organic: Iterable[str] = (),
        generic: Iterable[str] = (),
    ) -> None:
        en = sorted({w.casefold() for w in en_after if w.strip()})
        before = sorted({w for w in zh_before if w.strip()})
        after = sorted({w for w in zh_after if w.strip()})
        # At the end of the name: an optional space and oxidation state, then a whole word.
        self._en = re.compile(" ?" + _STATE + "(?:" + trie_regex(en) + r")(?![0-9a-z])") if en else None
        anion_before = _ZH_COUNT + "(?:" + trie_regex(before) + ")" + _ZH_COUNT + r"\Z"
        self._zh_before = re.compile(anion_before) if before else None
        self._zh_after = re.compile(trie_regex(after)) if after else None
        self._en_words = frozenset(en)
        self._state = re.compile(" ?" + _STATE_WORD + " ?")
        self._organic = frozenset(w.casefold() for w in organic)
        self._generic = frozenset(w.casefold() for w in generic)

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

    def kind(self, compound: str) -> CompoundKind:
        """What the name of a compound found by ``span`` says: its English anion word is the last word
        ("gallium(III) chloride"); a Chinese one comes first, after a count ("三氧化二锑"), or, for a character
        right after the element's (``zh_after``), last ("锑酸", "镓化")."""
        folded = compound.casefold()
        if CJK.search(folded):
            head = folded.lstrip(_ZH_COUNTS)
            if any(folded.endswith(w) or head.startswith(w) for w in self._generic):
                return "generic"
            return "organic" if any(head.startswith(w) for w in self._organic) else "inorganic"
        words = re.findall(r"[a-z]+", folded)
        last = words[-1] if words else ""
        return "generic" if last in self._generic else "organic" if last in self._organic else "inorganic"

    def base(self, compound: str) -> str:
        """The compound's name without what does not change which item it is: an oxidation state, a count
        ("gallium (III) oxide" -> "gallium oxide", "antimony sesquioxide" -> "antimony oxide", "germanium
        tetrachlorides" -> "germanium chloride", "三氧化二镓" -> "氧化镓"). A listed item's name is found in it
        when the compound is of the item's kind, however it was written."""
        folded = compound.casefold()
        if CJK.search(folded):
            return folded.translate({ord(c): None for c in _ZH_COUNTS})
        name = self._state.sub(" ", folded, count=1).strip()
        head, _, word = name.rpartition(" ")
        if word.endswith("s") and word[:-1] in self._en_words:
            word = word[:-1]
        m = _COUNT_PREFIX.match(word)
        if m and word[m.end() :] in self._en_words:
            word = word[m.end() :]
        return f"{head} {word}" if head else word
