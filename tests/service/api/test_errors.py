"""Bad input gets a 4xx in one error shape that names the bad field — never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def error_of(response) -> dict:  # type: ignore[no-untyped-def]
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "details"}
    return body["error"]


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        ({"items": []}, "items", "is empty"),
        ({"items": [{"description": "ok"}, {"description": "   "}]}, "items[1].description", "is empty"),
        ({"items": [{"description": "x" * 301}]}, "items[0].description", "longer than 300 characters"),
        ({"items": [{"description": "ok"}] * 51}, "items", "at most 50"),
        ({"items": [{"description": 5}]}, "items[0].description", "valid string"),
        ({"items": [{"text": "x"}]}, "items[0].description", "is required"),
        ({"items": [{"description": "x", "colour": 1}]}, "items[0].colour", "not a known field"),
        ({"items": "abc"}, "items", "valid list"),
        ({}, "items", "is required"),
        ({"items": [{"description": "x"}], "destination": "USA"}, "destination", "pattern"),
        ({"items": [{"description": "x"}], "as_of": "2026-13-01"}, "as_of", "date"),
        ({"items": [{"description": "x"}], "top_k": 0}, "top_k", "greater than or equal to 1"),
    ],
)
def test_invalid_bodies_name_the_field(client: TestClient, body: dict, field: str, fragment: str) -> None:
    response = client.post("/v1/classify", json=body)
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert error["code"] == "invalid_request"
    fields = [d["field"] for d in error["details"]]
    assert field in fields, error
    assert fragment in error["message"] or any(fragment in d["message"] for d in error["details"]), error
    assert error["message"].startswith(error["details"][0]["field"])


def test_every_bad_item_is_reported(client: TestClient) -> None:
    body = {"items": [{"description": ""}, {"description": "ok"}, {"description": " "}]}
    error = error_of(client.post("/v1/classify", json=body))
    assert [d["field"] for d in error["details"]] == ["items[0].description", "items[2].description"]


def test_not_json_and_not_utf8(client: TestClient) -> None:
    response = client.post("/v1/classify", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "not valid JSON" in error_of(response)["message"]
    response = client.post(
        "/v1/classify", content=b'{"items": [{"description": "\xff\xfe"}]}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    error_of(response)


def test_body_over_limit_is_413(client: TestClient) -> None:
    big = {"items": [{"description": "y" * 250}] * 1000}
    response = client.post("/v1/classify", json=big)
    assert response.status_code == 413
    assert error_of(response)["code"] == "payload_too_large"


def test_unknown_route_and_method(client: TestClient) -> None:
    assert error_of(client.get("/v1/nope"))["code"] == "not_found"
    assert error_of(client.get("/v1/classify"))["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    "text",
    ["\x00\x01\x02 gallium", "🙂🙂 germanium 🚀", "مرحبا gallium oxide", "９９．９９９％ 氧化镓", "Ga₂O₃ — 5N", "\u202egallium"],
)
def test_odd_text_classifies_without_error(client: TestClient, text: str) -> None:
    response = client.post("/v1/classify", json={"items": [{"description": text}]})
    assert response.status_code == 200, response.text


def test_admin_disabled_without_token(client: TestClient) -> None:
    assert client.post("/admin/reload").status_code == 404
