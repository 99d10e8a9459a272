"""Service settings: one object, built from the environment (prefix ``HSCC_``) or directly in tests."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
# Latest date a measure can be judged on: the measures look some weeks past ``as_of``, and dates near
# ``date.max`` (9999-12-31) would overflow there. Checked at the API and CLI edges.
LATEST_AS_OF = date(2999, 12, 31)
# onnxruntime threads per process, by default. Served over HTTP on this 2-core virtual machine, two intra-op
# threads took 100-item requests from 32.8 to 19.8 ms and from 36.9 to 24.1 ms p50, and one-item requests at
# concurrency 1 from 856 to 660 µs and from 933 to 765 µs: two runs of ``python -m benchmarks.ab --variant
# before=<ef29094's service> --variant now=.``, faster in every round. Throughput at concurrency 32 was 19 % lower
# in one run and 7 % higher in the other. In one process, alternating with a one-thread session
# (``python -m benchmarks.paired``), batches differed by 3 % and single texts not at all. So much of the gain
# seems to come from pool threads that spin between runs and keep a core awake, not from sharing a run's work.
# More than two threads were not measured.
MAX_DEFAULT_MODEL_THREADS = 2


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, e.g. a container's cpuset), not the host's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def model_threads_for(workers: int, cores: int | None = None) -> int:
    """Intra-op threads per worker: the cores shared out among the workers, at least one, at most
    ``MAX_DEFAULT_MODEL_THREADS``; more threads than cores would make the workers wait for each other."""
    return max(1, min(MAX_DEFAULT_MODEL_THREADS, (cores or usable_cores()) // max(1, workers)))


def serve_model_threads(workers: int) -> str:
    """The ``HSCC_MODEL_THREADS`` that ``hscc serve --workers N`` passes its workers: the environment's when
    set, else ``model_threads_for(N)``."""
    return os.environ.get("HSCC_MODEL_THREADS") or str(model_threads_for(workers))


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
    model_threads: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="onnxruntime intra-op threads of this process; default: the usable cores, at most 2 "
        "(`hscc serve --workers N` sets it to the cores shared out among N workers)",
    )
    freeze_heap: bool = Field(
        default=True,
        description="after the model loads, exempt every object then alive from garbage collection (gc.freeze): "
        "full collections no longer scan the ~70k start-up objects (service.api.app, python -m benchmarks.ab)",
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
    def session_threads(self) -> int:
        """``model_threads``, or the default for one process."""
        return self.model_threads or model_threads_for(1)

    def description_fault(self, text: str) -> str | None:
        """Why ``text`` cannot be classified here ("is empty", "is longer than N characters"), or None: the one
        rule the API (per item) and the CLI (per row) apply, each prefixing where the text came from."""
        if not text.strip():
            return "is empty"
        if len(text) > self.max_description_chars:
            return f"is longer than {self.max_description_chars} characters"
        return None
