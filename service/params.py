"""Read the numbers a threshold can ask about (purity, composition, sizes, strengths …) out of free text.

The rules layer compares what is read here with the thresholds in the control list, so every value is an
interval (``min 99.95 %`` is [99.95, 100], ``3-5 µm`` is [3, 5], ``-325 mesh`` is [0, 44]) and keeps the exact
span of the original text it came from, for the reasons shown to people.

How a number is read: its unit, the label right before it ("purity", "D50", "Ø", "钨", an element symbol) or
failing that right after it ("97% W", "300 mm long"), and a comparator ("≥", "at least", "不低于", "min" after
it) decide which parameter it states and as what interval; without a label, the unit decides (a bare 99.9 % is
a purity, a bare 45 µm a particle size). Notations that a number-by-number reading would get wrong — grades
(5N), alloy formulas (90W-7Ni-3Fe, W90Ni7Fe3, Ag/W 25/75), "a x b x c" sizes and mesh — are read whole.
Everything is driven by the vocabulary tables below; nothing here knows about particular controlled items.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final, NamedTuple

from service.controls.schema import Param

log = logging.getLogger(__name__)

__all__ = ["Block", "Params", "Value", "extract_params"]


class Value(NamedTuple):
    """A quantity as the interval it can lie in; bounds are closed unless marked open ("> 99.9" is open).
    (A named tuple rather than a dataclass: thousands are built per second and tuples build fastest.)"""

    lo: float
    hi: float
    source: str
    lo_open: bool = False
    hi_open: bool = False

    @property
    def width(self) -> float:
        return self.hi - self.lo


class Block(NamedTuple):
    """The edges of a block in mm, largest first."""

    edges: tuple[float, ...]
    source: str


@dataclass(slots=True)
class Params:
    """Everything read from one description. ``values`` is keyed by parameter name; ``composition_pct`` lives in
    ``composition`` (keyed by element symbol, or by formula such as "WC") and ``block_dims_mm`` in ``blocks``."""

    values: dict[Param, list[Value]] = field(default_factory=dict)
    composition: dict[str, list[Value]] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def get(self, param: Param) -> list[Value]:
        return self.values.get(param, [])


# --------------------------------------------------------------------------------------------------------------
# Vocabulary

_ELEMENT_NAMES: Final[dict[str, str]] = {
    "tungsten": "W", "wolfram": "W", "molybdenum": "Mo", "silver": "Ag", "copper": "Cu", "nickel": "Ni",
    "iron": "Fe", "cobalt": "Co", "antimony": "Sb", "bismuth": "Bi", "gallium": "Ga", "germanium": "Ge",
    "indium": "In", "tellurium": "Te", "scandium": "Sc", "yttrium": "Y", "dysprosium": "Dy", "terbium": "Tb",
    "gadolinium": "Gd", "samarium": "Sm", "lutetium": "Lu", "aluminium": "Al", "aluminum": "Al",
    "magnesium": "Mg", "neodymium": "Nd", "praseodymium": "Pr", "cerium": "Ce", "lanthanum": "La",
    "rhenium": "Re", "tantalum": "Ta", "niobium": "Nb", "chromium": "Cr", "titanium": "Ti", "zinc": "Zn",
    "carbon": "C",
    "钨": "W", "钼": "Mo", "银": "Ag", "铜": "Cu", "镍": "Ni", "铁": "Fe", "钴": "Co", "锑": "Sb", "铋": "Bi",
    "镓": "Ga", "锗": "Ge", "铟": "In", "碲": "Te", "钪": "Sc", "钇": "Y", "镝": "Dy", "铽": "Tb", "钆": "Gd",
    "钐": "Sm", "镥": "Lu", "铝": "Al", "镁": "Mg", "钕": "Nd", "铼": "Re", "钽": "Ta", "铌": "Nb", "碳": "C",
}  # fmt: skip

# Symbols that may appear in formulas and alloy notations. Exotic ones are left out on purpose: "At", "Ts" or
# "Po" would turn ordinary words and abbreviations into chemistry.
_SYMBOLS: Final[frozenset[str]] = frozenset((
    "H", "B", "C", "N", "O", "F", "P", "S", "K", "V", "Y", "W", "I", "U", "Li", "Be", "Na", "Mg", "Al", "Si", "Cl",
    "Ca", "Sc", "Ti", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Sr", "Zr", "Nb",
    "Mo", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "Ba", "La", "Ce", "Pr", "Nd", "Sm", "Eu", "Gd",
    "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi",
))  # fmt: skip

# Label kinds are parameter names where the label names one; the others are "content" ("tungsten content"),
# "element", "skip" (a quantity the service does not read, e.g. thickness or wavelength: the number after it is
# not to be guessed at) and the comparators ge/gt/le/lt/approx.
_TERMS: Final[dict[str, tuple[str, ...]]] = {
    "purity_pct": ("purity", "pure", "assay", "纯度"),
    "content": ("content", "含量"),
    "particle_size_um": (
        "average particle size", "mean particle size", "particle size", "grain size", "particle", "d10", "d50",
        "d90", "dv50", "fsss", "f.s.s.s.", "fisher size", "fisher", "aps", "平均粒度", "费氏粒度", "粒度", "粒径",
    ),
    "density_g_cm3": ("bulk density", "apparent density", "tap density", "density", "体积密度", "密度"),
    "flexural_strength_mpa": (
        "flexural strength", "bending strength", "transverse rupture strength", "trs", "抗折强度", "抗弯强度",
        "弯曲强度",
    ),
    "tensile_strength_mpa": ("ultimate tensile strength", "tensile strength", "uts", "Rm", "抗拉强度"),
    "elastic_limit_mpa": (
        "elastic limit", "yield strength", "yield stress", "yield point", "0.2% proof stress",
        "0.2% proof strength", "proof stress", "proof strength", "Rp0.2", "弹性极限", "屈服强度",
    ),
    "elongation_pct": ("elongation at break", "elongation", "伸长率", "延伸率"),
    "transmittance_pct": ("transmittance", "transmission", "transmissivity", "透过率", "透光率", "透射率"),
    "dislocation_density_cm2": ("dislocation density", "etch pit density", "epd", "位错密度"),
    "pressure_gpa": ("pressure", "压力"),
    "bore_mm": ("cylinder bore", "bore diameter", "cylinder diameter", "bore", "缸径"),
    "wall_thickness_mm": ("wall thickness", "wall", "壁厚"),
    "inner_diameter_mm": ("inner diameter", "inside diameter", "internal diameter", "ID", "I.D.", "内径"),
    "diameter_mm": (
        "outer diameter", "outside diameter", "diameter", "dia.", "dia", "OD", "O.D.", "Ø", "ø", "⌀", "φ", "Φ",
        "wafer", "window", "disc", "disk", "直径", "外径", "晶圆", "晶片",
    ),
    "length_mm": ("length", "long", "L", "长度"),
    "at": ("at",),  # before a wavelength ("70 % at 10.6 µm"), not a size
    "skip": (
        "modulus", "hardness", "thickness", "thick", "width", "height", "wavelength", "λ", "temperature",
        "weight", "厚度", "宽度", "高度", "波长", "温度", "重量",
    ),
    "ge": (
        "≥", ">=", "=>", "≧", "⩾", "not less than", "no less than", "at least", "minimum", "min", "min.",
        "不低于", "不小于", "大于等于", "大于或等于",
    ),
    "gt": (">", "more than", "greater than", "higher than", "over", "above", "exceeding", "大于", "高于", "超过"),
    "le": (
        "≤", "<=", "=<", "≦", "⩽", "not more than", "no more than", "not exceeding", "not greater than", "up to",
        "maximum", "max", "max.", "不高于", "不大于", "不超过", "小于等于", "小于或等于",
    ),
    "lt": ("<", "less than", "lower than", "below", "under", "smaller than", "finer than", "小于", "低于"),
    "approx": ("~", "≈", "approx", "approx.", "approximately", "about", "ca.", "约"),
}  # fmt: skip

_COMPARATORS: Final = frozenset({"ge", "gt", "le", "lt", "approx"})
_DIMENSIONS: Final[frozenset[str]] = frozenset(
    {"diameter_mm", "inner_diameter_mm", "wall_thickness_mm", "length_mm", "bore_mm"}
)
_STRENGTHS: Final[frozenset[str]] = frozenset({"flexural_strength_mpa", "elastic_limit_mpa", "tensile_strength_mpa"})
_PERCENTS: Final[frozenset[str]] = frozenset({"purity_pct", "composition_pct", "elongation_pct", "transmittance_pct"})
# Labels whose number may come without a unit: "Ø150", "FSSS 2.5", "EPD < 500", "purity 99.95".
_UNITLESS: Final[frozenset[str]] = (
    _DIMENSIONS | _STRENGTHS | {"particle_size_um", "density_g_cm3", "dislocation_density_cm2"}
)
# Words that may also follow their number ("99.99% pure", "300 mm long", "97% W", "500 µm thick"); "at" or
# "wavelength" may not: in "6 kW at 2.45 GHz" the "at" belongs to the frequency.
_POST_KINDS: Final[frozenset[str]] = frozenset({"purity_pct", "transmittance_pct", "elongation_pct"} | _DIMENSIONS)
_POST_SKIP: Final = ("thickness", "thick", "厚度", "厚")

# Unit spellings -> (kind, factor to the kind's base unit). Keys are lower-cased, spaces and "^" removed,
# µ/μ spelled "u". Base units: % ; g/cm³ ; MPa (stress) ; GPa ; kW ; MHz ; /cm² ; µm (fine) ; mm (length).
_UNITS: Final[dict[str, tuple[str, float]]] = {
    "%": ("pct", 1.0), "wt%": ("pct", 1.0), "wt.%": ("pct", 1.0), "percent": ("pct", 1.0), "pct": ("pct", 1.0),
    "g/cm3": ("density", 1.0), "g/cc": ("density", 1.0), "g/ml": ("density", 1.0), "gcm-3": ("density", 1.0),
    "g/cm-3": ("density", 1.0), "kg/m3": ("density", 0.001),
    "mpa": ("stress", 1.0), "n/mm2": ("stress", 1.0), "兆帕": ("stress", 1.0), "psi": ("stress", 0.00689476),
    "ksi": ("stress", 6.89476), "kgf/mm2": ("stress", 9.80665),
    "gpa": ("gpa", 1.0), "吉帕": ("gpa", 1.0), "kbar": ("pressure", 0.1),
    "kw": ("power", 1.0), "kilowatt": ("power", 1.0), "kilowatts": ("power", 1.0), "千瓦": ("power", 1.0),
    "w": ("power", 0.001), "watt": ("power", 0.001), "watts": ("power", 0.001),
    "mhz": ("freq", 1.0), "ghz": ("freq", 1000.0), "khz": ("freq", 0.001), "兆赫": ("freq", 1.0),
    "cm-2": ("per_area", 1.0), "cm−2": ("per_area", 1.0), "/cm2": ("per_area", 1.0), "percm2": ("per_area", 1.0),
    "um": ("fine", 1.0), "micron": ("fine", 1.0), "microns": ("fine", 1.0), "micrometer": ("fine", 1.0),
    "micrometers": ("fine", 1.0), "micrometre": ("fine", 1.0), "micrometres": ("fine", 1.0),
    "微米": ("fine", 1.0), "nm": ("fine", 0.001), "纳米": ("fine", 0.001),
    "mm": ("length", 1.0), "毫米": ("length", 1.0), "cm": ("length", 10.0), "厘米": ("length", 10.0),
    "m": ("length", 1000.0), "米": ("length", 1000.0), "in": ("inch", 25.4), "in.": ("inch", 25.4),
    "inch": ("inch", 25.4), "inches": ("inch", 25.4), "英寸": ("inch", 25.4), '"': ("inch", 25.4),
    "″": ("inch", 25.4), "′′": ("inch", 25.4), "''": ("inch", 25.4),
}  # fmt: skip

# US standard sieve: mesh number -> opening in µm.
_MESH_UM: Final[dict[int, float]] = {
    4: 4760.0, 5: 4000.0, 6: 3360.0, 7: 2830.0, 8: 2380.0, 10: 2000.0, 12: 1680.0, 14: 1410.0, 16: 1190.0,
    18: 1000.0, 20: 841.0, 25: 707.0, 30: 595.0, 35: 500.0, 40: 420.0, 45: 354.0, 50: 297.0, 60: 250.0,
    70: 210.0, 80: 177.0, 100: 149.0, 120: 125.0, 140: 105.0, 170: 88.0, 200: 74.0, 230: 63.0, 270: 53.0,
    325: 44.0, 400: 37.0, 450: 32.0, 500: 25.0, 625: 20.0, 635: 20.0, 800: 18.0, 1000: 13.0, 1250: 10.0,
    2000: 6.5, 3000: 5.0, 5000: 2.6, 8000: 1.6,
}  # fmt: skip


# --------------------------------------------------------------------------------------------------------------
# Patterns, compiled once: extraction runs on every request. The scan is anchored on numbers, which are few:
# a forward pattern reads a number with its unit (or a notation starting with one: "5N", "-325 mesh",
# "90W-7Ni-3Fe", "150 x 130 x 60 mm"); the label and comparator before it are read by an anchored match on the
# reversed text, and a label after it by an anchored match after it, so no label pattern is ever tried at every
# position of the text. Alloys written from their first symbol (W90Ni7Fe3) are found first, from capitals.
# Everything runs on a lower-cased copy (no (?i), which would switch off the engine's quick rejection of
# alternatives); element symbols and abbreviations such as "L" or "ID" are checked against the original case.


def _build_trie(words: Iterable[str]) -> str:
    """An alternation that tries the longest word first, shaped as a trie so the engine rejects a word after
    a character or two instead of testing every word."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


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

