"""Bad input gets a 4xx in one error shape that names the bad field — never a 500."""

from __future__ import annotations

import json

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
        ({"items": [{"description": "x" * 301}]}, "items[0].description", "is longer than 300 characters"),
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
        "/v1/classify",
        content=b'{"items": [{"description": "\xff\xfe"}]}',
        headers={"content-type": "application/json"},
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
    [
        "\x00\x01\x02 gallium",
        "🙂🙂 germanium 🚀",
        "مرحبا gallium oxide",
        "９９．９９９％ 氧化镓",
        "Ga₂O₃ — 5N",
        "\u202egallium",
    ],
)
def test_odd_text_classifies_without_error(client: TestClient, text: str) -> None:
    response = client.post("/v1/classify", json={"items": [{"description": text}]})
    assert response.status_code == 200, response.text


def test_admin_disabled_without_token(client: TestClient) -> None:
    assert client.post("/admin/reload").status_code == 404


@pytest.mark.parametrize(
    "text",
    [
        "９９．９９９％ ＧａＯ 粉末",  # full-width digits and Latin letters
        "gаllium оxide",  # Cyrillic а and о inside Latin words (homoglyphs)
        "氧化镓 Ga2O3 ガリウム 갈륨 γάλλιο Галлий",  # six scripts in one line
        "gal\u200dlium\u200b oxide\ufeff",  # zero-width joiner, space and BOM inside words
        "g\u0301a\u0308llium \u0338oxide",  # combining marks
        "\u200f\u05d2\u05dc\u05d9\u05d5\u05dd gallium \u202b oxide \u202c",  # RTL marks and embeddings
        "\x1b[31mgallium\x1b[0m\x7f\x85",  # ANSI escape, DEL, C1 control
        "\U0001f9ea\U0001f468\u200d\U0001f52c gallium \U0001f1e8\U0001f1f3",  # emoji ZWJ sequence and a flag
        "gallium \ud800 oxide",  # a lone surrogate, as JSON's \\ud800 escape allows
        "\uffff\ufffe gallium \U0010ffff",  # non-characters
    ],
)
def test_more_odd_text_classifies_without_error(client: TestClient, text: str) -> None:
    # json.dumps escapes to ASCII (\uXXXX), the only way to send a lone surrogate in valid UTF-8 JSON.
    body = json.dumps({"items": [{"description": text}]}).encode()
    response = client.post("/v1/classify", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["status"] in {"controlled", "review", "not_controlled"}


def test_whitespace_and_zero_width_only_is_classified_or_named(client: TestClient) -> None:
    # Invisible-only text is not "empty" by str.strip(); it must still get an answer, never a 500.
    response = client.post("/v1/classify", json={"items": [{"description": "\u200b\u200b"}]})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml"],
)
def test_wrong_content_type_is_415_naming_the_header(client: TestClient, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    body = b'{"items": [{"description": "gallium oxide"}]}'
    response = client.post("/v1/classify", content=body, headers=headers)
    assert response.status_code == 415, response.text
    error = error_of(response)
    assert error["code"] == "unsupported_media_type"
    assert error["details"][0]["field"] == "Content-Type"
    assert "application/json" in error["message"]


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "application/problem+json"])
def test_json_content_types_are_accepted(client: TestClient, content_type: str) -> None:
    body = b'{"items": [{"description": "gallium oxide"}]}'
    assert client.post("/v1/classify", content=body, headers={"content-type": content_type}).status_code == 200


def test_chunked_body_over_limit_is_413_not_bad_json(client: TestClient) -> None:
    # Regression: a body without Content-Length passing the limit was answered 422 "not valid UTF-8 JSON",
    # because FastAPI turned the limit's exception into "error parsing the body".
    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"items": [{"description": "'
        for _ in range(250):
            yield b"y" * 1000
        yield b'"}]}'

    response = client.post("/v1/classify", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413, response.text
    assert error_of(response)["code"] == "payload_too_large"


@pytest.mark.parametrize("as_of", ["9999-12-31", "9999-11-15", "3000-01-01"])
def test_as_of_near_the_end_of_the_calendar_is_422_not_500(client: TestClient, as_of: str) -> None:
    # Regression (found probing edge values): the measures look 60 days past as_of, and 9999-12-31 + 60 days
    # overflowed into a 500.
    response = client.post("/v1/classify", json={"items": [{"description": "gallium oxide"}], "as_of": as_of})
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert error["details"][0]["field"] == "as_of"
    assert "2999-12-31" in error["message"]


def test_latest_supported_as_of_still_classifies(client: TestClient) -> None:
    response = client.post("/v1/classify", json={"items": [{"description": "gallium oxide"}], "as_of": "2999-12-31"})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "body",
    [
        b'{"items": ' + b"[" * 20_000 + b"]" * 20_000 + b"}",  # nesting deeper than the parser's recursion
        b'{"items": [{"description": "x"}], "top_k": 1' + b"0" * 5000 + b"}",  # an integer too long to convert
    ],
)
def test_pathological_json_is_422(client: TestClient, body: bytes) -> None:
    response = client.post("/v1/classify", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert error_of(response)["details"][0]["field"] == "body"
