"""Security defects: where credentials go, which local files a tool may read, logs, transports, doctor.

Each test is named after the hole it closes. Credentials are followed with respx (every host that
could receive one is mocked, and an unmocked request fails the test); video files through a real
MCP client against the emulator; logging through a real server process over Streamable HTTP.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
import respx
from mcp import Client

from pinterest_mcp.api.client import BearerToken, PinterestClient
from pinterest_mcp.auth.credentials import Credentials, KeyringStore
from pinterest_mcp.auth.oauth import TOKEN_URL, token_url_for
from pinterest_mcp.config.file import ConfigError, load_settings
from pinterest_mcp.config.settings import Settings
from pinterest_mcp.operations import by_name
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from support.fakes import MemoryKeyring

pytestmark = pytest.mark.anyio
VIDEO_BYTES = b"\x00\x00\x00\x18ftypmp42" + b"\x02" * 2048
APP_ID, APP_SECRET = "1234567", "safety_canary_app_secret_71f"
REFRESH, ACCESS = "pinr.safety_canary_refresh_71f", "pina_safety_canary_access_71f"


def text_of(result: Any) -> str:
    return " ".join(getattr(block, "text", "") for block in result.content)


# 1. credentials and the base URL ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://api.example.com/v5", "ftp://api.pinterest.com/v5", "api.pinterest.com/v5"])
def test_a_base_url_that_is_not_https_is_refused_from_the_environment_the_config_file_and_the_flag(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pinterest_mcp.cli.commands import main

    with pytest.raises(ValueError, match="PINTEREST_API_BASE_URL must be an https URL"):
        Settings.from_env({"PINTEREST_API_BASE_URL": url})
    config = tmp_path / "config.toml"
    config.write_text(f'base_url = "{url}"\n')
    with pytest.raises(ConfigError, match="base_url must be an https URL"):
        load_settings(config, env={})
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "empty"))
    assert main(["doctor", "--base-url", url]) == 2
    assert "--base-url must be an https URL" in capsys.readouterr().err


@pytest.mark.parametrize(
    "url",
    [
        "https://proxy.example.com/v5",
        "http://127.0.0.1:8080/v5",
        "http://127.3.0.1/v5",
        "http://[::1]:9/v5",
        "http://localhost:9/v5",
    ],
)
def test_https_and_loopback_base_urls_are_accepted(url: str, tmp_path: Path) -> None:
    assert Settings.from_env({"PINTEREST_API_BASE_URL": url}).base_url == url
    config = tmp_path / "config.toml"
    config.write_text(f'base_url = "{url}"\n')
    assert load_settings(config, env={}).base_url == url


def test_the_client_refuses_plain_http_off_loopback_unless_a_transport_is_given() -> None:
    with pytest.raises(ValueError, match="the API base URL must be an https URL"):
        PinterestClient(base_url="http://api.example.com/v5", auth=BearerToken(ACCESS))


def test_the_app_secret_never_follows_a_custom_base_url() -> None:
    assert token_url_for("https://proxy.example.com/v5") == TOKEN_URL
    assert token_url_for("https://api.pinterest.com.evil.example/v5") == TOKEN_URL
    assert token_url_for("https://api-sandbox.pinterest.com/v5") == "https://api-sandbox.pinterest.com/v5/oauth/token"
    assert token_url_for("http://127.0.0.1:9/v5/") == "http://127.0.0.1:9/v5/oauth/token"  # an emulator here


@respx.mock(assert_all_mocked=True)
async def test_a_refresh_with_a_custom_base_url_sends_the_app_secret_only_to_pinterests_token_endpoint(
    respx_mock: respx.MockRouter,
) -> None:
    """The base URL host gets the access token and nothing else; the Basic header goes to Pinterest only."""
    token = respx_mock.post(TOKEN_URL).mock(
        return_value=httpx.Response(
            200, json={"access_token": ACCESS, "refresh_token": REFRESH + "2", "expires_in": 3600, "scope": ""}
        )
    )
    api = respx_mock.get("https://proxy.example.com/v5/user_account").mock(
        return_value=httpx.Response(200, json={"username": "potter", "account_type": "BUSINESS"})
    )
    store = KeyringStore(MemoryKeyring())
    store.save("default", Credentials(app_id=APP_ID, app_secret=APP_SECRET, refresh_token=REFRESH))
    runtime = Runtime(Settings(base_url="https://proxy.example.com/v5"), store=store, env={})
    op = by_name()["get_user_account"]
    try:
        assert (await runtime.send(op, op.input()))["username"] == "potter"
    finally:
        await runtime.aclose()
    assert token.call_count == 1 and api.call_count == 1
    assert token.calls[0].request.headers["authorization"].startswith("Basic ")
    assert api.calls[0].request.headers["authorization"] == f"Bearer {ACCESS}"
    for call in respx_mock.calls:
        sent = call.request.headers.get("authorization", "") + call.request.content.decode()
        if call.request.url.host != "api.pinterest.com":
            assert APP_SECRET not in sent and "Basic" not in sent and REFRESH not in sent


@respx.mock(assert_all_mocked=True)
async def test_the_access_token_goes_only_to_requests_under_the_api_base_url(respx_mock: respx.MockRouter) -> None:
    respx_mock.get("https://api.pinterest.com/v5/boards").mock(return_value=httpx.Response(200, json={}))
    respx_mock.get("https://uploads.example.com/v5/boards").mock(return_value=httpx.Response(200))
    respx_mock.get("https://api.pinterest.com/v50/boards").mock(return_value=httpx.Response(200))
    async with PinterestClient(auth=BearerToken(ACCESS)) as client:
        for url in (
            "https://api.pinterest.com/v5/boards",
            "https://uploads.example.com/v5/boards",
            "https://api.pinterest.com/v50/boards",
        ):
            await client.http.get(url)
    sent = {str(call.request.url): call.request.headers.get("authorization") for call in respx_mock.calls}
    assert sent == {
        "https://api.pinterest.com/v5/boards": f"Bearer {ACCESS}",
        "https://uploads.example.com/v5/boards": None,
        "https://api.pinterest.com/v50/boards": None,
    }


# 2. create_video_pin reads local files only from the media folder ---------------------------------


def video_runtime(tmp_path: Path, media_dir: Path | None) -> Runtime:
    return Runtime(
        Settings(demo=True, journal=tmp_path / "journal.jsonl", toolsets=("boards", "pins"), media_dir=media_dir)
    )


async def plan_video(runtime: Runtime, video: str) -> tuple[bool, str]:
    async with Client(build_server(runtime.settings, runtime)) as client:
        boards = json.loads(text_of(await client.call_tool("list_boards", {})))
        before = len(runtime.emulator.requests)
        result = await client.call_tool("create_video_pin", {"board_id": boards["items"][0]["id"], "video": video})
        assert [r for r in runtime.emulator.requests[before:] if r.method != "GET"] == []  # a plan sends nothing
    return bool(result.is_error), text_of(result)


async def test_local_videos_are_refused_without_a_media_folder_and_say_how_to_allow_one(tmp_path: Path) -> None:
    video = tmp_path / "clip.mp4"
    video.write_bytes(VIDEO_BYTES)
    failed, text = await plan_video(video_runtime(tmp_path, None), str(video))
    assert failed and "--media-dir" in text and "PINTEREST_MCP_MEDIA_DIR" in text and "media_dir" in text
    assert hashlib.sha256(VIDEO_BYTES).hexdigest()[:16] not in text and f"{len(VIDEO_BYTES):,}" not in text


async def test_a_video_outside_the_media_folder_is_refused_through_a_symlink_or_dot_dot(tmp_path: Path) -> None:
    media, elsewhere = tmp_path / "media", tmp_path / "private"
    media.mkdir()
    elsewhere.mkdir()
    secret = elsewhere / "secret.mp4"
    secret.write_bytes(b"private bytes of another folder")
    (media / "link.mp4").symlink_to(secret)
    (media / "folder").symlink_to(elsewhere, target_is_directory=True)
    runtime = video_runtime(tmp_path, media)
    for video in (str(media / "link.mp4"), "link.mp4", "../private/secret.mp4", str(secret), "folder/secret.mp4"):
        failed, text = await plan_video(runtime, video)
        assert failed and "outside the media folder" in text, video
        assert hashlib.sha256(secret.read_bytes()).hexdigest()[:16] not in text


async def test_the_plan_names_the_resolved_file_inside_the_media_folder(tmp_path: Path) -> None:
    media = tmp_path / "media"
    (media / "takes").mkdir(parents=True)
    real = media / "takes" / "final.mp4"
    real.write_bytes(VIDEO_BYTES)
    (media / "latest.mp4").symlink_to(real)
    failed, text = await plan_video(video_runtime(tmp_path, media), "latest.mp4")
    assert not failed and f"the file {real.resolve()} ({len(VIDEO_BYTES):,} bytes" in text


def test_the_media_folder_is_read_from_the_flag_the_environment_and_the_config_file(tmp_path: Path) -> None:
    from pinterest_mcp.cli.commands import parser, settings_from

    config = tmp_path / "config.toml"
    config.write_text(f'media_dir = "{tmp_path / "from-file"}"\n')
    assert load_settings(config, env={}).media_dir == tmp_path / "from-file"
    env = {"PINTEREST_MCP_MEDIA_DIR": str(tmp_path / "from-env")}
    assert load_settings(config, env=env).media_dir == tmp_path / "from-env"
    args = parser().parse_args(["serve", "--config", str(config), "--media-dir", str(tmp_path / "from-flag")])
    assert settings_from(args).media_dir == tmp_path / "from-flag"


# 3. log redaction never breaks a record -----------------------------------------------------------

HTTP_TOKEN = "safety-http-token-0123456789abcdef"


@pytest.mark.slow
async def test_uvicorn_access_logs_at_info_over_streamable_http_print_cleanly_without_the_token(
    tmp_path: Path,
) -> None:
    """Every request is logged by uvicorn's access formatter (args tuple), redacted, with no "Logging error"."""
    import httpx2
    from mcp.client.streamable_http import streamable_http_client

    from support.fakes import free_port

    port = free_port()
    url = f"http://127.0.0.1:{port}/mcp"
    log = tmp_path / "output.log"  # uvicorn's access lines go to stdout, "Logging error" to stderr
    command = [sys.executable, "-m", "pinterest_mcp", "serve", "--demo", "--transport", "http"]
    flags = ["--port", str(port), "--log-level", "INFO", "--http-token", HTTP_TOKEN]
    with log.open("wb") as stderr:
        async with await anyio.open_process([*command, *flags], stdout=stderr, stderr=stderr) as process:
            try:
                with anyio.fail_after(60):
                    async with httpx.AsyncClient() as http:
                        while True:  # bounded by fail_after: until the port accepts connections
                            try:
                                health = await http.get(url.replace("/mcp", f"/healthz?token={HTTP_TOKEN}"))
                                break
                            except httpx.ConnectError:
                                await anyio.sleep(0.05)
                    async with (
                        httpx2.AsyncClient(headers={"Authorization": f"Bearer {HTTP_TOKEN}"}) as authorized,
                        Client(streamable_http_client(f"{url}?token={HTTP_TOKEN}", http_client=authorized)) as client,
                    ):
                        result = await client.call_tool("list_ad_accounts", {})
            finally:
                process.terminate()
                with anyio.fail_after(30):
                    await process.wait()
    printed = log.read_text()
    assert health.status_code == 200 and not result.is_error
    assert '"POST /mcp?token=*** HTTP/1.1" 200' in printed and "GET /healthz?token=***" in printed
    assert "Logging error" not in printed and "Traceback" not in printed
    assert HTTP_TOKEN not in printed


