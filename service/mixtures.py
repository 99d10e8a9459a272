"""Notice when a description says the goods are a mixture of different substances.

A purity threshold ("artificial graphite > 99.9 %", "Sb2O3 ≥ 99.99 %") is about a material, and a product
declared as "a mixture of synthetic graphite, starch and polyvinyl acetate" or "antimony trioxide blended
with PE carrier" is not that material at that purity, whatever its main component is. The rules layer uses
what is found here only where the text states no purity of its own.

Only explicit mixture wording counts ("mixture of", "blend of", "mixed with", "混合物" …), and only when the
components are different substances: "a blend of natural and artificial graphite" names one substance twice
(both end in "graphite") and says nothing about purity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = ["Mixture", "find_mixture"]


@dataclass(frozen=True, slots=True)
class Mixture:
    components: tuple[str, ...]
    source: str  # the span of the text that says so, for the reasons shown to people


# One character of a clause: anything but a clause end; a point inside a number ("99.5") does not end it.
_CLAUSE: Final = r"(?:[^.;:()\[\]\n]|\.(?=\d))"
# "<trigger> <components>": the components follow, up to the end of the clause.
_LEADING: Final = re.compile(
    r"\b(?:mixtures?|blends?|admixtures?|mix)\s+(?:of|containing|comprising|consisting\s+of)\s+"
    rf"(?P<parts>{_CLAUSE}+)",
    re.IGNORECASE,
)
# "<base> mixed with <additive>": the base is the phrase before (see _phrase_before).
_JOINED: Final = re.compile(rf"\b(?:mixed|blended|compounded)\s+with\s+(?P<parts>{_CLAUSE}+)", re.IGNORECASE)
# Chinese: "石墨、淀粉和聚醋酸乙烯酯的混合物", "石墨与粘结剂混合而成": the components come before.
_ZH: Final = re.compile(r"(?:的)?混合(?:物|料|粉|而成)?")
_PHRASE_ENDS: Final = frozenset(",;:()[]\n，。；：（）")

_SPLIT: Final = re.compile(r"\s*(?:,|，|、|/|&|\+|\band\b|\bplus\b|\bwith\b|和|与|及)\s*", re.IGNORECASE)
# Words that end a component phrase without naming a substance ("… starch and PVA powder for casting").
_TAIL: Final = re.compile(r"\s+(?:for|used|as|in|to|which|that|by|from|at|packed|用于)\b.*$", re.IGNORECASE)
_WORD: Final = re.compile(r"[^\W\d_]+")
_FILLER: Final = frozenset({"a", "an", "the", "of", "other", "various", "some", "dry", "fine", "powder", "powders"})
# Words that qualify a substance rather than name one: in "natural and artificial graphite" the first
# component is "natural (graphite)".
_MODIFIERS: Final = frozenset({
    "natural", "synthetic", "artificial", "spherical", "flake", "flaky", "expanded", "amorphous", "crystalline",
    "coarse", "high", "low", "purity", "grade", "battery", "nuclear", "isostatic", "recycled", "virgin", "raw",
    "calcined", "coated", "uncoated", "primary", "secondary",
})  # fmt: skip
# "do not mix with acids" is handling advice, not a statement of what the goods are.
_ADVICE: Final = re.compile(r"\b(?:not|never|avoid|don't|do\s+not)\b|不得|不要|避免|禁止", re.IGNORECASE)


def find_mixture(text: str) -> Mixture | None:
    """The first statement in ``text`` that the goods mix different substances, or None."""
    for m in _LEADING.finditer(text):
        parts = _components(m.group("parts"))
        if _different(parts):
            return Mixture(tuple(parts), m.group(0).strip())
    for m in _JOINED.finditer(text):
        base = _phrase_before(text, m.start())
        parts = _components(base)[-1:] + _components(m.group("parts"))
        if not _ADVICE.search(base) and _different(parts):
            return Mixture(tuple(parts), text[m.start() - len(base) : m.end()].strip())
    for m in _ZH.finditer(text):
        base = _phrase_before(text, m.start())
        parts = _components(base)
        if not _ADVICE.search(base) and _different(parts):
            return Mixture(tuple(parts), text[m.start() - len(base) : m.end()].strip())
    return None


def _phrase_before(text: str, end: int) -> str:
    """The text before ``end`` back to the last comma or clause end (a point inside a number is neither).
    Walked by hand: a regex anchored at ``end`` would be tried from every earlier position."""
    start = end
    while start > 0:
        ch = text[start - 1]
        if ch in _PHRASE_ENDS or (ch == "." and not text[start : start + 1].isdigit()):
            break
        start -= 1
    return text[start:end]


def _components(raw: str) -> list[str]:
    raw = _TAIL.sub("", raw)
    return [p.strip() for p in _SPLIT.split(raw) if p and p.strip()]


def _head(component: str) -> str:
    """The substance a component names: its last word that is not a number, a share or a filler."""
    words = [w.casefold() for w in _WORD.findall(component) if w.casefold() not in _FILLER]
    return words[-1] if words else ""


def _different(parts: list[str]) -> bool:
    heads: list[str] = []
    for part in reversed(parts):  # right to left: a bare modifier takes the substance of the component after it
        head = _head(part)
        if head in _MODIFIERS and heads:
            head = heads[-1]
        heads.append(head)
    return len(set(heads) - {""}) >= 2
