"""Domain predictions -> API payloads. Routes only convert; all judgement lives in service.classifier.

The payloads are plain dicts shaped exactly as ``schemas.ClassifyResponse.model_dump(mode="json")`` would
give them (same keys, same order, dates as ISO strings), handed straight to orjson: building and dumping the
pydantic models cost more than classifying a short text. ``schemas`` stays the published contract, and
tests/service/api/test_convert.py checks these dicts against it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from service.api.errors import error_body
from service.controls import ControlIndex
from service.prediction import Match, Prediction


def to_match(match: Match, controls: ControlIndex) -> dict[str, Any]:
    """One ``schemas.ControlMatch``."""
    entry = match.entry
    announcement = controls.announcements[entry.announcement]
    return {
        "entry_id": entry.id,
        "group": entry.group,
        "item": entry.item_en,
        "item_zh": entry.item_zh,
        "control_code": entry.control_code,
        "hs_codes": list(entry.codes),
        "outcome": match.outcome,
        "measure": match.measure,
        "announcement_id": announcement.id,
        "announcement": announcement.title,
        "effective": announcement.effective.isoformat(),
        "destination_measures": list(match.destination_measures),
        "upcoming": list(match.upcoming),
        "source": entry.source,
    }


def to_item_result(item_id: str, prediction: Prediction, controls: ControlIndex) -> dict[str, Any]:
    """One ``schemas.ItemResult``."""
    return {
        "id": item_id,
        "hs_code": prediction.hs_code,
        "confidence": round(prediction.confidence, 6),
        "decided_by": prediction.decided_by,
        "candidates": [
            {"hs_code": c.hs_code, "label": c.label, "probability": round(c.probability, 6), "item": c.item}
            for c in prediction.candidates
        ],
        "status": prediction.status,
        "matches": [to_match(m, controls) for m in prediction.matches],
        "reasons": list(prediction.reasons),
        "notices": list(prediction.notices),
    }


def to_compact_item_result(item_id: str, prediction: Prediction, controls: ControlIndex) -> dict[str, Any]:
    """One ``schemas.CompactItemResult``."""
    return {
        "id": item_id,
        "hs_code": prediction.hs_code,
        "confidence": round(prediction.confidence, 6),
        "decided_by": prediction.decided_by,
        "status": prediction.status,
        "matches": [
            {
                "entry_id": m.entry.id,
                "control_code": m.entry.control_code,
                "outcome": m.outcome,
                "measure": m.measure,
                "announcement_id": m.entry.announcement,
                "destination_measures": list(m.destination_measures),
            }
            for m in prediction.matches
        ],
        "notices": list(prediction.notices),
    }


def to_item_error(item_id: str, details: Sequence[tuple[str | None, str]]) -> dict[str, Any]:
    """One ``schemas.ItemError``: the API's error body, for one item."""
    return {"id": item_id, "status": "error", **error_body("invalid_item", details)}


def to_classify_response(
    model_version: str, controls_version: str, as_of: date, destination: str | None, results: Sequence[Any]
) -> dict[str, Any]:
    """One ``schemas.ClassifyResponse``; ``results`` are item payloads, or those payloads already rendered
    (``orjson.Fragment``), which orjson copies into the answer as they are."""
    return {
        "model_version": model_version,
        "controls_version": controls_version,
        "as_of": as_of.isoformat(),
        "destination": destination,
        "results": results,
    }


Render = Callable[[str, Prediction, ControlIndex], dict[str, Any]]
# A request's ``detail`` -> how each of its items is rendered.
RENDERS: dict[str, Render] = {"full": to_item_result, "compact": to_compact_item_result}
