"""The regular expressions that find numbers, notations and labels, built from the tables in ``vocabulary``.

Patterns, compiled once: extraction runs on every request. The scan is anchored on numbers, which are few:
a forward pattern reads a number with its unit (or a notation starting with one: "5N", "-325 mesh",
"90W-7Ni-3Fe", "150 x 130 x 60 mm"); the label and comparator before it are read by an anchored match on the
reversed text, and a label after it by an anchored match after it, so no label pattern is ever tried at every
position of the text. Alloys written from their first symbol (W90Ni7Fe3) are found first, from capitals.
Everything runs on a lower-cased copy (no (?i), which would switch off the engine's quick rejection of
alternatives); element symbols and abbreviations such as "L" or "ID" are checked against the original case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from service.params.vocabulary import (
    _COMPARATORS,
    _DIMENSIONS,
    _ELEMENT_NAMES,
    _POST_KINDS,
    _POST_SKIP,
    _SYMBOLS,
    _TERMS,
)
from service.trie import trie_regex


def _build_trie(words: Iterable[str]) -> str:
    """A trie alternation of ``words`` in which a space matches any run of whitespace."""
    return trie_regex(words, lambda ch: r"\s+" if ch == " " else re.escape(ch))


def _fold(term: str) -> str:
    return " ".join(term.lower().split())


def _match_words(words: Iterable[str], reverse: bool = False) -> str:
    """Any of ``words`` (reversed, to be matched on reversed text), with word boundaries where a word begins
    or ends with a Latin letter: "pure" is not in "impure"; "纯度" or "≥" need none."""

    def latin(ch: str) -> bool:
        return ch.isascii() and ch.isalpha()

    groups: dict[tuple[bool, bool], list[str]] = {}
    for word in {_fold(w)[::-1] if reverse else _fold(w) for w in words}:
        groups.setdefault((latin(word[0]), latin(word[-1])), []).append(word)
    parts = [("(?<![a-z])" if first else "") + f"(?:{_build_trie(ws)})" + ("(?![a-z])" if last else "")
             for (first, last), ws in sorted(groups.items())]  # fmt: skip
    return "(?:" + "|".join(parts) + ")"


_KIND_OF_TERM: Final[dict[str, str]] = {_fold(t): kind for kind, terms in _TERMS.items() for t in terms}
_KIND_OF_TERM.update({name: "element" for name in _ELEMENT_NAMES})
# Abbreviations that are labels only as written: "L 300" is a length, "l 300" is not.
_CASED: Final[dict[str, str]] = {
    _fold(t): t for terms in _TERMS.values() for t in terms if t.isascii() and t != t.lower()
}
_LABEL_TERMS: Final = [t for k, ts in _TERMS.items() if k not in _COMPARATORS for t in ts] + list(_ELEMENT_NAMES)
_POST_TERMS: Final = [t for k in _POST_KINDS for t in _TERMS[k]] + list(_POST_SKIP) + list(_ELEMENT_NAMES)
_CMP_TERMS: Final = [t for k in _COMPARATORS for t in _TERMS[k]]
# The diameter signs, themselves a diameter's label ("Ø150"), and the size labels they may stand between a label
# and its number: "缸径Φ420mm" is a bore, "ID Ø65" an inner diameter, not two labels of which the sign wins.
_DIAMETER_SIGNS: Final = "øφ⌀"  # lower-cased: "Ø", "Φ"
_SIZE_TERMS: Final = [t for k in _DIMENSIONS for t in _TERMS[k] if t.lower() not in _DIAMETER_SIGNS]

_SYMBOL_ALT = "|".join(sorted(_SYMBOLS, key=len, reverse=True))
_SYM = _build_trie(s.lower() for s in _SYMBOLS)
_SYM_REV = _build_trie(s.lower()[::-1] for s in _SYMBOLS)
_NUMP = r"[0-9]+(?:\.[0-9]+)?"
_FORMULA = rf"(?<![a-z0-9])(?:{_SYM}(?:[0-9]{{1,2}}(?:\.[0-9]+)?)?){{1,6}}(?![a-z])"
_FORMULA_REV = rf"(?<![a-z])(?>(?:(?:(?:[0-9]+\.)?[0-9]{{1,2}})?{_SYM_REV}){{1,6}})(?![a-z0-9])"

_S = r"\s{0,3}"  # bounded whitespace: units sit next to their numbers, and it keeps matching linear
_NUM = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:[.,][0-9]+)?|\.[0-9]+)"
_UNIT = (  # grouped by first character; spellings are mapped to _UNITS keys by _parse_unit()
    r"(?:%|wt\.?\s?%|w(?:atts?|(?![a-z0-9-]))|pe(?:r\s?cent(?![a-z])|r\s?cm\^?2)|pct(?![a-z])|psi|ppm(?![a-z])"
    r"|g(?:\s?/\s?(?:cm\^?3|cc|ml)|\s?/?\s?cm\^?\s?[-−]\s?3|pa|hz)"
    r"|k(?:g\s?/\s?m\^?3|gf\s?/\s?mm\^?2|si|bar|hz|w(?![a-z])|ilowatts?)"
    r"|m(?:pa|hz|m(?![a-z])|icro(?:n|met(?:er|re))s?|(?![a-z0-9/]))"
    r"|n(?:\s?/\s?mm\^?2|m(?![a-z]))"
    r"|/\s?cm\^?2|c(?:m\s?\^?\s?[-−]\s?2|m(?![a-z0-9^]|\s?[-−]\s?[23](?![0-9])))"
    r"|[uµμ]m(?![a-z])|[µμ](?![^\W_])"  # "45µ": the micro sign alone (no letter or digit after: not µs, µΩ)
    r"|in(?:ch(?:es)?|\.|(?=\s*(?:$|[,;:)x×*/]|dia|wafer|window)))|\"|′′|''"
    r"|兆帕|兆赫|吉帕|千瓦|微米|纳米|毫米|厘米|英寸|米)"
)
_LEN = r"(?:mm|cm|m(?![a-z])|inch(?:es)?|in\.|\"|毫米)"
# Atomic groups (?>…) keep the engine from retrying every unit spelling after each failed continuation.
_QTY_PATTERN = (
    rf"(?P<q>(?P<a>{_NUM})(?>{_S}(?:-{_S})?(?P<ua>{_UNIT}))?"  # "99.8 %", "4-inch", "60 um" of "60 um - 100 um"
    rf"(?>{_S}(?:[-–—~〜]|to(?![a-z])|至){_S}(?P<b>{_NUM})(?>{_S}(?P<u>{_UNIT}))?"  # "3-5 µm", "85 to 94 %"
    rf"|{_S}(?:±|\+/-|\+-){_S}(?P<pm>{_NUM})(?>{_S}(?P<upm>{_UNIT}))?)?"  # "3.5 ± 0.5 µm"
    r"(?>(?P<plus>\+(?![0-9])(?:\s?(?P<up>%))?)|\s{0,3}(?:"  # "99.99%+", "99.9+%"
    r"(?P<qge>(?:min(?:imum)?\.?|or\s(?:more|above|higher|greater)|and\s(?:above|up|more))(?![a-z])|以上)"
    r"|(?P<qle>(?:max(?:imum)?\.?|or\s(?:less|below|lower|smaller|finer)|and\s(?:below|under|less|finer))(?![a-z])"
    r"|以下|以内)))?)"
)
# A label after the number, tried only when the one before gives none (or to see a "thick" after a size).
_AFTER: Final = re.compile(rf"\s{{0,3}}(?:of\s{{1,2}})?(?P<post>{_match_words(_POST_TERMS)}|{_FORMULA})")
# A purity grade on the lower-cased text: 5n, 4n5 (read as one only in capitals, or after a purity label).
_GRADE = r"[2-9]n[0-9]?(?![0-9a-z])"
_MESH = (
    r"(?P<mesh>(?<![0-9])(?P<sign>[-+−])?\s?(?P<ma>[0-9]{1,5})(?:\s{0,2}[-+/~–−]\s{0,2}(?P<mb>[0-9]{1,5}))?"
    r"\s{0,2}(?:mesh|目))|"
)
_NUMBER_PATTERN = (  # on the lower-cased text, matched where a number starts; {mesh} where "mesh" occurs
    rf"(?P<grade>(?<![0-9a-z.]){_GRADE})|{{mesh}}"  # 5N = 99.999 %, 4N5 = 99.995 %
    r"(?P<nines>(?<![0-9a-z.])[2-9]\s?(?:个\s?9|nines)(?![0-9a-z]))|"  # "6个9", "5 nines": 6N, 5N
    rf"(?P<dash>(?<![a-z0-9.])(?>{_NUMP}){_SYM}(?:[-–](?:{_NUMP})?{_SYM})+(?![a-z0-9]))"  # 90W-7Ni-3Fe
    rf"|(?P<dims>(?P<da>(?>{_NUMP}))(?>{_S}(?P<dua>{_LEN}))?{_S}[x×*]{_S}"  # 150 x 130 x 60 mm, Ø150 x L300
    rf"(?P<dl>l{_S}=?{_S})?(?P<db>{_NUMP})(?>{_S}(?P<dub>{_LEN}))?"
    rf"(?:{_S}[x×*]{_S}(?P<dc>{_NUMP})(?>{_S}(?P<duc>{_LEN}))?)?)"
    rf"|(?P<qty>{_QTY_PATTERN})"
)
_NUMBER: Final = re.compile(_NUMBER_PATTERN.replace("{mesh}", _MESH))
_NUMBER_NO_MESH: Final = re.compile(_NUMBER_PATTERN.replace("{mesh}", ""))  # most texts: one alternative less
_QTY: Final = re.compile(_QTY_PATTERN)  # to read a number where a notation turned out not to be one
# Before a number, read backwards: a comparator, then (brackets, "is", "of" between) a label, and for
# "tungsten content" the element before the label. Never across another number or a comma, except the comma
# of a spec sheet's "label, unit:" ("Purity, %: 99.995").
_BEFORE: Final = re.compile(  # on the reversed lower-cased text, anchored where the number starts
    rf"(?:[\s:=]{{0,3}}(?P<cmp>{_match_words(_CMP_TERMS, reverse=True)}))?"
    r"(?:(?:[\s:=]{0,3}(?:si|fo|saw|era|为|在)(?![a-z]))?(?:[\s:=]{0,3}%\s{0,2},\s{0,2}|[\s:=()\[\]%\-]{0,8})"
    rf"(?:[{_DIAMETER_SIGNS}][\s:=]{{0,3}}(?={_match_words(_SIZE_TERMS, reverse=True)}))?"
    rf"(?P<label>{_match_words(_LABEL_TERMS, reverse=True)}|{_FORMULA_REV})"
    rf"(?:\s{{0,2}}(?P<el>{_match_words(_ELEMENT_NAMES, reverse=True)}|{_FORMULA_REV}))?)?"
)
# Alloys written from their first element: W-7Ni-3Fe, W90Ni7Fe3, CuW70, Ag/W 25/75, W-Cu 80/20. The capital is
# consumed first (so the engine can skip to capitals); the lookbehind then checks the character before it.
_ALLOY: Final = re.compile(
    rf"[A-Z](?<![A-Za-z0-9.].)[a-z]?(?:"
    rf"(?P<slash>(?:\s?[-–/]\s?(?:{_SYMBOL_ALT}))+\s{{0,2}}[:(]?\s{{0,2}}(?P<shares>{_NUMP}(?:\s?/\s?{_NUMP})+)"
    r"(?:\s?%)?\)?)"
    rf"|(?P<formula>(?:{_NUMP})?(?:(?:{_SYMBOL_ALT})(?:{_NUMP})?)+)"
    rf"|(?P<dash>(?:[-–](?:{_NUMP})?(?:{_SYMBOL_ALT}))+))(?![A-Za-z0-9])"
)
_CASED_FORMULA: Final = re.compile(rf"(?:(?:{_SYMBOL_ALT})(?:[0-9]{{1,2}}(?:\.[0-9]+)?)?)+")  # "Sb2O3", not "in"
_COMPONENT: Final = re.compile(rf"(?P<n>{_NUMP})?(?P<el>{_SYMBOL_ALT})(?P<m>{_NUMP})?")
_DIGIT: Final = re.compile(r"[0-9]")
_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]+")
_DIGITS: Final = re.compile(r"[0-9]+")
# Where an alloy may start: a capital not inside a word, with a digit, dash or slash within its first symbols.
_ALLOY_START: Final = re.compile(r"[A-Z](?<![A-Za-z0-9.].)(?=[a-z]?[A-Z]?[a-z]?[-–/0-9])")
