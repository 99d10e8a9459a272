"""Security: admin token, optional API keys, CORS, security headers, and what the logs may contain."""

from __future__ import annotations

import hmac
import json
import re
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from service.api import admin, security
from service.api.app import create_app
from service.config import Settings
from tests.conftest import MODELS, LiveServer, start_server, stop_server

# Saved before any test swaps ``hmac.compare_digest`` (admin.hmac and security.hmac are the hmac module).
constant_time = hmac.compare_digest
GALLIUM = {"items": [{"description": "gallium oxide 5N powder"}]}


def app_client(**settings: object) -> TestClient:
    return TestClient(create_app(Settings(model_dir=MODELS, **settings)))  # type: ignore[arg-type]


def error_code(response: httpx.Response) -> str:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, body
    return str(body["error"]["code"])


# --- admin ---------------------------------------------------------------------------------------------


def test_admin_is_404_when_no_token_is_configured() -> None:
    with app_client() as client:
        for auth in (None, "Bearer ", "Bearer anything"):
            response = client.post("/admin/reload", headers={"Authorization": auth} if auth else {})
            assert response.status_code == 404
            assert error_code(response) == "not_found"


def test_admin_needs_the_exact_bearer_token(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return constant_time(a, b)

    monkeypatch.setattr(admin.hmac, "compare_digest", spy)
    with app_client(admin_token="s3cret-token") as client:
        for auth in (None, "s3cret-token", "Bearer s3cret", "Bearer s3cret-token-", "bearer s3cret-token", "Basic x"):
            response = client.post("/admin/reload", headers={"Authorization": auth} if auth else {})
            assert response.status_code == 401, (auth, response.text)
            assert error_code(response) == "unauthorized"
        ok = client.post("/admin/reload", headers={"Authorization": "Bearer s3cret-token"})
        assert ok.status_code == 200, ok.text
        assert ok.json()["ok"] is True
    # Every check went through the constant-time comparison (one per request, including the rejected ones).
    assert len(compared) == 7
    assert all(a == b"Bearer s3cret-token" for a, _ in compared)


# --- API keys ------------------------------------------------------------------------------------------


def test_api_keys_guard_v1_only(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bytes] = []

    def spy(a: bytes, b: bytes) -> bool:
        calls.append(b)
        return constant_time(a, b)

    monkeypatch.setattr(security.hmac, "compare_digest", spy)
    with app_client(api_keys=["k1", "k2-longer"]) as client:
        missing = client.post("/v1/classify", json=GALLIUM)
        assert missing.status_code == 401 and error_code(missing) == "unauthorized"
        assert missing.json()["error"]["details"][0]["field"] == "X-API-Key"
        assert missing.headers["www-authenticate"] == "ApiKey"
        for wrong in ("k", "k1 ", "K1", "k2", "k1k2-longer"):
            response = client.post("/v1/classify", json=GALLIUM, headers={"X-API-Key": wrong})
            assert response.status_code == 401, wrong
        assert client.get("/v1/controls").status_code == 401
        for key in ("k1", "k2-longer"):
            assert client.post("/v1/classify", json=GALLIUM, headers={"X-API-Key": key}).status_code == 200
            assert client.get("/v1/model", headers={"X-API-Key": key}).status_code == 200
        # Health, readiness, the page and metrics stay open.
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
        assert client.get("/").status_code == 200
        assert client.get("/metrics").status_code == 200
    # Each of the 11 requests to /v1/* compared its key, in constant time, against both configured keys.
    assert len(calls) == 11 * 2


def test_v1_is_open_without_configured_keys() -> None:
    with app_client() as client:
        assert client.post("/v1/classify", json=GALLIUM).status_code == 200


# --- CORS and headers ----------------------------------------------------------------------------------


def test_cors_is_closed_by_default() -> None:
    with app_client() as client:
        simple = client.post("/v1/classify", json=GALLIUM, headers={"Origin": "https://evil.example"})
        assert simple.status_code == 200
        assert "access-control-allow-origin" not in simple.headers
        preflight = client.options(
            "/v1/classify",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
        assert "access-control-allow-origin" not in preflight.headers
        assert preflight.status_code >= 400


def test_cors_allows_only_configured_origins() -> None:
    with app_client(cors_origins=["https://broker.example"]) as client:
        allowed = client.post("/v1/classify", json=GALLIUM, headers={"Origin": "https://broker.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://broker.example"
        preflight = client.options(
            "/v1/classify",
            headers={
                "Origin": "https://broker.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type, x-api-key",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://broker.example"
        other = client.post("/v1/classify", json=GALLIUM, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_page_has_security_headers() -> None:
    with app_client() as client:
        response = client.get("/")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    directives = {d.strip().split(" ")[0]: d.strip() for d in csp.split(";")}
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert directives["default-src"] == "default-src 'self'"
    assert "'unsafe-inline'" not in csp and "*" not in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_live_page_has_security_headers(live_server: LiveServer) -> None:
    response = httpx.get(live_server.url + "/")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


# --- logs ----------------------------------------------------------------------------------------------


def json_lines(text: str) -> list[dict]:
    out = []
    for line in text.splitlines():
        if line.startswith("{"):
            out.append(json.loads(line))
    return out


def classify_marked(server: LiveServer, marker: str, request_id: str | None = None) -> httpx.Response:
    headers = {"X-Request-ID": request_id} if request_id else {}
    body = {"items": [{"description": f"gallium oxide {marker}"}, {"description": f"{marker} cotton shirt"}]}
    response = httpx.post(server.url + "/v1/classify", json=body, headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    return response


def wait_for_line(server: LiveServer, request_id: str) -> list[dict]:
    # The access line is written after the response is sent: poll the log briefly rather than sleep.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = json_lines(server.log())
        if any(line.get("request_id") == request_id and line["logger"] == "service.access" for line in lines):
            return lines
        time.sleep(0.02)
    raise AssertionError(f"no access log line for {request_id}:\n{server.log()[-2000:]}")


def test_descriptions_are_not_logged_by_default(live_server: LiveServer) -> None:
    marker = f"zq-private-{uuid.uuid4().hex[:12]}"
    response = classify_marked(live_server, marker)
    lines = wait_for_line(live_server, response.headers["x-request-id"])
    assert marker not in live_server.log()
    assert not [line for line in lines if line["logger"] == "service.requests"]


@pytest.fixture(scope="module")
def logging_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_server(tmp_path_factory.mktemp("logdesc"), {"HSCC_LOG_DESCRIPTIONS": "true"})
    try:
        yield server
    finally:
        stop_server(server)


def test_descriptions_are_logged_when_opted_in(logging_server: LiveServer) -> None:
    marker = f"zq-private-{uuid.uuid4().hex[:12]}"
    response = classify_marked(logging_server, marker)
    request_id = response.headers["x-request-id"]
    lines = wait_for_line(logging_server, request_id)
    logged = [line for line in lines if line["logger"] == "service.requests" and line.get("request_id") == request_id]
    assert len(logged) == 1
    assert logged[0]["descriptions"] == [f"gallium oxide {marker}", f"{marker} cotton shirt"]
    # The access line itself never carries descriptions, even when opted in.
    access = [line for line in lines if line["logger"] == "service.access" and line.get("request_id") == request_id]
    assert len(access) == 1 and marker not in json.dumps(access[0])


def test_log_lines_are_json_with_the_request_id_of_the_response(live_server: LiveServer) -> None:
    # An id the caller sends is echoed and logged; without one the service makes one up and returns it.
    sent = f"trace-{uuid.uuid4().hex}"
    echoed = classify_marked(live_server, "x", request_id=sent)
    assert echoed.headers["x-request-id"] == sent
    generated = classify_marked(live_server, "y")
    generated_id = generated.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated_id)
    # An id that would not round-trip as the same header (not visible ASCII) is replaced, not mangled.
    odd = httpx.post(
        live_server.url + "/v1/classify", json=GALLIUM, headers={"X-Request-ID": "caf\xe9 id".encode("latin-1")}
    )
    odd_id = odd.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", odd_id)

    lines = wait_for_line(live_server, odd_id)
    for request_id in (sent, generated_id, odd_id):
        access = [line for line in lines if line["logger"] == "service.access" and line["request_id"] == request_id]
        assert len(access) == 1, request_id
        line = access[0]
        assert line["path"] == "/v1/classify" and line["method"] == "POST" and line["status"] == 200
        assert {"ts", "level", "msg", "ms"} <= set(line)
