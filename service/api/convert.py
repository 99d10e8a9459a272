"""Domain predictions -> API schemas. Routes only convert; all judgement lives in service.classifier."""

from __future__ import annotations

from service.api import schemas
from service.classifier import Match, Prediction
from service.controls import ControlIndex


def to_match(match: Match, controls: ControlIndex) -> schemas.ControlMatch:
    entry = match.entry
    announcement = controls.announcements[entry.announcement]
    return schemas.ControlMatch(
        entry_id=entry.id,
        group=entry.group,
        item=entry.item_en,
        item_zh=entry.item_zh,
        control_code=entry.control_code,
        hs_codes=list(entry.codes),
        outcome=match.outcome,  # type: ignore[arg-type]
        measure=match.measure,
        announcement_id=announcement.id,
        announcement=announcement.title,
        effective=announcement.effective,
        destination_measures=match.destination_measures,
        upcoming=match.upcoming,
        source=entry.source,
    )


def to_item_result(item_id: str, prediction: Prediction, controls: ControlIndex) -> schemas.ItemResult:
    return schemas.ItemResult(
        id=item_id,
        hs_code=prediction.hs_code,
        confidence=round(prediction.confidence, 6),
        candidates=[
            schemas.Candidate(hs_code=c.hs_code, label=c.label, probability=round(c.probability, 6), item=c.item)
            for c in prediction.candidates
        ],
        status=prediction.status,  # type: ignore[arg-type]
        matches=[to_match(m, controls) for m in prediction.matches],
        reasons=prediction.reasons,
    )
