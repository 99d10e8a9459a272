"""Operations endpoints: Prometheus metrics and readiness."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

import service
from service.api.app import create_app
from service.config import Settings
from tests.conftest import MODELS

VERSION = (MODELS / "current").read_text(encoding="utf-8").strip()


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(metrics: dict, name: str, **labels: str) -> float:
    return metrics.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_count_requests_latency_verdicts_and_model_version() -> None:
    with TestClient(create_app(Settings(model_dir=MODELS))) as client:
        body = {"items": [{"description": "gallium oxide 99.999% powder"}, {"description": "men's cotton t-shirt"}]}
        for _ in range(3):
            assert client.post("/v1/classify", json=body).status_code == 200
        assert client.post("/v1/classify", json={"items": []}).status_code == 422
        assert client.get("/healthz").status_code == 200
        response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    m = samples(response.text)

    route = "/v1/classify"
    assert value(m, "hscc_requests_total", route=route, method="POST", status="200") == 3
    assert value(m, "hscc_requests_total", route=route, method="POST", status="422") == 1
    assert value(m, "hscc_requests_total", route="/healthz", method="GET", status="200") == 1
    assert value(m, "hscc_request_seconds_count", route=route, status="200") == 3
    assert value(m, "hscc_request_seconds_count", route=route, status="422") == 1
    assert value(m, "hscc_request_seconds_sum", route=route, status="200") > 0
    # Every observation falls in the +Inf bucket; the histogram is cumulative.
    assert value(m, "hscc_request_seconds_bucket", route=route, status="200", le="+Inf") == 3
    # Items by verdict: three requests of one controlled and one not-controlled item each.
    assert value(m, "hscc_items_total", status="controlled") == 3
    assert value(m, "hscc_items_total", status="not_controlled") == 3
    assert value(m, "hscc_model_info", version=VERSION) == 1
    # How the code runs here: compiled or from source, and why (service.native decided it at import).
    native = "true" if service.NATIVE.compiled else "false"
    assert value(m, "hscc_build_info", native=native, reason=service.NATIVE.reason) == 1


def test_metric_labels_never_carry_caller_chosen_paths() -> None:
    # Regression: requests answered before routing (413 on a declared length, 401 without an API key) were
    # labelled with the raw path, so a caller could grow the metrics registry without bound.
    settings = Settings(model_dir=MODELS, api_keys=["k1"], max_body_bytes=2048)
    with TestClient(create_app(settings)) as client:
        for i in range(5):
            too_big = client.post(f"/v1/random-{i}", content=b"x" * 4096, headers={"content-type": "application/json"})
            assert too_big.status_code == 413
            assert client.get(f"/v1/secret-{i}").status_code == 401
            assert client.get(f"/nowhere-{i}").status_code == 404
        text = client.get("/metrics").text
    assert not re.search(r"random-|secret-|nowhere-", text), text
    m = samples(text)
    assert value(m, "hscc_requests_total", route="unmatched", method="POST", status="413") == 5
    assert value(m, "hscc_requests_total", route="unmatched", method="GET", status="401") == 5


def test_readyz_is_503_until_the_model_is_loaded_then_names_the_version() -> None:
    # A real server never answers before the lifespan has loaded the model (see the comment in routes.readyz),
    # so "not ready" is observed in-process: without entering the TestClient context the lifespan has not run.
    app = create_app(Settings(model_dir=MODELS))
    not_started = TestClient(app)
    response = not_started.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "loading", "model_version": None}
    assert not_started.get("/healthz").status_code == 200  # alive, just not ready
    # Routes that need the model answer 503 in the error shape instead of a 500.
    model = not_started.get("/v1/model")
    assert model.status_code == 503 and model.json()["error"]["code"] == "not_ready"
    classify = not_started.post("/v1/classify", json={"items": [{"description": "gallium"}]})
    assert classify.status_code == 503 and classify.json()["error"]["code"] == "not_ready"

    with TestClient(app) as started:
        response = started.get("/readyz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "model_version": VERSION}


def test_model_info_follows_an_admin_reload(tmp_path: Path) -> None:
    # Regression: POST /admin/reload swapped the model but left hscc_model_info naming the old version
    # (only the SIGHUP path updated it).
    models = tmp_path / "models"
    shutil.copytree(MODELS / VERSION, models / VERSION)
    shutil.copytree(MODELS / VERSION, models / "next")
    card = json.loads((models / "next" / "card.json").read_text(encoding="utf-8"))
    card["version"] = "next-version"
    (models / "next" / "card.json").write_text(json.dumps(card), encoding="utf-8")
    (models / "current").write_text(VERSION + "\n")
    auth = {"Authorization": "Bearer t0ken"}
    with TestClient(create_app(Settings(model_dir=models, admin_token="t0ken"))) as client:
        assert value(samples(client.get("/metrics").text), "hscc_model_info", version=VERSION) == 1
        (models / "current").write_text("next\n")
        assert client.post("/admin/reload", headers=auth).json()["model_version"] == "next-version"
        m = samples(client.get("/metrics").text)
        assert value(m, "hscc_model_info", version="next-version") == 1
        assert ("hscc_model_info", (("version", VERSION),)) not in m
        # A refused reload changes nothing.
        (models / "current").write_text("missing\n")
        assert client.post("/admin/reload", headers=auth).status_code == 409
        m = samples(client.get("/metrics").text)
        assert [k for k in m if k[0] == "hscc_model_info"] == [("hscc_model_info", (("version", "next-version"),))]


def test_prefetched_model_serves_and_its_errors_surface_at_load(tmp_path: Path) -> None:
    from service.api.state import ClassifierHolder
    from service.bundle import BundleError

    holder = ClassifierHolder(Settings(model_dir=MODELS), prefetch=True)
    assert not holder.ready  # loading in the background is not serving
    holder.load()
    assert holder.ready and holder.classifier.version == (MODELS / "current").read_text().strip()

    broken = ClassifierHolder(Settings(model_dir=tmp_path), prefetch=True)  # no `current` pointer here
    with pytest.raises(BundleError, match="current-model pointer"):
        broken.load()
    assert not broken.ready


def test_start_up_objects_are_frozen_out_of_garbage_collection_and_refrozen_after_a_reload(tmp_path: Path) -> None:
    import gc
    import weakref

    def collectable(obj: object) -> bool:  # gc.get_objects() lists generations 0-2, not the frozen objects
        return any(o is obj for o in gc.get_objects())

    models = tmp_path / "models"
    shutil.copytree(MODELS / VERSION, models / VERSION)
    shutil.copytree(MODELS / VERSION, models / "next")
    (models / "current").write_text(VERSION + "\n")
    gc.unfreeze()
    try:
        with TestClient(create_app(Settings(model_dir=models, admin_token="t0ken"))) as client:
            holder = client.app.state.holder  # type: ignore[attr-defined]
            assert gc.get_freeze_count() > 10_000
            assert not collectable(holder.classifier)
            # The classifier's model bundle: the classifier holds it, so it goes only if the classifier went (and a
            # compiled Classifier, scripts/build_native.py, takes no weak reference itself).
            old = weakref.ref(holder.classifier.bundle)
            (models / "current").write_text("next\n")
            assert client.post("/admin/reload", headers={"Authorization": "Bearer t0ken"}).status_code == 200
            assert not collectable(holder.classifier)  # the new model is frozen in turn
            assert old() is None  # and the replaced one was not kept by the freezing
        gc.unfreeze()
        with TestClient(create_app(Settings(model_dir=models, freeze_heap=False))) as client:
            assert gc.get_freeze_count() == 0
            assert collectable(client.app.state.holder.classifier)  # type: ignore[attr-defined]
    finally:
        gc.unfreeze()


def test_the_collectors_threshold_is_the_settings_and_zero_leaves_it() -> None:
    import gc

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with TestClient(create_app(Settings(model_dir=MODELS, gc_threshold=0, freeze_heap=False))):
            assert gc.get_threshold() == (700, 10, 10)
        with TestClient(create_app(Settings(model_dir=MODELS, gc_threshold=12_345, freeze_heap=False))):
            assert gc.get_threshold() == (12_345, 10, 10)  # the older generations' rhythm is kept
        assert Settings.model_fields["gc_threshold"].default > 700  # served with fewer, larger collections
    finally:
        gc.set_threshold(*before)


def test_the_app_turns_the_collector_on_when_ready_and_reports_it() -> None:
    """``hscc serve`` starts with the collector off (service/__main__.py); the app must turn it on, frozen heap
    or not, and its metrics show the collections."""
    import gc

    try:
        for freeze in (True, False):
            gc.disable()
            with TestClient(create_app(Settings(model_dir=MODELS, freeze_heap=freeze))) as client:
                assert gc.isenabled()
                m = samples(client.get("/metrics").text)
            assert value(m, "python_gc_collections_total", generation="2") >= 1
    finally:
        gc.enable()
        gc.unfreeze()
