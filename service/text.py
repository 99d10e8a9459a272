"""Text normalisation shared by training and serving.

The classifier sees ``normalize(text)``, never the raw text: the same function runs before scikit-learn at
training time and before the ONNX graph at serving time, so both tokenise identical strings. It also removes
the differences between scikit-learn's and onnxruntime's tokenisers: onnxruntime matches ``\\p{L}\\p{N}``
while Python's ``\\w`` also takes combining marks and connector punctuation, and only collapsed whitespace
gives identical character n-grams (measured on this stack; see the project's stack-findings notes).
"""

from __future__ import annotations

import unicodedata

# Punctuation that carries meaning in product text: formulas "Ga2O3", grades "99.999%", "(III)", "4N5",
# "Ag/W", "W-Ni-Fe", "CdZnTe:In". Everything else that is neither letter nor number becomes a space.
_KEPT_PUNCTUATION = frozenset("%.,()/-+:#&")


# Distinct characters remembered by the translation table; past this, new ones are mapped but not stored, so
# text made of every code point cannot grow it without bound.
_TABLE_LIMIT = 65536


def _map_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if category[0] in "LN" or ch in _KEPT_PUNCTUATION:
        return ch
    return " "


class _CharTable(dict[int, str]):
    """``str.translate`` table filled on first sight of each code point: translate runs in C and only calls
    ``__missing__`` for characters not seen before (a Python call per character was most of normalize's cost)."""

    def __missing__(self, code: int) -> str:
        mapped = _map_char(chr(code))
        if len(self) < _TABLE_LIMIT:
            self[code] = mapped
        return mapped


_TABLE = _CharTable()


def normalize(text: str) -> str:
    """Return the canonical form the model reads: NFKC, lower case, kept punctuation, single spaces.

    NFKC folds full-width digits and letters ("９９．９９％" -> "99.99%") and ligatures; lower-casing
    happens here rather than in the vectoriser so that the ONNX graph needs no locale-dependent case op.
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    # lower() can produce combining marks (e.g. "İ" -> "i̇"); the per-char map removes them.
    mapped = folded.translate(_TABLE)
    return " ".join(mapped.split())
