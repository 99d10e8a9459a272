"""Body limits and Content-Type on a real uvicorn server (httptools parser), not just in-process."""

from __future__ import annotations

import json
import select
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx

from tests.conftest import LiveServer

LIMIT = 4_000_000  # Settings.max_body_bytes default, which live_server runs with


def exchange(server: LiveServer, head: bytes, body: Iterator[bytes]) -> tuple[int, dict[str, str], dict]:
    """Send a request over a raw socket (so nothing adds or fixes headers), then read one response.

    The body is sent only as far as the server reads it: once it has answered it may stop reading, and a
    client that insisted on writing the rest would block or be reset before it saw the answer.
    """
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(head)
        sock.setblocking(False)
        received = b""
        answered = False
        for chunk in body:
            view = memoryview(chunk)
            while view and not answered:
                readable, writable, _ = select.select([sock], [sock], [], 10)
                if readable:
                    answered = True  # the server has answered: stop writing and read
                elif writable:
                    try:
                        view = view[sock.send(view) :]
                    except (BrokenPipeError, ConnectionResetError):
                        answered = True
                else:
                    raise AssertionError("server neither reads the body nor answers")
            if answered:
                break
        sock.settimeout(10)
        while b"\r\n\r\n" not in received or len(received) < _expected_length(received):
            data = sock.recv(65536)
            if not data:
                break
            received += data
    head_part, _, payload = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head_part.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in header_lines)}
    return int(status_line.split()[1]), headers, json.loads(payload)


def _expected_length(received: bytes) -> int:
    head, sep, _ = received.partition(b"\r\n\r\n")
    if not sep:
        return 1 << 62
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(head) + 4 + int(value)
    return 1 << 62


def assert_413(status: int, headers: dict[str, str], body: dict) -> None:
    assert status == 413, body
    assert headers["content-type"] == "application/json"
    assert headers["x-request-id"]
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == "payload_too_large"
    assert str(LIMIT) in body["error"]["message"]


def test_declared_length_over_limit_is_413_before_the_body_is_read(live_server: LiveServer) -> None:
    head = (
        b"POST /v1/classify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n" % (LIMIT + 1)
    )
    assert_413(*exchange(live_server, head, iter([b'{"items": [', b" " * 65536])))


def test_chunked_body_over_limit_is_413(live_server: LiveServer) -> None:
    def chunks() -> Iterator[bytes]:
        piece = b'{"description": "' + b"g" * 60_000 + b'"},'
        yield b"1\r\n{\r\n"
        sent = 0
        while sent <= LIMIT + len(piece):
            yield b"%x\r\n%s\r\n" % (len(piece), piece)
            sent += len(piece)
        yield b"0\r\n\r\n"

    head = (
        b"POST /v1/classify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    assert_413(*exchange(live_server, head, chunks()))


def test_streamed_upload_over_limit_with_httpx_is_413(live_server: LiveServer) -> None:
    # What a real client does with a generator body: Transfer-Encoding: chunked, no Content-Length. The body
    # stops just past the limit, so the client has finished writing when the server answers.
    def body() -> Iterator[bytes]:
        yield b'{"items": [{"description": "'
        for _ in range(LIMIT // 65536 + 1):
            yield b"g" * 65536
        yield b'"}]}'

    response = httpx.post(
        live_server.url + "/v1/classify", content=body(), headers={"content-type": "application/json"}, timeout=30
    )
    assert response.status_code == 413, response.text
    assert response.json()["error"]["code"] == "payload_too_large"
    assert "content-length" not in response.request.headers


def test_body_just_under_limit_is_processed(live_server: LiveServer) -> None:
    # Right under the limit the body is parsed and judged on its content (too many characters -> 422).
    description = "g" * (LIMIT - 100)
    body = json.dumps({"items": [{"description": description}]}).encode()
    assert len(body) <= LIMIT
    response = httpx.post(
        live_server.url + "/v1/classify", content=body, headers={"content-type": "application/json"}, timeout=30
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"][0]["field"] == "items[0].description"


def test_wrong_content_type_on_live_server_is_415(live_server: LiveServer) -> None:
    response = httpx.post(
        live_server.url + "/v1/classify",
        content=b'{"items": [{"description": "gallium oxide"}]}',
        headers={"content-type": "text/plain"},
    )
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
