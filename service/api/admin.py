"""Operator routes, off unless an admin token is configured."""

from __future__ import annotations

import hmac
from collections.abc import Callable

from fastapi import APIRouter, Header, Request
from starlette.concurrency import run_in_threadpool

from service.api.errors import ApiError
from service.api.jsonresponse import JSONResponse
from service.api.state import ReloadResult
from service.config import Settings

router = APIRouter(prefix="/admin", include_in_schema=False)


def check_token(settings: Settings, authorization: str | None) -> None:
    if settings.admin_token is None:
        raise ApiError(404, "not_found", [(None, "admin endpoints are disabled (no admin token configured)")])
    expected = f"Bearer {settings.admin_token.get_secret_value()}".encode()
    # Constant-time comparison: response timing must not reveal how much of a guessed token was right.
    if not hmac.compare_digest(expected, (authorization or "").encode()):
        raise ApiError(401, "unauthorized", [("Authorization", "needs 'Bearer <admin token>'")])


@router.post("/reload")
async def reload(request: Request, authorization: str | None = Header(default=None)) -> JSONResponse:
    settings: Settings = request.app.state.settings
    check_token(settings, authorization)
    reload_model: Callable[[], ReloadResult] = request.app.state.reload_model
    result = await run_in_threadpool(reload_model)
    status = 200 if result.ok else 409
    return JSONResponse(
        {
            "ok": result.ok,
            "model_version": result.version,
            "previous": result.previous,
            "message": result.message,
        },
        status_code=status,
    )
