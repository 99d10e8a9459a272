"""Naming knowledge: how the controlled goods are written, and a fast index to find those names in a text.

``service/data/naming.yaml`` holds, per group (element) and per entry id, the English and Chinese names,
formulas, CAS numbers and trade names of the goods, plus the form vocabularies and label variants the
training generator uses. This module validates that file and builds a :class:`NamingIndex` whose
regular expressions are compiled once (the scan of every name is ``service.scanner``); ``find_names`` runs per
request (``find_terms`` / ``find_groups`` are its views) to give evidence ("identified by 'Ga2O3'") and to choose
between entries that share one code.

Matching rules: text and terms are NFKC-normalised (full-width letters, subscript digits); matching is
case-insensitive; Latin terms need word boundaries (letters/digits around them do not count as a match,
so "GaAs" is not found inside "InGaAs"); spaces and hyphens inside a term match any run of spaces,
hyphens or underscores; CJK terms match as substrings. Short Latin terms (<= 4 chars) with an upper-case
letter (GaN, InP, WC, APT, YAG) are matched case-sensitively. A bare element symbol is only evidence
when a grade, purity or form word follows it ("Ge 5N", "Sb 99.65%", "Dy metal").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from service.articles import ArticleFinder, Articles
from service.compound_names import CompoundContext, CompoundKind
from service.formulas import elements_in_formulas
from service.scanner import Owner, TermScanner, normalize, term_key
from service.trie import CJK, terms_regex

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "naming.yaml"

Label = Annotated[str, Field(pattern=r"^(\d{10}|NOCODE:[a-z0-9][a-z0-9-]*)$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GroupNames(_Model):
    symbol: str = ""
    # What the symbol means right after a number, where it is a unit and not the element ("2000 W": watts).
    symbol_unit: str = ""
    names_en: list[str] = Field(min_length=1)
    names_zh: list[str] = Field(min_length=1)
    compound_words: list[str] = []  # one-word compounds naming the element ("trimethylgallium"): scan only
    uses_en: list[str] = []
    uses_zh: list[str] = []
    # Which of the element's compounds the list covers: "named", only those its entries name (gallium chloride is
    # not listed); "organic", those and every organic compound (antimony's "other organic antimony compounds");
    # "all", every compound (the rare earths' "X-containing compounds and their mixtures").
    compounds_listed: Literal["named", "organic", "all"] = "named"
    # Names of alloys of another metal to which the element is a small addition ("tellurium copper", "铅锑合金"):
    # goods so named are not the listed metal (``Arbiter.minor_constituent``).
    minor_alloys: list[str] = []

    @property
    def naming_symbol(self) -> str:
        """The symbol that names this element in text and formulas, or "". Graphite's "C" is left out: carbon in a
        formula (WC, SiC) does not name graphite."""
        return self.symbol if self.symbol != "C" else ""


class FormVocab(_Model):
    en: list[str] = []
    zh: list[str] = []


class CompoundNames(_Model):
    """How a compound of a listed element is written around the element's bare name (naming.yaml
    ``compound_names``): the bare name there names the element, not its metal entry."""

    en_after: list[str] = []
    zh_before: list[str] = []
    zh_after: list[str] = []
    organic: list[str] = []  # of the words above, those that make an organic compound ("acetate", "三甲基")
    generic: list[str] = []  # of the words above, those that name no particular compound ("compounds", 化)

    @model_validator(mode="after")
    def _kinds_are_words(self) -> CompoundNames:
        words = {*self.en_after, *self.zh_before, *self.zh_after}
        unknown = sorted({*self.organic, *self.generic} - words)
        if unknown:
            raise ValueError(f"compound_names: organic / generic words {unknown} are not among the compound words")
        return self


class Grades(_Model):
    purity: dict[str, float]
    trade_en: list[str] = []
    trade_zh: list[str] = []


class Variant(_Model):
    """One way the good is traded: its label(s), the form vocabularies and the spec generators to use.
    Names left unset are inherited from the entry."""

    key: str
    labels: list[Label] = Field(min_length=1)
    forms: list[str] = ["none"]
    specs: list[str] = []
    weight: float = Field(default=1.0, gt=0)
    names_en: list[str] | None = None
    names_zh: list[str] | None = None
    formulas: list[str] | None = None
    cas: list[str] | None = None


class EntryNames(_Model):
    group: str
    names_en: list[str] = Field(min_length=1)
    names_zh: list[str] = Field(min_length=1)
    formulas: list[str] = []
    cas: list[str] = []
    trade: list[str] = []
    # Other names the scan knows, which the training generator does not write: chemical synonyms too rare in
    # trade to draw (氢化锑, antimony hydride). Without one, such a name would read as a compound the list does
    # not name (``NamingIndex.find_compounds``); a listed compound's name with another state, count or plural
    # needs none (``NamingIndex.compound_items``).
    synonyms: list[str] = []
    uses_en: list[str] = []
    uses_zh: list[str] = []
    purity: list[float] = []
    symbol_forms: bool = False
    variants: list[Variant] = Field(min_length=1)

    @property
    def labels(self) -> list[str]:
        seen: dict[str, None] = {}
        for v in self.variants:
            for label in v.labels:
                seen.setdefault(label, None)
        return list(seen)

    def all_formulas(self) -> list[str]:
        """The entry's formulas and its variants', without duplicates."""
        return list(dict.fromkeys([*self.formulas, *(f for v in self.variants for f in v.formulas or [])]))

    def all_terms(self) -> list[str]:
        """Every term that identifies this entry (entry-level and variant-level), without duplicates."""
        out: dict[str, None] = {}
        parts: list[Iterable[str]] = [self.names_en, self.names_zh, self.formulas, self.cas, self.trade, self.synonyms]
        for v in self.variants:
            parts += [v.names_en or [], v.names_zh or [], v.formulas or [], v.cas or []]
        for part in parts:
            for term in part:
                if term.strip():
                    out.setdefault(term.strip(), None)
        return list(out)


class StatedForm(_Model):
    """Codes starting with one of ``prefixes`` are for goods in a form the text has to state: one of the words
    of ``forms`` (names of form vocabularies) or of ``en`` / ``zh``. Without one, the item's other codes are
    meant."""

    prefixes: list[Annotated[str, Field(pattern=r"^\d{4,10}$")]] = Field(min_length=1)
    name: str
    forms: list[str]
    en: list[str] = []
    zh: list[str] = []


class Ores(_Model):
    """Words that make goods an ore or a concentrate, and the groups whose ores or concentrates the list names."""

    words: list[str] = []
    listed_for: list[str] = []


class Naming(_Model):
    version: str
    groups: dict[str, GroupNames]
    grades: Grades
    forms: dict[str, FormVocab]
    entries: dict[str, EntryNames]
    stated_forms: list[StatedForm] = []
    cas_check: list[str] = []
    # Elements not on the list, as evidence that a text names something else (see naming.yaml).
    other_elements: dict[str, GroupNames] = {}
    compound_names: CompoundNames = CompoundNames()
    articles: Articles = Articles()
    ores: Ores = Ores()
    # Words one letter from a listed name that are words of their own, never respelled (service.spelling).
    not_misspellings: list[str] = []
    # Words that say a text is about technology, not goods (``Arbiter.goods_as_technology``).
    technology_words: list[str] = []

    @model_validator(mode="after")
    def _references(self) -> Naming:
        clash = sorted(self.groups.keys() & self.other_elements.keys())
        if clash:
            raise ValueError(f"other_elements repeats groups {clash}")
        for eid, entry in self.entries.items():
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", eid):
                raise ValueError(f"bad entry id {eid!r}")
            if entry.group not in self.groups:
                raise ValueError(f"entry {eid}: unknown group {entry.group!r}")
            for v in entry.variants:
                unknown = [f for f in v.forms if f not in self.forms]
                if unknown:
                    raise ValueError(f"entry {eid} variant {v.key}: unknown forms {unknown}")
        unknown_groups = sorted(set(self.ores.listed_for) - self.groups.keys())
        if unknown_groups:
            raise ValueError(f"ores.listed_for: unknown groups {unknown_groups}")
        for stated in self.stated_forms:
            unknown = [f for f in stated.forms if f not in self.forms]
            if unknown:
                raise ValueError(f"stated form {stated.name!r}: unknown forms {unknown}")
        return self


# ----------------------------------------------------------------------------------------------- index

# Full-width digits and Latin letters ("２０００Ｗ"): a text holding one is read after NFKC for units.
_FULL_WIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
# A number, a space at most and an SI prefix at most, right before a unit: a number of its own, not inside a word or
# a longer number, nor after an element and a hyphen ("Ni-90W").
_NUMBER_BEFORE_UNIT = re.compile(r"(?<![0-9A-Za-z.,])(?<![A-Za-z]-)(\d+(?:[.,]\d+)?\s?[kMGm]?)$")


# ``NamingIndex._by_kind`` of a text the scan finds nothing in (two in five benchmark texts): shared, like every
# answer of that cache, and never changed by its readers.
_KINDS = ("entry", "group", "compound", "colour", "article", "denied")  # of the scan's hits (``service.scanner``)
_NO_HITS: dict[str, dict[str, list[str]]] = {kind: {} for kind in _KINDS}


class NamingIndex:
    """Validated naming knowledge with the term scanner compiled once."""

    def __init__(self, naming: Naming) -> None:
        self.naming = naming
        owners: dict[str, list[Owner]] = {}
        symbols: dict[str, list[Owner]] = {}
        for group, names in [*naming.groups.items(), *naming.other_elements.items()]:
            for term in [*names.names_en, *names.names_zh, *names.compound_words]:
                owners.setdefault(term, []).append(("group", group, term))
            sym = names.naming_symbol
            if sym:
                symbols.setdefault(sym, []).append(("group", group, sym))
        for eid, entry in naming.entries.items():
            for term in entry.all_terms():
                owners.setdefault(term, []).append(("entry", eid, term))
                owners[term].append(("group", entry.group, term))
            sym = naming.groups[entry.group].naming_symbol
            if entry.symbol_forms and sym:
                symbols.setdefault(sym, []).append(("entry", eid, sym))
        # Finished articles ("servo motor", "光伏组件") are found by the same scan: a text without one, most texts,
        # then costs nothing more to ask about (``find_article``). The scan took 0.7 µs a text longer with them,
        # a search of its own 4-9 µs (one-off timings over 3,000 benchmark texts).
        for term in naming.articles.words:
            owners.setdefault(term, []).append(("article", "article", term))
        compounds = naming.compound_names
        element_names = [t for g in naming.groups.values() for t in [*g.names_en, *g.names_zh]]
        self._compounds = CompoundContext(
            compounds.en_after, compounds.zh_before, compounds.zh_after, compounds.organic, compounds.generic
        )
        self._scanner = TermScanner(owners, symbols, element_names, self._compounds)
        self._stated_forms = [(sf, _form_words(sf, naming.forms)) for sf in naming.stated_forms]
        self._articles = ArticleFinder(
            naming.articles, [w for f in naming.forms.values() for w in (*f.en, *f.zh)], term_key
        )
        self._ores = terms_regex(map(term_key, naming.ores.words))
        # The listed groups all of whose compounds and mixtures the list names (the rare earths' "X-containing
        # compounds and their mixtures"), and a pattern for their names and symbols: the few texts that may name one
        # are found without the scan (``every_compound_listed``).
        every = {name: g for name, g in naming.groups.items() if g.compounds_listed == "all"}
        self._every_compound = frozenset(every)
        self._every_compound_names = re.compile(
            "|".join(sorted({re.escape(t.casefold()) for g in every.values() for t in g.names_en}))
        )
        # Chinese names anywhere; a symbol not followed by a lower-case letter ("Dy2O3", "Gd "), nor preceded by a
        # letter (checked on the match). The pattern opens with the set of first characters, which the regex engine
        # skips to: with an alternation or a look-behind first, the search took three to five times as long.
        marks = [*(t for g in every.values() for t in g.names_zh), *(g.naming_symbol for g in every.values())]
        marks = [m for m in marks if m]
        firsts = "".join(sorted({re.escape(m[0]) for m in marks}))
        rests = "|".join(
            f"(?<={re.escape(m[0])}){re.escape(m[1:])}" + ("" if CJK.match(m) else "(?![a-z])") for m in marks
        )
        self._every_compound_marks = re.compile(f"[{firsts}](?:{rests})")
        self._symbol_groups = {
            g.naming_symbol: name
            for name, g in [*naming.groups.items(), *naming.other_elements.items()]
            if g.naming_symbol
        }
        # Symbols that are units after a number, with an SI prefix or none, in either case ("2000 W", "1.5kW",
        # "800w"); not in a composition ("93W-5Ni-2Fe", "Ni-93W", "90W/10Cu").
        self._unit_groups = {
            g.symbol.casefold(): name for name, g in naming.groups.items() if g.symbol and g.symbol_unit
        }
        # The symbol is searched for, and the number before it read on each match: a pattern that opens with the
        # symbol's letters lets the regex engine skip to them, and few texts hold one not followed by a letter (one
        # that opens with a digit cost about twice as much: ``python -m benchmarks.text_rules``, "symbol units").
        self._units = (
            re.compile(
                "(?i:"
                + "|".join(sorted(map(re.escape, self._unit_groups), key=len, reverse=True))
                + r")(?![0-9A-Za-z/-])"
            )
            if self._unit_groups
            else None
        )

    def clear_caches(self) -> None:
        """Forget the scans remembered so far (benchmarks time the scan itself this way)."""
        self._scanner.scan.cache_clear()
        self._by_kind.cache_clear()

    @property
    def entry_ids(self) -> list[str]:
        return list(self.naming.entries)

    def entry(self, entry_id: str) -> EntryNames:
        return self.naming.entries[entry_id]

    def find_terms(self, text: str, entry_ids: Iterable[str] | None = None) -> dict[str, list[str]]:
        """Entry-specific terms occurring in ``text``: ``{entry_id: [term, ...]}`` for entries with a hit
        (terms as written in naming.yaml, in order of appearance). ``entry_ids=None`` searches every
        entry; unknown ids are ignored. A term nested in a longer term of another entry is not reported."""
        terms = self.find_names(text)[0]
        if entry_ids is None:
            return terms
        wanted = set(entry_ids)
        return {ident: found for ident, found in terms.items() if ident in wanted}

    def find_groups(self, text: str) -> dict[str, list[str]]:
        """Element / group terms found in ``text``: ``{group: [term, ...]}`` for groups with a hit, the listed
        groups' and the ``other_elements``' (unlisted elements, named as evidence of other goods)."""
        return self.find_names(text)[1]

    def find_names(self, text: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """``(find_terms(text), find_groups(text))`` from one pass over the scan: a decision needs both."""
        by_kind = self._by_kind(text)
        return by_kind["entry"], by_kind["group"]

    def find_compounds(self, text: str) -> dict[str, list[str]]:
        """``{group: [compound, ...]}``: compounds of the listed elements that ``text`` names by words the list
        does not name an item by ("bismuth oxide", "硝酸镓"; naming.yaml ``compound_names``)."""
        return self._by_kind(text)["compound"]

    def find_colours(self, text: str) -> dict[str, list[str]]:
        """``{group: [words, ...]}``: the groups whose names ``text`` uses as a colour ("石墨灰", "colour: graphite";
        ``service.colours``). Such a name is not in ``find_names``."""
        return self._by_kind(text)["colour"]

    def find_denied(self, text: str) -> dict[str, list[str]]:
        """``{entry or group id: [the words denying it, ...]}``: the listed names ``text`` uses only to deny them
        ("Gadolinium-free", "不含锑"). ``find_names`` leaves them out."""
        return self._by_kind(text)["denied"]

    def find_article(self, text: str) -> str | None:
        """The finished article ``text``'s goods are, when a listed material is only its part or its modifier
        ("Servo motor with SmCo magnets", "CdTe光伏组件"; ``service.articles``), else None."""
        hits = self._scanner.scan(text)
        articles = [(start, end) for start, end, (kind, _, _) in hits if kind == "article"]
        if not articles:
            return None
        starts = [start for start, _end, (kind, _, _) in hits if kind not in ("article", "colour", "denied")]
        listed = self.naming.groups.keys()

        def names_listed(part: str) -> bool:
            return not self.groups_in_formulas(part).keys().isdisjoint(listed)

        return self._articles.find(normalize(text), articles, starts, names_listed)

    def find_ores(self, normalized: str) -> list[tuple[int, str]]:
        """``(start, word)`` of the words of ``normalized`` (``normalize``d, case-folded) that make goods an ore or a
        concentrate (naming.yaml ``ores``)."""
        if self._ores is None:
            return []
        return [(m.start(), next(g for g in m.groups() if g)) for m in self._ores.finditer(normalized)]

    def find_symbol_units(self, text: str) -> dict[str, list[str]]:
        """``{group: [as written, ...]}`` for the listed groups whose symbol ``text`` uses as a unit after a number
        (naming.yaml ``symbol_unit``: "Induction cooker 2000 W" states a power, not tungsten)."""
        found: dict[str, list[str]] = {}
        if self._units is not None:
            # NFKC where it can matter ("２０００Ｗ"), and not ``normalize``: its hyphens read as spaces would make the
            # composition "Ni-90W" a power.
            if not text.isascii() and _FULL_WIDTH_ALNUM.search(text):
                text = unicodedata.normalize("NFKC", text)
            for m in self._units.finditer(text):
                number = _NUMBER_BEFORE_UNIT.search(text, max(0, m.start() - 24), m.start())
                if number is not None:
                    found.setdefault(self._unit_groups[m.group(0).casefold()], []).append(number.group(1) + m.group(0))
        return found

    def unit_of(self, group: str) -> str:
        """What ``group``'s symbol means after a number, or ""."""
        names = self.naming.groups.get(group)
        return names.symbol_unit if names else ""

    def may_name_ore(self, text: str) -> bool:
        """Whether ``text`` may hold an ore word anywhere: one search of the raw text, so that only the few texts
        that do have their goods clause normalised for ``find_ores`` (costs: ``python -m benchmarks.text_rules``)."""
        return self._ores is not None and self._ores.search(text.casefold()) is not None

    def compound_kind(self, compound: str) -> CompoundKind:
        """Whether a compound ``find_compounds`` returned is named as organic, inorganic or not in particular."""
        return self._compounds.kind(compound)

    def compound_items(self, compound: str) -> list[str]:
        """The entries a compound ``find_compounds`` returned is one of, written otherwise: with an oxidation
        state, a count or a plural that no entry term holds ("antimony (III) oxide", "tungsten oxides")."""
        return list(self.find_names(self._compounds.base(compound))[0])

    # A decision asks for the names (``find_names``), then the compounds and the colours, of the same text: the
    # grouping is remembered like the scan it reads, and its dicts are shared between those callers, who must not
    # change them.
    @lru_cache(maxsize=512)  # noqa: B019 - one index per naming file, lives as long as the process
    def _by_kind(self, text: str) -> dict[str, dict[str, list[str]]]:
        """The scan's hits by kind (``_KINDS``): ``{id: [term, compound, colour, article or denial, ...]}``, each
        once, in order of appearance."""
        scanned = self._scanner.scan(text)
        if not scanned:
            return _NO_HITS
        found: dict[str, dict[str, dict[str, None]]] = {kind: {} for kind in _KINDS}
        for _start, _end, (kind, ident, written) in scanned:
            found[kind].setdefault(ident, {}).setdefault(written, None)
        return {kind: {ident: list(terms) for ident, terms in hits.items()} for kind, hits in found.items()}

    def unstated_form(self, code: str, text: str) -> StatedForm | None:
        """The form ``code`` stands for when ``text`` does not state it ("scrap" for 3825.69 codes), else None."""
        folded: str | None = None
        for stated, pattern in self._stated_forms:
            if code.startswith(tuple(stated.prefixes)):
                folded = folded if folded is not None else normalize(text).casefold()
                if pattern is None or not pattern.search(folded):
                    return stated
        return None

    def every_compound_listed(self, text: str) -> list[str]:
        """The listed groups ``text`` names (the naming scan: names, symbols with a form, the listed formulas) whose
        every compound and mixture is on the list (naming.yaml ``compounds_listed: all``): "europium oxide with small
        amounts of gadolinium and yttrium oxides" holds listed mixtures whatever else it is."""
        if not self._may_name_every_compound(text):
            return []
        # Names only, not formulas read apart: a ferrite magnet grade "Y30BH" is not yttrium.
        return sorted(self.find_groups(text).keys() & self._every_compound)

    def _may_name_every_compound(self, text: str) -> bool:
        """Whether ``text`` holds a name or a symbol of such a group: a fraction of the scan's cost, and most texts
        the model reads as not listed hold none (``python -m benchmarks.text_rules``)."""
        if self._every_compound_names.search(text.casefold()):
            return True
        for m in self._every_compound_marks.finditer(text):
            start = m.start()
            if not text[start].isascii() or start == 0 or not text[start - 1].isalpha():
                return True
        return False

    def groups_in_formulas(self, text: str) -> dict[str, list[str]]:
        """``{group: [formula, ...]}`` for the groups whose element a chemical formula in ``text`` holds
        ("MoO3" -> molybdenum; ``service.formulas``), also where the compound is not in the naming knowledge.
        A separate pass (a few microseconds a text): callers ask only when names alone leave a question."""
        found: dict[str, list[str]] = {}
        # NFKC turns subscript digits into digits; ASCII text is its own NFKC form.
        source = text if text.isascii() else unicodedata.normalize("NFKC", text)
        for symbol, formulas in elements_in_formulas(source).items():
            group = self._symbol_groups.get(symbol)
            if group is not None:
                found[group] = formulas
        return found


def _form_words(stated: StatedForm, forms: dict[str, FormVocab]) -> re.Pattern[str] | None:
    """The pattern for the words that state ``stated``'s form, over normalised, case-folded text."""
    words = [*stated.en, *stated.zh]
    for name in stated.forms:
        words += [*forms[name].en, *forms[name].zh]
    return terms_regex(map(term_key, words))


def load_naming_data(path: Path | str = DEFAULT_PATH) -> Naming:
    """Read and validate naming.yaml; raises ``ValueError`` naming the file on any problem."""
    path = Path(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return Naming.model_validate(raw)
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise ValueError(f"naming file {path}: {exc}") from exc


def load_naming(path: Path | str = DEFAULT_PATH) -> NamingIndex:
    """Validated naming knowledge with its term index compiled (``.naming`` holds the data)."""
    return NamingIndex(load_naming_data(path))


@lru_cache(maxsize=4)
def naming_index(path: str = str(DEFAULT_PATH)) -> NamingIndex:
    """The index for ``path``, built once per process."""
    return load_naming(path)
