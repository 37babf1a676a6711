"""Secrets echoed back by Pinterest never leave the server: tool results, errors, journal, logs, CLI output.

Hostile upstreams are the emulator with an injected answer that quotes what we sent (the bearer
token, or the token endpoint's HTTP Basic header, `base64(app_id:app_secret)`), and respx for the
CLI's own HTTP client. Each test is named after the leak it closes.
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import respx
from mcp import Client

from pinterest_mcp.api.errors import error_for
from pinterest_mcp.auth.credentials import Credentials, KeyringStore
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.emulator import DEFAULT_APP_ID, DEFAULT_APP_SECRET, Emulator
from pinterest_mcp.registry import privacy
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.fakes import MemoryKeyring
from support.tools import text_of

pytestmark = pytest.mark.anyio
BASE = "http://emulator.local/v5"
USD = "549755856399"
SPRING = "626735136848"
ACCESS = "pina_redaction_canary_access_5c1e"
MASK = "***"
BASIC = base64.b64encode(f"{DEFAULT_APP_ID}:{DEFAULT_APP_SECRET}".encode()).decode()


def echo(what: str) -> dict[str, Any]:
    """An error body that quotes a request header, as misbehaving proxies and gateways do."""
    return {"code": 1, "message": f"Invalid request; headers were {{'Authorization': '{what}'}}"}


def texts(result: Any) -> str:
    return " ".join(getattr(block, "text", "") for block in result.content) + repr(result.structured_content)


async def test_an_upstream_error_echoing_the_authorization_header_is_redacted_in_tool_results_and_the_journal(
    tmp_path: Path,
) -> None:
    emu = Emulator()
    journal = tmp_path / "journal.jsonl"
    runtime = Runtime(
        Settings(base_url=BASE, toolsets=("all",), journal=journal),
        transport=httpx.ASGITransport(app=emu.app),
        store=KeyringStore(MemoryKeyring()),
        env={"PINTEREST_ACCESS_TOKEN": ACCESS},
    )
    args = {"ad_account_id": USD, "campaign_ids": [SPRING]}
    async with Client(build_server(runtime.settings, runtime)) as client:
        emu.inject_fault(method="GET", path="/boards", status=400, body=echo(f"Bearer {ACCESS}"))
        read = await client.call_tool("list_boards", {})
        plan = json.loads(text_of(await client.call_tool("pause_campaigns", args)))
        emu.inject_fault(method="PATCH", path="/ad_accounts/{ad_account_id}/campaigns", status=400, body=echo(ACCESS))
        write = await client.call_tool("pause_campaigns", {**args, "confirmation": plan["confirmation"]})
    assert read.is_error and write.is_error
    for shown in (texts(read), texts(write), journal.read_text()):
        assert ACCESS not in shown
    assert MASK in texts(read) and MASK in journal.read_text()


async def test_an_upstream_success_body_echoing_a_token_is_redacted_in_the_tool_result() -> None:
    emu = Emulator()
    runtime = Runtime(
        Settings(base_url=BASE, toolsets=("all",)),
        transport=httpx.ASGITransport(app=emu.app),
        store=KeyringStore(MemoryKeyring()),
        env={"PINTEREST_ACCESS_TOKEN": ACCESS},
    )
    page = {"items": [{"id": "1", "name": f"saved from a request with Bearer {ACCESS}"}], "bookmark": None}
    emu.inject_fault(method="GET", path="/boards", status=200, body=page)
    async with Client(build_server(runtime.settings, runtime)) as client:
        result = await client.call_tool("list_boards", {})
    assert not result.is_error
    assert ACCESS not in texts(result) and "saved from a request with Bearer ***" in texts(result)


async def test_the_token_endpoints_basic_header_echo_is_redacted_in_check_connection() -> None:
    emu = Emulator(oauth=True)
    tokens = emu.oauth.issue_tokens()
    store = KeyringStore(MemoryKeyring())
    store.save(
        "default",
        Credentials(
            app_id=DEFAULT_APP_ID,
            app_secret=DEFAULT_APP_SECRET,
            access_token=tokens["access_token"],
            refresh_token=tokens["refresh_token"],
        ),
    )
    emu.inject_fault(method="POST", path="/oauth/token", status=401, body=echo(f"Basic {BASIC}"))
    runtime = Runtime(Settings(base_url=BASE), transport=httpx.ASGITransport(app=emu.app), store=store, env={})
    async with Client(build_server(runtime.settings, runtime)) as client:
        result = await client.call_tool("check_connection", {})
    assert result.is_error and "Pinterest rejected" in texts(result)
    assert BASIC not in texts(result) and DEFAULT_APP_SECRET not in texts(result)


@respx.mock
def test_the_token_endpoints_basic_header_echo_is_redacted_in_auth_refresh_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pinterest_mcp.cli.commands import main

    app_secret, refresh_token = "cli_canary_app_secret_9d2", "pinr.cli_canary_refresh_9d2"
    basic = base64.b64encode(f"{DEFAULT_APP_ID}:{app_secret}".encode()).decode()
    for name, value in {
        "XDG_CONFIG_HOME": str(tmp_path),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PINTEREST_APP_ID": DEFAULT_APP_ID,
        "PINTEREST_APP_SECRET": app_secret,
        "PINTEREST_REFRESH_TOKEN": refresh_token,
    }.items():
        monkeypatch.setenv(name, value)
    local = "http://127.0.0.1:9/v5"  # the CLI refuses plain http off loopback
    respx.post(f"{local}/oauth/token").mock(return_value=httpx.Response(401, json=echo(f"Basic {basic}")))
    assert main(["auth", "refresh", "--base-url", local]) == 1
    out = capsys.readouterr()
    assert "Pinterest rejected" in out.err
    for secret in (basic, app_secret, refresh_token):
        assert secret not in out.out + out.err


def test_a_secret_in_any_log_record_is_masked_once_the_cli_runs(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whoever handles the record (ours, the MCP SDK's, pytest's here) gets it redacted, traceback included."""
    from pinterest_mcp.cli.commands import main

    Credentials(access_token=ACCESS)  # a token this process holds
    assert main(["tools", "--demo"]) == 0
    capsys.readouterr()
    caplog.set_level(logging.INFO)
    logging.getLogger("mcp.server").warning("tool failed: header %s", f"Bearer {ACCESS}")
    try:
        raise RuntimeError(f"upstream said {ACCESS}")
    except RuntimeError:
        logging.getLogger("pinterest_mcp").exception("crash")
    assert "tool failed: header Bearer ***" in caplog.text and "upstream said ***" in caplog.text
    assert ACCESS not in caplog.text


