"""Text normalisation shared by training and serving.

The model sees a function of the text, never the raw text: the same function runs before scikit-learn at
training time and before the ONNX graph at serving time, so both tokenise identical strings. Which function
is versioned and named in each model card (``normalization``; ``model_input`` maps it back): v1 is
``normalize``, v2 adds the description's head in capitals (``with_head``). ``normalize`` also removes
the differences between scikit-learn's and onnxruntime's tokenisers: onnxruntime matches ``\\p{L}\\p{N}``
while Python's ``\\w`` also takes combining marks and connector punctuation, and only collapsed whitespace
gives identical character n-grams (measured on this stack; see the project's stack-findings notes).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

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
# The same map for ASCII text as a byte table: ``bytes.translate`` takes a fraction of the time ``str.translate``
# takes with a mapping (half the benchmark descriptions are ASCII; every served text is normalised for the model).
_ASCII_TABLE = bytes(ord(_map_char(chr(code))) for code in range(128)) + bytes(range(128, 256))


def normalize(text: str) -> str:
    """Return the canonical form the model reads: NFKC, lower case, kept punctuation, single spaces.

    NFKC folds full-width digits and letters ("９９．９９％" -> "99.99%") and ligatures; lower-casing
    happens here rather than in the vectoriser so that the ONNX graph needs no locale-dependent case op.
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    # lower() can produce combining marks (e.g. "İ" -> "i̇"); the per-char map removes them.
    mapped = (
        folded.encode("ascii").translate(_ASCII_TABLE).decode("ascii") if folded.isascii() else folded.translate(_TABLE)
    )
    return " ".join(mapped.split())


# -- what the model reads: a versioned function of the text, named in every model card ("normalization")

# The head of a description (its first clause) names the goods; what follows qualifies them or says what they
# are for ("Dysprosium metal, mainly used as an additive for NdFeB magnets"). v2 repeats the head in capitals
# after the text — the vectorisers do not lower-case, so those are features of their own, and the model can
# weigh the words that name the goods apart from the same words in a use clause. (Ideographs have no case:
# a Chinese head only counts twice.)
_HEAD_END = re.compile(r"[,;:()|]|\.(?!\d)| - |，|；|：|（")
HEAD_WORDS = 6


def _first_clause(text: str) -> str:
    end = _HEAD_END.search(text)
    return text[: end.start()] if end else text


def with_head(normalized: str) -> str:
    """``normalized`` followed by its first clause (at most ``HEAD_WORDS`` words) in capitals."""
    head = _first_clause(normalized).split()[:HEAD_WORDS]
    return f"{normalized} {' '.join(head).upper()}" if head else normalized


# A field label in front of the goods' name ("品名：碳酸镧；规格：…", "Description: copper target"): the clause
# after it names the goods.
_FIELD_LABEL = re.compile(
    r"\s*(?:品名|名称|货名|货物名称|商品名称|description|product(?: name)?|item|goods|commodity)\s*[:：]\s*",
    re.IGNORECASE,
)


def goods_clause(text: str) -> str:
    """The clause of a raw description that names the goods: its first, after a leading field label; a
    description without punctuation is all head. (The model's head, ``with_head``, stays as trained.)"""
    label = _FIELD_LABEL.match(text)
    return _first_clause(text[label.end() :] if label else text)


def model_input_v2(text: str) -> str:
    return with_head(normalize(text))


# An amount by weight or count ("25 kg", "1,000kg", "5 MT", "500 g", "10 pcs", "25千克") says nothing about which
# goods a line is, yet a linear model gives its tokens weight: NOT_LISTED, half the rows, is where most amounts
# fall, so "GeO2 5N" read as germanium dioxide and "GeO2 5N 25kg" as not listed (0.59, model 201fa419). v3 drops
# them before the model reads the text (the rules read the raw text, amounts included). Not a density's "g"
# ("17.5 g/cm3"), nor sizes, nor a rate ("5 kg/m2"); an amount per package is one ("25kg/袋", "25 kg/bag"). Any case:
# the classifier's second reading without amounts (service.spelling) finds them in the description as written.
# (Amounts per package were added after v3 was tried; no v3 bundle was kept, so none reads them otherwise.)
_PER_PACKAGE = r"(?:\s?/\s?(?:袋|桶|箱|瓶|包|罐|听|盒|bags?|drums?|box(?:es)?|bottles?|cartons?|pails?|sacks?|tins?))?"
AMOUNT_AS_WRITTEN = re.compile(
    r"(?<![\w.,])\d[\d,]*(?:\.\d+)?\s?(?:kgs?|kilograms?|g|grams?|mts?|metric tons?|tonnes?|tons?|lbs?|pcs|pieces|ea)"
    rf"{_PER_PACKAGE}(?![\w/])(?:\s?net)?|(?<![\d.,])\d[\d,]*(?:\.\d+)?\s?(?:千克|公斤|公吨|吨|克){_PER_PACKAGE}",
    re.IGNORECASE,
)


def drop_amounts(normalized: str) -> str:
    """``normalized`` without its amounts by weight or count, spaces kept single."""
    if not any(c.isdigit() for c in normalized):
        return normalized
    dropped = " ".join(AMOUNT_AS_WRITTEN.sub(" ", normalized).split())
    return dropped or normalized  # a line that is all amount ("25 kg net") keeps it: the model reads something


def model_input_v3(text: str) -> str:
    return with_head(drop_amounts(normalize(text)))


MODEL_INPUTS: dict[str, Callable[[str], str]] = {"v1": normalize, "v2": model_input_v2, "v3": model_input_v3}
MODEL_INPUT_VERSION = "v2"  # what training writes into new model cards (v3: tried, docs/model-comparison.md)
MODEL_INPUT_NAMES = {
    "v1": "service.text.normalize (NFKC, lower case, kept punctuation, single spaces)",
    "v2": "v2: service.text.model_input_v2 (v1, then the first clause repeated in capitals)",
    "v3": "v3: service.text.model_input_v3 (v1 without amounts by weight or count, then its first clause in capitals)",
}


def model_input(card_normalization: str | None) -> Callable[[str], str]:
    """The text function a model card names; cards written before versions existed (no "vN:" prefix) are v1."""
    version = (card_normalization or "").split(":", 1)[0].strip()
    if re.fullmatch(r"v\d+", version):
        if version not in MODEL_INPUTS:
            raise ValueError(f"model input {version!r} is not known to this service (known: {sorted(MODEL_INPUTS)})")
        return MODEL_INPUTS[version]
    return normalize
