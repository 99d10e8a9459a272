"""Preparing a description for matching without losing where things are in it: NFKC with a map back to the
original offsets, and a lower case that keeps offsets, so every value quotes the text as it was written.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Final

from service.params.patterns import _NON_ASCII

# An exponent's characters as ``int`` reads them: superscript digits and minus, the minus and en dash signs.
_EXPONENT: Final = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻−–", "0123456789---")
# A power of ten as written in spec sheets and papers: "1×10^3", "5 x 10^-4", "2*10**4", "3×10³", "10^4". NFKC would
# turn "10³" into "103", so powers are read in the text as written, before it. Not "2 x 10 mm" (a size: no "^" or
# superscript). E-notation ("1E3") is left unread: in trade text it is more often part of a code ("2E10X").
_POWER: Final = re.compile(
    r"(?<![\w.])(?:(?P<m>[0-9]+(?:\.[0-9]+)?)\s?[x×X*·]\s?)?10\s?(?:(?:\^|\*\*)\s?\(?(?P<e>[-−–]?[0-9]{1,2})\)?"
    r"|(?P<s>⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}))(?![\w.])"
)
_SUPERSCRIPT_DIGIT: Final = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]")


def _expand_powers(text: str) -> tuple[str, list[int] | None]:
    """``text`` with each power of ten written as a plain decimal ("1×10^3" -> "1000", "5×10^-4" -> "0.0005"), and a
    map from the new offsets to the old (None when nothing was written so), so that values still quote the text
    as written: every character of a decimal maps into the notation it replaces."""
    # Nearly every text has none of the marks a power needs; the pattern itself cost about 7 µs a text
    # to run (`timeit`, benchmarks/JOURNAL.md, thirty-seventh session).
    if "^" not in text and "*" not in text and (text.isascii() or _SUPERSCRIPT_DIGIT.search(text) is None):
        return text, None
    parts: list[str] = []
    index: list[int] = []
    last = 0
    for m in _POWER.finditer(text):
        mantissa, exponent = m.group("m") or "1", m.group("e") or m.group("s")
        # The pattern admits only digits and a sign here: both conversions always succeed.
        value = Decimal(mantissa).scaleb(int(exponent.translate(_EXPONENT)))
        written = format(value.normalize(), "f")
        start, end = m.span()
        parts.append(text[last:start])
        index.extend(range(last, start))
        parts.append(written)
        index.extend([start] * (len(written) - 1) + [end - 1])
        last = end
    if not parts:
        return text, None
    parts.append(text[last:])
    index.extend(range(last, len(text)))
    return "".join(parts), index


def prepare(text: str) -> tuple[str, list[int] | None]:
    """``text`` as the patterns read it (powers of ten written out, then NFKC), with the map back to the offsets
    of ``text`` (None: unchanged)."""
    expanded, first = _expand_powers(text)
    normalised, second = _normalise(expanded)
    if first is None:
        return normalised, second
    return normalised, first if second is None else [first[i] for i in second]


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
