"""Preparing a description for matching without losing where things are in it: NFKC with a map back to the
original offsets, and a lower case that keeps offsets, so every value quotes the text as it was written.
"""

from __future__ import annotations

import unicodedata

from service.params.patterns import _NON_ASCII


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
