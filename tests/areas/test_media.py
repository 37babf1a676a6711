"""Video uploads and video Pins through a real MCP client against the emulator, and every Pin media source."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from pinterest_mcp.config.settings import Settings
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.build import build_server
from pinterest_mcp.server.composite.video_pins import (
    MAX_POLL,
    MAX_VIDEO_BYTES,
    MAX_WAIT,
    VideoRefused,
    require_public_https,
    use_sleep,
)
from support.tools import call, text_of

pytestmark = pytest.mark.anyio
VIDEO_BYTES = b"\x00\x00\x00\x18ftypmp42" + b"\x01" * 4096


class Sleeps:
    """An injected sleep: records each wait, never waits."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def runtime_for(tmp_path: Path) -> tuple[Runtime, Sleeps]:
    runtime = Runtime(
        Settings(demo=True, journal=tmp_path / "journal.jsonl", toolsets=("boards", "pins"), media_dir=tmp_path)
    )
    sleeps = Sleeps()
    use_sleep(runtime, sleeps)
    return runtime, sleeps


async def board_of(client: Client) -> str:
    return str((await call(client, "list_boards"))["items"][0]["id"])


async def test_create_video_pin_plans_then_uploads_waits_with_progress_and_pins(tmp_path: Path) -> None:
    runtime, sleeps = runtime_for(tmp_path)
    video = tmp_path / "stoneware.mp4"
    video.write_bytes(VIDEO_BYTES)
    updates: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        updates.append((progress, total, message))

    async with Client(build_server(runtime.settings, runtime)) as client:
        args = {"board_id": await board_of(client), "video": str(video), "title": "Stoneware in motion"}
        plan = await call(client, "create_video_pin", **args)
        assert plan["plan"] == "create_video_pin: create 1 media" and str(video) in plan["note"]
        assert "Stoneware in motion" in plan["note"]
        assert [r for r in runtime.emulator.requests if r.method != "GET"] == []  # the plan registered nothing
        result = await client.call_tool(
            "create_video_pin", {**args, "confirmation": plan["confirmation"]}, progress_callback=on_progress
        )
        done = json.loads(text_of(result))
        assert not result.is_error, done
        pin = await call(client, "get_pin", pin_id=done["results"][0]["id"], fields=["media"])
    assert done["status"] == "applied" and done["uploaded_bytes"] == len(VIDEO_BYTES)
    assert pin["creative_type"] == "VIDEO" and pin["media"]["media_type"] == "video"
    assert runtime.emulator.state.media[done["media_id"]]["status"] == "succeeded"
    assert sleeps.delays == [1.0]  # processing took one poll more than the upload
    values = [value for value, _, _ in updates]
    assert values == sorted(values) and values[-1] == 4 and updates[-1][2] == "Pin created"
    journal = [json.loads(line) for line in (tmp_path / "journal.jsonl").read_text().splitlines()]
    tools = {line.get("operation") for line in journal if line.get("operation")}
    assert {"register_media", "create_pin"} <= tools


async def test_a_video_from_a_url_is_downloaded_in_demo_from_the_emulator(tmp_path: Path) -> None:
    runtime, _ = runtime_for(tmp_path)
    async with Client(build_server(runtime.settings, runtime)) as client:
        args = {"board_id": await board_of(client), "video": "http://emulator.local/sample-videos/launch.mp4"}
        plan = await call(client, "create_video_pin", **args, cover_image_key_frame_time=2)
        done = await call(
            client, "create_video_pin", **args, cover_image_key_frame_time=2, confirmation=plan["confirmation"]
        )
    assert done["status"] == "applied" and done["uploaded_bytes"] > 40_000


async def test_a_confirmation_is_bound_to_its_video_and_arguments(tmp_path: Path) -> None:
    runtime, _ = runtime_for(tmp_path)
    video = tmp_path / "a.mp4"
    video.write_bytes(VIDEO_BYTES)
    async with Client(build_server(runtime.settings, runtime)) as client:
        args = {"board_id": await board_of(client), "video": str(video)}
        plan = await call(client, "create_video_pin", **args)
        video.write_bytes(VIDEO_BYTES + b"changed")
        changed = await client.call_tool("create_video_pin", {**args, "confirmation": plan["confirmation"]})
        other = await client.call_tool("create_video_pin", {**args, "title": "x", "confirmation": plan["confirmation"]})
    for result in (changed, other):
        assert result.is_error and "not issued for this video" in text_of(result)
    assert [r for r in runtime.emulator.requests if r.method != "GET"] == []


async def test_videos_are_refused_before_anything_is_sent(tmp_path: Path) -> None:
    runtime, _ = runtime_for(tmp_path)
    (tmp_path / "notes.txt").write_text("not a video")
    big = tmp_path / "big.mp4"
    with big.open("wb") as handle:
        handle.truncate(MAX_VIDEO_BYTES + 1)
    async with Client(build_server(runtime.settings, runtime)) as client:
        board = await board_of(client)
        before = len(runtime.emulator.requests)
        for video, why in (
            (str(tmp_path / "notes.txt"), "only .mp4"),
            (str(tmp_path / "missing.mp4"), "no such file"),
            (str(big), "100 MB"),
            ("ftp://example.com/v.mp4", "http(s)"),
        ):
            result = await client.call_tool("create_video_pin", {"board_id": board, "video": video})
            assert result.is_error and why in text_of(result), video
        assert len(runtime.emulator.requests) == before


