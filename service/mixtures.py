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
_PHRASE: Final = r"(?:[^.;:,()\[\]\n]|\.(?=\d))"  # the same within a comma-separated phrase
# "<trigger> <components>": the components follow, up to the end of the clause.
_LEADING: Final = re.compile(
    r"\b(?:mixtures?|blends?|admixtures?|mix)\s+(?:of|containing|comprising|consisting\s+of)\s+"
    rf"(?P<parts>{_CLAUSE}+)",
    re.IGNORECASE,
)
# "<base> mixed with <additive>": the base is the words before, within the clause.
_JOINED: Final = re.compile(
    rf"(?P<base>{_PHRASE}+?)\s+(?:mixed|blended|compounded)\s+with\s+(?P<parts>{_CLAUSE}+)",
    re.IGNORECASE,
)
# Chinese: "石墨、淀粉和聚醋酸乙烯酯的混合物", "石墨与粘结剂混合而成".
_ZH: Final = re.compile(r"(?P<parts>[^，。；：,.;:()（）\n]+?)(?:的)?混合(?:物|料|粉|而成)?")

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
    for pattern in (_LEADING, _JOINED):
        for m in pattern.finditer(text):
            parts = _components(m.group("parts"))
            if pattern is _JOINED:
                if _ADVICE.search(m.group("base")):
                    continue
                parts = _components(m.group("base"))[-1:] + parts
            if _different(parts):
                return Mixture(tuple(parts), m.group(0).strip())
    for m in _ZH.finditer(text):
        if _ADVICE.search(m.group("parts")):
            continue
        parts = _components(m.group("parts"))
        if _different(parts):
            return Mixture(tuple(parts), m.group(0).strip())
    return None


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
