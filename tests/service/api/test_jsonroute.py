"""The hot route's own pieces: JSON parsing as the standard library does it, FastAPI's Content-Type rule, the
shapes ``JSONBodyRoute`` accepts, and the request ids of the middleware."""

from __future__ import annotations

import json
import math
import re
import uuid

import pytest
from fastapi import APIRouter, Depends, Request
from hypothesis import given
from hypothesis import strategies as st

from service.api.jsonresponse import JSONResponse
from service.api.jsonroute import JSONBodyRoute, has_long_digit_run, is_json_media_type, parse_json
from service.api.middleware import new_request_id
from service.api.schemas import ClassifyRequest

SAME_AS_STDLIB = [
    b'{"items": [{"description": "gallium oxide"}], "top_k": 2}',
    b'{"a": 1, "a": 2}',
    b"NaN",
    b"[Infinity, -Infinity]",
    b"1e400",
    b"123456789012345678901234567890",
    b'{"id": "12345678901234567890123"}',
    b'"\\ud800 lone surrogate"',
    b'\xef\xbb\xbf{"bom": true}',
    '{"utf16": "氧化镓"}'.encode("utf-16"),
    b"18446744073709551615",
    b"-9223372036854775808",
    b"  [1.5, -0, 0.1e-400]  ",
]


@pytest.mark.parametrize("raw", SAME_AS_STDLIB)
def test_parse_json_reads_what_the_standard_library_reads(raw: bytes) -> None:
    ours, theirs = parse_json(raw), json.loads(raw)
    assert repr(ours) == repr(theirs)
    assert type(ours) is type(theirs)
    if isinstance(theirs, float) and math.isinf(theirs):
        assert ours == theirs


@given(
    st.lists(
        st.one_of(
            st.binary(max_size=8), st.integers(1, 30).map(lambda n: b"7" * n), st.sampled_from([b"0", b"9", b"/", b":"])
        ),
        max_size=12,
    ).map(b"".join)
)
def test_long_digit_run_is_twenty_ascii_digits_in_a_row(raw: bytes) -> None:
    assert has_long_digit_run(raw) == bool(re.search(rb"[0-9]{20}", raw))


@pytest.mark.parametrize("raw", [b"{", b"{not json", b'{"a": 1} x', b"[1,]", b'"a\x01b"'])
def test_parse_json_fails_with_the_standard_library_error(raw: bytes) -> None:
    with pytest.raises(json.JSONDecodeError) as ours:
        parse_json(raw)
    with pytest.raises(json.JSONDecodeError) as theirs:
        json.loads(raw)
    assert (ours.value.msg, ours.value.pos) == (theirs.value.msg, theirs.value.pos)


@pytest.mark.parametrize(
    ("value", "is_json"),
    [
        ("application/json", True),
        ("application/json; charset=utf-8", True),
        ("APPLICATION/JSON", True),
        ("application/problem+json", True),
        ("application/x-json", False),
        ("text/plain", False),
        ("", False),
        ("multipart/form-data; boundary=x", False),
    ],
)
def test_json_media_types(value: str, is_json: bool) -> None:
    assert is_json_media_type(value) is is_json


def test_route_class_refuses_shapes_it_does_not_handle() -> None:
    router = APIRouter()

    async def with_query(body: ClassifyRequest, limit: int) -> JSONResponse:
        return JSONResponse({})

    def not_async(body: ClassifyRequest) -> JSONResponse:
        return JSONResponse({})

    async def needs_more(request: Request, other: int) -> None:
        return None

    async def fine(body: ClassifyRequest, request: Request) -> JSONResponse:
        return JSONResponse({})

    with pytest.raises(TypeError, match="neither the body model nor Request"):
        router.add_api_route("/a", with_query, methods=["POST"], route_class_override=JSONBodyRoute)
    with pytest.raises(TypeError, match="must be async"):
        router.add_api_route("/b", not_async, methods=["POST"], route_class_override=JSONBodyRoute)
    with pytest.raises(TypeError, match="must take only the Request"):
        router.add_api_route(
            "/c", fine, methods=["POST"], dependencies=[Depends(needs_more)], route_class_override=JSONBodyRoute
        )
    router.add_api_route("/d", fine, methods=["POST"], route_class_override=JSONBodyRoute)


def test_new_request_ids_are_uuid4_hex() -> None:
    ids = {new_request_id() for _ in range(2000)}
    assert len(ids) == 2000
    for value in ids:
        parsed = uuid.UUID(hex=value)
        assert parsed.hex == value and parsed.version == 4 and parsed.variant == uuid.RFC_4122
