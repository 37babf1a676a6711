"""Where Pinterest secrets live: the OS keyring, else a 0600 file, overridden by environment variables.

The app secret, access token and refresh token never appear in a repr, a status summary or an error
message; only which fields exist, where each came from and when the tokens expire.

One entry per profile (`default` unless `--profile NAME`), so several businesses stay apart:
- `KeyringStore`: service `pinterest-mcp`, username = profile, value = a compact JSON blob.
- `FileStore`: `<config dir>/pinterest-mcp/credentials-<profile>.json`, mode 0600 in a 0700 directory,
  written atomically; a file others can read is refused rather than used.

`open_store()` picks the keyring when a real one works and says so loudly when it falls back to the file:
headless Linux and containers usually have no keyring, and a silent plaintext fallback is how
secrets end up in backups and bug reports. `keyring` is imported only then: a server started with
its token in the environment never pays for it.

Environment variables override the store, but a value from the environment is never written to it
(`save_renewed`): the app secret a user keeps in their MCP client config stays there. When a refresh
rotates a token that came from the environment, the stored successor records a fingerprint of the
value it replaced (`superseded`), so the next start prefers the saved token to the stale variable
instead of offering Pinterest a refresh token it already consumed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import stat
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

from pinterest_mcp.api.errors import CredentialStoreError as CredentialStoreError
from pinterest_mcp.api.redaction import redact, remember, remember_app

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "pinterest-mcp"
DEFAULT_PROFILE = "default"
ENV_PREFIXES = ("PINTEREST_", "PINTEREST_ADS_")
ENV_FIELDS = ("app_id", "app_secret", "access_token", "refresh_token")
SECRET_FIELDS = ("app_secret", "access_token", "refresh_token")
ROTATING_FIELDS = ("access_token", "refresh_token")
_BLOB_VERSION = 1
_PROFILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_DAY = 86400.0
_STALE_TEMP_AGE = 60.0
"""A save's temporary file older than this belongs to a save that was killed, not one under way."""
_BOOKKEEPING = ("sources", "superseded")
_DESCRIBED_BY = {"access_token": ("access_token_expires_at", "scopes"), "refresh_token": ("refresh_token_expires_at",)}
"""The fields that describe a token and so travel with it."""


class InsecureCredentialsFileError(CredentialStoreError):
    """The credentials file can be read or written by other users, so it is not trusted."""


def check_profile(profile: str) -> str:
    """A profile names a keyring entry and a file, so it is kept to a safe file-name alphabet."""
    if not _PROFILE.match(profile):
        raise ValueError(
            f"invalid profile name {profile!r}: use letters, digits, '.', '_' or '-' (up to 64, not starting with '.')"
        )
    return profile


