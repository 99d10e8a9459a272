"""A batch's parts: what the worker and its batch helper (``service.api.helper``) both classify, and how a part
travels between them (one message a part: the header's length, a JSON header, the items rendered as JSON)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np
import orjson

from service.api.convert import RENDERS, Render
from service.classifier import Classifier

Part = list[tuple[str, bytes]]  # (verdict, item rendered as JSON) per item, in order
READY = b"ready"  # the helper's first message: it waits for batches


@dataclass(frozen=True)
class Batch:
    """Items of one request to classify: their ids and texts, and the request's parameters."""

    ids: list[str]
    texts: list[str]
    top_k: int
    destination: str | None
    as_of: date
    detail: str  # how its items are rendered: a key of the renders (the API's ``RENDERS``: "full", "compact")

    def take(self, positions: list[int]) -> Batch:
        """The items at ``positions``, in that order, with the same parameters."""
        return replace(self, ids=[self.ids[k] for k in positions], texts=[self.texts[k] for k in positions])


def classify_part(
    classifier: Classifier,
    batch: Batch,
    renders: Mapping[str, Render] = RENDERS,
    prefetch: bool = True,
    proba: np.ndarray | None = None,
) -> Part:
    """Each text's verdict and its item rendered as JSON (``renders[batch.detail]``), in order: what the worker and
    its helper both run. ``proba``: the model's probabilities for each text, when the other process computed them
    (``Classifier.iter_predict``)."""
    render = renders[batch.detail]
    out: list[tuple[str, bytes] | None] = [None] * len(batch.texts)
    predictions = classifier.iter_predict(
        batch.texts, batch.top_k, batch.destination, batch.as_of, prefetch=prefetch, proba=proba
    )
    for k, p in predictions:
        out[k] = (p.status, orjson.dumps(render(batch.ids[k], p, classifier.controls)))
    missing = [k for k, r in enumerate(out) if r is None]
    if missing:  # a broken classifier must not shorten the answer silently
        raise RuntimeError(f"no prediction for items {missing[:5]}")
    return [r for r in out if r is not None]


def encode_batch(batch: Batch, **fields: object) -> bytes:
    """``batch`` as a message, with the protocol's own ``fields`` (``decode_batch`` reads it back)."""
    return orjson.dumps(
        {
            "ids": batch.ids,
            "texts": batch.texts,
            "top_k": batch.top_k,
            "destination": batch.destination,
            "as_of": batch.as_of.isoformat(),
            "detail": batch.detail,
            **fields,
        }
    )


def decode_batch(message: dict[str, Any]) -> Batch:
    """The batch of a message ``encode_batch`` wrote (its other fields are the caller's)."""
    return Batch(
        ids=message["ids"],
        texts=message["texts"],
        top_k=message["top_k"],
        destination=message["destination"],
        as_of=date.fromisoformat(message["as_of"]),
        detail=message["detail"],
    )


def encode_reply(first: int, part: Part) -> bytes:
    """One message: the header's length, the header (where the helper's units start, each item's verdict and
    size), the items."""
    header = orjson.dumps({"first": first, "status": [s for s, _ in part], "sizes": [len(b) for _, b in part]})
    return len(header).to_bytes(4, "big") + header + b"".join(b for _, b in part)


def encode_refusal(reason: str) -> bytes:
    header = orjson.dumps({"error": reason})
    return len(header).to_bytes(4, "big") + header


def decode_reply(message: bytes) -> tuple[dict[str, object], Part]:
    end = 4 + int.from_bytes(message[:4], "big")
    head = orjson.loads(message[4:end])
    out: Part = []
    start = end
    for status, size in zip(head.get("status", ()), head.get("sizes", ()), strict=True):
        out.append((status, message[start : start + size]))
        start += size
    return head, out
