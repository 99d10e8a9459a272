"""Public routes: classify, the control list, the model card, health."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from service.api import schemas
from service.api.convert import RENDERS, to_classify_response, to_item_error
from service.api.errors import ApiError, format_loc, validation_message
from service.api.helper import BatchHelper, classify_shared
from service.api.jsonresponse import JSONResponse
from service.api.jsonroute import JSONBodyRoute, is_json_media_type
from service.api.parts import Batch
from service.api.state import ClassifierHolder
from service.classifier import Classifier
from service.config import Settings

router = APIRouter()
# Descriptions can be commercially sensitive: they are logged only when ``Settings.log_descriptions`` is true.
request_log = logging.getLogger("service.requests")
_ERROR = {"model": schemas.ErrorResponse}
# Below this many items a call costs well under a millisecond: hopping to the thread pool would cost more
# than it frees. Larger batches run off the event loop so other requests keep flowing.
_INLINE_ITEMS = 16


def _holder(request: Request) -> ClassifierHolder:
    holder: ClassifierHolder = request.app.state.holder
    return holder


def _classifier(request: Request) -> Classifier:
    holder = _holder(request)
    if not holder.ready:
        raise ApiError(503, "not_ready", [(None, "the model is not loaded yet; retry shortly")])
    return holder.classifier


async def require_json(request: Request) -> None:
    """415 for a body that is not JSON by its Content-Type, instead of "body must be a JSON object".

    ``async`` although it awaits nothing: FastAPI runs a plain ``def`` dependency in the thread pool, and that
    hop cost more than the whole check (measured: the largest single overhead of a one-item request)."""
    value = request.headers.get("content-type")
    if value is None:
        raise ApiError(415, "unsupported_media_type", [("Content-Type", "is missing: send application/json")])
    if not is_json_media_type(value):  # the rule by which the body is parsed as JSON
        raise ApiError(
            415, "unsupported_media_type", [("Content-Type", f"must be application/json, got {value[:80]!r}")]
        )


def _check_items(req: schemas.ClassifyRequest, settings: Settings) -> dict[int, list[tuple[str, str]]]:
    """The request's problems: those of the request itself raise (422); those of single items (set aside by
    validation in 'report' mode, or against this deployment's limits) are returned by position in 'report'
    mode and raise, all of them together, in 'reject' mode."""
    problems: list[tuple[str | None, str]] = []
    if not req.items:
        problems.append(("items", "is empty: send at least one item"))
    if len(req.items) > settings.max_items:
        problems.append(("items", f"has {len(req.items)} items; at most {settings.max_items} per request"))
    invalid: dict[int, list[tuple[str, str]]] = {}
    for i, item in enumerate(req.items):
        if isinstance(item, schemas.InvalidItem):
            invalid[i] = [(format_loc(e["loc"]), validation_message(e)) for e in item.errors]
        elif (fault := settings.description_fault(item.description)) is not None:
            invalid[i] = [(f"items[{i}].description", fault)]
    if req.invalid_items == "reject":
        problems.extend(detail for i in sorted(invalid) for detail in invalid[i])
    if problems:
        raise ApiError(422, "invalid_request", problems)
    return invalid


def _results(
    classifier: Classifier,
    body: schemas.ClassifyRequest,
    destination: str | None,
    as_of: date,
    invalid: dict[int, list[tuple[str, str]]],
) -> list[tuple[str, Any]]:
    """``(status, payload)`` per item, in request order, for a small request answered on the event loop: an
    ``ItemResult`` or, with ``detail`` "compact", a ``CompactItemResult`` (an ``ItemError`` for the ``invalid``
    ones)."""
    items = body.items
    results: list[tuple[str, Any] | None] = [None] * len(items)
    for i, details in invalid.items():
        results[i] = ("error", to_item_error(_item_id(items, i), details))
    valid = [i for i in range(len(items)) if i not in invalid]
    render = RENDERS[body.detail]
    predictions = classifier.predict([items[i].description for i in valid], body.top_k, destination, as_of)
    # strict: a broken classifier must not shorten the answer silently
    for i, p in zip(valid, predictions, strict=True):
        results[i] = (p.status, render(_item_id(items, i), p, classifier.controls))
    return [r for r in results if r is not None]


def _rendered_results(
    classifier: Classifier,
    body: schemas.ClassifyRequest,
    destination: str | None,
    as_of: date,
    invalid: dict[int, list[tuple[str, str]]],
    helper: BatchHelper | None,
) -> list[tuple[str, Any]]:
    """``_results`` for a large request, in the worker thread, each payload rendered as JSON here
    (``orjson.Fragment``): rendering while the model computes the next chunk, instead of on the event loop after
    the last item, took 3.4 % and 0.8 % off a 100-item request (paired runs).

    With a ``helper`` (``service.api.helper``), the helper process and this thread share out the texts as they go,
    each in one thread (``prefetch=False``: the other core is the helper's). What the helper cannot take, or does
    not give back, this thread classifies too."""
    items = body.items
    results: list[tuple[str, Any] | None] = [None] * len(items)
    for i, details in invalid.items():
        results[i] = ("error", orjson.Fragment(orjson.dumps(to_item_error(_item_id(items, i), details))))
    valid = [i for i in range(len(items)) if i not in invalid]
    ids, texts = [_item_id(items, i) for i in valid], [items[i].description for i in valid]
    batch = Batch(ids, texts, body.top_k, destination, as_of, body.detail)
    for i, (status, rendered) in zip(valid, classify_shared(classifier, batch, helper), strict=True):
        results[i] = (status, orjson.Fragment(rendered))
    return [r for r in results if r is not None]


def _item_id(items: list[schemas.ClassifyItem], i: int) -> str:
    item_id = items[i].id
    return item_id if item_id is not None else str(i)


async def classify(body: schemas.ClassifyRequest, request: Request) -> JSONResponse:
    settings: Settings = request.app.state.settings
    invalid = _check_items(body, settings)
    classifier = _classifier(request)  # one reference for the whole request, even if a reload swaps meanwhile
    if settings.log_descriptions:
        request_log.info(
            "classify",
            extra={
                "request_id": request.state.request_id,
                "descriptions": [item.description for item in body.items],
            },
        )
    as_of = body.as_of or datetime.now(UTC).date()
    destination = body.destination.upper() if body.destination else None
    if len(body.items) - len(invalid) <= _INLINE_ITEMS:
        results = _results(classifier, body, destination, as_of, invalid)
    else:
        helper: BatchHelper | None = request.app.state.helper
        results = await run_in_threadpool(_rendered_results, classifier, body, destination, as_of, invalid, helper)
    payloads = [payload for _, payload in results]
    response = to_classify_response(classifier.version, classifier.controls.version, as_of, destination, payloads)
    request.state.verdicts = [status for status, _ in results]
    return JSONResponse(response, headers={"X-Model-Version": classifier.version})


# Registered with ``add_api_route``, the one form that takes a route class for a single route: the hot path keeps
# FastAPI's declaration and schema and gets a shorter per-request handler (service/api/jsonroute.py).
router.add_api_route(
    "/v1/classify",
    classify,
    methods=["POST"],
    response_model=schemas.ClassifyResponse,
    responses={413: _ERROR, 415: _ERROR, 422: _ERROR, 503: _ERROR},
    dependencies=[Depends(require_json)],  # dependencies run before the body is validated
    summary="Classify descriptions against the control list",
    route_class_override=JSONBodyRoute,
)


@router.get("/v1/controls", responses={422: _ERROR}, summary="The control list, optionally filtered by group or code")
async def controls(
    request: Request,
    group: Annotated[str | None, Query(max_length=40)] = None,
    code: Annotated[str | None, Query(pattern=r"^\d{10}$")] = None,
) -> JSONResponse:
    index = _holder(request).controls
    entries = [
        e
        for e in index.controls.entries
        if (group is None or e.group == group.lower()) and (code is None or code in e.codes)
    ]
    payload = index.controls.model_dump(mode="json", by_alias=True)
    payload["entries"] = [e.model_dump(mode="json", by_alias=True) for e in entries]
    return JSONResponse(payload)


@router.get("/v1/model", response_model=schemas.ModelInfo, responses={503: _ERROR}, summary="The serving model's card")
async def model(request: Request) -> JSONResponse:
    card = _classifier(request).bundle.card
    return JSONResponse({"version": card.version, "card": card.model_dump(mode="json")})


@router.get("/v1/limits", response_model=schemas.Limits, summary="Request limits of this deployment")
async def limits(request: Request) -> JSONResponse:
    settings: Settings = request.app.state.settings
    holder = _holder(request)
    return JSONResponse(
        {
            "model_version": holder.classifier.version if holder.ready else None,
            "controls_version": holder.controls.version,
            "max_items": settings.max_items,
            "max_description_chars": settings.max_description_chars,
            "max_body_bytes": settings.max_body_bytes,
        }
    )


@router.get("/healthz", response_model=schemas.Health, summary="Process is up")
async def healthz() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.get("/readyz", response_model=schemas.Health, summary="Model loaded and serving")
async def readyz(request: Request) -> JSONResponse:
    holder = _holder(request)
    # The model is loaded in the lifespan start-up, and uvicorn opens its socket only after start-up completes,
    # so a served process never answers "loading": until then a probe gets "connection refused", and a bad
    # bundle ends the process instead. The 503 branch is what an app whose lifespan has not run answers
    # (tests/service/api/test_ops_endpoints.py drives it in-process).
    if not holder.ready:
        return JSONResponse({"status": "loading", "model_version": None}, status_code=503)
    return JSONResponse({"status": "ok", "model_version": holder.classifier.version})
