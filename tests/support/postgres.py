"""A real PostgreSQL server for the store's tests, started and stopped by the tests themselves.

The PostgreSQL backend is only proven against PostgreSQL: a throwaway cluster (`initdb` in a temp
folder, `pg_ctl` on a Unix socket in that folder, no TCP, fsync off) starts once per session in a
couple of seconds. As root it runs as the `postgres` user (PostgreSQL refuses root), with the
folder given to that user. Without the binaries the PostgreSQL tests skip locally and fail in CI
(`CI` set), where `.ci/run` installs them: a CI run that silently skipped them would prove nothing.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

READY_TIMEOUT_S = 30
INSTALL_HINT = (
    "PostgreSQL's server binaries (initdb, pg_ctl) are missing: install postgresql (apt-get install -y postgresql)"
)


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/<version>/bin."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def require_binaries() -> Path:
    """The binaries' folder, or the test stops: skipped locally, failed when `CI` is set."""
    folder = binaries()
    if folder is None:
        if os.environ.get("CI"):
            pytest.fail(INSTALL_HINT)
        pytest.skip(INSTALL_HINT)
    return folder


def _as_server_user(argv: list[str]) -> list[str]:
    """PostgreSQL will not run as root: as root, run it as `postgres`."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def _run(*argv: object, check: bool = True) -> None:
    """One bounded command as the server's user; pg_ctl's `-w -t` keeps its own wait under the same bound."""
    command = _as_server_user([str(arg) for arg in argv])
    subprocess.run(command, check=check, capture_output=True, timeout=READY_TIMEOUT_S + 5)


@contextmanager
def running_postgres() -> Iterator[str]:
    """Start a private cluster; yield a DSN to its `postgres` database; stop it and remove its folder."""
    bin_dir = require_binaries()
    # Not under pytest's temp root: that is 0700 and root's, and the server user must reach its folder.
    base = Path(tempfile.mkdtemp(prefix="pmcp-pg-"))
    data = base / "data"
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    options = f"-k {base} -c listen_addresses='' -F -c synchronous_commit=off -c full_page_writes=off"
    try:
        _run(bin_dir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "--no-locale", "-E", "UTF8")
        _run(bin_dir / "pg_ctl", "-D", data, "-l", base / "log", "-o", options, "-w", "-t", READY_TIMEOUT_S, "start")
    except subprocess.CalledProcessError as error:
        log = (base / "log").read_text(errors="replace") if (base / "log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {error.stderr!r} {log}")
    try:
        yield f"postgresql://postgres@/postgres?host={base}"
    finally:
        _run(bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def fresh_schema(dsn: str) -> Iterator[str]:
    """A DSN whose tables land in a new, empty schema: every test its own store on the one server."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    try:
        yield f"{dsn}&options=-csearch_path%3D{name}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")
