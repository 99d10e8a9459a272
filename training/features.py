"""Feature extraction: TF-IDF over word and character n-grams with vocabularies the ONNX converter accepts.

skl2onnx rebuilds every n-gram from its unigrams inside the graph, so an n-gram whose unigrams are not all
in the vocabulary cannot be converted ("ambiguities between n-grams and tokens"). ``max_features`` breaks that
at the cut-off, so vocabularies are chosen here: most frequent first, then closed under "all unigrams of a
kept n-gram are kept". Vocabulary size is also the main cost of the served graph (it emits a dense row per
text), which is why it is capped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.pipeline import FeatureUnion

# scikit-learn's default pattern; onnxruntime gets the equivalent WORD_TOKEN_EXP (exact once the text went
# through service.text.normalize, which leaves only letters, numbers, spaces and a few ASCII marks).
WORD_TOKEN_PATTERN = r"(?u)\b\w\w+\b"
WORD_TOKEN_EXP = r"[\p{L}\p{N}_][\p{L}\p{N}_]+"


@dataclass(frozen=True)
class FeatureConfig:
    word: bool = True
    char: bool = True
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (1, 4)
    word_max_features: int = 8000
    char_max_features: int = 16000
    min_df: int = 2
    sublinear_tf: bool = False  # skl2onnx converts it as log(1+tf), not 1+log(tf): keep off for parity
    # L2 normalisation dilutes an item's name in a long description while the intercept (the prior for
    # NOT_LISTED) stays: long texts then fall to the prior whatever they name. Without it, evidence adds up.
    norm: str | None = None
    # Single ASCII characters and pairs ("ga", "n ") carry little of what a text names and much of how long
    # and how English it is; they stay in the vocabulary only because the converter needs every n-gram's shorter parts.
    # ``mask_features`` gives them zero weight (idf 0), identically in scikit-learn and ONNX, and the served
    # graph then skips them: masking pairs too (3) gave better held-out figures than single characters only
    # (2, docs/model-comparison.md) and more texts/s, the graph gathering one coefficient row per feature
    # occurrence (python -m benchmarks.chunk_ab on the two bundles). CJK characters and pairs are kept: one
    # ideograph can name an element.
    mask_ascii_char_ngrams_below: int = 3


def _closed_vocabulary(
    texts: Sequence[str], analyzer: str, ngrams: tuple[int, int], max_features: int, min_df: int
) -> list[str]:
    counter = CountVectorizer(
        analyzer=analyzer,
        ngram_range=ngrams,
        lowercase=False,
        min_df=min_df,
        token_pattern=WORD_TOKEN_PATTERN if analyzer == "word" else None,
    )
    counts = counter.fit_transform(texts)
    df = (counts > 0).sum(axis=0).A1
    features = counter.get_feature_names_out()
    ranked = sorted(range(len(features)), key=lambda i: (-df[i], features[i]))
    chosen = {str(features[i]) for i in ranked[:max_features]}
    # Close under unigrams; the unigrams of a kept n-gram are at least as frequent, so they exist in `features`.
    closure = set(chosen)
    for gram in chosen:
        parts: Iterable[str] = gram.split(" ") if analyzer == "word" else gram
        closure.update(parts)
    return sorted(closure)


def make_features(texts: Sequence[str], config: FeatureConfig) -> FeatureUnion:
    """Return an unfitted FeatureUnion whose vocabularies were chosen on ``texts`` (normalised)."""
    parts: list[tuple[str, TfidfVectorizer]] = []
    if config.word:
        vocab = _closed_vocabulary(texts, "word", config.word_ngrams, config.word_max_features, config.min_df)
        parts.append(
            (
                "word",
                TfidfVectorizer(
                    analyzer="word",
                    token_pattern=WORD_TOKEN_PATTERN,
                    ngram_range=config.word_ngrams,
                    lowercase=False,
                    vocabulary=vocab,
                    sublinear_tf=config.sublinear_tf,
                    norm=config.norm,
                ),
            )
        )
    if config.char:
        vocab = _closed_vocabulary(texts, "char", config.char_ngrams, config.char_max_features, config.min_df)
        parts.append(
            (
                "char",
                TfidfVectorizer(
                    analyzer="char",
                    ngram_range=config.char_ngrams,
                    lowercase=False,
                    vocabulary=vocab,
                    sublinear_tf=config.sublinear_tf,
                    norm=config.norm,
                ),
            )
        )
    if not parts:
        raise ValueError("FeatureConfig enables neither word nor char features")
    return FeatureUnion(parts)


def mask_features(union: FeatureUnion, config: FeatureConfig) -> int:
    """Zero the idf of short ASCII character n-grams in a fitted union; returns how many were masked."""
    masked = 0
    for name, vectorizer in union.transformer_list:
        if name != "char" or config.mask_ascii_char_ngrams_below <= 1:
            continue
        idf = vectorizer.idf_.copy()
        for term, j in vectorizer.vocabulary_.items():
            if len(term) < config.mask_ascii_char_ngrams_below and term.isascii():
                idf[j] = 0.0
                masked += 1
        vectorizer.idf_ = idf
    return masked
