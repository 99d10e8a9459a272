"""JSON responses rendered by orjson (fast, and UTF-8 without escaping Chinese text)."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse as StarletteJSONResponse


class JSONResponse(StarletteJSONResponse):
    # A JSONResponse subclass (not a bare Response): FastAPI only documents a route's response model in the
    # OpenAPI schema when the response class is one; otherwise every 200 is published as {"type": "string"}.
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
