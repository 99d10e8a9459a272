"""The REST contract. Logistics systems code against these names: change them only with a new API version."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    model_validator,
)

from service.config import LATEST_AS_OF

Status = Literal["controlled", "review", "not_controlled"]
InvalidItems = Literal["reject", "report"]
Outcome = Literal["met", "unknown", "not_met"]
Detail = Literal["full", "compact"]
DecidedBy = Literal["model", "text"]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClassifyItem(_Schema):
    id: str | None = Field(default=None, max_length=200, description="caller's id; default: the item's index")
    # Length and emptiness limits are settings, checked in the route so the message names the item.
    description: str = Field(description="free-text product description, English or Chinese")


def _is_item_error(loc: tuple[int | str, ...]) -> bool:
    return len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int)


class InvalidItem(ClassifyItem):
    """Holds the place of an item that failed validation (``ClassifyRequest`` sets such items aside); never
    classified, and no part of the published schema."""

    errors: list[dict[str, Any]] = Field(default_factory=list, exclude=True)

    @classmethod
    def set_aside(cls, raw: Any, errors: list[dict[str, Any]]) -> InvalidItem:
        """The place holder of ``raw``, with its id if that much is valid (the item's result echoes it)."""
        try:
            return cls(id=raw.get("id") if isinstance(raw, dict) else None, description="", errors=errors)
        except ValidationError:
            return cls(description="", errors=errors)


class ClassifyRequest(_Schema):
    items: list[ClassifyItem] = Field(description="one or more descriptions; results come back in this order")
    top_k: int = Field(default=3, ge=1, le=20, description="how many candidate codes to return per item")
    destination: str | None = Field(
        default=None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 destination country"
    )
    as_of: date | None = Field(
        default=None,
        le=LATEST_AS_OF,
        description=f"date the measures are judged on; default today (UTC); at most {LATEST_AS_OF}",
    )
    invalid_items: InvalidItems = Field(
        default="reject",
        description="what a bad item does (an empty, missing, too long or mistyped description, a bad id): "
        "'reject' answers 422 naming every bad item and classifies none; 'report' classifies the others and puts "
        "an ItemError in each bad item's place",
    )
    detail: Detail = Field(
        default="full",
        description="'full': each item with its candidates, reasons and the matched entries' texts, measures and "
        "sources (ItemResult); 'compact': the verdict and what to look it up by (CompactItemResult), about a "
        "quarter of the bytes, for systems that store or route on the verdict",
    )

    @model_validator(mode="wrap")
    @classmethod
    def _set_aside_invalid_items(
        cls, data: Any, handler: ModelWrapValidatorHandler[ClassifyRequest]
    ) -> ClassifyRequest:
        """Items that are not valid ``ClassifyItem``s are set aside, each as an ``InvalidItem`` holding its errors,
        rather than failing validation: in 'report' mode each gets its own error result; in 'reject' mode the route
        refuses the request naming them together with the items' other problems (empty, too long), which only
        the route can see. Anything wrong with the request itself fails validation as usual."""
        if not (isinstance(data, dict) and isinstance(data.get("items"), list)):
            return handler(data)
        if data.get("invalid_items") != "report":
            try:
                return handler(data)  # the usual case, at the usual cost
            except ValidationError as exc:
                if not all(_is_item_error(e["loc"]) for e in exc.errors()):
                    raise
        items: list[ClassifyItem] = []
        for i, raw in enumerate(data["items"]):
            try:
                items.append(ClassifyItem.model_validate(raw))
            except ValidationError as exc:
                errors = [{**e, "loc": ("items", i, *e["loc"])} for e in exc.errors(include_url=False)]
                items.append(InvalidItem.set_aside(raw, errors))
        return handler({**data, "items": items})


class Candidate(_Schema):
    hs_code: str | None = Field(description="10-digit code; null for a controlled item the list gives no code")
    label: str = Field(description="classifier label: the code, a NOCODE:… item label, or NOT_LISTED")
    probability: float = Field(ge=0, le=1)
    item: str | None = Field(description="control-list item text; null for NOT_LISTED")


class ControlMatch(_Schema):
    entry_id: str
    group: str
    item: str
    item_zh: str | None
    control_code: str | None
    hs_codes: list[str]
    outcome: Outcome = Field(description="thresholds met, undecided for lack of a fact, or clearly failed")
    measure: str = Field(description="the measure that applies on as_of for the destination")
    announcement_id: str = Field(description="control-list id of the announcement, e.g. mofcom-2023-23")
    announcement: str = Field(description="the announcement's title")
    effective: date
    destination_measures: list[str] = Field(description="destination-specific measures and their status")
    upcoming: list[str] = Field(description="changes to these measures soon after as_of")
    source: str


class ItemResult(_Schema):
    id: str
    hs_code: str | None = Field(description="best appendix code, or null when 'not on the list' wins")
    confidence: float = Field(ge=0, le=1, description="the model's probability of that answer")
    decided_by: DecidedBy = Field(
        description="'model': the answer is the model's reading (its first, or its likeliest listed item when "
        "'not listed' led without enough weight); 'text': the words of the text chose it over that reading (an "
        "item the text names, a form it does not state, goods of an unlisted element, a compound the list does not "
        "name, a listed name used only as a colour, an alloy of another metal, a finished article, an ore the list "
        "does not name, listed names it only denies, no listed name at all), so "
        "confidence, still the model's probability of the answer, can be low; the reasons say what decided"
    )
    candidates: list[Candidate]
    status: Status
    matches: list[ControlMatch]
    reasons: list[str]
    notices: list[str] = Field(
        description="announcements outside the control list that name the goods (e.g. 2025 No. 57's erbium items), "
        "each with its status on the day; the verdict is on the control list only and does not include them"
    )


class CompactMatch(_Schema):
    """A ``ControlMatch`` without its texts: the entry, the outcome and the measures that apply."""

    entry_id: str
    control_code: str | None
    outcome: Outcome
    measure: str
    announcement_id: str
    destination_measures: list[str]


class CompactItemResult(_Schema):
    """An ``ItemResult`` without its candidates, reasons and texts (``detail: "compact"``): the same verdict."""

    id: str
    hs_code: str | None
    confidence: float = Field(ge=0, le=1)
    decided_by: DecidedBy
    status: Status
    matches: list[CompactMatch]
    notices: list[str]


class ErrorDetail(_Schema):
    field: str | None = Field(description="path of the bad value, e.g. items[3].description")
    message: str


class ErrorBody(_Schema):
    code: str = Field(description="machine-readable kind, e.g. invalid_request, payload_too_large")
    message: str = Field(description="one line for a person; names the first bad field")
    details: list[ErrorDetail] = []


class ErrorResponse(_Schema):
    error: ErrorBody


class ItemError(_Schema):
    """A bad item's place in the results (``invalid_items: "report"``): the API's error shape, for this item."""

    id: str = Field(description="caller's id when it was valid; else the item's index")
    status: Literal["error"]
    error: ErrorBody


class ClassifyResponse(_Schema):
    model_version: str
    controls_version: str
    as_of: date
    destination: str | None
    results: list[ItemResult | CompactItemResult | ItemError] = Field(
        description="one per item, in request order: ItemResult, or CompactItemResult with detail 'compact'; "
        "ItemError only with invalid_items 'report'"
    )


class Health(_Schema):
    status: Literal["ok", "loading"]
    model_version: str | None = None


class Limits(_Schema):
    model_version: str | None
    controls_version: str
    max_items: int
    max_description_chars: int
    max_body_bytes: int


class ModelInfo(_Schema):
    model_config = ConfigDict(extra="allow")

    version: str
    card: dict[str, Any]
