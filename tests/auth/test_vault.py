"""The vault: Pinterest tokens sealed at rest, and a key rotation that keeps them readable."""

from __future__ import annotations

from pathlib import Path

import pytest

from pinterest_mcp.auth.credentials import Credentials
from pinterest_mcp.auth.vault import (
    KEYS_ENV,
    KEYS_FILE_ENV,
    NAMESPACE,
    TOKENS_KEY,
    PinterestAccount,
    TokenVault,
    Vault,
    VaultError,
    new_key,
)
from pinterest_mcp.store import Store

pytestmark = pytest.mark.anyio

ACCOUNT = PinterestAccount("877196115044775649", "hearthandharvest")
ACCESS = "pina_vault_canary_access_123"
REFRESH = "pinr.vault_canary_refresh_456"


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite://{tmp_path / 'store.db'}"


async def test_tokens_are_sealed_at_rest(store: Store, tmp_path: Path) -> None:
    tokens = TokenVault(store, Vault([new_key()]))
    await tokens.save(ACCOUNT, Credentials(access_token=ACCESS, refresh_token=REFRESH, access_token_expires_at=1e10))
    raw = (tmp_path / "store.db").read_bytes()
    assert ACCESS.encode() not in raw and REFRESH.encode() not in raw
    doc = await store.get(NAMESPACE, ACCOUNT.user_id, TOKENS_KEY)
    assert doc is not None and ACCESS not in str(doc.value)
    loaded = await tokens.load(ACCOUNT.user_id, app_id="app", app_secret="secret")
    assert loaded is not None and loaded.access_token == ACCESS and loaded.refresh_token == REFRESH
    assert loaded.app_id == "app" and loaded.access_token_expires_at == 1e10
    assert await tokens.load("someone-else", app_id=None, app_secret=None) is None


async def test_a_token_sealed_with_the_previous_key_opens_and_is_resealed_with_the_current(store: Store) -> None:
    old, new = new_key(), new_key()
    await TokenVault(store, Vault([old])).save(ACCOUNT, Credentials(access_token=ACCESS, refresh_token=REFRESH))
    rotated = TokenVault(store, Vault([new, old]))
    loaded = await rotated.load(ACCOUNT.user_id, app_id=None, app_secret=None)
    assert loaded is not None and loaded.access_token == ACCESS
    doc = await store.get(NAMESPACE, ACCOUNT.user_id, TOKENS_KEY)
    assert doc is not None and Vault([new]).open(doc.value["sealed"])  # the new key alone opens it now
    with pytest.raises(VaultError):
        Vault([old]).open(doc.value["sealed"])
    with pytest.raises(VaultError):
        await TokenVault(store, Vault([new_key()])).load(ACCOUNT.user_id, app_id=None, app_secret=None)


def test_keys_come_from_the_environment_or_a_file(tmp_path: Path) -> None:
    key = new_key()
    assert Vault.from_env({KEYS_ENV: f"{key},{new_key()}"}).open(Vault([key]).seal(b"x")) == b"x"
    path = tmp_path / "keys"
    path.write_text(f"{key}\n")
    assert Vault.from_env({KEYS_FILE_ENV: str(path)}).open(Vault([key]).seal(b"y")) == b"y"
    with pytest.raises(VaultError, match=KEYS_ENV):
        Vault.from_env({})
    with pytest.raises(VaultError, match="Fernet"):
        Vault(["not-a-key"])
