"""Shared fixtures: the anyio backend and the Pinterest OpenAPI oracle."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

SPEC_ENV = "PINTEREST_OPENAPI_SPEC"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    """Pinterest's OpenAPI description, from the path in PINTEREST_OPENAPI_SPEC (CI always sets it)."""
    path = os.environ.get(SPEC_ENV)
    if not path:
        pytest.skip(f"{SPEC_ENV} is unset: spec-conformance checks need Pinterest's openapi.json")
    return json.loads(Path(path).read_text(encoding="utf-8"))
