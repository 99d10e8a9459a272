"""Mentions the text itself denies: "Dy-free", "without dysprosium", "free of Tb, Dy", "不含镝".

A denied name is not evidence for an item: a broker reading "NdFeB magnet, Dy-free" does not see dysprosium in
it. Shared by the naming scan (which names count) and the rules (a "mentions" condition denied is not met).
"""

from __future__ import annotations

import re
from typing import Final

# Negation words before a name: English ones may list other names first ("free of Tb, Dy"), up to three, joined
# by commas, "and", "or", "/" or "&"; Chinese ones stand right before the name or before a short list of names
# (``_ZH_ITEM``), so "无水" (anhydrous) and "无机" (inorganic) deny nothing, a character sitting between them and
# the name. After a name (or a "/"-joined list) only "free" counts, and not "free-flowing" / "free-cutting"
# (attributes). Every pattern below is built from these two lists.
_EN_WORDS: Final = ("without", "w/o", "not", "no", "non", "zero", "excluding")
_ZH_WORDS: Final = ("不含", "无", "非", "不带", "未含")
_EN: Final = "|".join(map(re.escape, _EN_WORDS))
_ZH: Final = "|".join(_ZH_WORDS)
_LIST_ITEM: Final = r"[^\s,;/&()]{1,20}"
# Chinese lists after a negation ("不含镝、铽", "不含镝和铽", "无镝铽"): an item is a symbol or one or two
# characters before a list mark, or one metal-radical character (钅, U+9485-U+957F, which every listed metal
# but tellurium is written with) before the next name without a mark. Longer items would deny through
# "无水氯化镝、氯化铽", where 无 belongs to "无水" (anhydrous), not to a list.
_ZH_ITEM: Final = r"(?:(?:[a-z]{1,2}|[\u4e00-\u9fff]{1,2})\s*[、，,/和及与或]\s*|[\u9485-\u957f])"
_BEFORE: Final = re.compile(
    rf"(?:(?<![a-z0-9])(?:{_EN}|free\s+(?:of|from))[\s-]*"
    rf"(?:{_LIST_ITEM}\s*(?:,|/|&|\band\b|\bor\b)\s*){{0,3}}|(?:{_ZH}){_ZH_ITEM}{{0,3}})$",
    re.IGNORECASE,
)
# After a name: "Dy-free", and a list that ends in "free" ("Dy/Tb free", "Dy and Tb-free"); not joined by
# commas, which more often end one attribute and start another ("Dy2O3, lead free packaging"). Not "free" as the
# first word of an attribute, hyphenated or, in the naming scan's normalised text, not ("GaN free-standing
# substrate", "free flowing powder").
_FREE_ATTRIBUTES: Final = ("standing", "flowing", "flow", "cutting", "machining", "floating", "form")
_AFTER: Final = re.compile(
    rf"(?:\s*(?:/|&|\band\b|\bor\b)\s*{_LIST_ITEM}){{0,3}}?[\s-]*free(?![a-z0-9-])"
    rf"(?!\s+(?:{'|'.join(_FREE_ATTRIBUTES)})(?![a-z]))",
    re.IGNORECASE,
)
_WINDOW: Final = 80  # characters looked at before a name: a negation and three listed names


def _substrings(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` without repeats and without those holding another of them: "no" covers "not" and "non"."""
    unique = tuple(dict.fromkeys(words))
    return tuple(w for w in unique if not any(o != w and o in w for o in unique))


# Every ``_BEFORE`` or ``_AFTER`` match holds one of these (lower case). Most texts hold none, and substring
# tests are cheap: about 0.8 µs for 80 characters, against about 3 µs for trying ``_BEFORE`` at every position
# of a window or for one regex of whole cue words (one-off timings).
_CUES: Final = _substrings((*_EN_WORDS, "free", *(w[0] for w in _ZH_WORDS)))


def _has_cue(lowered: str) -> bool:
    return any(cue in lowered for cue in _CUES)


# The same words whole, for a whole text that passed ``_has_cue``: "no" inside "nominal" or "innovative" is
# not one.
_CUE_WORD: Final = re.compile(rf"(?<![a-z0-9])(?:{_EN})(?![a-z])|free(?![a-z])|{_ZH}")


def may_deny(folded: str) -> bool:
    """False when ``folded`` (case-folded) holds none of the words a denial needs: ``denial`` is then None
    for every name in it, so a caller with many names asks once."""
    return _has_cue(folded) and _CUE_WORD.search(folded) is not None


def denial(text: str, start: int, end: int) -> str | None:
    """The words of ``text`` that deny the name at ``text[start:end]`` (e.g. "dy-free"), or None."""
    window = max(0, start - _WINDOW)
    before = _BEFORE.search(text, window, start) if _has_cue(text[window:start].lower()) else None
    if before is not None:
        return text[before.start() : end].strip()
    after = _AFTER.match(text, end, end + _WINDOW)
    if after is not None:
        return text[start : after.end()].strip()
    return None
