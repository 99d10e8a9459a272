"""Words that may name a listed element without being one of its names: typos, bare symbols, formula fragments.

The naming index (``service.naming``) is strict on purpose: it is the evidence the decisions quote, so "Bi" alone,
"GA" in capitals or "Bismurh" name nothing there. That strictness is right for evidence and wrong for the opposite
question, which a text the model is unsure about raises: does this text name *nothing* on the list, so that its
goods can be cleared? For that, a near-name is enough to keep the item for a person to look at. This module
answers it loosely (a false hint only keeps the review a text would have had anyway):

- a listed element's symbol as written ("Ga", "W", "Y"), alone or at the start of a formula-like token ("Y2O3"
  inside "3NY2O3");
- a two-letter symbol in any case, standing alone ("GA", "bi"), or at the start of a formula in any case
  ("tbf3"); "In" only as written, since "in" is a word;
- an English element or group name (naming.yaml ``groups.*.names_en``) misspelt by one letter, or by two in
  names of seven letters or more ("Galilum", "Bismurh", "luretium");
- "rare earth" / "稀土", which names the family but no element;
- a purity of 99.9 % or more, or a grade of 3N or more ("white oxide powder 99.99%"): high-purity material is
  what most of the list's thresholds are about, and which material it is is the fact a person must supply.

Chinese names need no such help: they are one or two characters, matched as substrings by the naming index.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from service.naming import Naming

_WORD = re.compile(r"[A-Za-z]{5,}")
_FAMILY = re.compile(r"rare[\s-]*earths?|稀土", re.IGNORECASE)
# 99.9 % and up ("99.95%", "99.999 %"), and the grades 3N to 9N ("4N5"); not "50N" (a force) nor "2N".
_HIGH_PURITY = re.compile(r"(?<![\d.])99\.9\d*\s*%|(?<![\d.])[3-9](?:\.\d)?[Nn](?:\d)?(?![A-Za-z])")
# Symbols that are also common short words in any case (the preposition "in") match only as written.
_CASE_ONLY = {"In"}


def edit_distance(a: str, b: str, cap: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``cap + 1`` as soon as it must exceed ``cap``."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > cap:
            return cap + 1
        previous = current
    return previous[-1]


class NearNames:
    """``find(text)``: the words of ``text`` that may name a listed element (see the module's docstring)."""

    def __init__(self, naming: Naming) -> None:
        symbols = sorted({g.naming_symbol for g in naming.groups.values() if g.naming_symbol})
        any_case = [s for s in symbols if len(s) == 2 and s not in _CASE_ONLY]
        written = "|".join(sorted(symbols, key=len, reverse=True))
        loose = "|".join(any_case)
        self._symbols = re.compile(
            rf"(?<![A-Za-z])(?:{written})(?![A-Za-z])"  # as written, alone ("WOODEN" holds no W)
            rf"|(?<![A-Za-z])(?i:{loose})(?![A-Za-z])"  # a two-letter symbol in any case, alone
            rf"|(?<![A-Za-z])(?i:{loose})(?=[A-Za-z]{{0,2}}\d)"  # ... or opening a formula in any case
            rf"|(?:{written})(?=\d)"  # inside a formula-like token
        )
        self._names = sorted(
            {t.casefold() for g in naming.groups.values() for t in g.names_en if t.isascii() and " " not in t}
        )

    def find(self, text: str) -> list[str]:
        found = [m.group(0) for m in self._symbols.finditer(text)]
        found += [m.group(0) for m in _FAMILY.finditer(text)]
        found += [m.group(0) for m in _HIGH_PURITY.finditer(text)]
        for m in _WORD.finditer(text):
            word = m.group(0).casefold()
            if any(edit_distance(word, name, _allowed(name)) <= _allowed(name) for name in self._names):
                found.append(m.group(0))
        return found


def _allowed(name: str) -> int:
    """Typos tolerated in ``name``: one, two in names of seven letters or more ("luretium" for lutetium)."""
    return 2 if len(name) >= 7 else 1
