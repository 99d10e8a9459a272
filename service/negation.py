"""Mentions the text itself denies: "Dy-free", "without dysprosium", "free of Tb, Dy", "不含镝".

A denied name is not evidence for an item: a broker reading "NdFeB magnet, Dy-free" does not see dysprosium in
it. Shared by the naming scan (which names count) and the rules (a "mentions" condition denied is not met).
"""

from __future__ import annotations

import re
from typing import Final

# The words before a name may list others first ("free of Tb, Dy"), up to three, joined by commas, "and",
# "or", "/" or "&". After a name only "free" counts, and not "free-flowing" / "free-cutting" (attributes).
# Chinese negations stand right before the name; "无水" (anhydrous) and "无机" (inorganic) do not, as a
# character sits between them and the name.
_LIST_ITEM: Final = r"[^\s,;/&()]{1,20}"
_BEFORE: Final = re.compile(
    r"(?:(?<![a-z0-9])(?:without|w/o|free\s+(?:of|from)|not|no|non|zero|excluding)[\s-]*"
    rf"(?:{_LIST_ITEM}\s*(?:,|/|&|\band\b|\bor\b)\s*){{0,3}}|(?:不含|无|非|不带|未含))$",
    re.IGNORECASE,
)
_AFTER: Final = re.compile(r"[\s-]*free(?![a-z0-9-])", re.IGNORECASE)
_WINDOW: Final = 80  # characters looked at before a name: a negation and three listed names
# Every ``_BEFORE`` or ``_AFTER`` match holds one of these (lower case). Most texts hold none, and substring
# tests are cheap: about 0.8 µs for 80 characters, against about 3 µs for trying ``_BEFORE`` at every position
# of a window or for one regex of whole cue words (one-off timings).
_CUES: Final = ("without", "w/o", "free", "no", "zero", "excluding", "不", "无", "非", "未")


def _has_cue(lowered: str) -> bool:
    return any(cue in lowered for cue in _CUES)


# The same cues as whole words, for a whole text that passed ``_has_cue``: "no" inside "nominal" or
# "innovative" is not one.
_CUE_WORD: Final = re.compile(
    r"(?<![a-z0-9])(?:without|w/o|not?|non|zero|excluding)(?![a-z])|free(?![a-z])|不含|无|非|不带|未含"
)


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
    after = _AFTER.match(text, end, end + 12)
    if after is not None:
        return text[start : after.end()].strip()
    return None
