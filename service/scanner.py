"""The naming scan: every name of the naming knowledge found in a text, in one pass of four patterns.

``TermScanner`` is built by ``service.naming.NamingIndex`` from its terms and asked by it per text; ``normalize`` and
``term_key`` are how texts and terms are written before any naming pattern reads them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cached_property, lru_cache

from service.colours import colour_use, may_colour
from service.compound_names import CompoundContext
from service.negation import denial, may_deny
from service.trie import CJK, NOT_BEFORE, overlapping, words_regex

# Separators that ``normalize`` turns into spaces, besides whitespace.
_DASHES = ("-", "_", "\u2010", "\u2011", "\u2013")
# What makes a bare element symbol the element: a grade or a purity ("Ge 5N", "Sb 99.65%") or a form word ("W bar")
# after it, with at most spaces and a colon between. A target is often named by its kind ("Cu sputtering target",
# "Mo rotary target"; naming.yaml forms.target): without the kind, any such line was read as a rare-earth target.
SYMBOL_FORM = (
    r"(?i:(?:(?:magnetron\s+)?sputter(?:ing)?|planar|rotary|rotatable|pvd|evaporation)\s+targets?|"
    r"metal|ingots?|powders?|lumps?|granules?|pellets?|shots?|bars?|rods?|targets?|chunks?|pieces?|chips?|"
    r"plates?|sheets?|foils?|wires?|blocks?|dis[ck]s?|crystals?|needles?|beads?|flakes?|sponge|tubes?|strips?)"
    r"(?![0-9A-Za-z])|金属|锭|粉|块|粒|靶|片|丝|棒|条|板|箔|管"
)
_SYMBOL_GRADE = r"\d(?:\.\d)?\s?N\d?(?![0-9A-Za-z])|\d{2}(?:[.,]\d+)?\s*%"
SYMBOL_TAIL = rf"(?=[ :：]*(?:{_SYMBOL_GRADE}|{SYMBOL_FORM}))"
SYMBOL_FORM_TAIL = rf"(?=[ :：]*(?:{SYMBOL_FORM}))"


def symbol_regex(symbols: Iterable[str], tail: str, not_after: str = "") -> re.Pattern[str]:
    """Bare element ``symbols`` (or other tokens: the speller's formulas) followed by ``tail`` (a lookahead), the
    token captured as group 1; ``not_after``: lookbehinds besides ``NOT_BEFORE``. It opens with the tokens' first
    letters, so the regex engine skips to them (``trie.overlapping``): every text pays for this search."""
    ordered = sorted(map(re.escape, symbols), key=len, reverse=True)
    first = "[" + "".join(sorted({s[0] for s in ordered})) + "]"
    return overlapping(first, NOT_BEFORE + not_after + "(?:" + "|".join(ordered) + ")" + tail)


def normalize(text: str) -> str:
    """NFKC (full-width and sub/superscript characters to ASCII); runs of spaces, hyphens and underscores
    become one space, so 'gallium-oxide' and 'gallium  oxide' read as 'gallium oxide'.

    Written with string methods: ``re.sub(r"[\\s\\-_\\u2010\\u2011\\u2013]+", " ", ...)`` gives the same (``str.split``
    splits on exactly the characters ``\\s`` matches); the substitution took two thirds of this function's time,
    which every labelled description pays (a one-off timeit)."""
    text = unicodedata.normalize("NFKC", text)
    for dash in _DASHES:
        if dash in text:
            text = text.replace(dash, " ")
    words = text.split()
    if not words:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + " ".join(words) + (" " if text[-1].isspace() else "")


def _is_case_sensitive(term: str) -> bool:
    return not CJK.search(term) and len(term) <= 4 and any(c.isupper() for c in term)


# (kind 'entry'|'group'|'compound'|'colour'|'article'|'denied', id, canonical term, or the compound's, colour's,
# article's or denial's text)
Owner = tuple[str, str, str]
_LISTED = frozenset({"entry", "group"})  # the kinds of hit that are listed names, which a denial may be of


class TermScanner:
    """All terms of all entries and groups in three precompiled trie regexes (Latin case-insensitive,
    Latin case-sensitive, CJK) plus one for element symbols followed by a grade or form word. A scan
    finds the longest term starting at every position, then drops hits nested inside a longer hit
    ('gallium' inside 'gallium arsenide'). A bare element name (``element_names``) inside a compound's name
    (``compounds``: "bismuth oxide", "氧化铋") names the element's group and the compound, not an entry."""

    def __init__(
        self,
        owners: dict[str, list[Owner]],
        symbols: dict[str, list[Owner]],
        element_names: Iterable[str],
        compounds: CompoundContext,
    ) -> None:
        self._ci: dict[str, list[Owner]] = {}
        self._cs: dict[str, list[Owner]] = {}
        self._cjk: dict[str, list[Owner]] = {}
        for term, who in owners.items():
            key = normalize(term).strip()
            if not key:
                continue
            if CJK.search(key):
                self._cjk.setdefault(key.casefold(), []).extend(who)
            elif _is_case_sensitive(key):
                self._cs.setdefault(key, []).extend(who)
            else:
                self._ci.setdefault(key.casefold(), []).extend(who)
        # Declarations are often written in capitals ("GERMANIUM DIOXIDE GEO2 5N"): a short formula also
        # matches in upper case, where that cannot be an ordinary word (a digit in it, or four characters:
        # "GEO2", "INSB" yes; "GAP" from GaP no).
        for key, who in list(self._cs.items()):
            upper = key.upper()
            if upper != key and upper not in self._cs and (len(upper) >= 4 or any(c.isdigit() for c in upper)):
                self._cs[upper] = who
        self._symbols = symbols
        self._element_names = frozenset(map(term_key, element_names))
        self._compounds = compounds
        # Case-insensitive terms are matched against the case-folded text with a case-sensitive pattern:
        # Python's IGNORECASE made that scan ~2.5x slower. The flagged patterns remain for the rare text whose
        # case folding changes its length ("ß" -> "ss"), where positions must stay those of the text itself.
        self._rx_ci = words_regex(self._ci, True, 0)
        self._rx_cjk = words_regex(self._cjk, False, 0)
        self._rx_cs = words_regex(self._cs, True, 0)
        self._rx_sym = symbol_regex(symbols, SYMBOL_TAIL) if symbols else None

    @cached_property
    def _flagged(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        """IGNORECASE variants, compiled on first need (rarely, and compiling costs start-up time)."""
        return words_regex(self._ci, True, re.IGNORECASE), words_regex(self._cjk, False, re.IGNORECASE)

    @lru_cache(maxsize=512)  # noqa: B019 - one scanner per index, lives as long as the process
    def scan(self, text: str) -> tuple[tuple[int, int, Owner], ...]:
        norm = normalize(text)
        folded = norm.casefold()
        same_length = len(folded) == len(norm)
        rx_ci, rx_cjk = (self._rx_ci, self._rx_cjk) if same_length else self._flagged
        hits: list[tuple[int, int, list[Owner]]] = []
        # Every CJK term holds a CJK character (that is how terms were sorted), and ideographs have no case
        # variants: text without one cannot match, and the CJK pattern was the costliest of the four to run.
        if not CJK.search(norm):
            rx_cjk = None
        for rx, table, fold in (
            (rx_ci, self._ci, True),
            (self._rx_cs, self._cs, False),
            (rx_cjk, self._cjk, True),
            (self._rx_sym, self._symbols, False),
        ):
            if rx is None:
                continue
            # Read in the case-folded text, a match is its own key; read in ``norm`` (the flagged patterns), it is
            # folded first.
            refold = fold and not same_length
            for m in rx.finditer(folded if fold and same_length else norm):
                found = m.group(1)
                if not found:
                    continue
                who = table.get(found.casefold() if refold else found)
                if who:
                    hits.append((m.start(1), m.start(1) + len(found), who))
        if not hits:  # two in five benchmark texts: the negation and colour cues below are not needed
            return ()
        out: list[tuple[int, int, Owner]] = []
        deny = may_deny(folded)
        colour = may_colour(folded)
        for start, end, who in hits:
            if any((s <= start and end <= e and (e - s) > (end - start)) or s < start < e < end for s, e, _ in hits):
                # Nested in a longer name, or starting inside an earlier one and running past it: the earlier name
                # takes the words they share, as a reader segments them ("砷化镓废料" is 砷化镓 + 废料, not 镓废料).
                continue
            # A name the text denies ("Dy-free", "不含镝") names nothing; an entry's or a group's is kept as a denial,
            # with the words that deny it, so that a text denying every listed name it uses can be told from one
            # that names none (a denied article word, "not laser", is no listed name). Positions are the same in
            # ``norm``.
            denied_by = denial(norm, start, end) if deny else None
            if denied_by is not None:
                out.extend((start, end, ("denied", w[1], denied_by)) for w in dict.fromkeys(who) if w[0] in _LISTED)
                continue
            used_as = colour_use(norm, start, end) if colour else None
            if used_as is not None:  # "石墨灰", "colour: graphite": a colour, not the element's goods
                out.extend((start, end, ("colour", w[1], used_as)) for w in dict.fromkeys(who) if w[0] == "group")
                continue
            if same_length:  # compound positions are read in ``folded``
                who = self._in_compound(folded, norm, start, end, who)
            out.extend((start, end, w) for w in who)
        return tuple(out)

    def _in_compound(self, folded: str, norm: str, start: int, end: int, who: list[Owner]) -> list[Owner]:
        """``who`` for a hit, or, when the hit is a bare element name inside a compound's name, its groups and
        the compound ("bismuth oxide" names bismuth and a bismuth compound, not bismuth metal)."""
        key = folded[start:end]
        if key not in self._element_names:
            return who
        span = self._compounds.span(folded, start, end, bool(CJK.search(key)))
        if span is None:
            return who
        groups = [w for w in who if w[0] == "group"]
        return groups + [("compound", w[1], norm[span[0] : span[1]]) for w in dict.fromkeys(groups)]


def term_key(term: str) -> str:
    """A term as the scan and the other word patterns look for it: normalised, trimmed, case-folded."""
    return normalize(term).strip().casefold()
