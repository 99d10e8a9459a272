"""From descriptions to verdicts: the model proposes a label, the control list and rules decide.

``Classifier.predict(texts)`` knows nothing of HTTP. For each text it
1. runs the ONNX model on the normalised text (one batched run for all texts),
2. takes the best label; when that is NOT_LISTED but the controlled labels together are still likely, or the
   text names an item and states figures that meet its threshold, the item goes to review rather than being
   waved through (judged as the item the text names, if any),
3. checks the label against the names in the text: a close label whose items the text names is preferred
   to one whose items it does not, in the form (heading) the model reads; a scrap code needs the text to say
   scrap; goods of an unlisted element, a compound of a listed one that the list does not name, or goods that
   name a listed material only as their colour ("石墨灰"), are not controlled; a text that names other elements
   than the label's goes to review,
4. maps the label to control-list entries, narrows entries that share a code by the names found in the text,
   and reads parameters where an entry has thresholds (met / unknown / not met),
5. attaches the measure in force for the destination on the date, and the reasons behind every step.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from threading import Lock
from typing import Any

import numpy as np

from service.arbitration import RERANK_DEPTH, Arbiter, fmt_p
from service.bundle import ModelBundle
from service.controls import ControlIndex, Entry
from service.controls.index import NOT_LISTED
from service.measures import measures_for
from service.naming import NamingIndex
from service.near_names import NearNames
from service.notices import Notices
from service.params import Params, extract_params
from service.prediction import Candidate, Match, Prediction
from service.ranking import top_labels
from service.rules import evaluate
from service.spelling import FORMULA, MISSPELT, Respelling, Speller
from service.text import AMOUNT_AS_WRITTEN

# When NOT_LISTED wins but the controlled labels together hold at least this probability, the item is sent to
# review: a missed controlled good costs far more than a look by a broker. Chosen on the held-out split of
# the generated data, not on real evaluation text; every model card records the trade-off at several
# thresholds (metrics.heldout.review_threshold_sweep, written by training.metrics.label_metrics).
DEFAULT_REVIEW_THRESHOLD = 0.20
# Lower when the text names one of the list's items by an item's own term (naming.yaml entries): "品名：金属铽；
# 规格：Tb/TREM≥99.99%" (terbium metal) at 0.16. On the held-out split (``hscc evaluate --heldout 13``, its
# "verdicts" line, against the same with this set to 0.20) this flags 21 more listed texts and clears 3 fewer
# not-listed ones (of 4,779 and 5,285); the dev file is unchanged. At 0.05 it flagged 35 and lost 6, and sent a
# dev near miss to review (cemented-carbide rods named "tungsten carbide").
NAMED_REVIEW_THRESHOLD = 0.10
# A text that names no listed item or element at all (no term, element name, symbol or formula) is flagged only
# when the model is at least this sure of its label. The model has only its n-grams to go on there, and spreads its
# belief over many labels when the text is unlike anything it was trained on (a Chinese declaration of a cotton
# T-shirt read as graphite at 0.13). Below it the goods are cleared, unless the text holds something that may be a
# listed name the index does not know, or a high purity (``service.near_names``: "Bismurh", "GA", "tbf3", "99.99%"),
# which sends them to review. On the held-out split (``hscc evaluate --heldout 13``, "unnamed" line) this cleared 8
# texts labelled not listed and 1 listed one (of 5,285 and 4,779; without the near-names, a one-off script counted
# 15 and 15).
UNBACKED_CONTROLLED_MIN = 0.5
# A text that names an item with a threshold by the item's own term and states figures that meet it ("Sb2O3 4N5
# (99.995%)") goes to review even when the model reads it as not listed: the text says what the entry asks for.
# Only from this much model probability for the controlled labels together, because the check reads the text's
# figures (~40 µs): of the first 5,000 benchmark texts, 2,731 are read as not listed and 44 of those are in the band
# (a one-off count). On the held-out split (``hscc evaluate --heldout 13``) no verdict changed; a one-off script
# found one listed text there that names such an item and meets its threshold, at 0.00, below it.
NAMED_MET_MIN = 0.02
# Texts read as not listed with less weight than this on the listed items are not read again without their amounts:
# most ordinary goods lines (the naming scan that the second reading needs cost ~20 µs a text).
AMOUNT_REREAD_MIN = 0.01
# (entry, destination, day) combinations whose measures are remembered; a few hundred entries times a handful of
# destinations and days in use at a time.
MEASURES_MEMO_SIZE = 8192


_Names = dict[str, list[str]]
# Goods a text says are not on the list, whatever the model weighed (``Classifier._goods_not_listed``). Each rule: the
# Prediction field it fills, what it finds (arbiter, label, names, groups, text), and why that clears the goods
# (found, label, groups). In this order; the first that finds something decides. A table built once: the rules used
# to be closures built for every text the model flags.
NOT_LISTED_RULES: tuple[
    tuple[str, Callable[[Arbiter, str, _Names, _Names, str], list[str]], Callable[[list[str], str, _Names], str]], ...
] = (
    # "Copper sputtering target 99.99%" read as a rare-earth target: goods of an element that is not listed.
    (
        "foreign_goods",
        lambda arbiter, label, named, groups, text: arbiter.foreign_goods(label, groups, text),
        lambda found, label, groups: (
            f"the text's goods are {', '.join(found)} (not a listed element), and it names no listed element or item"
        ),
    ),
    # "Gallium(III) chloride 99.999%" read as a rare-earth compound, "氯化镓" as gallium scrap: a compound of a listed
    # element that the list does not name.
    (
        "unlisted_compounds",
        lambda arbiter, label, named, groups, text: arbiter.unlisted_compounds(named, groups, text),
        lambda found, label, groups: (
            f"the text's goods are {', '.join(found)}, a compound the list does not name, and it names no listed item"
        ),
    ),
    # "钨精矿 WO3 65%" read as a tungsten alloy, "锗精矿 Ge 15%" as germanium metal: an ore or a concentrate of an
    # element whose ores the list does not name.
    (
        "ores",
        lambda arbiter, label, named, groups, text: arbiter.unlisted_ores(named, groups, text),
        lambda found, label, groups: (
            f"the text's goods are an ore or a concentrate ({', '.join(found)}) of {' / '.join(sorted(groups))}, "
            "whose ores the list does not name"
        ),
    ),
    # "Tellurium copper rod (Te 0.5%)" read as tellurium metal: an alloy of the metal that predominates.
    (
        "minor_constituent",
        lambda arbiter, label, named, groups, text: arbiter.minor_constituent(label, named, text),
        lambda found, label, groups: (
            f"the text gives {', '.join(found)}: an alloy belongs to the metal that predominates by weight, "
            f"not {label}'s"
        ),
    ),
    # "运动鞋 石墨灰" (trainers, graphite grey) read as graphite: the only listed name in the text is a colour.
    (
        "colours",
        lambda arbiter, label, named, groups, text: arbiter.colour_only(named, groups, text),
        lambda found, label, groups: (
            f"the text names {', '.join(f'{c!r}' for c in found)} as a colour, and no listed item or element"
        ),
    ),
    # "Induction cooker 2000 W" read as tungsten: the symbol is a unit after a number, and nothing names the element.
    (
        "units",
        lambda arbiter, label, named, groups, text: arbiter.symbol_units(label, named, groups, text),
        lambda found, label, groups: (
            f"the text writes {', '.join(found)}: a symbol as a unit after a number, not the element, and it names "
            "no listed item or element"
        ),
    ),
    # "Gadolinium-free LED phosphor" read as a rare-earth compound, "Antimony-free PET preforms" as antimony: the
    # text uses listed names only to deny them. (A bag of words reads "gadolinium" whatever comes before it.)
    (
        "denials",
        lambda arbiter, label, named, groups, text: arbiter.denied_only(named, groups, text),
        lambda found, label, groups: (
            f"the text names listed goods only to deny them ({', '.join(f'{w!r}' for w in found)}), and no listed "
            "item or element otherwise"
        ),
    ),
    # "CdTe光伏组件 540W" read as cadmium telluride, "Servo motor with SmCo magnets" as a samarium alloy: the goods are
    # a finished article; the listed material only modifies it or is its part.
    (
        "articles",
        lambda arbiter, label, named, groups, text: arbiter.finished_article(text),
        lambda found, label, groups: (
            f"the text's goods are a finished article ({', '.join(found)}); the list names the material, not "
            "articles made with it"
        ),
    ),
)


class Classifier:
    """Model bundle + control list + naming knowledge -> ``Prediction`` per description."""

    def __init__(
        self,
        bundle: ModelBundle,
        controls: ControlIndex,
        naming: NamingIndex,
        review_threshold: float = DEFAULT_REVIEW_THRESHOLD,
        cache_size: int = 4096,
    ) -> None:
        unknown = [label for label in bundle.card.labels if not controls.is_label(label)]
        if unknown:
            raise ValueError(
                f"model {bundle.version} predicts labels the control list {controls.version} does not know: "
                f"{unknown[:5]}"
            )
        self.bundle = bundle
        self.controls = controls
        self.naming = naming
        self.review_threshold = review_threshold
        self._labels = list(bundle.card.labels)
        self._not_listed = self._labels.index(NOT_LISTED)
        self._arbiter = Arbiter(self._labels, controls, naming)
        self._near_names = NearNames(naming.naming)
        self._notices = Notices(controls)
        self._speller = Speller(naming.naming)
        self._cache: OrderedDict[tuple[str, int, str | None, date], Prediction] = OrderedDict()
        self._cache_size = cache_size
        self._cache_lock = Lock()
        # What a candidate shows for each label depends only on the control list: computed once, not per text.
        self._label_facts: list[tuple[str, str | None, str | None]] = []
        for label in self._labels:
            items = "; ".join(dict.fromkeys(e.item_en for e in controls.entries_for_label(label)))
            self._label_facts.append((label, label if label.isdigit() else None, items or None))
        # The control entries each label is for: a formula of one of them was read as what it says.
        self._label_entries = [frozenset(e.id for e in controls.entries_for_label(label)) for label in self._labels]
        # An entry's measures depend only on (entry, destination, day), not on the text: most texts of a day share
        # them. Cleared when full rather than LRU-ordered: callers choose destination and day freely.
        self._measures: dict[tuple[str, str | None, date], tuple[str, tuple[str, ...], tuple[str, ...]]] = {}

    @property
    def version(self) -> str:
        return self.bundle.version

    def predict(
        self,
        texts: list[str],
        top_k: int = 3,
        destination: str | None = None,
        as_of: date | None = None,
    ) -> list[Prediction]:
        decided = sorted(self.iter_predict(texts, top_k, destination, as_of), key=lambda pair: pair[0])
        return [prediction for _, prediction in decided]

    def iter_predict(
        self,
        texts: list[str],
        top_k: int = 3,
        destination: str | None = None,
        as_of: date | None = None,
        prefetch: bool = True,
        proba: np.ndarray | None = None,
    ) -> Iterator[tuple[int, Prediction]]:
        """``(position, prediction)`` for every text, in the order they are decided (remembered ones first), each
        with the notices of announcements outside the control list that name its goods (``service.notices``).

        A caller that turns predictions into something else (an API payload) does it while the model computes
        the next chunk, instead of after the last one; ``prefetch=False`` computes the chunks in this thread
        (``ModelBundle.iter_proba``). ``proba``: the model's probabilities for each text, computed elsewhere
        (``service.api.helper``): no model run here."""
        if proba is not None and len(proba) != len(texts):
            raise ValueError(f"{len(proba)} rows of probabilities for {len(texts)} texts")
        as_of = as_of or date.today()
        destination = destination.upper() if destination else None
        # Each distinct text not remembered, with its positions: a manifest repeats lines, and a repeat within
        # one batch is not in the cache yet when the model runs (the cache is filled as texts are decided), so
        # without this every repeat would be computed and decided again.
        todo: dict[str, list[int]] = {}
        for i in range(len(texts)):
            hit = self._cache_get((texts[i], top_k, destination, as_of))
            if hit is None:
                todo.setdefault(texts[i], []).append(i)
            else:
                yield i, hit
        if not todo:
            return
        distinct = list(todo)
        depth = max(top_k, RERANK_DEPTH)
        # Chunk by chunk: the model computes the next chunk while this thread decides on the current one.
        chunks: Iterable[tuple[list[int], np.ndarray]]
        if proba is None:
            chunks = self.bundle.iter_proba(distinct, raw=True, prefetch=prefetch)
        else:
            chunks = [(list(range(len(distinct))), proba[[todo[text][0] for text in distinct]])]
        for rows, chunk in chunks:
            # Labels by falling probability, ties in label order, for the whole chunk at once.
            orders = top_labels(chunk, depth)
            for row, position in enumerate(rows):
                text = distinct[position]
                prediction = self.decide(text, chunk[row], top_k, destination, as_of, orders[row])
                # Announcements outside the control list that name the goods, of the text as written (a second
                # reading only respells it). The prediction was just built: no one else holds it yet.
                prediction.notices = self._notices.find(text, as_of)
                self._cache_put((text, top_k, destination, as_of), prediction)
                for i in todo[text]:
                    yield i, prediction

    def remembered(self, text: str, top_k: int, destination: str | None, as_of: date) -> bool:
        """Whether ``iter_predict`` would answer ``text`` from its cache (``destination`` upper case), without a
        model run: for a caller that shares out the texts that need one (``service.api.helper``)."""
        if not self._cache_size:
            return False
        with self._cache_lock:
            return (text, top_k, destination, as_of) in self._cache

    def limit_cache(self, size: int) -> None:
        """Remember at most ``size`` answers from now on (the oldest are forgotten first): for a copy of this
        classifier that needs less memory (``service.api.helper_process``)."""
        with self._cache_lock:
            self._cache_size = max(0, size)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    # -- cache: identical descriptions are common in manifests; predictions are pure functions of the key --
    def _cache_get(self, key: tuple[str, int, str | None, date]) -> Prediction | None:
        if not self._cache_size:
            return None
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
            return hit

    def _cache_put(self, key: tuple[str, int, str | None, date], value: Prediction) -> None:
        if not self._cache_size:
            return
        with self._cache_lock:
            self._cache[key] = value
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    # -- the decision for one text --
    def _candidates(self, proba: np.ndarray, order: list[int], top_k: int) -> list[Candidate]:
        out = []
        for j in order[:top_k]:
            label, hs_code, item = self._label_facts[j]
            out.append(Candidate(label, hs_code, float(proba[j]), item))
        return out

    def decide(
        self,
        text: str,
        proba: np.ndarray,
        top_k: int,
        destination: str | None,
        as_of: date,
        order: list[int] | None = None,
        respell: bool = True,
    ) -> Prediction:
        """The verdict for ``text`` given the model's probabilities over ``self.bundle.card.labels`` (without
        notices, which ``iter_predict`` adds).

        ``order``: label positions by falling probability, ties in label order, at least
        ``max(top_k, RERANK_DEPTH)`` of them (computed here when not given). ``respell``: whether a text that holds
        a purity written as a fraction, or a misspelt listed name when read as not listed, is read again with them
        written as the model knows them (``service.spelling``)."""
        if order is None:
            order = top_labels(proba, max(top_k, RERANK_DEPTH))[0]
        candidates = self._candidates(proba, order, top_k)
        best = order[0]  # argmax's choice too: the first of the highest
        label, p_best = self._labels[best], float(proba[best])
        p_controlled = float(1.0 - proba[self._not_listed])
        reasons: list[str] = []

        if respell:
            # Names only for texts the model reads as not listed: a misspelt name it did recognise needs no second
            # reading. A fineness (".9999") in any text: the model took a bismuth bar of ".9999" for another line.
            not_listed = label == NOT_LISTED
            # An amount pulls a short line towards "not listed" ("GeO2 5N 25kg": 0.59, "GeO2 5N": 0.22): a text read
            # so that names a listed item is read again without its amounts.
            amounts = (
                not_listed
                and p_controlled >= AMOUNT_REREAD_MIN
                and AMOUNT_AS_WRITTEN.search(text) is not None
                and bool(self.naming.find_names(text)[0])
            )
            # A listed item's formula the model did not read as that item ("GeO2 powder" as not listed): read again
            # with the item's name, which the model knows better.
            respelling = self._speller.respell(
                text, names=not_listed, amounts=amounts, label_entries=self._label_entries[best]
            )
            if respelling is not None:
                return self._decide_respelled(respelling, top_k, destination, as_of, not_listed)

        if label == NOT_LISTED:
            runner_up = order[1]
            p_runner = float(proba[runner_up])
            threshold, why = self.review_threshold, ""
            named_threshold = min(NAMED_REVIEW_THRESHOLD, threshold)
            # The naming scan only for the few texts in the band: most not-listed texts are far below it.
            if named_threshold <= p_controlled < threshold and self.naming.find_names(text)[0]:
                threshold, why = named_threshold, " for a text that names a listed item"
            elif NAMED_MET_MIN <= p_controlled < threshold and self._names_met_item(text):
                threshold, why = NAMED_MET_MIN, " for a text that names a listed item and meets its threshold"
            # The list names every compound and mixture of the listed rare earths: a text naming one is for a person
            # to judge whatever the model weighed ("europium oxide with small amounts of gadolinium oxide"). A cheap
            # pattern keeps the scan to texts that may name one (its cost: ``python -m benchmarks.text_rules``).
            # Held-out split (``hscc evaluate --heldout 13``): listed flagged 4,588 -> 4,600, not listed cleared
            # 5,259 -> 5,255.
            elif p_controlled < threshold and (every := self.naming.every_compound_listed(text)):
                threshold, why = 0.0, f" for a text that names {', '.join(every)}, whose every compound is listed"
            if p_controlled < threshold:
                reasons.append(f"not on the control list (probability {fmt_p(p_best)})")
                return Prediction(label, None, p_best, candidates, "not_controlled", [], reasons)
            # Uncertain: judge the most likely controlled label, but never call it controlled on a minority vote.
            label, p_best = self._labels[runner_up], p_runner
            # A threshold of 0 is no threshold: "review from 0.00" read as a figure the model had to reach.
            review_from = f"review from {fmt_p(threshold)}" if threshold else "review at any probability"
            reasons.append(
                f"model uncertain: not on the list {fmt_p(1 - p_controlled)}, controlled items together "
                f"{fmt_p(p_controlled)} ({review_from}{why})"
            )
            uncertain = True
        else:
            uncertain = False

        # One pass of the naming index per decision: it arbitrates between close labels, narrows shared codes
        # and names the evidence.
        named, groups = self.naming.find_names(text)
        model_label = label
        label, p_best = self._arbiter.choose(label, p_best, proba, order, text, named, uncertain, reasons)
        cleared = self._goods_not_listed(label, p_best, named, groups, text)
        if cleared is not None:
            why, found = cleared
            return self._cleared(proba, candidates, [why, *reasons], **found)
        other_elements = [] if uncertain else self._arbiter.other_elements(label, groups, text)
        if other_elements:
            # "Gallium 99.999%" read as a rare-earth compound: the text names another element and none of
            # the item's. The label is then almost always wrong (see ``hscc evaluate --heldout``), and whether
            # any item fits is for a person to say.
            item_groups = sorted(self._arbiter.groups_of(label))
            reasons.append(
                f"the text names {', '.join(other_elements)}, not {' / '.join(item_groups)} as {label}'s items "
                "need: review"
            )
            uncertain = True
            # The item the text names, if it names one, is the better guess at the code for the person to check
            # ("碲锭 99.999%" read as bismuth: tellurium metal), whatever the model's probability for it.
            label, p_best = self._arbiter.named_instead(label, p_best, proba, named, reasons)
        uses = [] if uncertain else self._arbiter.listed_only_as_use(label, named, groups, text)
        if uses:
            # "Quartz crucible for GaAs VGF growth" read as gallium arsenide: the listed name is the goods' use. What
            # the goods are is for a person to say (a substrate "for GaN epitaxy" may be a GaN template).
            reasons.append(
                f"the text names {', '.join(map(repr, uses))} only as the goods' use, and no listed item before it: "
                "review"
            )
            uncertain = True
        if not uncertain and self._arbiter.goods_as_technology(label, text):
            # "Synthetic diamond single crystal 2mm" read as the process technology for growing such crystals: the
            # entry is the technology; whether the goods themselves are on the list is for a person to say.
            reasons.append(f"{label} is technology, and the text names goods, with no word of technology: review")
            uncertain = True
        compounds = [] if uncertain else self._arbiter.compounds_for_metal(label, text)
        if compounds:
            # "Tellurium dioxide TeO2" read as tellurium metal: the compound's name or formula says which goods
            # these are.
            reasons.append(f"the text states the compound {', '.join(compounds)}; {label} is for the metal: review")
            uncertain = True
        candidates_for_label = self.controls.entries_for_label(label)
        terms = {e.id: named[e.id] for e in candidates_for_label if e.id in named}
        entries = self._narrow(label, candidates_for_label, terms, groups, reasons)
        # Read only when a threshold will ask: most entries have none, and reading costs ~40 µs a text.
        thresholds = any(e.requires is not None for e in entries)
        params = extract_params(text) if thresholds else Params()
        goods = self._arbiter.goods_part(text) if thresholds else text
        matches = [
            self._match(text, goods, e, terms.get(e.id, []), params, destination, as_of, reasons) for e in entries
        ]
        outcomes = {m.outcome for m in matches}
        names_nothing = (
            p_best < UNBACKED_CONTROLLED_MIN
            and bool(outcomes - {"not_met"})
            and not self._arbiter.names_listed_goods(named, groups, text)
        )
        if names_nothing and not self._near_names.find(text):
            why = (
                f"not on the control list: the text names no listed item or element, nor anything spelled like one, "
                f"and the model gives {label} only {fmt_p(p_best)} (flagged from {fmt_p(UNBACKED_CONTROLLED_MIN)} "
                "without a name)"
            )
            return self._cleared(proba, candidates, [why], unnamed=True)
        unbacked = names_nothing and "met" in outcomes and not uncertain
        if unbacked:
            reasons.append(
                f"the text names no listed item or element, and the model gives {label} only {fmt_p(p_best)} "
                f"(controlled from {fmt_p(UNBACKED_CONTROLLED_MIN)} without a name): review"
            )
            uncertain = True
        if "met" in outcomes and not uncertain:
            status = "controlled"
            matches = [m for m in matches if m.outcome == "met"]
        elif outcomes - {"not_met"}:
            status = "review"
            matches = [m for m in matches if m.outcome != "not_met"] if not uncertain else matches
        else:
            status = "not_controlled"
        hs_code = label if label.isdigit() else None
        reasons.insert(0, self._identified(label, p_best, entries))
        arbitrated_from = model_label if label != model_label else None
        return Prediction(
            label,
            hs_code,
            p_best,
            candidates,
            status,
            matches,
            reasons,
            arbitrated_from,
            other_elements,
            unbacked=unbacked,
            uses=uses,
        )

    def _goods_not_listed(
        self, label: str, p: float, named: dict[str, list[str]], groups: dict[str, list[str]], text: str
    ) -> tuple[str, dict[str, list[str]]] | None:
        """Why the text's goods are not on the list, whatever the model weighed, and the Prediction field that says
        what they are; None when the text does not say so (``NOT_LISTED_RULES``, the first that finds something)."""
        for field_name, find, explain in NOT_LISTED_RULES:
            found = find(self._arbiter, label, named, groups, text)
            if found:
                read = f"the model read {label} ({fmt_p(p)})"
                return f"not on the control list: {explain(found, label, groups)}; {read}", {field_name: found}
        return None

    def _decide_respelled(
        self, respelling: Respelling, top_k: int, destination: str | None, as_of: date, read_not_listed: bool
    ) -> Prediction:
        """The verdict for the text as read again (``service.spelling``: names spelled right, fractions, symbols and
        formulas written out, amounts left out): a second model run, for the few texts that need one.
        ``read_not_listed``: whether the model read the text as written as not listed."""
        proba = self.bundle.predict_proba([self.bundle.model_input(respelling.text)])[0]
        decided = self.decide(respelling.text, proba, top_k, destination, as_of, respell=False)
        read = ", ".join(
            f"{written!r} as {right!r} ({why})" if right else f"without {written!r} ({why})"
            for written, right, why in respelling.words
        )
        reasons = [f"read {read}", *decided.reasons]
        respelled = [f"{written} -> {right}" for written, right, _ in respelling.words]
        # A second reading the model would not vouch for goes to a person, not to "controlled": a misspelling is a
        # guess ("Galium aparine" is the bedstraw genus), and goods made with a listed compound are often named by its
        # formula ("GaAs RF power amplifier MMIC", read as not listed as written). As for a text that names nothing
        # (``unbacked``).
        unsure = decided.status == "controlled" and decided.confidence < UNBACKED_CONTROLLED_MIN
        guessed = [right for _, right, why in respelling.words if why == MISSPELT]
        formulas = [right for _, right, why in respelling.words if why == FORMULA] if read_not_listed else []
        p_label = f"{decided.label} only {fmt_p(decided.confidence)}"
        floor = fmt_p(UNBACKED_CONTROLLED_MIN)
        if unsure and guessed:
            why = (
                f"the name {', '.join(map(repr, guessed))} is read from a misspelling and the model gives {p_label} "
                f"(controlled from {floor} on a guessed name): review"
            )
        elif unsure and formulas:
            why = (
                f"the model read the text as not listed with the formula as written, and gives {p_label} with the name "
                f"{', '.join(map(repr, formulas))} (controlled from {floor} then): review"
            )
        else:
            return replace(decided, reasons=reasons, respelled=respelled)
        return replace(decided, status="review", reasons=[*reasons, why], respelled=respelled)

    def _names_met_item(self, text: str) -> bool:
        """Whether ``text`` names an item with a threshold by the item's own term, and states figures that meet it:
        "Sb2O3 4N5 (99.995%)" names antimony oxide and meets its purity."""
        named = self.naming.find_names(text)[0]
        entries = [e for e in map(self.controls.entry, named) if e.requires is not None]
        if not entries:
            return False
        params = extract_params(text)
        goods = self._arbiter.goods_part(text)
        return any(evaluate(e.requires, params, text, goods).outcome == "met" for e in entries)

    def _cleared(self, proba: np.ndarray, candidates: list[Candidate], reasons: list[str], **found: Any) -> Prediction:
        """Not controlled by what the text says, whatever the model weighed (``found``: the Prediction field that
        says what). The probability stays the model's own for "not listed"."""
        p_not_listed = float(proba[self._not_listed])
        return Prediction(NOT_LISTED, None, p_not_listed, candidates, "not_controlled", [], reasons, **found)

    def _identified(self, label: str, p: float, entries: list[Entry]) -> str:
        items = "; ".join(dict.fromkeys(e.item_en for e in entries))
        code = label if label.isdigit() else "no reference code"
        return f"identified as {items} ({code}) with probability {fmt_p(p)}"

    def _narrow(
        self,
        label: str,
        entries: list[Entry],
        terms: dict[str, list[str]],
        groups: dict[str, list[str]],
        reasons: list[str],
    ) -> list[Entry]:
        """Entries under ``label``; where several share it, keep those whose names occur in the text."""
        if len(entries) <= 1:
            return entries
        named = [e for e in entries if terms.get(e.id)]
        by_group = [e for e in (named or entries) if e.group in groups]
        kept = by_group or named
        if kept and len(kept) < len(entries):
            reasons.append(
                f"{label} is shared by {len(entries)} items; kept "
                + ", ".join(e.id for e in kept)
                + " by the names in the text"
            )
            return kept
        return entries

    def _match(
        self,
        text: str,
        goods: str,
        entry: Entry,
        terms: list[str],
        params: Params,
        destination: str | None,
        as_of: date,
        reasons: list[str],
    ) -> Match:
        if terms:
            reasons.append(f"{entry.id}: named by " + ", ".join(f"'{t}'" for t in terms))
        evaluation = evaluate(entry.requires, params, text, goods)
        reasons.extend(f"{entry.id}: {r}" for r in evaluation.reasons)
        measure, destination_measures, upcoming = self._measures_for(entry, destination, as_of)
        return Match(
            entry=entry,
            outcome=evaluation.outcome,
            measure=measure,
            destination_measures=list(destination_measures),
            upcoming=list(upcoming),
        )

    def _measures_for(
        self, entry: Entry, destination: str | None, as_of: date
    ) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        key = (entry.id, destination, as_of)
        hit = self._measures.get(key)
        if hit is None:
            report = measures_for(
                entry,
                self.controls.announcements,
                self.controls.controls.destination_measures,
                destination,
                as_of,
                known_until=self.controls.controls.latest_material,
            )
            hit = (report.measure, tuple(report.destination_measures), tuple(report.upcoming))
            if len(self._measures) >= MEASURES_MEMO_SIZE:
                self._measures.clear()
            self._measures[key] = hit
        return hit
