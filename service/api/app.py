"""The application factory: ``create_app(Settings(...))`` builds a complete service from one settings object."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import threading
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, Gauge, generate_latest

from service.api import admin, routes
from service.api.errors import error_response, install_error_handlers
from service.api.helper import BatchHelper
from service.api.jsonresponse import JSONResponse
from service.api.logs import configure_logging
from service.api.middleware import BodyTooLarge, Metrics, RequestContextMiddleware
from service.api.security import ApiKeyMiddleware
from service.api.state import ClassifierHolder, ReloadResult
from service.bundle import BundleError
from service.config import Settings, tune_collector

log = logging.getLogger("service.app")
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level)
    holder = ClassifierHolder(settings, prefetch=True)  # the model loads while the rest is set up
    helper = (
        BatchHelper(holder, settings.batch_helper_timeout_s, replace_s=settings.helper_replace_s)
        if settings.batch_helper
        else None
    )
    metrics = Metrics()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            holder.load()  # start-up fails loudly and never serves a bad model
        except BundleError as exc:
            # One structured line naming the file and the problem, for log search; uvicorn prints the traceback.
            log.error("model load failed", extra={"reason": str(exc)})
            raise
        _record_model()
        tune_collector(settings)  # the cache's answers live long: service/config.py
        _freeze_heap()
        gc.enable()  # ``hscc serve`` turns it off for start-up: service/__main__.py
        if helper is not None:
            helper.start()  # forked now, ready and frozen, before this process runs any thread of its own
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            # SIGHUP = "reload the model models/current names", as for most daemons.
            loop.add_signal_handler(signal.SIGHUP, lambda: loop.run_in_executor(None, _reload_and_record))
        try:
            yield
        finally:
            if helper is not None:
                helper.close()
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.remove_signal_handler(signal.SIGHUP)

    model_metric_lock = threading.Lock()

    def _record_model() -> None:
        # Exactly one series, the serving version: cleared and set under a lock, so that two reloads finishing
        # together (SIGHUP and POST /admin/reload) cannot leave two versions or none.
        with model_metric_lock:
            metrics.model.clear()
            metrics.model.labels(holder.classifier.version).set(1)

    def _freeze_heap() -> None:
        """Start-up objects (model, control list, naming patterns, libraries: ~70k) live as long as the process,
        yet every full collection of the garbage collector scanned them: ~17 ms with the GIL held. In two
        interleaved runs of ``python -m benchmarks.ab`` that was the p99 of one-item requests (9.4 and 6.7 ms;
        0.87 and 0.90 ms frozen), and the p99 of 100-item batches went from 67 to 32 ms (one run). Collected
        before freezing, so no start-up garbage is kept; after a reload everything is unfrozen, collected and
        frozen again, so what the replaced model left behind can be freed."""
        if not settings.freeze_heap:
            return
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def _reload_and_record() -> ReloadResult:
        result = holder.reload()
        if result.ok:
            _record_model()
            _freeze_heap()
            if helper is not None:
                helper.reload(holder.classifier.bundle.path)
        return result

    app = FastAPI(
        title="HS-code control classifier",
        version="1",
        description="Classifies product descriptions against China's critical-mineral export-control list.",
        default_response_class=JSONResponse,
        lifespan=lifespan,
        # Prometheus metrics and JSON logs are the service's own; OpenTelemetry is opt-in (HSCC_OTEL).
        telemetry=None if settings.otel else {"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    app.state.holder = holder
    app.state.helper = helper
    app.state.reload_model = _reload_and_record  # for POST /admin/reload: same reload, same metrics
    app.state.metrics = metrics
    if helper is not None:
        # Read at scrape: whether the helper still takes part of large batches, in how many it has (answered part of
        # it, or ran the model for texts the worker decided), and how many times it was replaced.
        Gauge(
            "hscc_batch_helper_up", "1 while the batch helper process serves", registry=metrics.registry
        ).set_function(lambda: float(helper.alive))
        Gauge(
            "hscc_batch_helper_parts",
            "Batches the helper process took part in (answered part of, or ran the model for)",
            registry=metrics.registry,
        ).set_function(lambda: float(helper.batches_helped))
        Gauge(
            "hscc_batch_helper_replacements",
            "Helpers forked in place of one that died or was given up",
            registry=metrics.registry,
        ).set_function(lambda: float(helper.replacements))
    install_error_handlers(app)

    @app.exception_handler(BodyTooLarge)
    async def _too_large(_: Request, __: BodyTooLarge) -> JSONResponse:
        return error_response(
            413, "payload_too_large", [(None, f"request body larger than {settings.max_body_bytes} bytes")]
        )

    app.include_router(routes.router)
    app.include_router(admin.router)

    @app.get("/metrics", include_in_schema=False)
    async def prometheus() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    if (STATIC_DIR / "index.html").is_file():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

        @app.get("/", include_in_schema=False)
        async def page() -> Response:
            return Response((STATIC_DIR / "index.html").read_bytes(), media_type="text/html; charset=utf-8")

    if settings.api_keys:
        app.add_middleware(ApiKeyMiddleware, keys=[k.get_secret_value() for k in settings.api_keys])
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
        )
    app.add_middleware(RequestContextMiddleware, metrics=metrics, max_body_bytes=settings.max_body_bytes)
    return app