_SYMBOL_ALT = "|".join(sorted(_SYMBOLS, key=len, reverse=True))
_SYM = _build_trie(s.lower() for s in _SYMBOLS)
_SYM_REV = _build_trie(s.lower()[::-1] for s in _SYMBOLS)
_NUMP = r"[0-9]+(?:\.[0-9]+)?"
_FORMULA = rf"(?<![a-z0-9])(?:{_SYM}(?:[0-9]{{1,2}}(?:\.[0-9]+)?)?){{1,6}}(?![a-z])"
_FORMULA_REV = rf"(?<![a-z])(?>(?:(?:(?:[0-9]+\.)?[0-9]{{1,2}})?{_SYM_REV}){{1,6}})(?![a-z0-9])"

_S = r"\s{0,3}"  # bounded whitespace: units sit next to their numbers, and it keeps matching linear
_NUM = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:[.,][0-9]+)?|\.[0-9]+)"
_UNIT = (  # grouped by first character; spellings are mapped to _UNITS keys by _parse_unit()
    r"(?:%|wt\.?\s?%|w(?:atts?|(?![a-z0-9-]))|pe(?:rcent(?![a-z])|r\s?cm\^?2)|pct(?![a-z])|psi"
    r"|g(?:\s?/\s?(?:cm\^?3|cc|ml)|\s?/?\s?cm\^?\s?[-−]\s?3|pa|hz)"
    r"|k(?:g\s?/\s?m\^?3|gf\s?/\s?mm\^?2|si|bar|hz|w(?![a-z])|ilowatts?)"
    r"|m(?:pa|hz|m(?![a-z])|icro(?:n|met(?:er|re))s?|(?![a-z0-9/]))"
    r"|n(?:\s?/\s?mm\^?2|m(?![a-z]))"
    r"|/\s?cm\^?2|c(?:m\s?\^?\s?[-−]\s?2|m(?![a-z0-9^]|\s?[-−]\s?[23](?![0-9])))"
    r"|[uµμ]m(?![a-z])"
    r"|in(?:ch(?:es)?|\.|(?=\s*(?:$|[,;:)x×*/]|dia|wafer|window)))|\"|′′|''"
    r"|兆帕|兆赫|吉帕|千瓦|微米|纳米|毫米|厘米|英寸|米)"
)
_LEN = r"(?:mm|cm|m(?![a-z])|inch(?:es)?|in\.|\"|毫米)"
# Atomic groups (?>…) keep the engine from retrying every unit spelling after each failed continuation.
_QTY_PATTERN = (
    rf"(?P<q>(?P<a>{_NUM})(?>{_S}(?:-{_S})?(?P<ua>{_UNIT}))?"  # "99.8 %", "4-inch", "60 um" of "60 um - 100 um"
    rf"(?>{_S}(?:[-–—~〜]|to(?![a-z])|至){_S}(?P<b>{_NUM})(?>{_S}(?P<u>{_UNIT}))?"  # "3-5 µm", "85 to 94 %"
    rf"|{_S}(?:±|\+/-|\+-){_S}(?P<pm>{_NUM})(?>{_S}(?P<upm>{_UNIT}))?)?"  # "3.5 ± 0.5 µm"
    r"(?>(?P<plus>\+(?![0-9]))|\s{0,3}(?:"
    r"(?P<qge>(?:min(?:imum)?\.?|or\s(?:more|above|higher|greater)|and\s(?:above|up|more))(?![a-z])|以上)"
    r"|(?P<qle>(?:max(?:imum)?\.?|or\s(?:less|below|lower|smaller|finer)|and\s(?:below|under|less|finer))(?![a-z])"
    r"|以下|以内)))?)"
)
# A label after the number, tried only when the one before gives none (or to see a "thick" after a size).
_AFTER: Final = re.compile(rf"\s{{0,3}}(?:of\s{{1,2}})?(?P<post>{_match_words(_POST_TERMS)}|{_FORMULA})")
_MESH = (
    r"(?P<mesh>(?<![0-9])(?P<sign>[-+−])?\s?(?P<ma>[0-9]{1,5})(?:\s{0,2}[-+/~–−]\s{0,2}(?P<mb>[0-9]{1,5}))?"
    r"\s{0,2}(?:mesh|目))|"
)
_NUMBER_PATTERN = (  # on the lower-cased text, matched where a number starts; {mesh} where "mesh" occurs
    r"(?P<grade>(?<![0-9a-z.])[2-9]n[0-9]?(?![0-9a-z]))|{mesh}"  # 5N = 99.999 %, 4N5 = 99.995 %
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
# "tungsten content" the element before the label. Never across another number or a comma.
_BEFORE: Final = re.compile(  # on the reversed lower-cased text, anchored where the number starts
    rf"(?:[\s:=]{{0,3}}(?P<cmp>{_match_words(_CMP_TERMS, reverse=True)}))?"
    r"(?:(?:[\s:=]{0,3}(?:si|fo|saw|era|为|在)(?![a-z]))?[\s:=()\[\]%\-]{0,8}"
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


# --------------------------------------------------------------------------------------------------------------
# Reading


class _Unit(NamedTuple):
    kind: str
    factor: float


class _Label(NamedTuple):
    kind: str
    key: str  # element symbol or formula for kind "element"


class _Target(NamedTuple):
    param: Param
    factor: float
    element: str | None = None  # for composition_pct


def extract_params(text: str) -> Params:
    """Every parameter value stated in ``text``. Never raises: unreadable input gives empty ``Params``."""
    try:
        return _Reading(text).run()
    except Exception:  # the service must answer even on input nobody foresaw; the log says what broke
        log.exception("parameter extraction failed on %r", text[:200] if isinstance(text, str) else type(text))
        return Params()


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """NFKC (full-width digits, "％", "µ" -> "μ", "³" -> "3"), with a map from normalised to original offsets so
    sources quote the original. The map is None when offsets are unchanged (the usual, fast case). Otherwise
    ("㎛" -> "μm", "ﬁ" -> "fi") runs of non-ASCII characters are normalised, each as a whole where that keeps
    its length, else character by character."""
    if text.isascii():
        return text, None
    normalised = unicodedata.normalize("NFKC", text)
    if len(normalised) == len(text):  # one character for one ("％" -> "%", "³" -> "3"): offsets unchanged
        return normalised, None
    parts: list[str] = []
    index: list[int] = []
    last = 0
    for run in _NON_ASCII.finditer(text):
        start, end = run.span()
        parts.append(text[last:start])
        index.extend(range(last, start))
        normalised = unicodedata.normalize("NFKC", run.group())
        if len(normalised) == end - start:
            parts.append(normalised)
            index.extend(range(start, end))
        else:
            for i in range(start, end):
                ch = unicodedata.normalize("NFKC", text[i])
                parts.append(ch)
                index.extend([i] * len(ch))
        last = end
    parts.append(text[last:])
    index.extend(range(last, len(text)))
    return "".join(parts), index


def _lower(text: str) -> str:
    """Lower case with offsets kept: the few characters whose lower case is longer (İ) stay as they are."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _parse_number(raw: str, decimal_comma: bool) -> float | None:
    """Parse "99,999" as 99.999 for percentages (a share cannot be 99999) and as 99999 otherwise;
    "1,5" is always 1.5. Non-finite results (absurdly long digit runs) count as unreadable."""
    s = raw
    if "," in s:
        if "." in s:
            s = s.replace(",", "")
        else:
            head, _, tail = s.rpartition(",")
            thousands = s.count(",") > 1 or (len(tail) == 3 and not decimal_comma and head != "0")
            s = s.replace(",", "") if thousands else s.replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _tidy(x: float) -> float:
    """Drop binary noise from unit conversion (0.045 mm -> 45.00000000000001 µm) so equal statements compare
    equal; 12 significant digits keep every purity grade (99.9999999) intact."""
    return x if math.isinf(x) else float(f"{x:.12g}")


@functools.lru_cache(maxsize=512)
def _parse_unit(raw: str | None) -> _Unit | None:
    if not raw:
        return None
    key = "".join(raw.split()).replace("μ", "u").replace("µ", "u").replace("^", "").replace("−", "-")
    if key.startswith("per"):
        key = "percm2"
    found = _UNITS.get(key)
    return _Unit(*found) if found else None


class _Reading:
    """One pass over one description, and the values found."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm, self.index = _normalise(text)
        self.low = _lower(self.norm)
        self.rev = self.low[::-1]
        self.claims: list[tuple[int, int]] = []
        self.found: list[tuple[int, Param, Value]] = []
        self.comp: list[tuple[int, str, Value]] = []
        self.blocks: list[tuple[int, Block]] = []
        self.barrier = 0  # where the previous reading ended: a label must end, a comparator start, after it
        self.used: set[int] = set()  # labels taken from after a number, which the next number may not take

    def run(self) -> Params:
        if not _DIGIT.search(self.norm):
            return Params()
        for hint in _ALLOY_START.finditer(self.norm):
            if (m := _ALLOY.match(self.norm, hint.start())) is not None:
                self.read_alloy(m)
        low, pos = self.low, 0
        number = _NUMBER if "mesh" in low or "目" in low else _NUMBER_NO_MESH
        # Numbers are found by their digits (a fast scan); the reading pattern is then tried where each
        # starts, including a sign or point just before it ("-325 mesh", ".9999").
        for d in _DIGITS.finditer(low):
            start = d.start()
            if start < pos:
                continue
            m = None
            back = start - 1 if start and low[start - 1] in "-+−." else start
            if back > pos and low[back - 1 : back] == " " and low[back - 2 : back - 1] in ("-", "+", "−"):
                back -= 2  # "- 325 mesh"
            if back < start and back >= pos:
                m = number.match(low, back)
            if m is None:
                m = number.match(low, start)
            if m is None:
                continue
            kind, pos = m.lastgroup, m.end()
            if self.claims and any(s < pos and m.start() < e for s, e in self.claims):
                continue  # inside a formula read already (an alloy's shares, a compound's subscripts)
            if kind == "qty":
                self.read_quantity(m)
            elif self.read_notation(m, kind):
                self.barrier = pos
            elif (q := _QTY.match(low, start)) is not None:
                # Not a notation after all ("2 x 4-inch" is no block, 123 no sieve): read the number alone.
                self.read_quantity(q)
                pos = q.end("q")
        return self.collect()

    def collect(self) -> Params:
        out = Params()
        for _, param, value in sorted(self.found, key=lambda f: f[0]):
            out.values.setdefault(param, []).append(value)
        for _, element, value in sorted(self.comp, key=lambda c: c[0]):
            out.composition.setdefault(element, []).append(value)
        out.blocks = [b for _, b in sorted(self.blocks, key=lambda b: b[0])]
        # A percentage tied to the one material named ("Sb 99.60% min", "Sb2O3 99.8%") is its purity too.
        if len(out.composition) == 1 and "purity_pct" not in out.values:
            (values,) = out.composition.values()
            if high := [v for v in values if v.lo >= 90]:
                out.values["purity_pct"] = high
        return out

    def quote(self, start: int, end: int) -> str:
        if self.index is None:
            return self.text[start:end].strip()
        return self.text[self.index[start] : self.index[end - 1] + 1].strip()

    def add(self, param: Param, start: int, end: int, lo: float, hi: float, lo_open: bool = False,
            hi_open: bool = False, element: str | None = None) -> None:  # fmt: skip
        if not (0 <= lo <= hi) or math.isinf(lo):
            return
        if param in _PERCENTS:
            if lo > 100:
                return
            if hi >= 100:  # a share is at most 100 %: "min 99.95" is [99.95, 100]
                hi, hi_open = 100.0, False
        value = Value(lo, hi, self.quote(start, end), lo_open, hi_open)
        if param == "composition_pct":
            self.comp.append((start, element or "?", value))
        else:
            self.found.append((start, param, value))

    def identify(self, start: int, end: int) -> _Label | None:
        """What a label found lower-case is, checking the case where it matters (symbols, "L", "ID")."""
        written = self.norm[start:end]
        folded = _fold(written)
        kind = _KIND_OF_TERM.get(folded)
        if kind is not None:
            if folded in _CASED and written != _CASED[folded]:
                return None
            return _Label(kind, _ELEMENT_NAMES.get(folded, written))
        return _Label("element", written) if _CASED_FORMULA.fullmatch(written) else None

    def look_before(self, start: int) -> tuple[str | None, int, _Label | None, int, str | None]:
        """The comparator kind, where the reading starts (at the comparator, else the number), the label and
        where it starts, and (for "tungsten content") the element, before the number at ``start``."""
        low, k = self.low, start - 1
        while k >= 0 and low[k] == " ":
            k -= 1
        if k < 0 or low[k] in ",;":
            return None, start, None, start, None  # nothing before it but a list separator
        n = len(low)
        b = _BEFORE.match(self.rev, n - start)
        if b is None:
            return None, start, None, start, None
        cmp_kind, src_start = None, start
        if b["cmp"] and n - b.end("cmp") >= self.barrier:
            cmp_kind, src_start = _KIND_OF_TERM.get(_fold(b["cmp"][::-1])), n - b.end("cmp")
        label_start = n - b.end("label") if b["label"] else -1
        # No label that ends inside the previous reading ("0.2% proof stress" ends after "0.2%": it may
        # count), nor one the previous number took as its trailing label ("90% W 7% Ni": W is taken).
        if label_start < 0 or n - b.start("label") < self.barrier or label_start in self.used:
            return cmp_kind, src_start, None, start, None
        label = self.identify(label_start, n - b.start("label"))
        element = None
        if label is not None and label.kind in ("content", "purity_pct") and b["el"]:
            el = self.identify(n - b.end("el"), n - b.start("el"))
            element = el.key if el is not None and el.kind == "element" else None
        if label is not None and label.kind == "content" and element is None:
            label = None  # "oxygen content ≤ 0.1 %" is an impurity: read it as if unlabelled
        return cmp_kind, src_start, label, label_start, element

    # -- notations

    def read_alloy(self, m: re.Match[str]) -> None:
        """W-7Ni-3Fe (one part may be left for the remainder), W90Ni7Fe3, CuW70 (70 % W), Ag/W 25/75."""
        written = m.group()
        if m["slash"]:
            names = re.split(r"\s?[-–/]\s?", written[: m.start("shares") - m.start()].strip(" :("))
            shares = [float(n) for n in m["shares"].split("/")]
            if len(names) == len(shares):
                self.add_alloy(m.start(), m.end(), list(zip(names, shares, strict=True)))
            return
        components = list(_COMPONENT.finditer(written))
        if not _DIGIT.search(written) or "".join(c.group() for c in components) != re.sub("[-–]", "", written):
            return  # GaAs or Nd-Fe-B name no shares; "Plate2" is no formula (symbols are checked as written)
        parts = [(c["el"], float(c["n"] or c["m"]) if c["n"] or c["m"] else None) for c in components]
        # CuW70 is 70 % W and the rest Cu; SmCo5 and GeO2 are compounds
        cu_w70 = len(parts) == 2 and parts[0][1] is None and 10 <= (parts[1][1] or 0) < 100
        if (cu_w70 or not m["formula"] or len(parts) != 2 or parts[0][1] is not None) and self.add_alloy(
            m.start(), m.end(), parts
        ):
            return
        if m["formula"]:
            self.claims.append(m.span())  # a compound: its digits are subscripts, not quantities

    def add_alloy(self, start: int, end: int, parts: list[tuple[str, float | None]]) -> bool:
        """Record a composition given part by part, if it is one: distinct elements, at most one share left
        for the remainder, shares adding to 100 (Sb2O3 and Sm2Co17 do not)."""
        if len(parts) < 2 or len({el for el, _ in parts}) != len(parts) or \
                not all(el in _SYMBOLS for el, _ in parts):  # fmt: skip
            return False
        missing = sum(1 for _, n in parts if n is None)
        total = sum(n for _, n in parts if n is not None)
        if missing > 1 or missing == len(parts) or not (0 < total < 100 if missing else 99 <= total <= 101):
            return False
        for element, share in parts:
            value = 100.0 - total if share is None else share
            self.add("composition_pct", start, end, value, value, element=element)
        self.claims.append((start, end))
        return True

    def read_notation(self, m: re.Match[str], kind: str | None) -> bool:
        start, end = m.span()
        if kind == "grade":
            written = self.norm[start:end]
            if written[1] != "N":
                return False
            lo = float("99." + "9" * (int(written[0]) - 2) + written[2:])
            self.add("purity_pct", start, end, lo, 100.0)  # a grade is a minimum
            return True
        if kind == "mesh":
            return self.read_mesh(m)
        if kind == "dims":
            return self.read_dims(m)
        parts = [(c["el"], float(c["n"] or c["m"]) if c["n"] or c["m"] else None)
                 for c in _COMPONENT.finditer(self.norm[start:end])]  # fmt: skip
        return self.add_alloy(start, end, parts)  # 90W-7Ni-3Fe

    def read_mesh(self, m: re.Match[str]) -> bool:
        """Mesh -> sieve opening: "-325 mesh" passed the sieve (≤ 44 µm), "+80 mesh" stayed on it (≥ 177 µm)."""
        a = _MESH_UM.get(int(m["ma"]))  # int() is safe: at most five digits
        b = _MESH_UM.get(int(m["mb"])) if m["mb"] else None
        if a is None or (m["mb"] and b is None):
            return False
        if b is not None:
            lo, hi = min(a, b), max(a, b)
        elif m["sign"] in ("-", "−"):
            lo, hi = 0.0, a
        elif m["sign"] == "+":
            lo, hi = a, math.inf
        else:
            lo = hi = a
        self.add("particle_size_um", m.start(), m.end(), lo, hi)
        return True

    def read_dims(self, m: re.Match[str]) -> bool:
        """Read "150 x 130 x 60 mm" as a block and "Ø150 x 300 mm" as a cylinder's diameter and length."""
        _, _, label, label_start, _ = self.look_before(m.start())
        round_ = label is not None and label.kind == "diameter_mm"
        start = m.start()
        units = (m["dua"], m["dub"], m["duc"])
        last_unit = _parse_unit(next((u for u in reversed(units) if u), "mm"))
        sizes = []
        for raw, unit in zip((m["da"], m["db"], m["dc"]), units, strict=True):
            if raw is not None:
                info = _parse_unit(unit) or last_unit
                sizes.append(_tidy(float(raw) * (info.factor if info else 1.0)))
        end = m.end()
        if round_ and len(sizes) == 2:
            start = label_start
            self.add("diameter_mm", start, end, sizes[0], sizes[0])
            self.add("length_mm", start, end, sizes[1], sizes[1])
        elif not round_ and len(sizes) == 3 and not m["dl"]:
            self.blocks.append((start, Block(tuple(sorted(sizes, reverse=True)), self.quote(start, end))))
        else:
            return False
        return True

    # -- single numbers

    def read_quantity(self, m: re.Match[str]) -> None:
        """Record one number with its unit, named by the label before it or else the one after it."""
        low, (start, end) = self.low, m.span("q")
        a, u, ua, upm = m.group("a", "u", "ua", "upm")
        u = u or upm or ua  # a range or tolerance gives its unit after the second number
        unit = _parse_unit(u)
        cmp_kind, src_start, pre, _, element = self.look_before(start)
        # A number that states nothing ("3" in "Sb2O3 min 99.95 %") keeps no "min" after it from the next.
        self.barrier = m.end("a")
        if u and unit is None:
            return
        after = _AFTER.match(low, end) if unit is not None and unit.kind != "pct" else None
        post = self.identify(after.start("post"), after.end("post")) if after else None
        if (post is not None and post.kind == "skip") or (pre is not None and pre.kind == "skip"):
            return  # "500 µm thick", "thickness 0.5 mm"
        if pre is not None and pre.kind == "at":  # "at 10.6 µm" is a wavelength; "at 2.45 GHz" a frequency
            if unit is not None and unit.kind in ("fine", "length"):
                return
            pre = None
        if unit is None and a.startswith(".99"):  # ".9999" is a purity written as a fraction
            unit, pre = _Unit("pct", 100.0), None
        percent_like = (unit is not None and unit.kind == "pct") or (pre is not None and pre.kind.endswith("_pct"))
        bounds = _read_bounds(m, cmp_kind, percent_like)
        if bounds is None:
            return
        lo, hi, lo_open, hi_open = bounds
        target = None
        if element is not None:
            target = _Target("composition_pct", 1.0, element) if unit is None or unit.kind == "pct" else None
        elif pre is not None:
            target = _pick_target(unit, pre)
        if target is None and unit is not None:  # "99.99% pure", "97% W"; not the 3 of "Sb2O3 pure"
            if after is None and (after := _AFTER.match(low, end)) is not None:
                post = self.identify(after.start("post"), after.end("post"))
            target = _pick_target(unit, post) if post is not None else None
            if target is not None and after is not None:
                self.used.add(after.start("post"))
        if target is None:  # no label, or one that does not fit the unit ("wafer 99.999 %")
            target = _pick_target_by_unit(unit, lo, hi)
        if target is None:
            return
        f = target.factor
        if f != 1:
            lo, hi = _tidy(lo * f), _tidy(hi * f)
        self.add(target.param, src_start, end, lo, hi, lo_open, hi_open, target.element)
        self.barrier = end


def _read_bounds(m: re.Match[str], cmp_kind: str | None, percent_like: bool) -> tuple[float, float, bool, bool] | None:
    """The interval a number with its comparator, range or tolerance stands for, before unit conversion.
    Upper bounds start at 0: every quantity read here is non-negative."""
    raw_a, raw_b, raw_pm, qge, qle, plus = m.group("a", "b", "pm", "qge", "qle", "plus")
    a = _parse_number(raw_a, percent_like)
    if a is None:
        return None
    if raw_b:
        b = _parse_number(raw_b, percent_like)
        return None if b is None else (min(a, b), max(a, b), False, False)
    if raw_pm:
        tol = _parse_number(raw_pm, percent_like)
        return None if tol is None else (max(a - tol, 0.0), a + tol, False, False)
    kind = cmp_kind or ("ge" if qge or plus else "le" if qle else None)
    if kind in ("ge", "gt"):
        return a, math.inf, kind == "gt", False
    if kind in ("le", "lt"):
        return 0.0, a, False, kind == "lt"
    return a, a, False, False


def _pick_target(unit: _Unit | None, label: _Label) -> _Target | None:
    """Which parameter a number in ``unit`` next to ``label`` states, and the factor to its unit; None when
    the label does not fit the unit."""
    kind, u = label.kind, unit.kind if unit else None
    factor = unit.factor if unit else 1.0
    param: Param
    if u == "pct" or u is None:
        if kind in ("purity_pct", "content"):
            return _Target("purity_pct", factor)
        if kind == "element":
            return _Target("composition_pct", factor, label.key) if u == "pct" else None
        if kind in _PERCENTS or (u is None and kind in _UNITLESS):
            param = kind  # type: ignore[assignment]  # kinds named after a parameter are that parameter
            return _Target(param, factor)
        return None
    if kind in _DIMENSIONS and u in ("fine", "length", "inch"):
        param = kind  # type: ignore[assignment]
        return _Target(param, factor / 1000 if u == "fine" else factor)
    if kind in _STRENGTHS and u in ("stress", "gpa"):
        param = kind  # type: ignore[assignment]
        return _Target(param, factor * 1000 if u == "gpa" else factor)
    if u in ("length", "inch"):
        return _Target("particle_size_um", factor * 1000) if kind == "particle_size_um" else None
    if u == "stress" or (u == "gpa" and kind != "pressure_gpa") or kind == "element":
        return None  # MPa is never read as a pressure: it would be confused with a strength
    return _pick_target_by_unit(unit, 0.0, 0.0)


_PARAM_OF_UNIT: Final[dict[str, Param]] = {
    "fine": "particle_size_um", "inch": "diameter_mm", "density": "density_g_cm3", "gpa": "pressure_gpa",
    "pressure": "pressure_gpa", "power": "power_kw", "freq": "frequency_mhz", "per_area": "dislocation_density_cm2",
}  # fmt: skip


def _pick_target_by_unit(unit: _Unit | None, lo: float, hi: float) -> _Target | None:
    """The parameter a number states by its unit alone, when no label says otherwise. Inches size wafers and
    windows, by their diameter."""
    if unit is None:
        return None
    u, factor = unit
    if u == "pct":
        return _Target("purity_pct", factor) if lo * factor >= 90 else None  # a bare 99.9 % describes the material
    if u == "length":
        # Sub-millimetre lengths in a goods description are grain sizes; larger ones need a label.
        return _Target("particle_size_um", factor * 1000) if hi * factor < 1 else None
    param = _PARAM_OF_UNIT.get(u)
    return _Target(param, factor) if param else None