def fingerprint(value: str) -> str:
    """A one-way tag of a token, to recognise it later without keeping it."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _from_environment(source: str | None) -> bool:
    return bool(source and source.startswith("env:"))


def _iso(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def remember_credentials(creds: Credentials) -> None:
    """Announce every secret `creds` holds to the redaction (it works on strings, so it never sees this type)."""
    remember_app(creds.app_id, creds.app_secret)
    remember(creds.access_token, creds.refresh_token)


@dataclass(frozen=True)
class Credentials:
    """Everything needed to call Pinterest for one profile. Every field may be missing.

    `sources` maps each present field to where it came from: `env:PINTEREST_ACCESS_TOKEN`, `keyring`,
    `file:<path>` or `oauth` (fresh from the token endpoint, not stored yet). Equality ignores it.
    `superseded` maps a token field to the `fingerprint` of the environment value this token replaced.
    Expiries are absolute epoch seconds; `None` means unknown (a token pasted into the environment).
    Making one registers its secrets for redaction.
    """

    app_id: str | None = None
    app_secret: str | None = field(default=None, repr=False)
    access_token: str | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    access_token_expires_at: float | None = None
    refresh_token_expires_at: float | None = None
    scopes: tuple[str, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    superseded: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "scopes", tuple(self.scopes))
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))
        object.__setattr__(self, "superseded", MappingProxyType(dict(self.superseded)))
        remember_credentials(self)

    def present(self) -> tuple[str, ...]:
        """Names of the fields that hold a value (scopes when non-empty)."""
        return tuple(
            f.name for f in fields(self) if f.name not in _BOOKKEEPING and getattr(self, f.name) not in (None, ())
        )

    def access_expired(self, now: float | None = None, skew: float = 300.0) -> bool:
        """Whether the access token is missing or expires within `skew` seconds.

        An unknown expiry counts as valid: Pinterest's 401 is then the only signal, and refreshing a
        token pasted into the environment on every start would rotate the stored refresh token for nothing.
        """
        if not self.access_token:
            return True
        if self.access_token_expires_at is None:
            return False
        return (time.time() if now is None else now) + skew >= self.access_token_expires_at

    def refresh_days_left(self, now: float | None = None) -> float | None:
        """Days until the refresh token expires (0 once expired); None when unknown or absent."""
        if not self.refresh_token or self.refresh_token_expires_at is None:
            return None
        return max(0.0, (self.refresh_token_expires_at - (time.time() if now is None else now)) / _DAY)

    def with_tokens(
        self,
        *,
        access_token: str,
        access_token_expires_at: float | None = None,
        refresh_token: str | None = None,
        refresh_token_expires_at: float | None = None,
        scopes: tuple[str, ...] | None = None,
        source: str = "oauth",
    ) -> Credentials:
        """A copy holding new tokens, e.g. after a refresh.

        A new refresh token replaces the old one with its own expiry (Pinterest rotates it on every
        refresh); without one, the old refresh token and its expiry are kept. A replaced token that
        came from the environment is fingerprinted in `superseded`, which survives later rotations.
        """
        superseded = dict(self.superseded)
        for name, new in (("access_token", access_token), ("refresh_token", refresh_token)):
            old = getattr(self, name)
            if new is not None and old and new != old and _from_environment(self.sources.get(name)):
                superseded[name] = fingerprint(old)
        sources = dict(self.sources)
        sources["access_token"] = source
        sources.pop("access_token_expires_at", None)
        if access_token_expires_at is not None:
            sources["access_token_expires_at"] = source
        changes: dict[str, Any] = {"access_token": access_token, "access_token_expires_at": access_token_expires_at}
        if refresh_token is not None:
            changes["refresh_token"] = refresh_token
            changes["refresh_token_expires_at"] = refresh_token_expires_at
            sources["refresh_token"] = source
            sources.pop("refresh_token_expires_at", None)
            if refresh_token_expires_at is not None:
                sources["refresh_token_expires_at"] = source
        if scopes is not None:
            changes["scopes"] = tuple(scopes)
            sources["scopes"] = source
        return replace(self, **changes, sources=sources, superseded=superseded)

    def status(self, now: float | None = None) -> dict[str, Any]:
        """A JSON-able summary for `auth status` / `doctor`: never a secret, only presence and sources."""
        now = time.time() if now is None else now
        days = self.refresh_days_left(now)
        return {
            "app_id": self.app_id,
            "fields": {name: self.sources.get(name, "unknown") for name in self.present()},
            "access_token_expires_at": _iso(self.access_token_expires_at),
            "access_token_expired": self.access_expired(now, skew=0) if self.access_token else None,
            "refresh_token_expires_at": _iso(self.refresh_token_expires_at),
            "refresh_token_days_left": None if days is None else int(days),
            "scopes": list(self.scopes),
        }

    def describe(self, now: float | None = None) -> str:
        """Human-readable lines of `status()`, for the terminal."""
        info = self.status(now)
        lines = []
        for name in ENV_FIELDS:
            source = info["fields"].get(name)
            value = f" {self.app_id}" if name == "app_id" and self.app_id else ""
            lines.append(f"{name}:{value} {'from ' + source if source else 'missing'}")
        if self.access_token:
            expiry = info["access_token_expires_at"] or "unknown"
            state = " (expired)" if info["access_token_expired"] else ""
            lines.append(f"access token expires: {expiry}{state}")
        if self.refresh_token:
            expiry = info["refresh_token_expires_at"] or "unknown"
            days = info["refresh_token_days_left"]
            left = f" ({days} days left)" if days is not None else ""
            lines.append(f"refresh token expires: {expiry}{left}")
        lines.append(f"scopes: {', '.join(self.scopes) if self.scopes else 'unknown'}")
        return "\n".join(lines)


def _to_blob(creds: Credentials) -> str:
    data: dict[str, Any] = {"version": _BLOB_VERSION}
    for name in creds.present():
        value = getattr(creds, name)
        data[name] = list(value) if name == "scopes" else value
    if creds.superseded:
        data["superseded"] = dict(creds.superseded)
    return json.dumps(data, separators=(",", ":"), sort_keys=True)


def _from_blob(text: str, source: str, where: str, profile: str) -> Credentials:
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        # The decoder's message is position-only, but a broken blob may still hold secrets: quote nothing.
        raise CredentialStoreError(
            f"stored credentials for profile {profile!r} in {where} are not valid JSON; "
            f"run `pinterest-mcp auth clear --profile {profile}` and `auth login` again"
        )
    values: dict[str, Any] = {}
    for name in ("app_id", *SECRET_FIELDS):
        if isinstance(data.get(name), str) and data[name]:
            values[name] = data[name]
    for name in ("access_token_expires_at", "refresh_token_expires_at"):
        if isinstance(data.get(name), int | float) and not isinstance(data.get(name), bool):
            values[name] = float(data[name])
    if isinstance(data.get("scopes"), list):
        values["scopes"] = tuple(str(s) for s in data["scopes"])
    superseded = data.get("superseded")
    if isinstance(superseded, dict):
        values["superseded"] = {k: v for k, v in superseded.items() if k in ROTATING_FIELDS and isinstance(v, str)}
    creds = Credentials(**values)
    return replace(creds, sources=dict.fromkeys(creds.present(), source))


def _redact(text: str, creds: Credentials) -> str:
    """Scrub our own secrets out of a third-party message before it goes into ours."""
    return redact(text, (getattr(creds, name) for name in SECRET_FIELDS))


class CredentialStore(Protocol):
    """Where credentials persist. One entry per profile; `load` of an unknown profile is empty."""

    @property
    def name(self) -> str: ...

    def load(self, profile: str) -> Credentials: ...

    def save(self, profile: str, creds: Credentials) -> None: ...

    def clear(self, profile: str) -> None: ...


def backend_name(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


class KeyringStore:
    """The OS credential store (macOS Keychain, Windows Credential Manager, Secret Service, KWallet).

    The blob is compact JSON, well under Windows' 2,560-byte credential limit for Pinterest's tokens.
    """

    def __init__(self, backend: KeyringBackend | None = None, *, service: str = SERVICE) -> None:
        if backend is None:
            import keyring

            backend = keyring.get_keyring()
        self.backend = backend
        self.service = service

    @property
    def name(self) -> str:
        return f"OS keyring ({backend_name(self.backend)})"

    def load(self, profile: str) -> Credentials:
        import keyring.errors

        check_profile(profile)
        try:
            text = self.backend.get_password(self.service, profile)
        except keyring.errors.KeyringError as exc:
            raise self._error("read", profile, exc, Credentials()) from None
        if text is None:
            return Credentials()
        return _from_blob(text, "keyring", self.name, profile)

    def save(self, profile: str, creds: Credentials) -> None:
        import keyring.errors

        check_profile(profile)
        try:
            self.backend.set_password(self.service, profile, _to_blob(creds))
        except keyring.errors.KeyringError as exc:
            raise self._error("write", profile, exc, creds) from None

    def clear(self, profile: str) -> None:
        import keyring.errors

        check_profile(profile)
        try:
            if self.backend.get_password(self.service, profile) is not None:
                self.backend.delete_password(self.service, profile)
        except keyring.errors.PasswordDeleteError:
            pass  # already gone: clearing is idempotent
        except keyring.errors.KeyringError as exc:
            raise self._error("delete", profile, exc, Credentials()) from None

    def _error(self, verb: str, profile: str, exc: Exception, creds: Credentials) -> CredentialStoreError:
        detail = _redact(str(exc), creds)[:300]
        return CredentialStoreError(
            f"could not {verb} profile {profile!r} in the {self.name}: {type(exc).__name__}: {detail}"
        )


def default_config_dir(env: Mapping[str, str] | None = None) -> Path:
    """The user config directory (`paths.config_dir`): `$XDG_CONFIG_HOME/pinterest-mcp` on Linux."""
    from pinterest_mcp.config.paths import config_dir

    return config_dir(env)


class FileStore:
    """One JSON file per profile, readable only by its owner.

    Writes go to a temporary file in the same directory (created 0600 before any byte is written)
    and are moved over the old file with `os.replace`, so a crash never leaves half a file or a
    moment where the secret is readable by others. A failed save removes its temporary file; one
    left by a save that was killed outright (it holds a token too) is removed by the next load or
    save of the profile. POSIX permission checks are skipped on Windows, where the user profile
    directory's ACL does that job.
    """

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_config_dir()

    @property
    def name(self) -> str:
        return f"file store {self.directory}"

    def path(self, profile: str) -> Path:
        return self.directory / f"credentials-{check_profile(profile)}.json"

    def load(self, profile: str) -> Credentials:
        path = self.path(profile)
        self._remove_stale_temps(profile)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            return Credentials()
        except OSError as exc:
            raise CredentialStoreError(f"could not read {path}: {exc.strerror}") from None
        with os.fdopen(fd, "r", encoding="utf-8") as handle:
            if os.name == "posix":
                # Checked on the open descriptor, so the file cannot be swapped between check and read.
                mode = stat.S_IMODE(os.fstat(handle.fileno()).st_mode)
                if mode & 0o077:
                    raise InsecureCredentialsFileError(
                        f"{path} has mode {mode:04o}: other users may read it, so it is not used. "
                        f"Run `chmod 600 {path}` (and consider revoking the tokens), then try again."
                    )
            text = handle.read()
        return _from_blob(text, f"file:{path}", str(path), profile)

    def save(self, profile: str, creds: Credentials) -> None:
        path = self.path(profile)
        self._ensure_directory()
        self._remove_stale_temps(profile)
        blob = _to_blob(creds)
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=self._temp_prefix(profile), suffix=".tmp")
        handle = None
        try:
            if os.name == "posix":
                os.fchmod(fd, 0o600)  # mkstemp already uses 0600; say so explicitly, before writing
            handle = os.fdopen(fd, "w", encoding="utf-8")
            with handle:
                handle.write(blob)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            if handle is None:  # fdopen never took the descriptor over
                with contextlib.suppress(OSError):
                    os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        self._sync_directory()

    @staticmethod
    def _temp_prefix(profile: str) -> str:
        return f".credentials-{profile}."

    def _remove_stale_temps(self, profile: str, now: float | None = None) -> None:
        """Delete what killed saves left behind; a save younger than a minute may still be under way."""
        now = time.time() if now is None else now
        try:
            leftovers = list(self.directory.glob(f"{self._temp_prefix(profile)}*.tmp"))
        except OSError:
            return
        for leftover in leftovers:
            with contextlib.suppress(OSError):
                if now - leftover.lstat().st_mtime > _STALE_TEMP_AGE:
                    leftover.unlink()

    def clear(self, profile: str) -> None:
        self.path(profile).unlink(missing_ok=True)

    def _ensure_directory(self) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(self.directory, 0o700)  # mkdir's mode is masked by umask and ignored if it existed

    def _sync_directory(self) -> None:
        """Make the rename itself durable; best effort where directories cannot be opened."""
        if os.name != "posix":
            return
        with contextlib.suppress(OSError):
            dfd = os.open(self.directory, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)


_PROBE_USER = "__pinterest-mcp-probe__"


def keyring_problem(backend: KeyringBackend) -> str | None:
    """Why `backend` cannot hold our secrets, or None when it is a working OS keyring.

    `fail` and `null` are what keyring picks when nothing else exists; keyrings.alt's file backends
    are plaintext or prompt for a password on stdin (which an MCP stdio server cannot give).
    A backend can also look viable yet fail on use (Secret Service without a D-Bus session): one
    harmless read of a name nobody uses finds that out.
    """
    from keyring.backends import chainer, fail, null

    name = backend_name(backend)
    if isinstance(backend, fail.Keyring | null.Keyring):
        return f"backend {name}"
    if isinstance(backend, chainer.ChainerBackend) and not chainer.ChainerBackend.backends:
        return f"backend {name} with nothing to chain"
    if type(backend).__module__.startswith("keyrings.alt.file"):
        return f"backend {name} keeps secrets in a file of its own"
    try:
        backend.get_password(SERVICE, _PROBE_USER)
    except Exception as exc:  # any failure here means "not usable", whatever the backend raises
        return f"backend {name} failed: {type(exc).__name__}"
    return None


def open_store(
    config_dir: Path | str | None = None, *, prefer_keyring: bool = True, profile: str | None = None
) -> tuple[CredentialStore, str | None]:
    """The store to use and, when it is the file store, a notice saying so for the user to see.

    The notice is None only when the OS keyring is used. The caller must show it (stderr), once:
    given the profile, it names the very file the credentials are kept in.
    """
    files = FileStore(config_dir)
    where = files.path(profile) if profile else f"{files.directory}{os.sep}credentials-<profile>.json"
    if not prefer_keyring:
        return files, f"keyring not used, as asked; storing credentials in {where} readable only by you"
    import keyring

    backend = keyring.get_keyring()
    problem = keyring_problem(backend)
    if problem is None:
        return KeyringStore(backend), None
    return files, f"no OS keyring available ({problem}); storing credentials in {where} readable only by you"


def _from_env(env: Mapping[str, str], name: str) -> tuple[str, str] | None:
    for prefix in ENV_PREFIXES:
        variable = f"{prefix}{name.upper()}"
        value = (env.get(variable) or "").strip()
        if value:
            return value, f"env:{variable}"
    return None


def load_credentials(
    profile: str = DEFAULT_PROFILE,
    store: CredentialStore | None = None,
    env: Mapping[str, str] | None = None,
) -> Credentials:
    """The stored credentials of `profile`, overridden field by field by the environment.

    `PINTEREST_APP_ID`, `PINTEREST_APP_SECRET`, `PINTEREST_ACCESS_TOKEN`, `PINTEREST_REFRESH_TOKEN`
    (or the `PINTEREST_ADS_*` spellings) win over the store. A token from the environment that differs
    from the stored one drops the stored expiry (and, for the access token, the stored scopes):
    those described the stored token, not this one. A token from the environment that the stored one
    superseded (a refresh rotated it away) loses instead: it no longer works. `store=None` reads the
    environment only.
    """
    env = os.environ if env is None else env
    creds = store.load(check_profile(profile)) if store is not None else Credentials()
    changes: dict[str, Any] = {}
    sources = dict(creds.sources)
    for name in ENV_FIELDS:
        found = _from_env(env, name)
        if found is None:
            continue
        value, source = found
        if getattr(creds, name) and creds.superseded.get(name) == fingerprint(value):
            continue  # the stored token is the one this variable's value was rotated into
        if value != getattr(creds, name):
            if name == "access_token":
                changes.update(access_token_expires_at=None, scopes=())
                for stale in ("access_token_expires_at", "scopes"):
                    sources.pop(stale, None)
            elif name == "refresh_token":
                changes["refresh_token_expires_at"] = None
                sources.pop("refresh_token_expires_at", None)
        changes[name] = value
        sources[name] = source
    return replace(creds, **changes, sources=sources) if changes else creds


def for_store(creds: Credentials, stored: Credentials) -> Credentials:
    """What of `creds` may be written over `stored`: every field the environment gave keeps the stored value.

    So an app secret (or a token) kept only in the environment is never copied into the keyring or
    the credentials file, however often the tokens are refreshed and saved.
    """
    changes: dict[str, Any] = {}
    sources = dict(creds.sources)
    for name in ENV_FIELDS:
        if not _from_environment(creds.sources.get(name)):
            continue
        for part in (name, *_DESCRIBED_BY.get(name, ())):
            changes[part] = getattr(stored, part)
            if part in stored.sources:
                sources[part] = stored.sources[part]
            else:
                sources.pop(part, None)
    return replace(creds, **changes, sources=sources) if changes else creds


def save_renewed(store: CredentialStore, profile: str, creds: Credentials) -> None:
    """Save tokens fresh from the token endpoint, leaving out whatever came from the environment."""
    store.save(profile, for_store(creds, store.load(profile)))


_KEY_ENTRY = "__confirmation-key__"
MIN_KEY_BYTES = 32
"""The shortest confirmation key accepted: a shorter one (a hand edit, a truncated file) is guessable."""
"""The keyring username (and file name stem) of the confirmation key; no profile can be named so."""


def confirmation_key(store: CredentialStore) -> bytes:
    """The key that signs write confirmations, kept beside the credentials and created on first use.

    Every process using the same store (a second `call`, a restart) signs and checks with the same
    key, which is what lets a confirmation outlive the server that issued it. Two processes
    creating it at once agree on one: the file is linked into place only if absent, and the keyring
    entry is read back after it is written.
    """
    if isinstance(store, KeyringStore):
        import keyring.errors

        try:
            text = store.backend.get_password(store.service, _KEY_ENTRY)
            if text is None:
                store.backend.set_password(store.service, _KEY_ENTRY, secrets.token_urlsafe(32))
                text = store.backend.get_password(store.service, _KEY_ENTRY)
        except keyring.errors.KeyringError as exc:
            raise CredentialStoreError(f"could not keep the confirmation key in the {store.name}: {exc}") from None
        if not text:
            raise CredentialStoreError(f"the {store.name} did not keep the confirmation key")
        where = f"the confirmation key in the {store.name} (entry {_KEY_ENTRY!r} of {store.service!r})"
        return _checked_key(text.strip().encode(), where)
    if isinstance(store, FileStore):
        return _file_key(store)
    raise CredentialStoreError(f"the {store.name} cannot keep a confirmation key")


def _file_key(store: FileStore) -> bytes:
    path = store.directory / _KEY_ENTRY.strip("_")
    if not path.exists():
        store._ensure_directory()
        fd, tmp = tempfile.mkstemp(dir=store.directory, prefix=".confirmation-key.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(secrets.token_urlsafe(32))
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)  # never replaces a key another process made first
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise CredentialStoreError(f"could not read {path}: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        if os.name == "posix" and stat.S_IMODE(os.fstat(handle.fileno()).st_mode) & 0o077:
            raise InsecureCredentialsFileError(f"{path} may be read by other users, so it is not used; chmod 600 it")
        raw = handle.read(4096).strip()
    if not raw:
        raise CredentialStoreError(f"{path} is empty; delete it and plan again")
    return _checked_key(raw, str(path))


def _checked_key(raw: bytes, where: str) -> bytes:
    """The key if it is text of at least `MIN_KEY_BYTES` bytes; else a refusal saying how to get a new one.

    A new key voids the confirmations issued with the old one, which is what a damaged key does anyway.
    """
    again = "delete it and plan again: a new key is made, and plans made before need a new confirmation"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CredentialStoreError(f"{where} is damaged (not text); {again}") from None
    if len(raw) < MIN_KEY_BYTES:
        raise CredentialStoreError(f"{where} is too short ({len(raw)} bytes, at least {MIN_KEY_BYTES}); {again}")
    return raw
