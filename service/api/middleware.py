"""One pure-ASGI middleware for what every request needs: an id, a body-size limit, security headers,
metrics and a structured log line. Pure ASGI rather than BaseHTTPMiddleware: it adds microseconds, not a
task and a stream copy per request.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections import Counter as Tally
from collections.abc import Iterable

import orjson
from prometheus_client import CollectorRegistry, Counter, Gauge, GCCollector, Histogram
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service import NATIVE
from service.api.errors import error_body

log = logging.getLogger("service.access")
_VISIBLE_ASCII = re.compile(rb"[\x21-\x7e]+")

# Script only from this origin; no inline script anywhere (the page has none), no framing by other sites.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
_SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


def new_request_id() -> str:
    """What ``uuid.uuid4().hex`` returns (random, version 4, RFC 4122 variant) without building a ``UUID``: it
    took 5 µs of every request."""
    n = int.from_bytes(os.urandom(16), "big")
    n = (n & ~(0xC000 << 48)) | (0x8000 << 48)  # variant bits, as uuid.UUID(version=4) sets them
    n = (n & ~(0xF000 << 64)) | (4 << 76)  # version 4
    return f"{n:032x}"


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "hscc_requests_total", "HTTP requests", ["route", "method", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "hscc_request_seconds",
            "HTTP request latency",
            ["route", "status"],  # by status too: fast rejections must not hide in the latency of answers
            buckets=(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5),
            registry=self.registry,
        )
        self.items = Counter("hscc_items_total", "Items classified by verdict", ["status"], registry=self.registry)
        self.model = Gauge("hscc_model_info", "Serving model", ["version"], registry=self.registry)
        # Whether the compiled decision modules run (scripts/build_native.py), or the sources: the same answers,
        # about a tenth less CPU compiled. Decided once, when the package was imported (service.native).
        build = Gauge("hscc_build_info", "How the service's code runs", ["native", "reason"], registry=self.registry)
        build.labels(str(NATIVE.compiled).lower(), NATIVE.reason).set(1)
        # Python's collections by generation (python_gc_*): the server tunes and pauses its collector
        # (service/config.py, service/__main__.py), so that it runs, and how often, is something to watch. Read at
        # scrape.
        GCCollector(registry=self.registry)
        # Labelled children by label values: ``labels()`` takes a lock and checks its arguments on every call,
        # a noticeable share of a one-item request. The label sets are few (routes x methods x statuses).
        self._by_request: dict[tuple[str, str, str], tuple[Counter, Histogram]] = {}
        self._by_verdict: dict[str, Counter] = {}

    def record(self, route: str, method: str, status: str, seconds: float, verdicts: Iterable[str] | None) -> None:
        key = (route, method, status)
        children = self._by_request.get(key)
        if children is None:
            children = self._by_request[key] = (
                self.requests.labels(route, method, status),
                self.latency.labels(route, status),
            )
        children[0].inc()
        children[1].observe(seconds)
        # Counted first, one ``inc`` per verdict: an ``inc`` takes a lock, and a 100-item batch made 100 of them.
        for verdict, n in Tally(verdicts or ()).items():
            counter = self._by_verdict.get(verdict)
            if counter is None:
                counter = self._by_verdict[verdict] = self.items.labels(verdict)
            counter.inc(n)


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics, max_body_bytes: int) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        incoming, declared, chunked = b"", None, False
        for name, value in scope.get("headers") or ():
            if name == b"x-request-id":
                incoming = value[:64]
            elif name == b"content-length":
                declared = value
            elif name == b"transfer-encoding":
                chunked = True
        # A caller's id is kept (and echoed) when it is visible ASCII; anything else would not round-trip as the
        # same header value, so it is replaced by a fresh id rather than mangled.
        request_id = incoming.decode("ascii") if _VISIBLE_ASCII.fullmatch(incoming) else new_request_id()
        scope.setdefault("state", {})["request_id"] = request_id
        extra = [(b"x-request-id", request_id.encode("ascii"))]
        extra += _SECURITY_HEADERS if not scope["path"].startswith("/v1/") else _SECURITY_HEADERS[:1]
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), *extra]
            await send(message)

        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._reject_too_large(send_wrapper)
        elif declared is not None and declared.isdigit() and not chunked:
            # The server reads no more than the declared length, now known to be within the limit: no count needed.
            await self.app(scope, receive, send_wrapper)
        else:
            await self.app(scope, self._limited(receive), send_wrapper)
        self._record(scope, status, started, request_id)

    def _limited(self, receive: Receive) -> Receive:
        seen = 0
        limit = self.max_body_bytes

        async def wrapped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        return wrapped

    async def _reject_too_large(self, send: Send) -> None:
        body = orjson.dumps(
            error_body("payload_too_large", [(None, f"request body larger than {self.max_body_bytes} bytes")])
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def _record(self, scope: Scope, status: int, started: float, request_id: str) -> None:
        elapsed = time.perf_counter() - started
        route = scope.get("route")
        # The route template, never the raw path: a label per caller-chosen path would grow the registry without
        # bound (send a huge Content-Length to /v1/<random> a million times). Requests answered before routing
        # (413 on the declared length, 401 for a missing API key) or by no route at all count as "unmatched".
        path = getattr(route, "path", None) or "unmatched"
        self.metrics.record(path, scope["method"], str(status), elapsed, scope.get("state", {}).get("verdicts"))
        if log.isEnabledFor(logging.INFO):
            log.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": scope["method"],
                    "path": path,
                    "status": status,
                    "ms": round(elapsed * 1000, 3),
                },
            )


class BodyTooLarge(StarletteHTTPException):
    """Raised from receive() when a streamed body passes the limit; turned into 413 by the app.

    An HTTPException on purpose: FastAPI turns any other exception raised while it reads the body into
    "400 error parsing the body", which would report a chunked upload over the limit as bad JSON.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit} bytes")
