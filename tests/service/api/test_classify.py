"""The REST contract of /v1/classify, against the shipped ONNX model."""

from __future__ import annotations

import inspect

import orjson
import pytest
from fastapi.testclient import TestClient

from service.api import routes


def classify(client: TestClient, *descriptions: str, **extra: object) -> dict:
    body = {"items": [{"description": d} for d in descriptions], **extra}
    response = client.post("/v1/classify", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_contract_fields_and_order(client: TestClient) -> None:
    out = classify(client, "Gallium oxide 99.999% powder", "men's cotton t-shirt", "氧化镓 5N 粉末")
    assert out["model_version"] and out["controls_version"]
    assert [r["id"] for r in out["results"]] == ["0", "1", "2"]
    first = out["results"][0]
    assert list(first) == [
        "id",
        "hs_code",
        "confidence",
        "decided_by",
        "candidates",
        "status",
        "matches",
        "reasons",
        "notices",
    ]
    assert first["notices"] == []  # no announcement outside the list names gallium oxide
    # Which of the item's codes (bulk 2825909001, wafer, scrap) the model picks is a model-quality question
    # (tests/service/test_classifier.py), not the contract's: the contract is the shape and its consistency.
    assert first["hs_code"] in {"2825909001", "3818009002", "3825690002"}
    assert first["status"] == "controlled"
    assert 0.0 < first["confidence"] <= 1.0
    assert len(first["candidates"]) == 3
    # the candidates are the model's first three; the answer may be another code of the item its names and
    # stated form decide (reasons say so), and its confidence is the model's probability for that code
    probabilities = [c["probability"] for c in first["candidates"]]
    assert probabilities == sorted(probabilities, reverse=True)
    for c in first["candidates"]:
        if c["hs_code"] == first["hs_code"]:
            assert c["probability"] == first["confidence"]
    # the model's first reading is the first candidate: any other answer was chosen by the text's words
    chosen_by_model = first["hs_code"] == first["candidates"][0]["hs_code"]
    assert first["decided_by"] == ("model" if chosen_by_model else "text")
    match = first["matches"][0]
    assert match["entry_id"] == "ga-oxide" and match["group"] == "gallium"
    assert match["effective"] == "2023-08-01"
    assert out["results"][1]["status"] == "not_controlled" and out["results"][1]["hs_code"] is None
    # The Chinese line names the same item; which of its codes (bulk, wafer, scrap) the model picks for
    # "5N 粉末" is a model-quality question (tests/service/test_classifier.py), not the contract's.
    assert out["results"][2]["status"] == "controlled"
    assert out["results"][2]["matches"][0]["entry_id"] == "ga-oxide"


def test_goods_an_announcement_outside_the_list_names_get_its_notice_and_status_on_the_day(client: TestClient) -> None:
    """2025 No. 57 controls erbium items; the control list (appendix A) does not list them, and its suspension ran
    to 2026-11-10. The verdict stays the list's; the notice says which announcement names the goods and how it
    stood on the day asked about."""
    text = "Erbium-doped fibre, Er 1000 ppm, 1 km spool"
    before = classify(client, text, as_of="2026-06-01")["results"][0]
    after = classify(client, text, as_of="2026-12-01")["results"][0]
    assert before["status"] == after["status"] == "not_controlled"
    (notice_before,) = before["notices"]
    (notice_after,) = after["notices"]
    assert "(mofcom-2025-57) names 'Erbium'" in notice_before
    assert "suspended until 2026-11-10 by mofcom-2025-70" in notice_before
    assert "in force since 2026-11-11, when its suspension ended" in notice_after
    assert "would not be known here" in notice_after  # the list's newest source predates the suspension's end
    # before the announcement was published there is nothing to tell
    assert classify(client, text, as_of="2025-06-01")["results"][0]["notices"] == []


def test_caller_ids_are_echoed_and_top_k_respected(client: TestClient) -> None:
    body = {"items": [{"id": "line-7", "description": "germanium dioxide GeO2 5N"}], "top_k": 5}
    out = client.post("/v1/classify", json=body).json()
    assert out["results"][0]["id"] == "line-7"
    assert len(out["results"][0]["candidates"]) == 5
    probabilities = [c["probability"] for c in out["results"][0]["candidates"]]
    assert probabilities == sorted(probabilities, reverse=True)


def test_response_names_model_version_in_header(client: TestClient) -> None:
    response = client.post("/v1/classify", json={"items": [{"description": "tellurium ingot 5N"}]})
    assert response.headers["x-model-version"] == response.json()["model_version"]
    assert response.headers["x-request-id"]


def test_destination_and_date_change_the_measure(client: TestClient) -> None:
    text = "gallium arsenide wafers, Si-doped, 4 inch, epi-ready"
    before = classify(client, text, destination="US", as_of="2026-11-27")["results"][0]["matches"][0]
    after = classify(client, text, destination="US", as_of="2026-11-28")["results"][0]["matches"][0]
    assert before["destination_measures"] != after["destination_measures"]


def test_many_items_each_get_a_result(client: TestClient) -> None:
    descriptions = [f"antimony ingots 99.65% lot {i}" for i in range(40)]
    out = classify(client, *descriptions)
    assert len(out["results"]) == 40
    assert all(r["status"] in ("controlled", "review", "not_controlled") for r in out["results"])


def test_controls_endpoint_filters(client: TestClient) -> None:
    everything = client.get("/v1/controls").json()
    assert everything["version"] and len(everything["entries"]) > 80
    gallium = client.get("/v1/controls", params={"group": "gallium"}).json()["entries"]
    assert gallium and {e["group"] for e in gallium} == {"gallium"}
    shared = client.get("/v1/controls", params={"code": "2931900032"}).json()["entries"]
    assert {e["id"] for e in shared} >= {"sb-organic", "in-trimethyl", "bi-triphenyl"}
    bad = client.get("/v1/controls", params={"code": "12"})
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "code"


def test_model_card_and_health(client: TestClient) -> None:
    card = client.get("/v1/model").json()
    assert "NOT_LISTED" in card["card"]["labels"]
    assert card["card"]["parity"]["passed"] is True
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ok" and ready["model_version"] == card["version"]


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The item count of every request handed to the thread pool (the rest ran inline)."""
    counted: list[int] = []
    real = routes.run_in_threadpool

    async def counting(func, *args):  # type: ignore[no-untyped-def]
        counted.append(len(args[1].items))  # (classifier, request body, destination, as_of, ...)
        return await real(func, *args)

    monkeypatch.setattr(routes, "run_in_threadpool", counting)
    return counted


def test_small_requests_run_inline_large_ones_in_the_thread_pool(client: TestClient, hops: list[int]) -> None:
    small = ["gallium oxide 99.999% powder"] * routes._INLINE_ITEMS
    large = [f"frozen shrimp, lot {i}" for i in range(routes._INLINE_ITEMS + 1)]
    assert len(classify(client, *small)["results"]) == len(small)
    assert hops == []
    assert len(classify(client, *large)["results"]) == len(large)
    assert hops == [len(large)]


def test_content_type_check_is_async() -> None:
    # A plain ``def`` dependency is run in the thread pool by FastAPI: a hop per request for a header check.
    assert inspect.iscoroutinefunction(routes.require_json)


# -- invalid_items: "report": every good item gets its result, every bad one an error of its own, in place

MIXED = [
    {"id": "a", "description": "Gallium oxide 99.999% powder"},
    {"id": "b", "description": "   "},
    {"id": "c", "description": None},
    {"id": "d"},
    {"id": "e", "description": "x" * 301},  # the fixture allows 300 characters
    {"id": "f", "description": "frozen shrimp", "qty": 3},
    {"id": "g" * 201, "description": "tellurium ingot 5N"},
    "gallium oxide",
    {"id": "i", "description": "men's cotton t-shirt"},
]
WANT_ERRORS = {
    1: ("b", "items[1].description is empty"),
    2: ("c", "items[2].description input should be a valid string"),
    3: ("d", "items[3].description is required"),
    4: ("e", "items[4].description is longer than 300 characters"),
    5: ("f", "items[5].qty is not a known field"),
    6: ("6", "items[6].id string should have at most 200 characters"),
    7: ("7", "items[7] must be a JSON object"),
}


def test_report_mode_gives_each_bad_item_its_own_error_and_classifies_the_rest(client: TestClient) -> None:
    response = client.post("/v1/classify", json={"items": MIXED, "invalid_items": "report"})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert len(results) == len(MIXED)
    for i, result in enumerate(results):
        if i in WANT_ERRORS:
            item_id, message = WANT_ERRORS[i]
            assert result["id"] == item_id
            assert result["status"] == "error"
            assert result["error"]["code"] == "invalid_item"
            assert result["error"]["message"] == message
            assert result["error"]["details"][0]["field"] == message.split(" ")[0]
        else:
            assert result["status"] in ("controlled", "review", "not_controlled")
            assert result["id"] == MIXED[i]["id"]  # type: ignore[index]
    # the good items get what they get alone
    alone = classify(client, "Gallium oxide 99.999% powder", "men's cotton t-shirt")["results"]
    for got, want in zip((results[0], results[8]), alone, strict=True):
        assert (got["hs_code"], got["status"], got["reasons"]) == (want["hs_code"], want["status"], want["reasons"])


@pytest.mark.parametrize("extra", [0, 31])  # inline, and in the thread pool
def test_the_answer_is_compact_json_rendered_once(client: TestClient, extra: int) -> None:
    """Item payloads are rendered in the worker as they are decided and copied into the answer: the bytes must
    be what rendering the whole answer at once gives (compact, keys in contract order), errors included."""
    items = [*MIXED, *({"description": f"Gallium oxide 99.99% lot {i}"} for i in range(extra))]
    response = client.post("/v1/classify", json={"items": items, "invalid_items": "report"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    parsed = response.json()
    assert len(parsed["results"]) == len(items)
    assert orjson.dumps(parsed) == response.content


def test_reject_mode_is_the_default_and_names_every_bad_item(client: TestClient) -> None:
    response = client.post("/v1/classify", json={"items": MIXED})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    fields = [d["field"] for d in error["details"]]
    assert fields == [
        "items[1].description",
        "items[2].description",
        "items[3].description",
        "items[4].description",
        "items[5].qty",
        "items[6].id",
        "items[7]",
    ]
    explicit = client.post("/v1/classify", json={"items": MIXED, "invalid_items": "reject"})
    assert explicit.status_code == 422 and explicit.json() == response.json()


def test_report_mode_with_only_bad_items_answers_every_one(client: TestClient) -> None:
    out = client.post("/v1/classify", json={"items": [{"description": ""}, {}], "invalid_items": "report"})
    assert out.status_code == 200
    assert [(r["id"], r["status"]) for r in out.json()["results"]] == [("0", "error"), ("1", "error")]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"items": [], "invalid_items": "report"}, "items"),
        ({"items": [{"description": "gallium"}] * 51, "invalid_items": "report"}, "items"),
        ({"items": [{"description": "gallium"}], "top_k": 0, "invalid_items": "report"}, "top_k"),
        ({"items": [{"description": "gallium"}], "invalid_items": "skip"}, "invalid_items"),
        ({"items": "gallium", "invalid_items": "report"}, "items"),
    ],
)
def test_report_mode_still_refuses_a_bad_request(client: TestClient, body: dict, field: str) -> None:
    """Only items are reported one by one; a request that is wrong as a whole is still a 422 naming the field."""
    response = client.post("/v1/classify", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == field


def test_report_mode_counts_bad_items_in_the_thread_pool_decision(client: TestClient, hops: list[int]) -> None:
    """A batch runs inline or in the thread pool by the items that will be classified, not by the bad ones."""
    items = [{"description": "gallium oxide"}] * routes._INLINE_ITEMS + [{"description": ""}] * 5
    out = client.post("/v1/classify", json={"items": items, "invalid_items": "report"}).json()
    assert [r["status"] == "error" for r in out["results"]] == [False] * routes._INLINE_ITEMS + [True] * 5
    assert hops == []


def test_a_compact_answer_gives_the_same_verdicts_in_a_fraction_of_the_bytes(client: TestClient) -> None:
    texts = ["Gallium oxide 99.999% powder", "men's cotton t-shirt", "Erbium oxide Er2O3 99.99%", "NdFeB magnet N52"]
    full = client.post("/v1/classify", json={"items": [{"description": t} for t in texts], "destination": "US"})
    compact = client.post(
        "/v1/classify", json={"items": [{"description": t} for t in texts], "destination": "US", "detail": "compact"}
    )
    assert compact.status_code == 200
    big, small = full.json()["results"], compact.json()["results"]
    assert list(small[0]) == ["id", "hs_code", "confidence", "decided_by", "status", "matches", "notices"]
    assert list(small[0]["matches"][0]) == [
        "entry_id",
        "control_code",
        "outcome",
        "measure",
        "announcement_id",
        "destination_measures",
    ]
    for f, c in zip(big, small, strict=True):
        assert (c["id"], c["hs_code"], c["confidence"], c["decided_by"], c["status"], c["notices"]) == (
            f["id"],
            f["hs_code"],
            f["confidence"],
            f["decided_by"],
            f["status"],
            f["notices"],
        )
        assert [(m["entry_id"], m["outcome"], m["measure"], m["destination_measures"]) for m in c["matches"]] == [
            (m["entry_id"], m["outcome"], m["measure"], m["destination_measures"]) for m in f["matches"]
        ]
    assert small[2]["notices"]  # what the verdict does not include is never left out
    assert len(compact.content) * 3 < len(full.content)


def test_an_unknown_detail_is_refused_naming_the_field(client: TestClient) -> None:
    response = client.post("/v1/classify", json={"items": [{"description": "gallium"}], "detail": "short"})
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("detail ")
