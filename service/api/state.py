"""The serving state: which classifier answers, and how a new one replaces it without downtime.

A request reads ``holder.classifier`` once and keeps that object to the end, so in-flight requests finish on
the model they started with. ``reload`` builds the new classifier completely (bundle hash, session, probe,
labels against the control list) before one atomic reference swap; on any failure the old one keeps serving.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from service.bundle import BundleError, ModelBundle, load_bundle, resolve_current
from service.classifier import Classifier
from service.config import Settings
from service.controls import ControlIndex, load_controls
from service.controls.index import DEFAULT_PATH as DEFAULT_CONTROLS
from service.naming import NamingIndex, load_naming

log = logging.getLogger("service.state")


@dataclass(frozen=True)
class ReloadResult:
    ok: bool
    version: str
    previous: str
    message: str


class ClassifierHolder:
    def __init__(self, settings: Settings, *, prefetch: bool = False) -> None:
        """``prefetch``: start loading the current bundle in a thread before reading the control list and the
        naming index, for ``load`` to pick up. onnxruntime releases the GIL while it builds and probes the
        session, so on two cores the model loads while this thread compiles the naming patterns. Errors
        surface in ``load``, where they did before."""
        self.settings = settings
        self._prefetched: Future[ModelBundle] | None = None
        if prefetch:
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bundle-load")
            self._prefetched = pool.submit(self._load_current)
            pool.shutdown(wait=False)  # its one thread ends with this task
        self.controls: ControlIndex = load_controls(settings.controls_path or DEFAULT_CONTROLS)
        self.naming: NamingIndex = load_naming(settings.naming_path) if settings.naming_path else load_naming()
        self._classifier: Classifier | None = None
        self._lock = threading.Lock()

    @property
    def classifier(self) -> Classifier:
        current = self._classifier
        if current is None:
            raise RuntimeError("model not loaded")
        return current

    @property
    def ready(self) -> bool:
        return self._classifier is not None

    def build(self, bundle_dir: Path | None = None) -> Classifier:
        """Load a bundle (default: the one ``models/current`` names) into a ready classifier, or raise."""
        return self._assemble(
            load_bundle(bundle_dir, self.settings.model_threads) if bundle_dir else self._load_current()
        )

    def _load_current(self) -> ModelBundle:
        return load_bundle(resolve_current(self.settings.model_dir), self.settings.model_threads)

    def _assemble(self, bundle: ModelBundle) -> Classifier:
        try:
            return Classifier(bundle, self.controls, self.naming, cache_size=self.settings.cache_size)
        except ValueError as exc:
            raise BundleError(f"{bundle.path}: {exc}") from exc

    def load(self) -> None:
        """Serve the current bundle (the prefetched one when ``prefetch`` started it)."""
        prefetched, self._prefetched = self._prefetched, None
        classifier = self._classifier = self._assemble(prefetched.result() if prefetched else self._load_current())
        log.info(
            "model loaded", extra={"model_version": classifier.version, "model_threads": classifier.bundle.threads}
        )

    def reload(self, bundle_dir: Path | None = None) -> ReloadResult:
        with self._lock:  # one reload at a time; requests never wait on this lock
            previous = self._classifier.version if self._classifier else "none"
            try:
                fresh = self.build(bundle_dir)
            except (BundleError, OSError, ValueError) as exc:
                log.error("reload refused", extra={"reason": str(exc)})
                return ReloadResult(False, previous, previous, f"kept {previous}: {exc}")
            self._classifier = fresh
            log.info(
                "model swapped",
                extra={"model_version": fresh.version, "previous": previous, "model_threads": fresh.bundle.threads},
            )
            return ReloadResult(True, fresh.version, previous, f"serving {fresh.version} (was {previous})")
