"""Listed element names misspelt by one letter ("Galium metal 6N", "Germainum ingot 5N") and purities written as
fractions (".9999"), written as the model knows them.

The model reads character n-grams. A name misspelt in a way the training texts never showed loses the n-grams that
carry it, and the model can then read the goods as not listed with all its weight ("Galium metal 6N" at 0.99,
probe 7). A broker reads the word as the name. ``Speller.respell`` finds the words of a text one edit from a
listed element's English name and spells them right: naming.yaml ``groups.*.names_en``, lower-case one-word names
of five letters or more (so no acronym: "MOCVD" is not a misspelt "MPCVD"); an edit is a letter inserted, deleted
or replaced, or two neighbours swapped. The classifier then reads the respelled text, model and rules alike, and
says so in its reasons.

The same second reading serves a purity written as a fraction (".9999", "0.99995"), the bullion way of stating
fineness: the model had read a bismuth bar of ".9999" as bismuth above 99.99 % (another code line); written
"99.99%", it reads the purity it was trained on. Which numbers are purities is the parameter reader's answer.

Stricter than ``service.near_names``, whose answer only keeps a review: one edit only, words of five letters or
more only, and never a word that is itself a name the naming data knows (erbium is an element, not a misspelt
terbium) or one of naming.yaml ``not_misspellings`` (geranium, allium: words of their own).
"""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING, NamedTuple

from service.params import extract_params

if TYPE_CHECKING:
    from service.naming import Naming

MIN_LETTERS = 5
_WORD = re.compile(rf"[A-Za-z]{{{MIN_LETTERS},}}")


# A purity written as a fraction (".9999", "0.99995"): the bullion way of stating fineness, which the model has
# seldom seen; the parameter reader knows it (service.params: ``_is_fraction_purity``) and says where it is.
_FRACTION = re.compile(r"(?<![\d.,])0?\.99")


class Respelling(NamedTuple):
    text: str  # the text with every misspelt name spelled right and every fineness written as a percentage
    words: list[tuple[str, str, str]]  # (as written, as read, why)


def one_edit(word: str) -> set[str]:
    """Every string one edit from ``word`` (lower-case letters): deletions, neighbour swaps, replacements,
    insertions."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in string.ascii_lowercase}
    out |= {a + c + b for a, b in splits for c in string.ascii_lowercase}
    out.discard(word)
    return out


class Speller:
    """``respell(text)``: the text with its misspelt listed names spelled right, or None when it has none."""

    def __init__(self, naming: Naming) -> None:
        names = {
            t
            for g in naming.groups.values()
            for t in g.names_en
            if t.isalpha() and t.islower() and len(t) >= MIN_LETTERS
        }
        known = {t.casefold() for g in [*naming.groups.values(), *naming.other_elements.values()] for t in g.names_en}
        excluded = known | {w.casefold() for w in naming.not_misspellings}
        variants: dict[str, set[str]] = {}
        for name in names:
            for variant in one_edit(name):
                if len(variant) >= MIN_LETTERS and variant not in excluded:
                    variants.setdefault(variant, set()).add(name)
        # A variant one edit from two names says neither.
        self._fixes = {variant: next(iter(found)) for variant, found in variants.items() if len(found) == 1}

    def respell(self, text: str, names: bool = True) -> Respelling | None:
        """``text`` with its misspelt listed names spelled right (when ``names``) and each purity written as a
        fraction (".9999") written as a percentage ("99.99%"); None when there is nothing to change."""
        found: list[tuple[int, int, str, str]] = []  # (start, end, as read, why)
        fixes = self._fixes
        # Most texts hold no misspelt name: the words are looked up all at once, in C, before any is read one by one
        # (the words are ASCII letters, whose case folding is ``lower``).
        if names and not fixes.keys().isdisjoint(map(str.lower, _WORD.findall(text))):
            for m in _WORD.finditer(text):
                name = fixes.get(m.group(0).casefold())
                if name is not None:
                    written = m.group(0)
                    right = name.upper() if written.isupper() else name.capitalize() if written[0].isupper() else name
                    found.append((m.start(), m.end(), right, "one letter from a listed name"))
        # The substring test first: most texts hold no ".99", and a regex search costs more than a substring test.
        if ".99" in text and _FRACTION.search(text):
            found += _fractions(text)
        if not found:
            return None
        parts, words, end = [], [], 0
        for start, stop, right, why in sorted(found):
            parts += [text[end:start], right]
            words.append((text[start:stop], right, why))
            end = stop
        parts.append(text[end:])
        return Respelling("".join(parts), words)


def _fractions(text: str) -> list[tuple[int, int, str, str]]:
    """The purities ``text`` writes as a fraction, as the parameter reader finds them, with their percentage."""
    out, taken = [], set()
    for value in extract_params(text).get("purity_pct"):
        source = value.source
        if value.lo == value.hi and source.lstrip("0").startswith("."):
            start = text.find(source)
            while start in taken:  # the same fraction twice: each value is its own occurrence
                start = text.find(source, start + 1)
            if start >= 0:
                taken.add(start)
                out.append((start, start + len(source), f"{value.lo:g}%", "a purity written as a fraction"))
    return out