def test_a_record_whose_arguments_do_not_fit_its_message_is_logged_not_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from pinterest_mcp.api.redaction import install_log_redaction

    install_log_redaction()
    Credentials(access_token=ACCESS)
    logger = logging.getLogger("pinterest_mcp.test_safety")
    with caplog.at_level(logging.INFO, logger="pinterest_mcp.test_safety"):
        logger.info("%s - %d", "only one", ACCESS)  # a bug in someone's logging call: not a crash in ours
        logger.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5", "GET", f"/x?t={ACCESS}", "1.1", 200)
    mismatched, access = caplog.records
    assert "do not fit" in mismatched.getMessage() and ACCESS not in mismatched.getMessage()
    assert isinstance(access.args, tuple) and len(access.args) == 5  # uvicorn's formatter unpacks these
    assert access.getMessage() == '127.0.0.1:5 - "GET /x?t=*** HTTP/1.1" 200'


# 4. the HTTP token guards WebSockets too ---------------------------------------------------------


class Recorder:
    """An inner ASGI app that records which scope types reached it."""

    def __init__(self) -> None:
        self.reached: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.reached.append(scope["type"])


async def test_a_websocket_without_the_http_token_is_closed_before_it_reaches_the_app() -> None:
    from pinterest_mcp.server.transports.http_auth import BearerAuth

    inner = Recorder()
    guarded = BearerAuth(inner, HTTP_TOKEN)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "websocket.connect"}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    def scope(kind: str, token: str | None) -> dict[str, Any]:
        headers = [(b"authorization", f"Bearer {token}".encode())] if token else []
        return {"type": kind, "path": "/mcp", "headers": headers}

    await guarded(scope("websocket", None), receive, send)
    await guarded(scope("websocket", "not-the-token-0123456789"), receive, send)
    await guarded(scope("future-protocol", None), receive, send)
    assert inner.reached == []
    assert [m["type"] for m in sent] == ["websocket.close", "websocket.close"]
    assert {m["code"] for m in sent} == {1008}
    await guarded(scope("websocket", HTTP_TOKEN), receive, send)
    await guarded({"type": "lifespan"}, receive, send)
    assert inner.reached == ["websocket", "lifespan"]


