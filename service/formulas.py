"""Chemical formulas in free text, read for the elements they name.

A formula names its elements whether or not the compound itself is on the control list: "MoO3 99.5%" names
molybdenum, "CdZnTe" tellurium, "Bi4Ge3O12" bismuth and germanium. The naming index knows the formulas of
the listed items; this reader knows chemistry, so a compound nobody wrote into ``naming.yaml`` still says
which element it is made of (``NamingIndex.groups_in_formulas``).

What counts as a formula: a word made only of element symbols, each with an optional count, at least two of
them ("MoO3", "GaAs", "WS2", "SmCo5"); a word without lower-case letters must hold a digit ("WO3", "Y2O3"),
because capitals alone spell words ("NOW" would read as N, O, W). One element with a count ("W2") and
bracketed groups ("Ga(NO3)3") are not read.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The periodic table, 118 symbols.
ELEMENT_SYMBOLS: tuple[str, ...] = tuple(
    """H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y
    Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os
    Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh
    Fl Mc Lv Ts Og""".split()  # noqa: SIM905 - the table reads as a table
)


def _symbol_pattern() -> str:
    """One branch per capital with a class of the second letters ("S[bcegimnr]?"): the engine tries branches
    one by one, and 26 are far cheaper than 118."""
    branches = []
    for first in sorted({s[0] for s in ELEMENT_SYMBOLS}):
        seconds = "".join(sorted(s[1] for s in ELEMENT_SYMBOLS if len(s) == 2 and s[0] == first))
        alone = first in ELEMENT_SYMBOLS
        branches.append(first + (f"[{seconds}]" + ("?" if alone else "") if seconds else ""))
    return "(?:" + "|".join(branches) + ")"


# A capital after a non-alphanumeric starts every candidate: most positions are rejected by that alone.
# The elements that make a compound of a metal rather than an alloy with it: "GaCl3", "WS2", "GeH4" are
# compounds, "Mo70Cu30" and "Bi58Sn42" alloys.
NONMETALS = frozenset(["H", "B", "C", "N", "O", "F", "Si", "P", "S", "Cl", "As", "Se", "Br", "Te", "I"])

_FORMULA = re.compile(rf"(?<![0-9A-Za-z])(?=[A-Z])(?:{_symbol_pattern()}\d*){{2,}}(?![0-9A-Za-z])")
_SYMBOLS = frozenset(ELEMENT_SYMBOLS)


def _parse(formula: str) -> list[str] | None:
    """The symbols of ``formula`` in order, or None; a two-letter symbol is preferred where both parses go on
    ("Sb2O3": Sb, O), a one-letter one taken where only it does ("BIn": B, In). Linear in the length, without
    recursion: a text may be thousands of characters of one "formula"."""
    n = len(formula)
    # step[i] = (symbol length, where the next symbol starts) for a parse of formula[i:], if there is one
    step: list[tuple[int, int] | None] = [None] * (n + 1)
    step[n] = (0, n)
    for i in range(n - 1, -1, -1):
        for size in (2, 1):
            piece = formula[i : i + size]
            if len(piece) == size and piece in _SYMBOLS:
                j = i + size
                while j < n and formula[j].isdigit():
                    j += 1
                if step[j] is not None:
                    step[i] = (size, j)
                    break
    symbols: list[str] = []
    i = 0
    while i < n:
        here = step[i]
        if here is None:
            return None
        symbols.append(formula[i : i + here[0]])
        i = here[1]
    return symbols


@lru_cache(maxsize=512)
def elements_in_formulas(text: str) -> dict[str, list[str]]:
    """``{symbol: [formula, ...]}`` for every element named by a formula in ``text`` (NFKC-normalised first by
    the caller: subscript digits become digits), formulas in order of appearance."""
    out: dict[str, dict[str, None]] = {}
    for m in _FORMULA.finditer(text):
        formula = m.group(0)
        if not any(c.islower() for c in formula) and not any(c.isdigit() for c in formula):
            continue
        for symbol in _parse(formula) or []:
            out.setdefault(symbol, {})[formula] = None
    return {symbol: list(formulas) for symbol, formulas in out.items()}


def symbols_of(formula: str) -> frozenset[str]:
    """The elements of one formula as ``elements_in_formulas`` reads it (empty when it reads none). Not through
    its cache, which is for request texts: this reads the naming file's formulas once, at start-up."""
    return frozenset(elements_in_formulas.__wrapped__(formula))
