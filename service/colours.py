"""Names the text uses as a colour: "石墨灰" (graphite grey), "graphite gray", "Colour: Graphite", "颜色：石墨色".

Shops name colours after materials: a laptop, a T-shirt or a carpet in "graphite grey" is not graphite goods, and a
broker reading "运动鞋 石墨灰" sees shoes. A name used as a colour names a colour, not an item or an element: the
naming scan reports it apart (``NamingIndex.find_colours``), and a text whose only listed names are colours is not
controlled (``service.arbitration.Arbiter.colour_only``).

A colour is written right after the name ("graphite grey", "石墨灰", "石墨色") or named as one just before it
("colour: graphite", "颜色：石墨"). Not after it: 灰分 (ash content, a graphite purity figure: "石墨 灰分≤0.1%" is
graphite) and a comma or other word between ("graphite, grey powder" describes graphite).
"""

from __future__ import annotations

import re
from typing import Final

# Colour words after a name: English ones as whole words (a space or hyphen may come between), Chinese ones right
# after it. Black is a colour word in Chinese only: "graphite black" is also a name for graphite pigment.
_EN_AFTER: Final = ("grey", "gray", "colour", "color", "coloured", "colored", "tone")
_ZH_AFTER: Final = ("灰", "黑", "色")
_AFTER: Final = re.compile(
    rf"(?:[ -]?(?:{'|'.join(_EN_AFTER)})(?![0-9a-z])|(?:{'|'.join(_ZH_AFTER)})(?!分))",
    re.IGNORECASE,
)
# A colour field before a name: "colour: graphite", "color - graphite", "颜色：石墨", "颜色 石墨灰".
_BEFORE: Final = re.compile(r"(?:(?<![0-9a-z])colou?rs?|颜色|色彩)\s*[:：=\-]?\s*$", re.IGNORECASE)
_WINDOW: Final = 12  # characters looked at before a name: a field label and its separator
# Every use holds one of these (case-folded); most texts hold none, and a substring test is cheap.
_CUES: Final = ("grey", "gray", "colo", "tone", "灰", "黑", "色")


def may_colour(folded: str) -> bool:
    """False when ``folded`` (case-folded) holds none of the words a colour needs: ``colour_use`` is then None for
    every name in it."""
    return any(cue in folded for cue in _CUES)


def colour_use(text: str, start: int, end: int) -> str | None:
    """The words of ``text`` that make the name at ``text[start:end]`` a colour ("石墨灰", "colour: graphite"), or
    None."""
    after = _AFTER.match(text, end)
    if after is not None:
        return text[start : after.end()].strip()
    before = _BEFORE.search(text, max(0, start - _WINDOW), start)
    if before is not None:
        return text[before.start() : end].strip()
    return None
