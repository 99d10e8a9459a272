"""Schema of the control list: the one validated file that says what is controlled, where and since when.

Everything the service knows about the controls (items, codes, thresholds, announcements, destination
measures, suspensions) lives in ``service/data/controls.yaml`` and is validated here at load. Code never
names an item; it reads entries.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Group = Literal[
    "gallium",
    "germanium",
    "graphite",
    "antimony",
    "superhard",
    "tungsten",
    "tellurium",
    "bismuth",
    "molybdenum",
    "indium",
    "samarium",
    "gadolinium",
    "terbium",
    "dysprosium",
    "lutetium",
    "scandium",
    "yttrium",
]

HsCode = Annotated[str, Field(pattern=r"^\d{10}$")]
# Classifier label for a controlled item that the announcement gives no reference code (alloys, magnets,
# technology). Several entries may share one when their descriptions cannot be told apart by text alone
# (e.g. NdFeB magnets containing Dy or Tb); the rules then decide between them.
PseudoCode = Annotated[str, Field(pattern=r"^NOCODE:[a-z0-9][a-z0-9-]*$")]
EntryId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]

# Parameters the extractor (service/params/) can read from a description. A threshold names one of these.
Param = Literal[
    "purity_pct",  # purity of the named material, % (5N -> 99.999)
    "composition_pct",  # content of one element by weight, %; needs `element`
    "particle_size_um",  # particle / grain size, µm (mesh converted)
    "density_g_cm3",
    "flexural_strength_mpa",
    "elastic_limit_mpa",
    "tensile_strength_mpa",
    "elongation_pct",
    "diameter_mm",  # outer diameter of a cylinder, disc, window or wafer
    "inner_diameter_mm",
    "wall_thickness_mm",
    "length_mm",
    "block_dims_mm",  # the three edges of a block, compared edge-wise after sorting (largest first)
    "bore_mm",  # cylinder bore of a press
    "power_kw",
    "frequency_mhz",
    "pressure_gpa",
    "transmittance_pct",
    "dislocation_density_cm2",  # dislocations per cm²
]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Comparison(StrictModel):
    """A numeric threshold: ``<param> <op> <value>``, e.g. purity_pct >= 99.99."""

    param: Param
    op: Literal[">=", ">", "<=", "<", "in"]
    # A number; a list of numbers for "in" (e.g. 915 or 2450 MHz); for block_dims_mm the edges, largest first.
    value: float | list[float]
    element: str | None = Field(default=None, description="element symbol for composition_pct, e.g. 'W'")
    or_purity: bool = Field(
        default=False,
        description="composition_pct only: a stated purity is the element's content when the text states no "
        "composition (the purity of solid tungsten is its tungsten content); a stated composition decides alone",
    )
    label: str = Field(description="how a person names the quantity, e.g. 'purity' or 'tungsten content'")
    tolerance: float = Field(default=0.0, ge=0, description="absolute slack for 'in' comparisons")
    unless: list[str] = Field(
        default=[],
        description="words for goods the test is not for: the dislocation test of single crystals does not apply "
        "to a text that says 'polycrystal' (not met). Read in the part of the text that names the goods, before "
        "their use ('Mo powder for sheet rolling' is no sheet)",
    )
    kept_by: list[str] = Field(
        default=[],
        description="words for the goods the test is for ('powder'): where the goods are called so too, an "
        "`unless` word does not rule the test out ('Mo powder, target grade' is powder)",
    )

    @model_validator(mode="after")
    def _check_shape(self) -> Comparison:
        if self.param == "composition_pct" and not self.element:
            raise ValueError("composition_pct needs an element")
        if self.or_purity and self.param != "composition_pct":
            raise ValueError("or_purity goes with composition_pct only")
        if self.kept_by and not self.unless:
            raise ValueError("kept_by goes with unless only")
        if isinstance(self.value, list) != (self.op == "in" or self.param == "block_dims_mm"):
            raise ValueError(f"{self.param} {self.op}: a list value goes with 'in' or block_dims_mm only")
        return self


class Mentions(StrictModel):
    """A fact that only words can state (e.g. 'contains dysprosium'): met when any term occurs in the text,
    unknown otherwise — absence of a word is never taken as proof. Where the fact is a constituent
    (``element``), a composition that states it is a mention too, and a composition that leaves no room for
    it (``service.rules.ABSENT_SHARE_PCT``) is proof of absence."""

    mentions: list[str] = Field(min_length=1)
    label: str
    element: str | None = Field(
        default=None, pattern=r"^[A-Z][a-z]?$", description="element symbol when the fact is a constituent"
    )
    unless: list[str] = Field(
        default=[], description="words that state the opposite: 'flat' for a curved window (not met)"
    )


class AllOf(StrictModel):
    all_: list[Condition] = Field(alias="all", min_length=1)


class AnyOf(StrictModel):
    any_: list[Condition] = Field(alias="any", min_length=1)


Condition = Union[Comparison, Mentions, AllOf, AnyOf]  # noqa: UP007 - recursive alias needs Union
AllOf.model_rebuild()
AnyOf.model_rebuild()


class Correction(StrictModel):
    """A place where the entry deliberately differs from the appendix as printed."""

    printed: str = Field(description="what the appendix prints")
    held: str = Field(description="what this file holds instead")
    reason: str
    source: str = Field(description="research-notes section or URL")


class Suspension(StrictModel):
    start: date
    end: date = Field(description="last day of the suspension (inclusive)")
    by: str = Field(description="announcement id that suspends")
    source: str

    @model_validator(mode="after")
    def _ordered(self) -> Suspension:
        if self.end < self.start:
            raise ValueError("suspension ends before it starts")
        return self


class Announcement(StrictModel):
    id: EntryId
    title: str
    published: date
    effective: date
    measure: str = Field(description="what it requires, e.g. 'export licence required for all destinations'")
    status: str = Field(description="status at the latest material, in words")
    suspensions: list[Suspension] = []
    covers: list[str] = Field(
        default=[],
        description=(
            "names of goods the announcement controls that no entry of the list is for (an announcement outside "
            "appendix A, e.g. 2025 No. 57's erbium): a text that names one gets a notice of the announcement and "
            "its status on the day, its verdict unchanged"
        ),
    )
    source: str


class DestinationMeasure(StrictModel):
    """A measure that applies to some destinations only (e.g. 2024 No. 46 clause 2 for the US)."""

    id: EntryId
    announcement: str
    destinations: list[CountryCode] = Field(min_length=1)
    groups: list[Group] = Field(description="groups it covers; empty = every group", default=[])
    measure: str
    effective: date
    suspensions: list[Suspension] = []
    source: str


class Entry(StrictModel):
    id: EntryId
    group: Group
    control_code: str | None = Field(default=None, description="e.g. '1C905.b'; null where none is given")
    item_en: str
    item_zh: str | None = None
    kind: Literal["goods", "technology"] = "goods"
    codes: list[HsCode] = Field(default=[], description="reference 10-digit codes; empty when none given")
    pseudo_code: PseudoCode | None = None
    requires: Condition | None = Field(default=None, description="thresholds; null = controlled once identified")
    announcement: str
    verification: Literal["V", "P", "U"] = Field(description="research-notes label for this entry")
    source: str
    corrections: list[Correction] = []
    notes: str | None = None

    @model_validator(mode="after")
    def _code_or_pseudo(self) -> Entry:
        if bool(self.codes) == bool(self.pseudo_code):
            raise ValueError(f"entry {self.id}: give codes or a pseudo_code, not both or neither")
        if len(set(self.codes)) != len(self.codes):
            raise ValueError(f"entry {self.id}: duplicate codes")
        return self

    @property
    def labels(self) -> list[str]:
        """The classifier labels that point at this entry."""
        return list(self.codes) if self.codes else [str(self.pseudo_code)]


class ControlList(StrictModel):
    version: str = Field(pattern=r"^\d{4}\.\d{2}\.\d{2}(\.\d+)?$", description="YYYY.MM.DD[.n]")
    latest_material: date = Field(description="date of the newest source consulted")
    announcements: list[Announcement]
    destination_measures: list[DestinationMeasure] = []
    entries: list[Entry]

    @field_validator("entries")
    @classmethod
    def _unique_ids(cls, entries: list[Entry]) -> list[Entry]:
        seen: set[str] = set()
        for e in entries:
            if e.id in seen:
                raise ValueError(f"duplicate entry id {e.id!r}")
            seen.add(e.id)
        return entries

    @model_validator(mode="after")
    def _references_resolve(self) -> ControlList:
        known = {a.id for a in self.announcements}
        for e in self.entries:
            if e.announcement not in known:
                raise ValueError(f"entry {e.id}: unknown announcement {e.announcement!r}")
        for m in self.destination_measures:
            if m.announcement not in known:
                raise ValueError(f"destination measure {m.id}: unknown announcement {m.announcement!r}")
        return self
