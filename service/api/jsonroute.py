"""``JSONBodyRoute``: a FastAPI route class for a hot JSON endpoint — FastAPI's declaration, a shorter handler.

FastAPI's generic request handler (telemetry hooks, dependency solving, two exit stacks, the Content-Type
parsed with ``email.message``, stdlib ``json``) cost more per single-item ``/v1/classify`` than answering it
from the classifier's cache (benchmarks/asgi_bench.py). This class keeps everything FastAPI derives from
the route's declaration — routing, the OpenAPI operation with its request and response models, exception
handlers, ``request_response`` — and replaces only the per-request handler, for the one shape it supports
(checked when the route is built): an ``async`` endpoint taking one pydantic model as its JSON body and,
optionally, the ``Request``; route dependencies that are ``async`` functions of the ``Request`` alone.
Dependencies declared on ``include_router(...)`` are not seen: declare them on the route.

Per request it takes FastAPI's steps in FastAPI's order, so answers (errors included) are unchanged:

1. read the body; parse it as JSON when it is non-empty and the Content-Type is a JSON one (FastAPI's rule):
   with orjson, and with the standard library for anything orjson refuses or reads differently, so that
   what stdlib ``json`` accepts (NaN, 1e400, lone surrogates, UTF-16, a BOM, integers past 64 bits) still
   parses the same and what it rejects is reported with its message; any other failure while reading is
   FastAPI's "error parsing the body" 400;
2. run the dependencies in order;
3. validate the body as FastAPI does (``validate_python(..., from_attributes=True)``, errors located under
   ``"body"``, raised as ``RequestValidationError``); a missing body is the "missing" error;
4. call the endpoint, which returns a ``Response``.
"""

from __future__ import annotations

import email.message
import inspect
import json
import typing
from collections.abc import Callable, Coroutine
from typing import Any

import orjson
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, TypeAdapter, ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

_MISSING = object()
# orjson reads an integer beyond 64 bits as a float, the standard library as an int (so validation messages would
# differ): a body with a run of 20 digits anywhere, even inside a string, takes the standard library's path.
# Found by mapping every digit to "0" and everything else to a space, then a substring search: the regex
# ``[0-9]{20}`` took 160 µs of a 100-item body (14 kB) on the event loop, this 11 µs (a one-off timeit, not kept).
_DIGIT_TO_ZERO = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
_TWENTY_DIGITS = b"0" * 20


def has_long_digit_run(raw: bytes) -> bool:
    """Whether ``raw`` holds 20 or more ASCII digits in a row (``re.search(rb"[0-9]{20}", raw)``)."""
    return _TWENTY_DIGITS in raw.translate(_DIGIT_TO_ZERO)


def is_json_media_type(value: str) -> bool:
    """FastAPI's test of whether a Content-Type carries JSON: ``application/json`` or ``application/*+json``."""
    if value == "application/json":  # what nearly every client sends; the parse below gives the same answer
        return True
    header = email.message.Message()
    header["content-type"] = value
    subtype = header.get_content_subtype()
    return header.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json"))


def parse_json(raw: bytes) -> Any:
    """``json.loads(raw)`` (what Starlette's ``Request.json`` runs), at orjson's speed for ordinary bodies."""
    if has_long_digit_run(raw):
        return json.loads(raw)
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)  # accepts what orjson refuses, or raises stdlib's error for the caller's message


class JSONBodyRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        dependencies = [_request_dependency(d.dependency) for d in self.dependencies]
        return _handler(self.endpoint, dependencies)


def _request_dependency(call: Callable[..., Any] | None) -> Callable[[Request], Coroutine[Any, Any, None]]:
    if call is None or not inspect.iscoroutinefunction(call):
        raise TypeError(f"JSONBodyRoute: dependency {call!r} must be an async function of the Request")
    hints = typing.get_type_hints(call)
    params = list(inspect.signature(call).parameters)
    if len(params) != 1 or hints.get(params[0]) is not Request:
        raise TypeError(f"JSONBodyRoute: dependency {call.__qualname__} must take only the Request")
    return typing.cast(Callable[[Request], Coroutine[Any, Any, None]], call)


def _handler(
    endpoint: Callable[..., Any], dependencies: list[Callable[[Request], Coroutine[Any, Any, None]]]
) -> Callable[[Request], Coroutine[Any, Any, Response]]:
    if not inspect.iscoroutinefunction(endpoint):
        raise TypeError(f"JSONBodyRoute: {endpoint.__qualname__} must be async")
    hints = typing.get_type_hints(endpoint)
    body_name: str | None = None
    model: type[BaseModel] | None = None
    request_name: str | None = None
    for name in inspect.signature(endpoint).parameters:
        hint = hints.get(name)
        if hint is Request:
            request_name = name
        elif body_name is None and inspect.isclass(hint) and issubclass(hint, BaseModel):
            body_name, model = name, hint
        else:
            raise TypeError(f"JSONBodyRoute: {endpoint.__qualname__}({name}) is neither the body model nor Request")
    if body_name is None or model is None:
        raise TypeError(f"JSONBodyRoute: {endpoint.__qualname__} takes no pydantic body")
    adapter: TypeAdapter[Any] = TypeAdapter(model)

    async def handler(request: Request) -> Response:
        body = await _read_json(request)
        for dependency in dependencies:
            await dependency(request)
        if body is _MISSING:
            raise RequestValidationError(
                [{"type": "missing", "loc": ("body",), "msg": "Field required", "input": None}]
            )
        try:
            value = adapter.validate_python(body, from_attributes=True)
        except ValidationError as exc:
            raise RequestValidationError(
                [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
            ) from None
        kwargs = {body_name: value}
        if request_name is not None:
            kwargs[request_name] = request
        response: Response = await endpoint(**kwargs)
        return response

    return handler


async def _read_json(request: Request) -> Any:
    """The body as FastAPI hands it to validation: parsed JSON, the raw bytes (not JSON), or ``_MISSING``."""
    try:
        raw = await request.body()
        if not raw:
            return _MISSING
        content_type = request.headers.get("content-type")
        if not content_type or not is_json_media_type(content_type):
            return raw
        return parse_json(raw)
    except json.JSONDecodeError as exc:
        raise RequestValidationError(
            [
                {
                    "type": "json_invalid",
                    "loc": ("body", exc.pos),
                    "msg": "JSON decode error",
                    "input": {},
                    "ctx": {"error": exc.msg},
                }
            ]
        ) from exc
    except HTTPException:
        raise  # the body-size limit's 413, raised from receive()
    except Exception as exc:
        raise HTTPException(400, "There was an error parsing the body") from exc
