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

A third: an element written as its bare symbol before a form word ("W bar 99.95%", "Tb chips 99.9%"), which the
naming scan reads as the element (``service.scanner.SYMBOL_FORM``; before a grade or purity, "Ge 5N", the training
texts show symbols, and the model reads them). The model's word tokens are two letters or more, and a one- or
two-letter symbol among its character n-grams says little: model 201fa419 read "W bar 99.95%" as not listed (0.94)
while "W rod" was tungsten, and "Tb chips 99.9%" as germanium dioxide (0.87). The symbol is written as the
element's English name (naming.yaml ``names_en``, first), for listed and other elements alike ("Cu bar" as
copper), except where it is a unit after a number ("2000 W") and where the text names the element already
("Tungsten powder W 99.95%", "铟片 In99.995%"): the model then has the name. A text in capitals writes the symbol in
capitals ("MO POWDER 99.7%"), which is read as the symbol there, for the listed elements, but "IN" (a word).

A fourth, when the classifier asks for it: amounts by weight or count left out ("GeCl4 6N 200kg";
``service.text.AMOUNT_AS_WRITTEN``), which pull a short line towards "not listed".

A fifth, when the classifier asks for it: a listed compound written only as its formula ("GeO2 powder", "GaN
powder 1kg"), written as the item's English name. The model reads formulas poorly once lower-cased: "gan" is also
in "organic" and "Ganzhou", "2o3" in every rare-earth oxide. Model 201fa419 read "GeO2 powder" as not listed (0.99)
and "Ga2O3 99.999% powder" as samarium oxide, and their names as the items. An entry's formula is its first one in
naming.yaml that ``service.formulas`` reads as a compound (at least two elements, one of them a non-metal or
antimony: "SmCo5" and "W80Cu20" are alloys, whose names are no better known), and that no other entry also
lists ("NdFeB"); its name is the entry's first ``names_en``. The classifier asks only when the model's label is
none of the entries the text writes as formulas (``respell(label_entries=...)``): a text the model read as one of
its formulas needs no second reading.
Not where the text names the item already ("Gallium nitride (GaN) wafer"), nor inside a longer formula or after
a dopant colon, nor after a use word ("Dicing blade for GaAs wafers": naming.yaml ``articles.uses``). A formula
with a count is read in any case ("geo2 powder", "GA2O3"), one without only as written ("GaP", not the word
"gap").

Stricter than ``service.near_names``, whose answer only keeps a review: one edit only, words of five letters or
more only, and never a word that is itself a name the naming data knows (erbium is an element, not a misspelt
terbium) or one of naming.yaml ``not_misspellings`` (geranium, allium: words of their own).
"""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING, NamedTuple

from service.articles import first_use
from service.formulas import NONMETALS, symbols_of
from service.params import extract_params
from service.scanner import SYMBOL_FORM_TAIL, symbol_regex
from service.text import AMOUNT_AS_WRITTEN
from service.trie import NOT_AFTER

if TYPE_CHECKING:
    from service.naming import Naming

MIN_LETTERS = 5
# Why a word was read another way (the reasons say it; the classifier asks which).
MISSPELT = "one letter from a listed name"
SYMBOL = "an element symbol"
AMOUNT = "an amount, which says nothing of the goods"
FORMULA = "a listed item's formula"
_WORD = re.compile(rf"[A-Za-z]{{{MIN_LETTERS},}}")
# Listed elements' two-letter symbols that are words when written in capitals ("PACKED IN BAGS"): of them, only "in"
# is a word of the HS nomenclatures' English text (training/data; "sb" and "bi" occur there once each, as symbols).
CAPS_WORDS = frozenset({"IN"})
# A formula of symbols and counts only: "Ga2O3", not "β-Ga2O3", "In0.53Ga0.47As" or "Sb(CH3)3".
_PLAIN_FORMULA = re.compile(r"(?:[A-Z][a-z]?\d*)+")
# The other element of a compound (not of an alloy) besides the non-metals: the III-V antimonides.
_COMPOUND_ELEMENTS = NONMETALS | {"Sb"}


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
        elements = [g for g in [*naming.groups.values(), *naming.other_elements.values()] if g.naming_symbol]
        self._symbol_names = {g.naming_symbol: g.names_en[0] for g in elements if g.names_en}
        self._element_names = {
            g.naming_symbol: tuple(n.casefold() for n in (*g.names_en, *g.names_zh)) for g in elements
        }
        # Before a form word only: the training texts write symbols before a grade or purity ("Ge 5N", "W 99.95%"),
        # and the model reads those as they are. Not after a number and a space ("2000 W bar heater" states watts,
        # ``NamingIndex.find_symbol_units``), nor inside a formula, an alloy's name or after a dopant colon
        # ("(Lu,Y)2SiO5:Ce granules", "W-Cu block").
        not_after = r"(?<![0-9] )(?<![):,(/\]+-])"
        self._symbol = symbol_regex(self._symbol_names, SYMBOL_FORM_TAIL, not_after=not_after)
        # A text in capitals writes symbols in capitals too ("MO POWDER 99.7%", "GA METAL 4N"): the listed elements'
        # two-letter symbols, so written, in such a text only, except those that are words in capitals.
        self._caps_symbols = {
            g.naming_symbol.upper(): g.naming_symbol
            for g in naming.groups.values()
            if g.naming_symbol and len(g.naming_symbol) == 2 and g.naming_symbol.upper() not in CAPS_WORDS
        }
        self._caps_symbol = symbol_regex(self._caps_symbols, SYMBOL_FORM_TAIL, not_after=not_after)
        self._formulas = _listed_formulas(naming)
        # Where a text turns to the goods' use ("for GaN epitaxy", "用于"): a formula after it is not the goods.
        self._first_use = first_use(tuple(naming.articles.uses), tuple(naming.articles.trade))
        # Not inside a longer formula, an alloy's or a dopant's notation ("Y2O3:Eu" is the host, but ":Ga2O3" a
        # dopant), and not right before one.
        self._formula = symbol_regex(self._formulas, NOT_AFTER + r"(?![(\[-])", not_after=r"(?<![:(\[-])")

    def respell(
        self,
        text: str,
        names: bool = True,
        symbols: bool = True,
        amounts: bool = False,
        label_entries: frozenset[str] | None = None,
    ) -> Respelling | None:
        """``text`` with its misspelt listed names spelled right (when ``names``), each purity written as a
        fraction (".9999") written as a percentage ("99.99%"), each bare element symbol written as the element's
        name (when ``symbols``), each listed item's formula written as the item's name unless the item is one of
        ``label_entries`` (the entries of the label the model read; None: no formula is read), and its amounts by
        weight or count left out (when ``amounts``, or when a formula is read); None when there is nothing to
        change."""
        found: list[tuple[int, int, str, str]] = []  # (start, end, as read, why)
        folded = ""
        if label_entries is not None:
            formulas = [(m.start(1), m.end(1), self._formulas[m.group(1)]) for m in self._formula.finditer(text)]
            use = self._first_use(text) if formulas else None  # most texts write no listed formula
            if use is not None:
                formulas = [f for f in formulas if f[0] < use]
            # When the model read one of the items the text writes as formulas, it read the text: "InGaAs/InP
            # epitaxial wafer" as InGaAs names the layer stack's InP too.
            if not any(entry_id in label_entries for _, _, (entry_id, _, _) in formulas):
                for start, end, (_, item, terms) in formulas:
                    # A text that names the item already shows the model the name.
                    folded = folded or text.casefold()
                    if not any(term in folded for term in terms):
                        found.append((start, end, item.upper() if text.isupper() else item, FORMULA))
        # A text that writes a listed item's formula names that item: what the classifier asks of a text before it
        # has the amounts left out ("GaN powder 1kg").
        if amounts or found:
            found += [(m.start(), m.end(), "", AMOUNT) for m in AMOUNT_AS_WRITTEN.finditer(text)]
        if symbols:
            matches = [(m, m.group(1)) for m in self._symbol.finditer(text)]
            if text.isupper():
                matches += [(m, self._caps_symbols[m.group(1)]) for m in self._caps_symbol.finditer(text)]
            for m, symbol in matches:
                # A text that names the element already shows the model the name ("Tungsten powder W 99.95%"): a
                # second mention would only weigh it twice.
                folded = folded or text.casefold()
                if any(written in folded for written in self._element_names[symbol]):
                    continue
                element = self._symbol_names[symbol]
                found.append((m.start(1), m.end(1), element.upper() if text.isupper() else element, SYMBOL))
        fixes = self._fixes
        # Most texts hold no misspelt name: the words are looked up all at once, in C, before any is read one by one
        # (the words are ASCII letters, whose case folding is ``lower``).
        if names and not fixes.keys().isdisjoint(map(str.lower, _WORD.findall(text))):
            for m in _WORD.finditer(text):
                name = fixes.get(m.group(0).casefold())
                if name is not None:
                    written = m.group(0)
                    right = name.upper() if written.isupper() else name.capitalize() if written[0].isupper() else name
                    found.append((m.start(), m.end(), right, MISSPELT))
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


def _listed_formulas(naming: Naming) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """``{formula: (entry id, the item's English name, the item's names case-folded)}`` for the formula each listed
    compound is written as (the module's docstring says which)."""
    first: dict[str, str] = {}
    listed_by: dict[str, set[str]] = {}
    for entry_id, entry in naming.entries.items():
        for formula in entry.formulas:
            listed_by.setdefault(formula, set()).add(entry_id)
            if entry_id not in first and _PLAIN_FORMULA.fullmatch(formula):
                symbols = symbols_of(formula)
                if len(symbols) >= 2 and symbols & _COMPOUND_ELEMENTS:
                    first[entry_id] = formula
    out = {}
    for entry_id, formula in first.items():
        if len(listed_by[formula]) == 1:
            entry = naming.entries[entry_id]
            terms = tuple(t.casefold() for t in (*entry.names_en, *entry.names_zh))
            # A formula with a count is no word in any case ("geo2", "GA2O3"); one without is only as written
            # ("gap", "GAP" are words).
            for written in {formula, formula.lower(), formula.upper()} if any(map(str.isdigit, formula)) else {formula}:
                out[written] = (entry_id, entry.names_en[0], terms)
    return out


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
