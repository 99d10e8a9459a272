"""The REST contract. Logistics systems code against these names: change them only with a new API version."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from service.config import LATEST_AS_OF

Status = Literal["controlled", "review", "not_controlled"]
Outcome = Literal["met", "unknown", "not_met"]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClassifyItem(_Schema):
    id: str | None = Field(default=None, max_length=200, description="caller's id; default: the item's index")
    # Length and emptiness limits are settings, checked in the route so the message names the item.
    description: str = Field(description="free-text product description, English or Chinese")


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
    confidence: float = Field(ge=0, le=1, description="probability of that answer")
    candidates: list[Candidate]
    status: Status
    matches: list[ControlMatch]
    reasons: list[str]


class ClassifyResponse(_Schema):
    model_version: str
    controls_version: str
    as_of: date
    destination: str | None
    results: list[ItemResult]


class ErrorDetail(_Schema):
    field: str | None = Field(description="path of the bad value, e.g. items[3].description")
    message: str


class ErrorBody(_Schema):
    code: str = Field(description="machine-readable kind, e.g. invalid_request, payload_too_large")
    message: str = Field(description="one line for a person; names the first bad field")
    details: list[ErrorDetail] = []


class ErrorResponse(_Schema):
    error: ErrorBody


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
