"""Optional API-key check for /v1/* (off unless keys are configured)."""

from __future__ import annotations

import hmac

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.errors import error_body


class ApiKeyMiddleware:
    def __init__(self, app: ASGIApp, keys: list[str]) -> None:
        self.app = app
        self.keys = [k.encode() for k in keys]

    def _allowed(self, presented: bytes) -> bool:
        # Compare against every key, constant-time each, so timing reveals neither which key nor how much.
        ok = False
        for key in self.keys:
            ok |= hmac.compare_digest(key, presented)
        return ok

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/v1/"):
            presented = dict(scope.get("headers") or []).get(b"x-api-key", b"")
            if not self._allowed(presented):
                body = orjson.dumps(error_body("unauthorized", [("X-API-Key", "missing or not a valid API key")]))
                await send(
                    {
                        "type": "http.response.start",
                        "status": 401,
                        "headers": [(b"content-type", b"application/json"), (b"www-authenticate", b"ApiKey")],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
