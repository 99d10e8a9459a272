"""Fallback load generator when wrk is unavailable: asyncio + httpx, bounded in time, wrk-like JSON out.

``python -m benchmarks.loadgen URL BODIES CONCURRENCY SECONDS``
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time

import httpx
import numpy as np


async def _worker(
    client: httpx.AsyncClient,
    url: str,
    bodies: list[bytes],
    until: float,
    lat: list[float],
    errors: dict[str, int],
    read: list[int],
) -> None:
    i = random.randrange(len(bodies))
    while time.perf_counter() < until:
        i = (i + 1) % len(bodies)
        start = time.perf_counter()
        try:
            r = await client.post(url + "/v1/classify", content=bodies[i], headers={"content-type": "application/json"})
            if not 200 <= r.status_code < 300:
                errors["non_2xx"] += 1
        except httpx.TimeoutException:
            errors["timeout"] += 1
            continue
        except httpx.HTTPError:
            errors["read"] += 1
            continue
        lat.append(time.perf_counter() - start)
        read.append(len(r.content))


async def main(url: str, path: str, concurrency: int, seconds: float) -> dict[str, object]:
    with open(path, encoding="utf-8") as fh:
        bodies = [line.rstrip("\n").encode() for line in fh if line.strip()]
    lat: list[float] = []
    read: list[int] = []  # answers' body bytes (wrk counts the headers too)
    errors = {"connect": 0, "read": 0, "write": 0, "non_2xx": 0, "timeout": 0}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=5.0) as client:
        start = time.perf_counter()
        until = start + seconds
        await asyncio.gather(*(_worker(client, url, bodies, until, lat, errors, read) for _ in range(concurrency)))
        duration = time.perf_counter() - start
    us = np.asarray(lat) * 1e6 if lat else np.zeros(1)
    return {
        "requests": len(lat),
        "duration_s": round(duration, 3),
        "p50_us": int(np.percentile(us, 50)),
        "p90_us": int(np.percentile(us, 90)),
        "p99_us": int(np.percentile(us, 99)),
        "max_us": int(us.max()),
        "bytes": sum(read),
        "errors": errors,
    }


if __name__ == "__main__":
    url, bodies_path, conc, secs = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    print(json.dumps(asyncio.run(main(url, bodies_path, conc, secs))))
