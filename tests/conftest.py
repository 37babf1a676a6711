"""Shared fixtures: the anyio backend and the Pinterest OpenAPI oracle.

The `spec` fixture is Pinterest's openapi.json when PINTEREST_OPENAPI_SPEC names it (CI sets it),
else the same structure rebuilt from the committed facts, so every spec check runs on a fresh
clone. Tests marked `needs_openapi` compare the facts with the spec itself (drift, prose): without
the variable there is nothing to compare with, and they are deselected (pytest's summary counts them).
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from pinterest_mcp.store import Store, open_store
from support.oracle import spec_from_facts
from support.postgres import fresh_schema, running_postgres
from support.stores import Clock

SPEC_ENV = "PINTEREST_OPENAPI_SPEC"
NEEDS_OPENAPI = "needs_openapi"


def openapi_path() -> Path | None:
    """Pinterest's openapi.json as named by PINTEREST_OPENAPI_SPEC, or None when unset."""
    path = os.environ.get(SPEC_ENV)
    return Path(path) if path else None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{NEEDS_OPENAPI}: compares the committed facts with {SPEC_ENV}'s spec")


def pytest_report_header(config: pytest.Config) -> str:
    path = openapi_path()
    if path is None:
        return f"oracle: the committed spec facts ({SPEC_ENV} unset; `{NEEDS_OPENAPI}` tests deselected)"
    return f"oracle: {path}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if openapi_path() is not None:
        return
    deselected = [item for item in items if item.get_closest_marker(NEEDS_OPENAPI)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker(NEEDS_OPENAPI)]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    """Pinterest's OpenAPI description, or its structure rebuilt from the committed facts."""
    path = openapi_path()
    if path is None:
        return spec_from_facts()
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="session")
def real_spec_path() -> Path:
    """The spec file itself, for `needs_openapi` tests (deselected when the variable is unset)."""
    path = openapi_path()
    assert path is not None, f"a {NEEDS_OPENAPI} test ran without {SPEC_ENV}"
    return path


@pytest.fixture(autouse=True)
def _own_data_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own config and data folders: no test reads the user's config or leaves
    files (demo state, saved reports) in the user's data directory, and none sees another test's."""
    base = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))


@pytest.fixture
def scratch_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No real config, credentials or journal: a scratch home, no keyring, no PINTEREST_* variables."""
    for name in list(os.environ):
        if name.startswith("PINTEREST_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    return tmp_path


@pytest.fixture(scope="session")
def postgres_dsn() -> Iterator[str]:
    """A real PostgreSQL server for the whole session (started by the tests, see support.postgres)."""
    with running_postgres() as dsn:
        yield dsn


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store's URL on each backend: a new SQLite file, or a new schema on the session's server."""
    if request.param == "sqlite":
        yield f"sqlite://{tmp_path / 'store.db'}"
        return
    with fresh_schema(request.getfixturevalue("postgres_dsn")) as url:
        yield url


@pytest.fixture
def store_clock() -> Clock:
    return Clock()


@pytest.fixture
async def store(store_url: str, store_clock: Clock) -> AsyncIterator[Store]:
    """An empty store on each backend, on a clock the test moves: the contract suite runs on both."""
    opened = await open_store(store_url, clock=store_clock)
    try:
        yield opened
    finally:
        await opened.close()
