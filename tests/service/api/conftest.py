from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings
from tests.conftest import MODELS


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = create_app(Settings(model_dir=MODELS, max_items=50, max_description_chars=300, max_body_bytes=200_000))
    with TestClient(app) as c:
        yield c
