"""Credential storage: OS keyring with an announced 0600-file fallback, profiles, env overrides, no leaks.

The keyring is an in-memory backend set with `keyring.set_keyring` and restored after each test;
the real OS keyring is never touched. Files live in pytest's tmp_path.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from pinterest_mcp.auth.credentials import (
    SERVICE,
    Credentials,
    CredentialStoreError,
    FileStore,
    InsecureCredentialsFileError,
    KeyringStore,
    default_config_dir,
    fingerprint,
    for_store,
    load_credentials,
    open_store,
    save_renewed,
)
from support.fakes import MemoryKeyring

CANARY = "pina_CANARY_SECRET_123"
REFRESH_CANARY = "pinr_CANARY_REFRESH_456"
APP_SECRET_CANARY = "app_CANARY_SECRET_789"
NOW = 1_750_000_000.0
DAY = 86400.0
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


class BrokenKeyring(MemoryKeyring):
    """Looks like a real backend but fails on use, like Secret Service without a D-Bus session."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.InitError("Failed to create the collection: Prompt dismissed.")


class LeakyKeyring(MemoryKeyring):
    """A backend whose error message quotes the value it was given."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError(f"could not store {password}")


@pytest.fixture
def use_keyring() -> Iterator[Any]:
    """Install a keyring backend for one test, restoring whatever was there before."""
    previous = keyring.get_keyring()

    def install(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield install
    keyring.set_keyring(previous)


@pytest.fixture
def memory(use_keyring: Any) -> MemoryKeyring:
    backend = MemoryKeyring()
    use_keyring(backend)
    return backend


def full(**overrides: Any) -> Credentials:
    values: dict[str, Any] = {
        "app_id": "1234567",
        "app_secret": APP_SECRET_CANARY,
        "access_token": CANARY,
        "refresh_token": REFRESH_CANARY,
        "access_token_expires_at": NOW + 30 * DAY,
        "refresh_token_expires_at": NOW + 60 * DAY,
        "scopes": ("ads:read", "boards:read"),
    }
    return Credentials(**(values | overrides))


def assert_no_secret(text: str) -> None:
    for secret in (CANARY, REFRESH_CANARY, APP_SECRET_CANARY):
        assert secret not in text


# ---- the Credentials record -------------------------------------------------------------------


def test_repr_str_status_and_describe_never_show_a_secret() -> None:
    creds = load_credentials(
        "default", None, env={"PINTEREST_ACCESS_TOKEN": CANARY, "PINTEREST_APP_SECRET": APP_SECRET_CANARY}
    )
    stored = full(sources={"access_token": "keyring"})
    for c in (creds, stored):
        assert_no_secret(repr(c))
        assert_no_secret(str(c))
        assert_no_secret(json.dumps(c.status(NOW)))
        assert_no_secret(c.describe(NOW))
    assert "1234567" in repr(stored)  # the app id is public (it is in every authorize URL)


def test_status_says_which_fields_exist_where_from_and_when_they_expire() -> None:
    creds = load_credentials("default", None, env={"PINTEREST_ADS_ACCESS_TOKEN": CANARY, "PINTEREST_APP_ID": "99"})
    info = creds.status(NOW)
    assert info["fields"] == {"app_id": "env:PINTEREST_APP_ID", "access_token": "env:PINTEREST_ADS_ACCESS_TOKEN"}
    assert info["access_token_expires_at"] is None and info["refresh_token_days_left"] is None

    stored = full(sources=dict.fromkeys(full().present(), "keyring"))
    info = stored.status(NOW)
    assert info["refresh_token_days_left"] == 60
    assert info["access_token_expired"] is False
    assert info["refresh_token_expires_at"] == "2025-08-14T15:06:40Z"
    assert info["scopes"] == ["ads:read", "boards:read"]
    text = stored.describe(NOW)
    assert "access_token: from keyring" in text and "(60 days left)" in text and "app_id: 1234567" in text
    assert "refresh_token: missing" in Credentials(access_token=CANARY).describe(NOW)


def test_expiry_helpers() -> None:
    creds = full(access_token_expires_at=NOW + 200)
    assert creds.access_expired(NOW)  # inside the default 300 s skew
    assert not creds.access_expired(NOW, skew=100)
    assert Credentials().access_expired(NOW)  # no token at all
    assert not Credentials(access_token=CANARY).access_expired(NOW)  # unknown expiry: let Pinterest say
    assert full().refresh_days_left(NOW) == pytest.approx(60.0)
    assert full(refresh_token_expires_at=NOW - DAY).refresh_days_left(NOW) == 0.0
    assert Credentials(refresh_token=REFRESH_CANARY).refresh_days_left(NOW) is None


def test_with_tokens_rotates_or_keeps_the_refresh_token() -> None:
    creds = full(sources={"refresh_token": "keyring", "refresh_token_expires_at": "keyring"})
    rotated = creds.with_tokens(
        access_token="pina_new",
        access_token_expires_at=NOW + 10,
        refresh_token="pinr_new",
        refresh_token_expires_at=NOW + 20,
        scopes=("pins:read",),
    )
    assert (rotated.access_token, rotated.refresh_token) == ("pina_new", "pinr_new")
    assert (rotated.access_token_expires_at, rotated.refresh_token_expires_at) == (NOW + 10, NOW + 20)
    assert rotated.scopes == ("pins:read",) and rotated.sources["refresh_token"] == "oauth"
    assert creds.access_token == CANARY  # a copy, the original is frozen

    kept = creds.with_tokens(access_token="pina_new")
    assert kept.refresh_token == REFRESH_CANARY and kept.refresh_token_expires_at == NOW + 60 * DAY
    assert kept.access_token_expires_at is None and kept.scopes == creds.scopes
    assert kept.sources["refresh_token"] == "keyring"


def test_invalid_profile_names_are_refused(tmp_path: Path, memory: MemoryKeyring) -> None:
    for store in (FileStore(tmp_path), KeyringStore(memory)):
        for bad in ("", "../escape", ".hidden", "a/b", "x" * 65):
            with pytest.raises(ValueError, match="invalid profile name"):
                store.load(bad)


# ---- the keyring store and choosing a store ---------------------------------------------------


def test_keyring_round_trip_stores_one_json_blob_per_profile(memory: MemoryKeyring) -> None:
    store = KeyringStore()
    store.save("default", full())
    blob = json.loads(memory.items[(SERVICE, "default")])
    assert blob["access_token"] == CANARY and blob["scopes"] == ["ads:read", "boards:read"]
    assert "sources" not in blob
    loaded = store.load("default")
    assert loaded == full()
    assert set(loaded.sources.values()) == {"keyring"} and set(loaded.sources) == set(full().present())
    assert store.load("unknown") == Credentials()


@pytest.mark.parametrize("kind", ["keyring", "file"])
def test_profiles_are_kept_apart_and_clear_removes_only_one(kind: str, tmp_path: Path, memory: MemoryKeyring) -> None:
    store = KeyringStore(memory) if kind == "keyring" else FileStore(tmp_path)
    store.save("default", full())
    store.save("client-b", full(access_token="pina_other", app_id="7654321"))
    assert store.load("client-b").access_token == "pina_other"
    assert store.load("default").access_token == CANARY
    store.clear("client-b")
    store.clear("client-b")  # idempotent
    assert store.load("client-b") == Credentials()
    assert store.load("default") == full()


def test_open_store_picks_a_working_keyring_without_notice(memory: MemoryKeyring, tmp_path: Path) -> None:
    store, notice = open_store(tmp_path)
    assert isinstance(store, KeyringStore) and store.backend is memory and notice is None
    assert "MemoryKeyring" in store.name


@pytest.mark.parametrize(
    ("backend", "reason"),
    [
        (fail.Keyring(), "keyring.backends.fail.Keyring"),
        (null.Keyring(), "keyring.backends.null.Keyring"),
        (BrokenKeyring(), "failed: InitError"),
    ],
)
def test_open_store_falls_back_to_the_file_and_says_so(
    backend: KeyringBackend, reason: str, use_keyring: Any, tmp_path: Path
) -> None:
    use_keyring(backend)
    store, notice = open_store(tmp_path)
    assert isinstance(store, FileStore) and store.directory == tmp_path
    assert notice is not None
    assert notice.startswith("no OS keyring available (") and reason in notice
    assert str(tmp_path) in notice and "readable only by you" in notice


def test_open_store_without_keyring_when_asked(memory: MemoryKeyring, tmp_path: Path) -> None:
    store, notice = open_store(tmp_path, prefer_keyring=False)
    assert isinstance(store, FileStore) and notice is not None and str(tmp_path) in notice
    assert not memory.items


def test_keyring_errors_are_typed_and_redacted(use_keyring: Any) -> None:
    store = KeyringStore(use_keyring(LeakyKeyring()))
    with pytest.raises(CredentialStoreError) as caught:
        store.save("default", full())
    assert "PasswordSetError" in str(caught.value)
    assert_no_secret(str(caught.value))
    with pytest.raises(CredentialStoreError, match="InitError"):
        KeyringStore(BrokenKeyring()).load("default")


def test_a_corrupt_entry_is_reported_without_quoting_it(memory: MemoryKeyring) -> None:
    memory.items[(SERVICE, "default")] = f'{{"access_token": "{CANARY}", oops'
    with pytest.raises(CredentialStoreError, match="not valid JSON") as caught:
        KeyringStore(memory).load("default")
    assert_no_secret(str(caught.value))


# ---- the file store ----------------------------------------------------------------------------


def test_default_config_dir_follows_xdg(tmp_path: Path) -> None:
    assert default_config_dir({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / "pinterest-mcp"
    assert default_config_dir({}) == Path.home() / ".config" / "pinterest-mcp"


@posix_only
def test_file_store_writes_0600_in_a_0700_directory(tmp_path: Path) -> None:
    directory = tmp_path / "pinterest-mcp"
    directory.mkdir(mode=0o755)
    os.chmod(directory, 0o755)
    old_umask = os.umask(0)  # even a permissive umask must not loosen anything
    try:
        store = FileStore(directory)
        store.save("default", full())
    finally:
        os.umask(old_umask)
    path = directory / "credentials-default.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert [p.name for p in directory.iterdir()] == ["credentials-default.json"]  # no temp file left
    loaded = store.load("default")
    assert loaded == full() and loaded.sources["access_token"] == f"file:{path}"


@posix_only
def test_file_store_sets_permissions_before_writing_the_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, int]] = []
    real_fdopen = os.fdopen

    def spying_fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        info = os.fstat(fd)
        seen.append((stat.S_IMODE(info.st_mode), info.st_size))
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr("pinterest_mcp.auth.credentials.os.fdopen", spying_fdopen)
    FileStore(tmp_path).save("default", full())
    assert seen == [(0o600, 0)]


def test_file_store_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = FileStore(tmp_path)
    store.save("default", full())
    before = (tmp_path / "credentials-default.json").read_bytes()

    def failing_replace(src: Any, dst: Any) -> None:
        assert json.loads(Path(src).read_text())["access_token"] == "pina_new"  # complete before the swap
        raise OSError("disk full")

    monkeypatch.setattr("pinterest_mcp.auth.credentials.os.replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        store.save("default", full(access_token="pina_new"))
    assert (tmp_path / "credentials-default.json").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["credentials-default.json"]


@posix_only
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o620])
def test_file_store_refuses_a_file_others_can_access(mode: int, tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    store.save("default", full())
    path = tmp_path / "credentials-default.json"
    os.chmod(path, mode)
    with pytest.raises(InsecureCredentialsFileError) as caught:
        store.load("default")
    message = str(caught.value)
    assert f"chmod 600 {path}" in message and f"{mode:04o}" in message
    assert_no_secret(message)


@posix_only
def test_file_store_does_not_follow_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text(json.dumps({"access_token": CANARY}))
    os.chmod(target, 0o600)
    (tmp_path / "credentials-default.json").symlink_to(target)
    with pytest.raises(CredentialStoreError) as caught:
        FileStore(tmp_path).load("default")
    assert_no_secret(str(caught.value))


# ---- environment overrides ---------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["PINTEREST_", "PINTEREST_ADS_"])
def test_env_overrides_field_by_field_in_both_spellings(prefix: str, memory: MemoryKeyring) -> None:
    store = KeyringStore(memory)
    store.save("default", full())
    env = {f"{prefix}ACCESS_TOKEN": "pina_from_env", f"{prefix}APP_ID": "42"}
    creds = load_credentials("default", store, env=env)
    assert creds.access_token == "pina_from_env" and creds.app_id == "42"
    assert creds.refresh_token == REFRESH_CANARY and creds.app_secret == APP_SECRET_CANARY
    assert creds.sources["access_token"] == f"env:{prefix}ACCESS_TOKEN"
    assert creds.sources["app_id"] == f"env:{prefix}APP_ID"
    assert creds.sources["refresh_token"] == "keyring"
    # The stored expiry and scopes described the stored token, not this one.
    assert creds.access_token_expires_at is None and creds.scopes == ()
    assert creds.refresh_token_expires_at == NOW + 60 * DAY


def test_env_plain_spelling_wins_and_blank_values_are_ignored() -> None:
    env = {
        "PINTEREST_REFRESH_TOKEN": "pinr_plain",
        "PINTEREST_ADS_REFRESH_TOKEN": "pinr_ads",
        "PINTEREST_APP_SECRET": "  ",
        "PINTEREST_ADS_APP_SECRET": " secret-with-newline\n",
    }
    creds = load_credentials("default", None, env=env)
    assert creds.refresh_token == "pinr_plain" and creds.sources["refresh_token"] == "env:PINTEREST_REFRESH_TOKEN"
    assert creds.app_secret == "secret-with-newline"
    assert creds.sources["app_secret"] == "env:PINTEREST_ADS_APP_SECRET"


def test_env_equal_to_the_stored_token_keeps_its_expiry(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    store.save("work", full())
    creds = load_credentials("work", store, env={"PINTEREST_ACCESS_TOKEN": CANARY, "PINTEREST_REFRESH_TOKEN": "pinr_x"})
    assert creds.access_token_expires_at == NOW + 30 * DAY and creds.scopes == ("ads:read", "boards:read")
    assert creds.sources["access_token"] == "env:PINTEREST_ACCESS_TOKEN"
    assert creds.refresh_token == "pinr_x" and creds.refresh_token_expires_at is None
    assert load_credentials("other", store, env={}) == Credentials()


def test_load_credentials_reads_the_process_environment_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for prefix in ("PINTEREST_", "PINTEREST_ADS_"):
        for name in ("APP_ID", "APP_SECRET", "ACCESS_TOKEN", "REFRESH_TOKEN"):
            monkeypatch.delenv(prefix + name, raising=False)
    monkeypatch.setenv("PINTEREST_ADS_ACCESS_TOKEN", CANARY)
    creds = load_credentials()
    assert creds.access_token == CANARY and dict(creds.sources) == {"access_token": "env:PINTEREST_ADS_ACCESS_TOKEN"}


# ---- rotation against the environment, and what may be saved ------------------------------------


def test_a_rotation_fingerprints_the_env_token_it_replaced_and_the_next_load_prefers_the_successor(
    memory: MemoryKeyring,
) -> None:
    store = KeyringStore(memory)
    env = {"PINTEREST_REFRESH_TOKEN": "pinr_from_env_1", "PINTEREST_APP_SECRET": APP_SECRET_CANARY}
    loaded = load_credentials("default", store, env=env)
    rotated = loaded.with_tokens(access_token="pina_new", refresh_token="pinr_rotated_2")
    assert rotated.superseded == {"refresh_token": fingerprint("pinr_from_env_1")}
    assert "pinr_from_env_1" not in repr(rotated.superseded)  # a one-way tag, not the token
    save_renewed(store, "default", rotated)
    blob = json.loads(memory.items[(SERVICE, "default")])
    assert blob["refresh_token"] == "pinr_rotated_2" and "app_secret" not in blob
    again = load_credentials("default", store, env=env)  # the stale variable is still set
    assert again.refresh_token == "pinr_rotated_2" and again.sources["refresh_token"] == "keyring"
    later = again.with_tokens(access_token="pina_3", refresh_token="pinr_rotated_3")
    assert later.superseded == rotated.superseded  # still names the value the variable holds
    pasted = load_credentials("default", store, env={"PINTEREST_REFRESH_TOKEN": "pinr_pasted_anew"})
    assert pasted.refresh_token == "pinr_pasted_anew"


def test_for_store_keeps_every_env_value_out_and_the_stored_ones_in() -> None:
    stored = full(access_token="pina_stored", scopes=("ads:read",))
    env = {"PINTEREST_ACCESS_TOKEN": "pina_env", "PINTEREST_APP_SECRET": "env_only_secret_value"}
    creds = load_credentials("default", None, env=env)
    kept = for_store(creds, stored)
    assert kept.access_token == "pina_stored" and kept.app_secret == APP_SECRET_CANARY
    assert kept.access_token_expires_at == stored.access_token_expires_at and kept.scopes == ("ads:read",)
    assert for_store(creds, Credentials()).present() == ()