def test_an_error_message_cut_to_length_keeps_no_piece_of_a_secret() -> None:
    """Pinterest's message is cut at 500 characters; redacting after the cut would leave a token's head."""
    Credentials(access_token=ACCESS)
    error = error_for(400, {"code": 1, "message": "x" * 490 + ACCESS})
    assert ACCESS[:10] not in str(error) and ACCESS[:10] not in error.for_model()


def test_redaction_covers_the_encoded_spellings_and_nested_data() -> None:
    """A secret echoed from a form body is URL-encoded, from a JSON body escaped: both are masked."""
    from pinterest_mcp.api.redaction import redact, redact_data, remember

    secret = 'app"secret/with+odd=chars'
    remember(secret)
    assert redact(f"client_secret={quote(secret, safe='')}&x=1") == f"client_secret={MASK}&x=1"
    assert redact(json.dumps({"echo": secret})) == json.dumps({"echo": MASK})
    assert redact_data({"a": [f"x{secret}y", 3, None], secret: True}) == {"a": [f"x{MASK}y", 3, None], MASK: True}
    assert redact("a one-off value: abc", ("abc",)) == f"a one-off value: {MASK}"
    assert redact("ordinary text stays") == "ordinary text stays"


def test_withholding_deeply_nested_input_costs_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """An error's input nested 250 deep (the fuzzer sends such) once cost depth² secret checks, seconds per call."""
    calls = 0
    original = privacy.withhold

    def counted(value: object) -> object:
        nonlocal calls
        calls += 1
        return original(value)

    monkeypatch.setattr(privacy, "withhold", counted)
    deep: dict[str, object] = {"credentials": {"password": "hunter2"}, "records": "a@b.example"}
    for _ in range(250):
        deep = {"a": deep}
    shown = privacy.withheld(deep)
    concealed = privacy.conceal(deep)
    assert calls <= 2 * 260, calls
    for _ in range(250):
        shown, concealed = shown["a"], concealed["a"]
    assert shown == {"credentials": {"password": "<withheld>"}, "records": "<records withheld>"}
    assert concealed["credentials"] == {"password": "<withheld>"} and "a@b.example" not in str(concealed)
