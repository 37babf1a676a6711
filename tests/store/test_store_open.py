"""Opening a store: the URL forms, the file's privacy, the schema's version, and no password in sight."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import support.postgres
from pinterest_mcp.store import StoreError, open_store
from pinterest_mcp.store.dsn import redact

pytestmark = pytest.mark.anyio

SECRET = "s3cr3t-pa55"


@pytest.mark.parametrize("url", ["mysql://u@h/db", "sqlite:", "/var/lib/store.db", "postgresq://u:s3cr3t-pa55@h/db"])
async def test_an_unknown_url_names_the_accepted_forms_and_hides_its_password(url: str) -> None:
    with pytest.raises(ValueError, match=r"sqlite:///path.*sqlite://:memory:.*postgresql://") as raised:
        await open_store(url)
    assert SECRET not in str(raised.value)


async def test_a_sqlite_url_without_a_path_is_refused() -> None:
    with pytest.raises(ValueError, match="names no file"):
        await open_store("sqlite://")


async def test_the_sqlite_file_and_its_folder_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "store.db"
    store = await open_store(f"sqlite://{path}")
    try:
        await store.put("ns", "", "k", "secret-ish")
        files = [path, *path.parent.glob("store.db-*")]
        assert {stat.S_IMODE(file.stat().st_mode) for file in files} == {0o600}, files
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    finally:
        await store.close()


async def test_memory_stores_are_private_to_each_store() -> None:
    one, two = await open_store("sqlite://:memory:"), await open_store("sqlite://:memory:")
    try:
        await one.put("ns", "", "k", 1)
        assert await two.get("ns", "", "k") is None
        assert (await one.get("ns", "", "k")) is not None
    finally:
        await one.close()
        await two.close()


async def test_a_store_reopens_its_data_and_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    store = await open_store(f"sqlite://{path}")
    await store.put("ns", "", "k", "kept")
    await store.close()
    store = await open_store(f"sqlite://{path}")
    doc = await store.get("ns", "", "k")
    await store.close()
    assert doc is not None and doc.value == "kept"
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE store_meta SET value = '99' WHERE name = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 99"):
        await open_store(f"sqlite://{path}")


async def test_a_dsn_password_appears_in_no_repr(postgres_dsn: str) -> None:
    # The test server trusts local connections, so the password is accepted and ignored.
    url = postgres_dsn.replace("postgresql://postgres@", f"postgresql://postgres:{SECRET}@")
    store = await open_store(f"{url}&password={SECRET}x")
    try:
        assert SECRET not in repr(store)
        assert "postgres:***@" in repr(store)
    finally:
        await store.close()


async def test_a_dsn_password_appears_in_no_connection_error(tmp_path: Path) -> None:
    url = f"postgresql://postgres:{SECRET}@/postgres?host={tmp_path}&password={SECRET}x&connect_timeout=2"
    with pytest.raises(StoreError, match="cannot connect") as raised:
        await open_store(url)
    error = raised.value
    assert SECRET not in str(error) and SECRET not in repr(error)
    assert error.__cause__ is None and error.__suppress_context__  # the driver's own error is not chained


def test_redaction_hides_every_form_of_the_password() -> None:
    assert redact("postgresql://u:p%40ss@h:5432/db?sslmode=require&password=x%26y") == (
        "postgresql://u:***@h:5432/db?sslmode=require&password=***"
    )
    assert redact("postgresql://u@h/db?host=/tmp/x") == "postgresql://u@h/db?host=/tmp/x"
    assert redact("sqlite:///var/lib/store.db") == "sqlite:///var/lib/store.db"
    assert SECRET not in redact(f"postgresql://u:{SECRET}@[broken/db")


def test_opening_a_sqlite_store_does_not_load_the_postgresql_driver() -> None:
    """psycopg and libpq stay off the cold start of a server on the default store."""
    code = (
        "import sys, anyio\n"
        "from pinterest_mcp.store import open_store\n"
        "async def main():\n"
        "    await (await open_store('sqlite://:memory:')).close()\n"
        "anyio.run(main)\n"
        "assert 'psycopg' not in sys.modules, 'psycopg was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("ci", ["1", ""])
def test_without_postgresql_binaries_ci_fails_and_a_local_run_skips(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setattr(support.postgres, "binaries", lambda: None)
    monkeypatch.setenv("CI", ci)
    expected = pytest.fail.Exception if ci else pytest.skip.Exception
    with pytest.raises(expected, match="install postgresql"):
        support.postgres.require_binaries()
