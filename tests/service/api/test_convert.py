"""The plain-dict payloads of service.api.convert are exactly what the published schemas would serialise."""

from __future__ import annotations

from datetime import date

import orjson
import pytest

from service.api import schemas
from service.api.convert import to_classify_response, to_compact_item_result, to_item_error, to_item_result
from service.api.state import ClassifierHolder
from service.config import Settings
from tests.conftest import MODELS

TEXTS = [
    "Gallium oxide 99.999% powder",
    "men's cotton t-shirt",
    "氧化镓 5N 粉末",
    "gallium arsenide wafers, Si-doped, 4 inch, epi-ready",
    "molybdenum powder, 25 kg drums",
    "samarium metal ingot 99.9%",
    "tungsten heavy alloy rod 93W-4.9Ni-2.1Fe, density 17.6 g/cm3, Ø 130 x 300 mm",
    "NdFeB magnets with dysprosium",
    "Copper sputtering target 99.99%, 3 inch",
]


@pytest.fixture(scope="module")
def holder() -> ClassifierHolder:
    h = ClassifierHolder(Settings(model_dir=MODELS))
    h.load()
    return h


@pytest.mark.parametrize("destination", [None, "US"])
def test_payload_is_the_schema_dump_byte_for_byte(holder: ClassifierHolder, destination: str | None) -> None:
    classifier = holder.classifier
    as_of = date(2026, 6, 1)
    predictions = classifier.predict(TEXTS, top_k=5, destination=destination, as_of=as_of)
    assert any(p.matches for p in predictions) and any(not p.matches for p in predictions)
    results = [to_item_result(f"line-{i}", p, classifier.controls) for i, p in enumerate(predictions)]
    results.insert(1, to_item_error("bad", [("items[1].description", "is empty"), ("items[1].id", "is invalid")]))
    payload = to_classify_response(classifier.version, classifier.controls.version, as_of, destination, results)
    dumped = schemas.ClassifyResponse.model_validate(payload).model_dump(mode="json")
    # Same values, same key order: the JSON a client receives is unchanged by skipping the models.
    assert orjson.dumps(payload) == orjson.dumps(dumped)


@pytest.mark.parametrize("destination", [None, "US"])
def test_compact_payload_is_the_schema_dump_byte_for_byte(holder: ClassifierHolder, destination: str | None) -> None:
    classifier = holder.classifier
    as_of = date(2026, 12, 1)  # after the October 2025 announcements' suspension: notices
    predictions = classifier.predict([*TEXTS, "Erbium oxide Er2O3"], destination=destination, as_of=as_of)
    assert any(p.notices for p in predictions)
    results = [to_compact_item_result(f"line-{i}", p, classifier.controls) for i, p in enumerate(predictions)]
    payload = to_classify_response(classifier.version, classifier.controls.version, as_of, destination, results)
    validated = schemas.ClassifyResponse.model_validate(payload)
    assert all(isinstance(r, schemas.CompactItemResult) for r in validated.results)
    assert orjson.dumps(payload) == orjson.dumps(validated.model_dump(mode="json"))


def test_payload_does_not_share_lists_with_cached_predictions(holder: ClassifierHolder) -> None:
    classifier = holder.classifier
    prediction = classifier.predict(["Gallium oxide 99.999% powder"], as_of=date(2026, 6, 1))[0]
    result = to_item_result("0", prediction, classifier.controls)
    result["reasons"].append("changed")
    result["matches"][0]["upcoming"].append("changed")
    assert "changed" not in prediction.reasons
    assert "changed" not in prediction.matches[0].upcoming


def test_item_error_is_the_api_error_shape_for_one_item() -> None:
    error = to_item_error("7", [("items[7].description", "is required")])
    assert error == {
        "id": "7",
        "status": "error",
        "error": {
            "code": "invalid_item",
            "message": "items[7].description is required",
            "details": [{"field": "items[7].description", "message": "is required"}],
        },
    }
    assert schemas.ItemError.model_validate(error).model_dump(mode="json") == error


def test_an_answer_the_names_chose_says_so(holder: ClassifierHolder) -> None:
    """``decided_by``: a copper target is cleared by its name (goods of an unlisted element) whatever the model
    ranked first, and its confidence is the model's small probability of "not listed"; samarium metal is the
    model's own reading."""
    classifier = holder.classifier
    copper, metal = classifier.predict(["Copper sputtering target 99.99%, 3 inch", "samarium metal ingot 99.9%"])
    copper_result = to_item_result("0", copper, classifier.controls)
    assert (copper_result["status"], copper_result["decided_by"]) == ("not_controlled", "text")
    assert copper_result["confidence"] < 0.5
    metal_result = to_item_result("1", metal, classifier.controls)
    assert (metal_result["status"], metal_result["decided_by"]) == ("controlled", "model")
