"""Service settings: one object, built from the environment (prefix ``HSCC_``) or directly in tests."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
# Latest date a measure can be judged on: the measures look some weeks past ``as_of``, and dates near
# ``date.max`` (9999-12-31) would overflow there. Checked at the API and CLI edges.
LATEST_AS_OF = date(2999, 12, 31)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HSCC_", frozen=True)

    model_dir: Path = Field(default=REPO_ROOT / "models", description="folder holding bundles and `current`")
    controls_path: Path | None = Field(default=None, description="control list; default: the packaged one")
    naming_path: Path | None = Field(default=None, description="naming knowledge; default: the packaged one")

    max_items: int = Field(default=1000, ge=1, description="items per /v1/classify request")
    max_description_chars: int = Field(default=2000, ge=1)
    max_body_bytes: int = Field(default=4_000_000, ge=1024, description="larger request bodies get 413")
    default_top_k: int = Field(default=3, ge=1, le=20)
    cache_size: int = Field(default=4096, ge=0, description="LRU cache of classified descriptions; 0 = off")
    # Two threads took served 100-item requests from 32-37 to 20-24 ms in three interleaved runs while the host
    # gave 10-45 % of the CPU to other guests. In a run with little steal they did not (19.2 ms with one, 20.4
    # with two) and cost throughput at concurrency 32 (1,508 against 1,275 req/s): benchmarks/JOURNAL.md, tenth session.
    model_threads: int = Field(
        default=1,
        ge=1,
        le=64,
        description="onnxruntime intra-op threads of each worker process (benchmarks/JOURNAL.md: 2 helped 100-item "
        "requests only while the host was contended, and cost throughput at concurrency 32)",
    )
    freeze_heap: bool = Field(
        default=True,
        description="after the model loads, exempt every object then alive from garbage collection (gc.freeze): "
        "full collections no longer scan the ~70k start-up objects (service.api.app, python -m benchmarks.ab)",
    )
    # Python collects its youngest generation after 700 more container objects than it freed, every tenth of those
    # collections the next generation, and the oldest when enough objects reached it. A served answer stays in the
    # cache (``cache_size``) with its lists and matches: with the cache full (as after ``make bench``'s single-item
    # scenarios), those collections scan tens of thousands of objects with the GIL held, and a request that meets
    # one waits. Two runs of ``python -m benchmarks.ab`` (four interleaved rounds each; benchmarks/JOURNAL.md,
    # twenty-first session): 100-item requests p99 60 -> 19 and 35 -> 20 ms, one-item requests p99 2.2 -> 1.3 and
    # 1.3 -> 0.9 ms; the 100-item p50 went 17.0 -> 12.2 ms in the first run and 12.4 -> 13.6 in the second (each
    # variant fastest in some rounds). Without HTTP (``python -m benchmarks.collector``) no difference showed.
    gc_threshold: int = Field(
        default=50_000,
        ge=0,
        description="allocations before Python's youngest garbage collection (gc.set_threshold); 0 leaves the "
        "threshold as it is (Python's default: 700). Reference cycles, which only the collector frees, wait longer: "
        "at most about this many objects",
    )

    batch_helper: bool = Field(
        default=True,
        description="fork a helper process once the model is loaded, which shares a request's texts with the worker "
        "when more than 16 distinct texts need a model run (service.api.helper): it runs the model for most of them "
        "first, then the worker decides from the front of the queue and the helper from the back until they meet; "
        "the decisions hold the GIL, so a worker's threads cannot use two cores for one batch",
    )
    batch_helper_timeout_s: float = Field(
        default=30.0,
        gt=0,
        description="seconds to wait for the helper's part of a batch; past it the helper is stopped and the worker "
        "classifies that part, and every later batch until it is replaced, alone",
    )
    batch_helper_spare: bool = Field(
        default=False,
        description="also fork a spare process at start-up, from which a helper that died or was given up is "
        "replaced (service.api.spare); it costs 8-18 MB more per worker while it waits (the old copies of pages "
        "the worker and the helper write: benchmarks/JOURNAL.md), so it is off unless that memory is to spare",
    )
    batch_helper_replace_s: float = Field(
        default=30.0,
        ge=0,
        description="with a spare: a helper is replaced at most once in this many seconds (the first not before "
        "this long after start-up), so that one that keeps failing costs little",
    )

    admin_token: SecretStr | None = Field(default=None, description="enables /admin/reload when set")
    api_keys: list[SecretStr] = Field(default=[], description="when non-empty, /v1/* needs X-API-Key")
    cors_origins: list[str] = Field(default=[], description="CORS closed unless origins are listed")
    log_descriptions: bool = Field(default=False, description="write request descriptions to logs")
    log_level: str = "INFO"
    otel: bool = Field(
        default=False,
        description="FastAPI's native OpenTelemetry (traces, metrics, logs to the globally configured providers); "
        "off by default: its per-request check of the providers is measurable (python -m benchmarks.ab)",
    )

    @property
    def helper_replace_s(self) -> float | None:
        """How often a batch helper may be replaced, or ``None`` when there is no spare to replace it from."""
        return self.batch_helper_replace_s if self.batch_helper_spare else None

    def description_fault(self, text: str) -> str | None:
        """Why ``text`` cannot be classified here ("is empty", "is longer than N characters"), or None: the one
        rule the API (per item) and the CLI (per row) apply, each prefixing where the text came from."""
        if not text.strip():
            return "is empty"
        if len(text) > self.max_description_chars:
            return f"is longer than {self.max_description_chars} characters"
        return None


def tune_collector(settings: Settings) -> None:
    """Set Python's youngest collection threshold to ``settings.gc_threshold`` (0: leave it), keeping the older
    generations' rhythm. Process-wide: the server sets it at start-up, ``hscc classify`` before a file (where
    ``python -m benchmarks.collector`` measured no clear difference: the setting is one for both)."""
    if settings.gc_threshold:
        gc.set_threshold(settings.gc_threshold, *gc.get_threshold()[1:])
