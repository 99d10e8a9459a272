"""Schemathesis fuzzing against the app's own OpenAPI schema, in-process (ASGI) for speed.

Every public operation gets schema-valid (positive) and schema-violating (negative) requests. Whatever arrives,
the service must never answer 5xx, every 4xx must carry the one error shape, and every answer must match what
the schema documents (status code, content type, body schema).

``HSCC_FUZZ_EXAMPLES`` is the total number of generated cases (default 2,000; ``make fuzz`` sets 20,000). It is
shared out between the operations with inputs; the operations without any input (``/v1/model``, ``/v1/limits``,
``/healthz``, ``/readyz``) have a single possible request each, which Hypothesis runs once.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.api.app import create_app
from service.config import Settings
from tests.conftest import MODELS

DEFAULT_TOTAL = 2000  # what `make test` runs
TOTAL = int(os.environ.get("HSCC_FUZZ_EXAMPLES", str(DEFAULT_TOTAL)))
# Share of TOTAL per (operation, mode) for the operations that take input.
SHARES = {
    ("POST", "/v1/classify", GenerationMode.POSITIVE): 0.45,
    ("POST", "/v1/classify", GenerationMode.NEGATIVE): 0.30,
    ("GET", "/v1/controls", GenerationMode.POSITIVE): 0.15,
    ("GET", "/v1/controls", GenerationMode.NEGATIVE): 0.10,
}
NO_INPUT = ["/v1/model", "/v1/limits", "/healthz", "/readyz"]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@functools.cache
def schema() -> schemathesis.BaseSchema:
    # Built on first use, not at collection. Schemathesis' ASGI transport runs the app's lifespan (the model
    # load) before its first request, and keeps the app started for the rest of the session.
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(Settings(model_dir=MODELS)))


def assert_error_shape(status: int, body: Any) -> None:
    assert isinstance(body, dict) and set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "details"}, error
    assert isinstance(error["code"], str) and error["code"], error
    assert isinstance(error["message"], str) and error["message"], error
    assert isinstance(error["details"], list) and error["details"], error
    for detail in error["details"]:
        assert set(detail) == {"field", "message"} and isinstance(detail["message"], str), detail


def run(method: str, path: str, mode: GenerationMode, examples: int) -> int:
    """Fuzz one operation; return how many cases ran. Hypothesis shrinks any failure to a minimal case."""
    operation = schema()[path][method]
    ran = 0

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(operation.as_strategy(mode))
    def fuzz(case: schemathesis.Case) -> None:
        nonlocal ran
        ran += 1
        response = case.call()
        assert response.status_code < 500, f"{response.status_code}: {response.text[:500]}"
        if 400 <= response.status_code < 500:
            assert response.headers.get("content-type", [""])[0].startswith("application/json")
            assert_error_shape(response.status_code, response.json())
        case.validate_response(response, checks=CHECKS)

    fuzz()
    return ran


def test_default_budget_covers_the_promised_minimum() -> None:
    # Each test below asserts that it ran its whole share, so `make test` runs at least 2,000 cases.
    assert sum(int(DEFAULT_TOTAL * share) for share in SHARES.values()) >= 2000


@pytest.mark.timeout(900)
@pytest.mark.parametrize(("method", "path", "mode"), list(SHARES), ids=lambda v: getattr(v, "value", v))
def test_fuzz_operation_with_input(method: str, path: str, mode: GenerationMode) -> None:
    examples = int(TOTAL * SHARES[(method, path, mode)])
    ran = run(method, path, mode, examples)
    # Hypothesis runs exactly max_examples unless the input space runs out, which these inputs cannot.
    assert ran >= examples, (ran, examples)


@pytest.mark.parametrize("path", NO_INPUT)
def test_fuzz_operation_without_input(path: str) -> None:
    # No parameters and no body: positive mode has one request; negative mode has nothing to violate.
    assert run("GET", path, GenerationMode.POSITIVE, 5) >= 1


def test_every_public_operation_is_fuzzed() -> None:
    operations = {(op.ok().method.upper(), op.ok().path) for op in schema().get_all_operations()}
    covered = {(m, p) for m, p, _ in SHARES} | {("GET", p) for p in NO_INPUT}
    assert operations == covered
