"""``python -m benchmarks.asgi_bench [--requests 3000] [--items 1] [--profile]``: the application's own cost of
one ``POST /v1/classify`` (``--items`` descriptions per request), without a socket or an HTTP parser.

The app is called directly through ASGI (what uvicorn does after parsing a request), in one process, on an
event loop, so the figure is the framework's share (routing, validation, middleware, response) plus the
classifier, with none of the kernel's or the load generator's noise: a few microseconds of change show up
here when the wrk figures on a shared machine move by a hundred. Scenarios: ``cached`` repeats one body
(the classifier's cache answers, so this is nearly all framework) and ``distinct`` sends each body once.
``--profile`` prints the top of a cProfile of the cached scenario (of the distinct one with ``--items`` > 1,
where the classifier's work is what a batch costs).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.stats import summarize_us
from benchmarks.texts import request_json, sample_descriptions
from service.api.app import create_app
from service.config import Settings

OUT = Path(__file__).resolve().parent / "out"


def _scope(body: bytes) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/classify",
        "raw_path": b"/v1/classify",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


async def post_classify(app: Any, body: bytes) -> int:
    """``POST /v1/classify`` with ``body`` to the ASGI ``app``; the response status."""
    sent = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(_scope(body), receive, send)
    return status


async def _timed(app: Any, bodies: list[bytes]) -> list[float]:
    out = []
    for body in bodies:
        start = time.perf_counter()
        status = await post_classify(app, body)
        out.append(time.perf_counter() - start)
        if status != 200:
            raise RuntimeError(f"status {status} for {body[:80]!r}")
    return out


async def _run(n: int, items: int, profile: bool) -> dict[str, Any]:
    app = create_app(Settings(log_level="WARNING"))
    texts = sample_descriptions(OUT, (n + 10) * items)
    bodies = [request_json(texts[i : i + items]).encode() for i in range(0, len(texts), items)]
    async with app.router.lifespan_context(app):
        await _timed(app, bodies[:10])  # warm-up
        figures: dict[str, Any] = {}
        for name, sample in (("cached", [bodies[0]] * n), ("distinct", bodies[10 : 10 + n])):
            figures[name] = summarize_us(await _timed(app, sample))
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            await _timed(app, [bodies[0]] * n if items == 1 else bodies[10 : 10 + n])
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(40)
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.asgi_bench", description=__doc__)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--items", type=int, default=1, help="descriptions per request")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)
    print(json.dumps(asyncio.run(_run(args.requests, args.items, args.profile))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