async def test_failed_processing_and_a_timeout_end_without_a_pin(tmp_path: Path) -> None:
    runtime, sleeps = runtime_for(tmp_path)
    video = tmp_path / "v.mp4"
    video.write_bytes(VIDEO_BYTES)
    async with Client(build_server(runtime.settings, runtime)) as client:
        args = {"board_id": await board_of(client), "video": str(video)}
        runtime.emulator.inject_fault(
            "GET", "/media/{media_id}", 200, {"media_id": "1", "media_type": "video", "status": "failed"}
        )
        plan = await call(client, "create_video_pin", **args)
        failed = await client.call_tool("create_video_pin", {**args, "confirmation": plan["confirmation"]})
        stuck = {"media_id": "1", "media_type": "video", "status": "processing"}
        runtime.emulator.inject_fault("GET", "/media/{media_id}", 200, stuck, times=1000)
        plan = await call(client, "create_video_pin", **args, title="again")
        timed_out = await client.call_tool(
            "create_video_pin", {**args, "title": "again", "confirmation": plan["confirmation"]}
        )
    assert failed.is_error and "could not process" in text_of(failed)
    assert timed_out.is_error and "still processing" in text_of(timed_out)
    assert sum(sleeps.delays) <= MAX_WAIT and max(sleeps.delays) == MAX_POLL
    assert not [
        p for p in runtime.emulator.state.pins.values() if p["creative_type"] == "VIDEO" and p["title"] == "again"
    ]


async def test_upload_and_source_urls_must_be_https_to_public_addresses() -> None:
    for url, why in (
        ("http://example.com/v.mp4", "https"),
        ("https://127.0.0.1/v.mp4", "private or local"),
        ("https://10.1.2.3/upload", "private or local"),
        ("https://[::1]/upload", "private or local"),
    ):
        with pytest.raises(VideoRefused, match=why):
            await require_public_https(url, "the upload URL")
    await require_public_https("https://93.184.215.14/upload", "the upload URL")


async def test_register_media_then_get_and_list_it(tmp_path: Path) -> None:
    runtime, _ = runtime_for(tmp_path)
    async with Client(build_server(runtime.settings, runtime)) as client:
        plan = await call(client, "register_media")
        done = await call(client, "register_media", confirmation=plan["confirmation"])
        media_id = done["results"][0]["id"]
        one = await call(client, "get_media", media_id=media_id)
        listed = await call(client, "list_media")
    assert done["now"][0]["upload_url"].endswith("/media-uploads/") and done["now"][0]["upload_parameters"]["key"]
    assert one == {"media_id": media_id, "media_type": "video", "status": "registered"}
    assert listed["items"][0]["media_id"] == media_id and listed["count"] == 3


@pytest.mark.parametrize(
    "source",
    [
        {"source_type": "pin_url", "is_affiliate_link": True},
        {
            "source_type": "multiple_image_base64",
            "items": [{"content_type": "image/png", "data": "iVBORw0KGgo="}] * 2,
        },
        {"source_type": "video_id", "media_id": "seeded", "cover_image_url": "https://i.example.com/c.jpg"},
    ],
    ids=["pin_url", "base64_carousel", "video_id"],
)
async def test_create_pin_takes_every_media_source_and_a_parent_pin(tmp_path: Path, source: dict[str, Any]) -> None:
    runtime, _ = runtime_for(tmp_path)
    async with Client(build_server(runtime.settings, runtime)) as client:
        if source.get("media_id") == "seeded":
            source = {**source, "media_id": (await call(client, "list_media"))["items"][0]["media_id"]}
        parent = (await call(client, "list_pins"))["items"][0]["id"]
        args = {
            "board_id": await board_of(client),
            "media_source": source,
            "link": "https://hearthandharvest.example.com/shop/bowl",
            "parent_pin_id": parent,
        }
        plan = await call(client, "create_pin", **args)
        done = await call(client, "create_pin", **args, confirmation=plan["confirmation"])
        pin = await call(client, "get_pin", pin_id=done["results"][0]["id"], fields=["parent_pin_id"])
    expected = {"pin_url": "REGULAR", "multiple_image_base64": "CAROUSEL", "video_id": "VIDEO"}
    assert pin["creative_type"] == expected[source["source_type"]] and pin["parent_pin_id"] == parent


async def test_a_video_pin_needs_one_cover_and_a_processed_upload(tmp_path: Path) -> None:
    runtime, _ = runtime_for(tmp_path)
    async with Client(build_server(runtime.settings, runtime)) as client:
        board = await board_of(client)
        both = {"source_type": "video_id", "media_id": "1", "cover_image_url": "https://x.example/c.jpg",
                "cover_image_key_frame_time": 1}  # fmt: skip
        no_cover = await client.call_tool(
            "create_pin", {"board_id": board, "media_source": {**both, "cover_image_url": None}}
        )
        two = await client.call_tool("create_pin", {"board_id": board, "media_source": both})
        pending = await call(client, "register_media")
        media = (await call(client, "register_media", confirmation=pending["confirmation"]))["results"][0]["id"]
        source = {"source_type": "video_id", "media_id": media, "cover_image_key_frame_time": 0}
        plan = await call(client, "create_pin", board_id=board, media_source=source)
        refused = await client.call_tool(
            "create_pin", {"board_id": board, "media_source": source, "confirmation": plan["confirmation"]}
        )
    assert no_cover.is_error and two.is_error and "one cover" in text_of(two)
    assert refused.is_error and "registered, not succeeded" in text_of(refused)
