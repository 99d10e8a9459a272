"""What a decision returns: a ``Prediction`` per description, with its ``Candidate`` labels and its ``Match``es on the
control list. Plain data, built by ``service.classifier.Classifier`` and read by the API, the CLI and evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from service.controls import Entry


class Candidate(NamedTuple):
    """One of the model's likeliest labels. A named tuple rather than a frozen dataclass: every prediction
    holds ``top_k`` of them, and a frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field) made
    building them a tenth of a decision."""

    label: str
    hs_code: str | None
    probability: float
    item: str | None


# Match and Prediction are not frozen: a frozen dataclass's ``__init__`` sets every field through
# ``object.__setattr__``, and a prediction (19 fields, one or two a text) took about four times as long to build
# that way (``python -m timeit -s "from service.classifier import Prediction" "Prediction('x', None, 0.5, [],
# 'controlled')"`` here and in a tree of 497e7bd). They are still shared, from the cache and between a batch's
# repeats: nothing may change one after it is built (its lists were never protected by ``frozen`` either).
@dataclass(slots=True)
class Match:
    entry: Entry
    outcome: str  # met | unknown | not_met
    measure: str
    destination_measures: list[str]
    upcoming: list[str]


@dataclass(slots=True)
class Prediction:
    label: str
    hs_code: str | None
    confidence: float
    candidates: list[Candidate]
    status: str  # controlled | review | not_controlled
    matches: list[Match] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    arbitrated_from: str | None = None  # the model's label when the names in the text chose another one
    other_elements: list[str] = field(default_factory=list)  # named instead of the label's elements: review
    foreign_goods: list[str] = field(default_factory=list)  # the unlisted elements the goods are made of: cleared
    unlisted_compounds: list[str] = field(default_factory=list)  # compounds the list does not name: cleared
    colours: list[str] = field(default_factory=list)  # listed names used only as colours ("石墨灰"): cleared
    minor_constituent: list[str] = field(default_factory=list)  # the metal is under half of an alloy: cleared
    articles: list[str] = field(default_factory=list)  # a finished article made with a listed material: cleared
    # an ore or a concentrate of an element whose ores the list does not name: cleared
    ores: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # the element's symbol only as a unit ("2000 W (watts)"): cleared
    denials: list[str] = field(default_factory=list)  # listed names only denied ("Gadolinium-free"): cleared
    uses: list[str] = field(default_factory=list)  # listed names only in the goods' use ("for GaAs growth"): review
    unbacked: bool = False  # would be controlled, but the text names nothing listed and the model is unsure: review
    respelled: list[str] = field(default_factory=list)  # read as written right ("Galium -> Gallium", ".9999 -> 99.99%")
    unnamed: bool = False  # would be flagged, but the text names nothing listed, nor anything like it: cleared
    # announcements outside the control list that name the goods, with their status on the day (service.notices)
    notices: list[str] = field(default_factory=list)

    @property
    def decided_by(self) -> str:
        """``"text"`` when the words of the text chose the answer over the model's first reading (an item it
        names, a form it does not state, goods of an unlisted element, a listed name used only as a colour, a
        finished article, an ore the list does not name, a symbol used as a unit, listed names it only denies, or
        no listed name at all):
        ``confidence`` is then the model's probability for an answer it did not rank first, and can be low.
        ``"model"`` otherwise: the model's first reading (of the text with a misspelt listed name spelled right,
        ``respelled``), or its likeliest listed item when "not listed" led without enough weight."""
        cleared_by_text = (
            self.foreign_goods
            or self.unlisted_compounds
            or self.colours
            or self.minor_constituent
            or self.articles
            or self.ores
            or self.units
            or self.denials
            or self.unnamed
        )
        return "text" if self.arbitrated_from is not None or cleared_by_text else "model"
