"""Checking the model's label against what the text itself says.

The model weighs every word; the naming knowledge knows which words identify an item, which form a code
needs the text to state, and which elements a text names. ``Arbiter.choose`` lets those facts pick among the
model's readings, ``Arbiter.other_elements`` says when the text names other elements than the label's, and
``Arbiter.foreign_goods`` when its goods are those of an element that is not on the list, and
``Arbiter.unlisted_compounds`` when they are a compound of a listed element that the list does not name, and
``Arbiter.colour_only`` when the text uses a listed name only as a colour ("笔记本电脑 石墨灰"), and
``Arbiter.finished_article`` when its goods are a finished article made with a listed material ("CdTe solar module").
Each rule's effect on the held-out generated data: ``hscc evaluate --heldout`` (labels changed, wrong to
right, right to wrong). Nothing here knows HTTP or runs the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from service.articles import first_use
from service.controls import ControlIndex
from service.controls.index import NOT_LISTED
from service.controls.schema import Entry
from service.formulas import NONMETALS, symbols_of
from service.naming import NamingIndex, normalize, term_key
from service.negation import denial
from service.params import extract_params
from service.text import goods_clause
from service.trie import terms_regex

# A label the text names may replace the model's first choice only from among its next few, and only when the
# model itself gives it some weight: names arbitrate between close readings, they do not overrule the model.
RERANK_DEPTH = 3
RERANK_MIN_PROBABILITY = 0.05
# An alloy is of the metal that predominates by weight (HS Section XV, note 5): below this share of it, the goods
# are not the listed metal (``Arbiter.minor_constituent``).
HALF = 50.0


def fmt_p(p: float) -> str:
    return f"{p:.2f}"


class Arbiter:
    """Model labels + control list + naming knowledge -> the label a text supports."""

    def __init__(self, labels: list[str], controls: ControlIndex, naming: NamingIndex) -> None:
        self.controls = controls
        self.naming = naming
        self._labels = labels
        self._label_index = {label: j for j, label in enumerate(self._labels)}
        # Heading (first four digits) of each label, as an index; a label without a code is its own heading.
        heading_of = {label: label[:4] if label.isdigit() else label for label in self._labels}
        heading_ids = {h: k for k, h in enumerate(dict.fromkeys(heading_of.values()))}
        self._headings = np.array([heading_ids[heading_of[label]] for label in self._labels], dtype=np.intp)
        self._n_headings = len(heading_ids)
        # Labels whose items are metals (every variant in a metal form): a compound's formula does not fit them.
        metal_forms = {"metal", "metal_powder", "metal_scrap", "metal_wrought"}
        known = set(naming.entry_ids)
        self._metal_labels = self._labels_of_items(
            lambda e: e.id in known and all(set(v.forms) <= metal_forms for v in naming.entry(e.id).variants)
        )
        # Labels whose items are all made of one of the listed elements (not superhard materials or their
        # equipment, nor graphite, whose goods are often named by their use: "anode material for lithium-ion
        # batteries"): goods named after an unlisted element cannot be theirs (``foreign_goods``).
        elemental = {name for name, g in naming.naming.groups.items() if g.naming_symbol}
        self._elemental_labels = self._labels_of_items(lambda e: e.group in elemental)
        self._unlisted = frozenset(naming.naming.other_elements)
        self._first_use = first_use(tuple(naming.naming.articles.uses), tuple(naming.naming.articles.trade))
        # Goods, not technology: "technology for the production of trimethylindium" is named by its use.
        self._material_labels = self._labels_of_items(lambda e: e.group in elemental and e.kind == "goods")
        self._technology_labels = self._labels_of_items(lambda e: e.kind == "technology")
        self._technology_words = terms_regex(map(term_key, naming.naming.technology_words), ignore_case=True)
        self._ores_listed = frozenset(naming.naming.ores.listed_for)
        # The listed elements' own words: naming one with an ore word says whose ore it is, not which item.
        self._element_words = {
            term_key(t) for g in naming.naming.groups.values() for t in [*g.names_en, *g.names_zh, g.naming_symbol] if t
        }
        # The element sets of the listed items' formulas ({Ga, N} for GaN), by the symbols they hold.
        self._listed_formulas: dict[str, set[frozenset[str]]] = {}
        for entry_names in naming.naming.entries.values():
            for symbols in map(symbols_of, entry_names.all_formulas()):
                for symbol in symbols:
                    self._listed_formulas.setdefault(symbol, set()).add(symbols)
        self._group_symbols = {name: g.naming_symbol for name, g in naming.naming.groups.items()}
        self._minor_alloys = {
            name: pattern
            for name, g in naming.naming.groups.items()
            if (pattern := terms_regex((w.casefold() for w in g.minor_alloys), ignore_case=True)) is not None
        }
        # The element groups of each label's items: asked of the label on every flagged text, fixed by the list.
        self._label_groups = {
            label: frozenset(e.group for e in controls.entries_for_label(label)) for label in self._labels
        }
        # The model's labels under which each control-list entry can be predicted.
        self._entry_labels: dict[str, list[str]] = {}
        for label in self._labels:
            for entry in controls.entries_for_label(label):
                self._entry_labels.setdefault(entry.id, []).append(label)

    def groups_of(self, label: str) -> frozenset[str]:
        """The element groups of ``label``'s control-list items (none for ``NOT_LISTED``)."""
        return self._label_groups[label]

    def _labels_of_items(self, every: Callable[[Entry], bool]) -> set[str]:
        """The labels with control-list entries, every one of which passes ``every``."""
        return {
            label
            for label in self._labels
            if (entries := self.controls.entries_for_label(label)) and all(every(e) for e in entries)
        }

    def choose(
        self,
        label: str,
        p: float,
        proba: np.ndarray,
        order: list[int],
        text: str,
        named: dict[str, list[str]],
        uncertain: bool,
        reasons: list[str],
    ) -> tuple[str, float]:
        """The label to judge and its model probability, starting from the model's ``label`` (its runner-up when
        ``uncertain``): the item the text names, in the form the model reads and the text states."""
        model_label = label
        if uncertain:
            label, p = self.named_instead(label, p, proba, named, reasons)
        if label == model_label:
            label, p = self._prefer_named(label, p, proba, order, named, reasons)
        return self._stated_form(label, p, proba, text, reasons)

    def _prefer_named(
        self,
        label: str,
        p: float,
        proba: np.ndarray,
        order: list[int],
        named: dict[str, list[str]],
        reasons: list[str],
    ) -> tuple[str, float]:
        """When the text names none of ``label``'s items but does name the items of another likely label, take
        that one: the model weighs every word, the naming knowledge knows which words identify an item
        ("silver-tungsten contact tips" name the silver-tungsten item, whatever else the text says). Its effect
        on the held-out generated data: ``hscc evaluate --heldout``."""
        if self._names_item_of(label, named):
            return label, p
        for j in order[:RERANK_DEPTH]:
            other, p_other = self._labels[j], float(proba[j])
            if other in (label, NOT_LISTED) or p_other < RERANK_MIN_PROBABILITY:
                continue
            named_here = [e.id for e in self.controls.entries_for_label(other) if e.id in named]
            if named_here:
                # The named item's code in the form the model reads (its heading), which may be another code
                # of the same item than the one the model ranked ("GaAs wafer scrap": scrap, not wafers).
                choices = {lab for eid in named_here for lab in self._entry_labels[eid]}
                return self._take_named(choices, label, p, proba, named, reasons, "chose {} ({}) over {} ({})")
        return label, p

    def _names_item_of(self, label: str, named: dict[str, list[str]]) -> bool:
        return any(e.id in named for e in self.controls.entries_for_label(label))

    def _take_named(
        self,
        choices: set[str],
        label: str,
        p: float,
        proba: np.ndarray,
        named: dict[str, list[str]],
        reasons: list[str],
        lead: str,
    ) -> tuple[str, float]:
        """Replace ``label`` by the one of ``choices`` in the model's form, saying which names decided it."""
        other = self._in_model_form(choices, proba)
        p_other = float(proba[self._label_index[other]])
        hits = [t for e in self.controls.entries_for_label(other) for t in named.get(e.id, [])]
        reasons.append(
            lead.format(other, fmt_p(p_other), label, fmt_p(p))
            + ": the text names "
            + ", ".join(f"'{t}'" for t in dict.fromkeys(hits))
            + f" of {other}, nothing of {label}"
        )
        return other, p_other

    def _in_model_form(self, choices: set[str], proba: np.ndarray) -> str:
        """Of ``choices`` (codes of the items a text names), the one whose heading — the first four digits: bulk
        compound, wafer, scrap, metal — holds the most model probability over all labels, then the likeliest."""
        mass = np.bincount(self._headings, weights=proba, minlength=self._n_headings)
        return max(
            sorted(choices),
            key=lambda lab: (mass[self._headings[self._label_index[lab]]], proba[self._label_index[lab]]),
        )

    def named_instead(
        self, label: str, p: float, proba: np.ndarray, named: dict[str, list[str]], reasons: list[str]
    ) -> tuple[str, float]:
        """When the model doubts that the goods are listed at all, its runner-up is a weak guess at which item
        they would be ("Sb2O3 99.99%" read as a rare-earth oxide); an item the text names is a better one,
        whatever the model's probability for it. So too when the model's label is of an element the text does not
        name. The item is still only judged, never called controlled on such a vote (review, or not controlled
        when its threshold fails). Its effect on the held-out generated data: ``hscc evaluate --heldout``."""
        if self._names_item_of(label, named):
            return label, p
        choices = {lab for eid in named for lab in self._entry_labels.get(eid, [])}
        if not choices:
            return label, p
        return self._take_named(choices, label, p, proba, named, reasons, "judged as {} ({}) rather than {} ({})")

    def _stated_form(self, label: str, p: float, proba: np.ndarray, text: str, reasons: list[str]) -> tuple[str, float]:
        """A code for a form the text has to state but does not (scrap: ``stated_forms`` in naming.yaml) gives
        way to the same item's likeliest other code: "gallium oxide powder" is the oxide, not its scrap,
        however the model weighs "powder". Its effect on the held-out generated data: ``hscc evaluate
        --heldout``."""
        stated = self.naming.unstated_form(label, text) if label.isdigit() else None
        if stated is None:
            return label, p
        choices = {
            other
            for e in self.controls.entries_for_label(label)
            for other in self._entry_labels.get(e.id, [])
            if other != label and not (other.isdigit() and self.naming.unstated_form(other, text))
        }
        if not choices:
            return label, p
        other = max(sorted(choices), key=lambda lab: float(proba[self._label_index[lab]]))
        p_other = float(proba[self._label_index[other]])
        reasons.append(
            f"{label} is the code for {stated.name}, which the text does not state: took {other} "
            f"({fmt_p(p_other)}), the same item's likeliest other code"
        )
        return other, p_other

    def goods_as_technology(self, label: str, text: str) -> bool:
        """Whether ``label`` is for technology only and ``text`` says nothing of technology (naming.yaml
        ``technology_words``): "Synthetic diamond single crystal 2mm" read as the process technology for growing
        such crystals describes the crystals, which that entry does not cover."""
        if label not in self._technology_labels:
            return False
        return self._technology_words is None or self._technology_words.search(normalize(text)) is None

    def compounds_for_metal(self, label: str, text: str) -> list[str]:
        """Compounds of ``label``'s element that ``text`` states, by formula or by name, when ``label`` is for
        the metal itself (every variant of its items a metal form): "Tellurium dioxide TeO2 99.99%" read as
        tellurium metal states TeO2 and tellurium dioxide. Empty otherwise, and when a stated formula is one of
        the label's items' own. Names are those the list names no item by (``NamingIndex.find_compounds``)."""
        if label not in self._metal_labels:
            return []
        entries = self.controls.entries_for_label(label)
        groups = self.groups_of(label)
        own = {f for e in entries for f in self.naming.entry(e.id).all_formulas()}
        found = self.naming.groups_in_formulas(text)
        stated = {f for g in groups for f in found.get(g, []) if f not in own}
        formulas = sorted(f for f in stated if not _denied_anywhere(text, f))
        names = self.naming.find_compounds(text)
        return [*dict.fromkeys(n for g in sorted(groups) for n in names.get(g, [])), *formulas]

    def other_elements(self, label: str, groups: dict[str, list[str]], text: str) -> list[str]:
        """The element groups the text names when it names none of ``label``'s (empty otherwise); names first,
        then chemical formulas ("MoO3 99.5%" read as tungsten carbide names molybdenum)."""
        if label == NOT_LISTED:
            return []
        wanted = self.groups_of(label)
        if not wanted.isdisjoint(groups):
            return []
        named = self._all_groups(text, groups)
        if not named or not wanted.isdisjoint(named):
            return []
        return sorted(named)

    def foreign_goods(self, label: str, groups: dict[str, list[str]], text: str) -> list[str]:
        """The unlisted elements (naming.yaml ``other_elements``) whose goods ``text`` describes: its goods clause
        (``service.text.goods_clause``) names one, and the whole text names no listed element or item, by
        name, symbol or formula. Empty otherwise, and when ``label``'s items are not all made of a listed element.

        "Copper sputtering target 99.99%" read as a rare-earth target is a copper target; "Ga atomized powder -
        used for titanium castings" is not titanium goods (the other element is only in a use clause). On the
        held-out split (``hscc evaluate --heldout``) every text this cleared was not listed."""
        if label not in self._elemental_labels or not groups.keys() <= self._unlisted:
            return []
        named = self._all_groups(text, groups)
        if not named or not named.keys() <= self._unlisted:
            return []
        clause = goods_clause(text)
        in_clause = self._all_groups(clause, self.naming.find_groups(clause))
        return sorted(in_clause.keys() & self._unlisted)

    def unlisted_compounds(self, named: dict[str, list[str]], groups: dict[str, list[str]], text: str) -> list[str]:
        """The compounds ``text`` states of the listed elements it names, when each of those elements is stated
        as a compound the list does not name and no listed item is named: "Gallium(III) chloride 99.999%",
        "硝酸镓 Ga(NO3)3", "Germane GeH4". Empty otherwise.

        A compound counts by name (``NamingIndex.find_compounds``: the listed compounds' names are entry terms,
        so what is found is not one of them, nor one written with another state or count:
        ``NamingIndex.compound_items``); a name that may be a listed compound ("gallium compounds", an organic
        one where the list covers those: ``compounds_listed``) keeps the element from being cleared. A compound
        counts too by a compound word of the element
        ("trimethylgallium", "TMGa": naming.yaml ``compound_words``); or by formula, when it holds a
        non-metal besides the element (an alloy such as "Mo70Cu30" does not count) and no listed item's
        elements are all in it ("WS2" counts, "WO2" is of the same elements as WO3, "AlGaN" holds GaN's). An
        element whose every compound is listed (the rare earths) is never cleared here."""
        if named:
            return []
        listed = sorted(g for g in self._all_groups(text, groups) if g not in self._unlisted)
        if not listed:
            return []
        names = self.naming.find_compounds(text)
        formulas = self.naming.groups_in_formulas(text)
        stated: list[str] = []
        for group in listed:
            covered = self.naming.naming.groups[group].compounds_listed
            if covered == "all":
                return []
            kinds = {"inorganic"} if covered == "organic" else {"inorganic", "organic"}
            found = names.get(group, [])
            if any(self.naming.compound_kind(c) not in kinds or self.naming.compound_items(c) for c in found):
                # a compound that may be listed ("gallium compounds", an organic antimony compound), or a listed
                # one after all, written with another state or count ("gallium (III) oxide")
                return []
            these = [*found]
            if covered == "named":  # one-word names of compounds the list does not name: "trimethylgallium"
                these += [t for t in groups.get(group, []) if t in self.naming.naming.groups[group].compound_words]
            these += [f for f in formulas.get(group, []) if self._unlisted_formula(group, f, text)]
            if not these:
                return []
            stated.extend(these)
        return list(dict.fromkeys(stated))

    def _unlisted_formula(self, group: str, formula: str, text: str) -> bool:
        symbols = symbols_of(formula)
        symbol = self._group_symbols[group]
        # A compound holds a non-metal; an element that is one itself makes compounds with metals ("ZnTe", "GeTe":
        # tellurides, not alloys).
        nonmetals = symbols & NONMETALS if symbol in NONMETALS else (symbols - {symbol}) & NONMETALS
        if not nonmetals or _denied_anywhere(text, formula):
            return False
        return not any(own <= symbols for own in self._listed_formulas.get(symbol, ()))

    def minor_constituent(self, label: str, named: dict[str, list[str]], text: str) -> list[str]:
        """The contents ``text`` gives of ``label``'s element below half, when ``label`` is for the metal itself
        and the text names no other item: "Tellurium copper rod C14500 (Te 0.5%)", "易切削钢 含铋0.1%"; failing
        those, the names it uses of alloys of another metal with a little of the element (naming.yaml
        ``minor_alloys``: "Tellurium copper rod C14500", "铅锑合金 硬铅锭"). An alloy is classified as an alloy of the
        metal that predominates by weight (HS Section XV, note 5), so these goods are not the listed metal. Empty
        otherwise ("砷化镓废料 Ga含量约45%" is gallium arsenide scrap), and for elements whose alloys the list
        names (the rare earths: "Mg-30Gd")."""
        if label not in self._metal_labels:
            return []
        entries = self.controls.entries_for_label(label)
        if named.keys() - {e.id for e in entries}:
            return []
        groups = sorted(self.groups_of(label))
        if any(self.naming.naming.groups[g].compounds_listed == "all" for g in groups):
            return []
        if "%" not in text:
            return self._minor_alloy_names(groups, text)
        composition = extract_params(text).composition
        found: list[str] = []
        for group in groups:
            symbol = self._group_symbols[group]
            values = composition.get(symbol, [])
            if values and all(v.hi < HALF for v in values):
                found.extend(f"{symbol} {v.source}" for v in values)
        return found or self._minor_alloy_names(groups, text)

    def goods_part(self, text: str) -> str:
        """``text`` up to where it turns to the goods' use ("for", "用于": naming.yaml ``articles.uses``): the part
        whose words say what the goods are (a threshold's ``unless`` words, ``service.rules.evaluate``; an alloy's
        name)."""
        use = self._first_use(text)
        return text if use is None else text[:use]

    def _minor_alloy_names(self, groups: list[str], text: str) -> list[str]:
        """The names of alloys of another metal with a little of ``groups``' element that ``text`` uses before it
        turns to the goods' use (naming.yaml ``minor_alloys``: "tellurium copper", "铅锑合金"; not "Tellurium ingot for
        tellurium copper"), quoted."""
        goods = self.goods_part(text)
        found: list[str] = []
        for group in groups:
            pattern = self._minor_alloys.get(group)
            if pattern is not None:
                found.extend(f"'{next(g for g in m.groups() if g)}' (an alloy's name)" for m in pattern.finditer(goods))
        return list(dict.fromkeys(found))

    def colour_only(self, named: dict[str, list[str]], groups: dict[str, list[str]], text: str) -> list[str]:
        """The words by which ``text`` uses a listed name as a colour ("运动鞋 石墨灰", "Laptop sleeve, colour: graphite
        grey"; ``service.colours``), when it names no listed item or element otherwise, by name, symbol or formula.
        Empty otherwise: "graphite grey felt, 99.9 % C, graphite" names graphite besides the colour."""
        # The colours first: they come from the naming scan already made, and most texts have none; the listed-goods
        # test may read the text's formulas.
        colours = self.naming.find_colours(text)
        listed = [w for g, words in colours.items() if g not in self._unlisted for w in words]
        if not listed or self.names_listed_goods(named, groups, text):
            return []
        return list(dict.fromkeys(listed))

    def denied_only(self, named: dict[str, list[str]], groups: dict[str, list[str]], text: str) -> list[str]:
        """The words by which ``text`` denies the listed names it uses ("Gadolinium-free LED phosphor", "不含锑"), when
        it names no listed item or element otherwise, by name, symbol or formula. Empty otherwise: "NdFeB magnet,
        Dy-free" names NdFeB magnets, whose terbium and dysprosium conditions the rules read."""
        # The denials first: they come from the naming scan already made, and most texts have none.
        denied = self.naming.find_denied(text)
        listed = [words for ident, words in denied.items() if ident not in self._unlisted]  # entries and groups
        if not listed or self.names_listed_goods(named, groups, text):
            return []
        return list(dict.fromkeys(w for words in listed for w in words))

    def unlisted_ores(self, named: dict[str, list[str]], groups: dict[str, list[str]], text: str) -> list[str]:
        """The ore or concentrate words of ``text``'s goods clause ("钨精矿 WO3 65%", "Molybdenum concentrate Mo 45%"),
        when the listed elements it names are all ones whose ores the list does not name (naming.yaml ``ores``:
        antimony's are listed, and rare-earth and graphite concentrates are their listed compounds and natural
        graphite). Empty otherwise; when the text names no listed element (which ore it is must be said); and when
        an item's own term comes before the ore word ("Tungsten oxide WO3 99.9% made from concentrate": the goods
        are the item). An element's name, symbol or a formula after the ore word gives its grade ("WO3 65%")."""
        if not self.naming.may_name_ore(text):
            return []
        clause = normalize(goods_clause(text)).casefold()
        ores = self.naming.find_ores(clause)
        if not ores:
            return []
        listed = self._all_groups(text, groups).keys() - self._unlisted
        if not listed or not listed.isdisjoint(self._ores_listed):
            return []
        first = ores[0][0]
        for term in (t for terms in named.values() for t in terms):
            key = term_key(term)
            if key not in self._element_words and 0 <= clause.find(key) < first:
                return []
        return list(dict.fromkeys(word for _, word in ores))

    def symbol_units(
        self, label: str, named: dict[str, list[str]], groups: dict[str, list[str]], text: str
    ) -> list[str]:
        """Where ``text`` writes the symbol of ``label``'s element as a unit after a number ("Induction cooker 2000 W"
        read as tungsten: naming.yaml ``symbol_unit``), when it names no listed item or element by name, symbol or
        formula. Empty otherwise: "Tungsten heating element 2 kW" names tungsten besides the power."""
        units = self.naming.find_symbol_units(text)
        if not units:
            return []
        wanted = self.groups_of(label)
        found = [
            f"{written} ({self.naming.unit_of(group)})"
            for group, written_all in units.items()
            if group in wanted
            for written in written_all
        ]
        if not found or self.names_listed_goods(named, groups, text):
            return []
        return found

    def finished_article(self, text: str) -> list[str]:
        """The finished article ``text``'s goods are, when the listed names in it only modify it or name its parts
        ("CdTe solar module", "Servo motor with SmCo magnets"; ``service.articles``): the list names materials, not
        the articles made with them (naming.yaml J6, J9, J12, J14). Empty otherwise."""
        article = self.naming.find_article(text)
        return [article] if article else []

    def listed_only_as_use(
        self, label: str, named: dict[str, list[str]], groups: dict[str, list[str]], text: str
    ) -> list[str]:
        """The listed names ``text`` gives only after turning to the goods' use ("for", "用于": naming.yaml
        ``articles.uses``), when what comes before names no listed item: "Sapphire substrate 2 inch for GaN LED
        epitaxy", "Quartz crucible for GaAs VGF growth", "Indium 6N ingot for InP crystal growth" (the label's item,
        named only after the use; an element before it, whose metal may not be listed, J5). When the text names
        none of the label's items, nothing listed may come before the use, element or item. Empty otherwise, and for
        labels whose goods are often named by their use: superhard materials and graphite (``foreign_goods``), and
        technology ("process specifications for the production of trimethylindium")."""
        if label not in self._material_labels:
            return []
        # The label's items as the text names them; failing those, anything listed it names.
        items = [t for e in self.controls.entries_for_label(label) for t in named.get(e.id, [])]
        if items:
            words = items
        else:
            words = [w for ws in named.values() for w in ws]
            words += [w for g, ws in groups.items() if g not in self._unlisted for w in ws]
        if not words:  # a text that names nothing listed is for the rules on such texts (``unbacked``, ``unnamed``)
            return []
        # Where the text first names them, as written: only a use word before it counts, and most texts name their
        # goods first, so the search for one is short. A listed term may hold a use word itself ("Ge substrate for
        # III-V solar cells"): it starts before it.
        folded = text.casefold()
        first_name = min((i for w in words if (i := folded.find(w.casefold())) >= 0), default=0)
        use = self._first_use(text[:first_name]) if first_name else None
        if use is None:
            return []
        goods = text[:use]
        goods_named, goods_groups = self.naming.find_names(goods)
        if goods_named or (not items and self.names_listed_goods(goods_named, goods_groups, goods)):
            return []
        return sorted(set(words))

    def names_listed_goods(self, named: dict[str, list[str]], groups: dict[str, list[str]], text: str) -> bool:
        """Whether ``text`` names any listed item or element: an entry's term, a listed group's name or symbol,
        or a formula holding a listed element. Unlisted elements do not count."""
        return bool(named) or not self._all_groups(text, groups).keys() <= self._unlisted

    def _all_groups(self, text: str, groups: dict[str, list[str]]) -> dict[str, list[str]]:
        """The groups ``text`` names by word (``groups``, from its naming scan) or in a chemical formula."""
        return {**self.naming.groups_in_formulas(text), **groups}


def _denied_anywhere(text: str, formula: str) -> bool:
    """Whether every occurrence of ``formula`` in ``text`` is denied ("Bi2O3-free")."""
    starts = [m.start() for m in re.finditer(re.escape(formula), text)]
    return bool(starts) and all(denial(text, i, i + len(formula)) for i in starts)