def test_the_served_app_refuses_a_websocket_handshake_without_the_token() -> None:
    from starlette.testclient import TestClient
    from starlette.websockets import WebSocketDisconnect

    from pinterest_mcp.server.transports.http_auth import http_app

    settings = Settings(demo=True)
    app = http_app(build_server(settings, Runtime(settings)), "http", host="127.0.0.1", token=HTTP_TOKEN, security=None)
    with pytest.raises(WebSocketDisconnect) as refused, TestClient(app).websocket_connect("/mcp"):
        pass
    assert refused.value.code == 1008


# 5. check_connection on a 200 of the wrong shape ------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/user_account", [{"username": "potter"}]),
        ("/user_account", "a message instead of the account"),
        ("/ad_accounts", {"items": [{"name": "no id"}]}),
        ("/ad_accounts", {"items": "not a list"}),
        ("/ad_accounts", ["not", "accounts"]),
    ],
)
async def test_check_connection_answers_a_wrong_shaped_200_with_a_clean_failed_check(path: str, body: Any) -> None:
    settings = Settings(demo=True)
    runtime = Runtime(settings)
    await runtime.client()  # the emulator exists once the client does
    runtime.emulator.inject_fault(method="GET", path=path, status=200, body=body)
    async with Client(build_server(settings, runtime)) as client:
        result = await client.call_tool("check_connection", {})
    assert result.is_error
    checks = {check["name"]: check for check in (result.structured_content or {}).get("checks", [])}
    assert checks["api"]["status"] == "fail" and "unexpected shape" in checks["api"]["detail"]
    assert "FAIL  api" in text_of(result) and "Traceback" not in text_of(result)
