"""One error shape for the whole API: ``{"error": {"code", "message", "details": [{"field", "message"}]}}``.

Every message names the bad value's path the way a caller writes it (``items[3].description``), so a
logistics system can point at the offending line of its batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.api.jsonresponse import JSONResponse


class ApiError(Exception):
    def __init__(self, status: int, code: str, details: Sequence[tuple[str | None, str]]) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.details = list(details)


def error_body(code: str, details: Sequence[tuple[str | None, str]]) -> dict[str, Any]:
    items = [{"field": f, "message": m} for f, m in details]
    first = details[0] if details else (None, code)
    message = f"{first[0]} {first[1]}" if first[0] else first[1]
    if len(details) > 1:
        message += f" (and {len(details) - 1} more)"
    return {"error": {"code": code, "message": message, "details": items}}


def error_response(status: int, code: str, details: Sequence[tuple[str | None, str]], **headers: str) -> JSONResponse:
    return JSONResponse(error_body(code, details), status_code=status, headers=headers or None)


def format_loc(loc: Sequence[Any]) -> str:
    """('body', 'items', 3, 'description') -> 'items[3].description'."""
    out = ""
    for part in loc:
        if part in ("body", "query", "path", "header"):
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "body"


def validation_message(err: dict[str, Any]) -> str:
    """A pydantic error in the API's words ("is required", "must be a JSON object", ...)."""
    kind = err.get("type", "")
    if kind == "missing":
        return "is required"
    if kind == "json_invalid":
        where = err.get("loc", ("body", "?"))[-1]
        return f"is not valid JSON (at character {where}): " + str(err.get("ctx", {}).get("error", "")).strip()
    if kind == "extra_forbidden":
        return "is not a known field"
    if kind in ("model_attributes_type", "dict_type", "model_type"):
        return "must be a JSON object"
    text = str(err.get("msg", "is invalid"))
    value = err.get("input")
    if isinstance(value, (str, int, float, bool)) and len(repr(value)) <= 60 and kind != "string_type":
        text += f" (got {value!r})"
    return text[:1].lower() + text[1:]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.details)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            ("body" if e.get("type") == "json_invalid" else format_loc(e.get("loc", ())), validation_message(e))
            for e in exc.errors()
        ]
        return error_response(422, "invalid_request", details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and "parsing the body" in str(exc.detail):
            # FastAPI's wording for a body its JSON parser rejects with something other than a syntax error: not
            # UTF-8, nested too deeply, a number too long. Make it a named 422 like the rest.
            return error_response(
                422,
                "invalid_request",
                [("body", "is not valid UTF-8 JSON (or nests too deeply, or has a number too long)")],
            )
        code = {
            404: "not_found",
            405: "method_not_allowed",
            401: "unauthorized",
            403: "forbidden",
            413: "payload_too_large",
            415: "unsupported_media_type",
        }.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, [(None, str(exc.detail))])

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Never leak internals; the request id in the response header lets an operator find the log line.
        return error_response(500, "internal_error", [(None, "internal error; the request id is in the logs")])
