"""`create_video_pin`: a video Pin end to end, planned and confirmed once like any write.

Pinterest makes a video Pin in four steps: register an upload (`media/create`, which answers an
upload URL and signed form fields), POST the file there, wait until `media/get` says the upload
`succeeded`, then create the Pin with `media_source.video_id` and a cover. This tool plans them as
one write: the call without confirmation checks the video (a local file or an https URL, at most
`MAX_VIDEO_BYTES`) and answers the plan of the registration, which names the file, its size and
digest and the Pin it leads to. The confirmed call registers the upload (journaled), sends the
file, waits with progress, and creates the Pin (journaled too), all under that one approval.

A confirmation is bound to the exact video and arguments it was shown with: the plan's token is
kept with a digest of both (a local file's bytes included), and a confirmed call whose video or
arguments differ is refused before anything is written.

Local files are read only from the media folder the user configured (`--media-dir`,
`PINTEREST_MCP_MEDIA_DIR`, `media_dir` in config.toml; none by default, so none are read), with
symlinks resolved and anything resolving outside it refused: a plan shows a file's size and digest,
and the model must not learn those of any other file. The plan names the resolved file.

Files leave this machine only to an https URL of a public address (the upload URL Pinterest
answers, and a source URL to download from), never over plain http or to a private, loopback or
link-local address; redirects are not followed. In demo the emulator serves both the upload
bucket and sample videos, so there the URLs are the emulator's. The wait polls with capped
backoff (`FIRST_POLL` growing by `BACKOFF` to `MAX_POLL`), at most `MAX_WAIT` in all; past it
the answer names the media id to finish with `get_media` and `create_pin`. Sleep is injectable
(`use_sleep`), so tests never wait.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import socket
import stat
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import anyio
import anyio.to_thread
from mcp.types import CallToolResult, InputRequiredResult
from pydantic import BaseModel, Field

from pinterest_mcp.answers.views import dumps
from pinterest_mcp.runtime import Runtime
from pinterest_mcp.server.calls import answered, rendered, text_result
from pinterest_mcp.server.declared import Declaration, DeclaredTool
from pinterest_mcp.server.progress import Progress

if TYPE_CHECKING:
    import httpx
    from mcp.server.mcpserver import Context

    from pinterest_mcp.operations.media import CreateVideoPin
    from pinterest_mcp.writes.reply import Reply

NAME = "create_video_pin"
TOOLSET = "pins"
DESCRIPTION = "Create a video Pin: upload a file (at most 100 MB), wait for processing, pin it."
MAX_VIDEO_BYTES = 100 * 1024 * 1024
"""The largest video sent (Pinterest takes up to 2 GB; this server reads the file into memory once)."""
VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v")
MAX_WAIT = 600.0
"""Seconds the call waits for Pinterest to process the upload, in all."""
FIRST_POLL, BACKOFF, MAX_POLL = 1.0, 2.0, 15.0
KEPT_PLANS = 256
"""How many offered plans keep their binding (the newest); an older confirmation is refused, plan again."""

Sleep = Callable[[float], Awaitable[None]]
_SLEEPS: weakref.WeakKeyDictionary[Runtime, Sleep] = weakref.WeakKeyDictionary()


def use_sleep(runtime: Runtime, sleep: Sleep) -> None:
    """Make `create_video_pin` on `runtime` wait with `sleep` (tests)."""
    _SLEEPS[runtime] = sleep


class VideoRefused(Exception):
    """A video, URL or upload this tool will not send, or a step that ended without a Pin."""


async def require_public_https(url: str, what: str) -> None:
    """Refuse `url` unless it is https and every address its host resolves to is a public one."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise VideoRefused(f"{what} must be an https URL, not {url[:200]!r}")
    try:
        infos = await anyio.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise VideoRefused(f"{what}: {parts.hostname} does not resolve ({exc})") from None
    for address in sorted({str(info[4][0]) for info in infos}):
        if not ipaddress.ip_address(address.split("%", 1)[0]).is_global:
            raise VideoRefused(f"{what}: {parts.hostname} is a private or local address ({address}); refused")


MEDIA_DIR_HELP = (
    "allow a folder with --media-dir DIR, PINTEREST_MCP_MEDIA_DIR or media_dir in config.toml, put the video "
    "there and pass its name; or pass an https URL"
)


@dataclass(frozen=True)
class VideoSource:
    """The video as given: a local file (size and digest known before anything is sent) or a URL.

    A local file's `path` is where it resolved to, symlinks followed, inside the media folder `root`.
    """

    given: str
    path: Path | None = None
    size: int | None = None
    sha256: str | None = None
    root: Path | None = None

    @property
    def name(self) -> str:
        return self.path.name if self.path else (Path(urlsplit(self.given).path).name or "video.mp4")

    def facts(self) -> dict[str, Any]:
        return {
            "video": self.given,
            "file": str(self.path) if self.path else None,
            "bytes": self.size,
            "sha256": self.sha256,
        }

    def shown(self) -> str:
        if self.path is None:
            return f"{self.given} (downloaded when applied, at most {MAX_VIDEO_BYTES // 2**20} MB)"
        return f"the file {self.path} ({self.size:,} bytes, sha256 {(self.sha256 or '')[:16]})"


def media_root(media_dir: Path | None) -> Path:
    """The media folder, resolved; local files are refused when none is configured or it is missing."""
    if media_dir is None:
        raise VideoRefused(f"local files are not allowed by this server's settings: {MEDIA_DIR_HELP}")
    root = media_dir.expanduser().resolve()
    if not root.is_dir():
        raise VideoRefused(f"the media folder {root} is not a folder; fix --media-dir (or media_dir)")
    return root


def inside(video: str, root: Path) -> Path:
    """Where `video` resolves to (relative to the media folder, symlinks followed), refused outside it."""
    given = Path(video).expanduser()
    resolved = (given if given.is_absolute() else root / given).resolve()
    if not resolved.is_relative_to(root):
        raise VideoRefused(f"{video[:200]} resolves outside the media folder {root}; only files in it are sent")
    return resolved


def _read_file(path: Path, root: Path) -> bytes:
    """The bytes of `path`, opened without following a symlink swapped in since it was resolved."""
    if inside(str(path), root) != path:
        raise VideoRefused(f"{path} changed (it is a link now); nothing more was sent")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise VideoRefused(f"{path}: cannot be read ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise VideoRefused(f"{path} is not a regular file")
        content = handle.read(MAX_VIDEO_BYTES + 1)
    if not 0 < len(content) <= MAX_VIDEO_BYTES:
        raise VideoRefused(f"{path}: a video is 1 byte to {MAX_VIDEO_BYTES // 2**20} MB here")
    return content


async def inspect(video: str, *, demo: bool, media_dir: Path | None = None) -> VideoSource:
    """Check the video before planning: a URL by scheme and address, a local file by folder, kind, size and bytes.

    A local file is read only from the media folder the user configured, after symlinks are
    resolved: a model must not be able to learn any other file's size or digest from a plan.
    """
    if "://" in video:
        if demo:
            if urlsplit(video).scheme not in ("http", "https"):
                raise VideoRefused(f"the video URL must be http(s), not {video[:200]!r}")
        else:
            await require_public_https(video, "the video URL")
        return VideoSource(given=video)
    root = media_root(media_dir)
    path = inside(video, root)
    if path.suffix.lower() not in VIDEO_SUFFIXES:
        raise VideoRefused(f"{path.name}: only {', '.join(VIDEO_SUFFIXES)} files are sent as videos")
    if not path.is_file():
        raise VideoRefused(f"{path}: no such file in the media folder")
    size = path.stat().st_size
    if not 0 < size <= MAX_VIDEO_BYTES:
        raise VideoRefused(f"{path}: {size:,} bytes; a video is 1 byte to {MAX_VIDEO_BYTES // 2**20} MB here")
    content = await anyio.to_thread.run_sync(_read_file, path, root)
    return VideoSource(given=video, path=path, size=len(content), sha256=hashlib.sha256(content).hexdigest(), root=root)


async def read_video(source: VideoSource, http: httpx.AsyncClient) -> bytes:
    """The file's bytes: read again (it must still be what was planned) or downloaded, within the bound."""
    if source.path is not None and source.root is not None:
        content = await anyio.to_thread.run_sync(_read_file, source.path, source.root)
        if hashlib.sha256(content).hexdigest() != source.sha256:
            raise VideoRefused(f"{source.path} changed since it was checked; nothing more was sent")
        return content
    chunks: list[bytes] = []
    received = 0
    async with http.stream("GET", source.given) as response:
        if response.status_code != 200:
            raise VideoRefused(f"downloading {source.given[:200]} answered HTTP {response.status_code}")
        async for chunk in response.aiter_bytes():
            received += len(chunk)
            if received > MAX_VIDEO_BYTES:
                raise VideoRefused(f"{source.given[:200]} is larger than {MAX_VIDEO_BYTES // 2**20} MB; not sent")
            chunks.append(chunk)
    if not received:
        raise VideoRefused(f"{source.given[:200]} is empty")
    return b"".join(chunks)


class VideoPinRun:
    """The steps after approval: upload, wait, pin. Each request has its own client time budget."""

    def __init__(self, runtime: Runtime, args: CreateVideoPin, context: Context[Any, Any]) -> None:
        self.runtime = runtime
        self.args = args
        self.progress = Progress(context, 4.0)
        self.sleep = _SLEEPS.get(runtime, anyio.sleep)

    async def send(self, name: str, arguments: dict[str, Any]) -> Any:
        from pinterest_mcp.api.client import call_budget
        from pinterest_mcp.operations import by_name

        op = by_name()[name]
        with call_budget():
            return await self.runtime.send(op, op.input.model_validate(arguments))

    def http(self) -> httpx.AsyncClient:
        """Where files go and come from: the emulator in demo, else the network (no token, no redirects)."""
        import httpx

        if self.runtime.settings.demo:
            return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.runtime.emulator.app), timeout=60)
        return httpx.AsyncClient(timeout=httpx.Timeout(60.0, read=120.0), follow_redirects=False)

    async def upload(self, source: VideoSource, registered: dict[str, Any]) -> int:
        url, fields = registered.get("upload_url"), registered.get("upload_parameters")
        if not isinstance(url, str) or not isinstance(fields, dict):
            raise VideoRefused("Pinterest registered the upload without an upload URL; nothing was uploaded")
        if not self.runtime.settings.demo:
            await require_public_https(url, "the upload URL")
        async with self.http() as http:
            content = await read_video(source, http)
            await self.progress.at(1.5, f"uploading {len(content):,} bytes")
            response = await http.post(url, data=fields, files={"file": (source.name, content, "video/mp4")})
        if not 200 <= response.status_code < 300:
            raise VideoRefused(f"the upload was refused (HTTP {response.status_code}); the Pin was not created")
        await self.progress.at(2, "uploaded; Pinterest is processing the video")
        return len(content)

    async def wait(self, media_id: str) -> float:
        """Seconds waited until the upload succeeded; VideoRefused when it failed or took too long."""
        waited, delay = 0.0, FIRST_POLL
        while True:
            status = (await self.send("get_media", {"media_id": media_id})).get("status")
            if status == "succeeded":
                await self.progress.at(3, "processed")
                return waited
            if status == "failed":
                raise VideoRefused(f"Pinterest could not process video {media_id} (failed); the Pin was not created")
            if waited + delay > MAX_WAIT:
                raise VideoRefused(
                    f"video {media_id} is still {status} after {waited:.0f} s; check it with get_media, then "
                    "create_pin with media_source video_id"
                )
            await self.progress.at(2 + waited / MAX_WAIT, f"processing ({status}, {waited:.0f} s)")
            await self.sleep(delay)
            waited += delay
            delay = min(delay * BACKOFF, MAX_POLL)

    async def pin(self, media_id: str) -> Reply:
        from pinterest_mcp.operations import by_name
        from pinterest_mcp.writes.plans import Target

        op = by_name()["create_pin"]
        target = Target(tool=NAME, op=op, args=op.input.model_validate(pin_arguments(self.args, media_id)))
        plan = await self.runtime.writes.plan(target)
        if plan.refusals:
            raise VideoRefused(f"the Pin was refused: {'; '.join(plan.refusals)}")
        reply = await self.runtime.writes.apply(plan)
        await self.progress.at(4, "Pin created")
        return reply


def pin_arguments(args: CreateVideoPin, media_id: str) -> dict[str, Any]:
    """`create_pin`'s arguments for the processed upload: a given cover URL, else a key frame."""
    source: dict[str, Any] = {"source_type": "video_id", "media_id": media_id}
    if args.cover_image_url is not None:
        source["cover_image_url"] = args.cover_image_url
    else:
        source["cover_image_key_frame_time"] = args.cover_image_key_frame_time or 0
    fields = ("board_id", "title", "description", "link", "board_section_id", "ad_account_id")
    return {"media_source": source, **{name: getattr(args, name) for name in fields if getattr(args, name) is not None}}


class VideoPinTool(DeclaredTool):
    """The `create_video_pin` tool: built on its first call; `DeferredTool` lists it until then.

    `bound` keeps, for each plan it offered (the newest `KEPT_PLANS`), the digest of the video and
    arguments that plan was shown with.
    """

    declaration = Declaration(
        name=NAME,
        title="Create video Pin",
        description=DESCRIPTION,
        read_only=False,
        toolset=TOOLSET,
        scopes=("boards:read", "boards:write", "pins:read", "pins:write"),
        body=(),  # nothing here is sent as written: no nulls to offer
    )

    bound: OrderedDict[str, str] = Field(default_factory=OrderedDict)

    @classmethod
    def input_model(cls) -> type[CreateVideoPin]:
        from pinterest_mcp.operations.media import CreateVideoPin

        return CreateVideoPin

    def parse(self, arguments: dict[str, Any]) -> CreateVideoPin:
        """The arguments, refused as well where the Pin they describe would be (checked before any plan)."""
        args: CreateVideoPin = super().parse(arguments)
        self._pin(args)
        return args

    @staticmethod
    def _pin(args: CreateVideoPin) -> BaseModel:
        """`create_pin`'s validated input for these arguments, a placeholder standing for the upload."""
        from pinterest_mcp.operations import by_name

        return by_name()["create_pin"].input.model_validate(pin_arguments(args, "0"))

    def _bind(self, reply: Reply, binding: str) -> None:
        token = reply.data.get("confirmation")
        if isinstance(token, str):
            self.bound[token] = binding
            while len(self.bound) > KEPT_PLANS:
                self.bound.popitem(last=False)

    async def answer(self, args: CreateVideoPin, context: Context[Any, Any]) -> CallToolResult | InputRequiredResult:
        from pinterest_mcp.operations import by_name
        from pinterest_mcp.operations.media import RegisterMedia
        from pinterest_mcp.registry.inputs import WRITE_CONTROL
        from pinterest_mcp.writes.confirmations import digest
        from pinterest_mcp.writes.plans import Target
        from pinterest_mcp.writes.reply import Reply

        runtime = self.runtime
        runtime.check_ad_account(args)
        try:
            source = await inspect(args.video, demo=runtime.settings.demo, media_dir=runtime.settings.media_dir)
        except VideoRefused as exc:
            return text_result(f"Nothing was sent: {exc}.", is_error=True)
        binding = digest([args.model_dump(mode="json", exclude=set(WRITE_CONTROL)), source.facts()])
        token = args.confirmation
        if token and not args.dry_run and self.bound.get(token) != binding:
            return text_result(
                f"Nothing was written: this confirmation was not issued for this video and these arguments "
                f"(by this server). Call {NAME} without confirmation for a new plan.",
                is_error=True,
            )
        shown_pin = self._pin(args).model_dump(mode="json", exclude_none=True, exclude=set(WRITE_CONTROL))
        shown_pin["media_source"]["media_id"] = "(the registered upload)"
        note = (
            f"Approving this plan registers the upload, sends {source.shown()} to the upload URL Pinterest "
            f"answers, waits for processing (at most {MAX_WAIT / 60:.0f} min) and creates this Pin: "
            f"{dumps(shown_pin)}"
        )
        target = Target(tool=NAME, op=by_name()["register_media"], args=RegisterMedia(), note=note)
        reply = await runtime.writes.handle(target, token, args.dry_run, context)
        if not isinstance(reply, Reply):
            return reply  # an elicitation round trip
        self._bind(reply, binding)
        if reply.data.get("status") != "applied":
            return rendered(reply)
        return await self._finish(args, source, reply, context)

    async def _finish(
        self, args: CreateVideoPin, source: VideoSource, registered: Reply, context: Context[Any, Any]
    ) -> CallToolResult:
        run = VideoPinRun(self.runtime, args, context)
        now = (registered.data.get("now") or [{}])[0]
        media_id = str(now.get("media_id") or "")
        steps: dict[str, Any] = {"media_id": media_id, "registered": registered.data.get("journal_entry")}
        await run.progress.at(1, f"registered upload {media_id}")
        try:
            steps["uploaded_bytes"] = await run.upload(source, now)
            steps["waited_s"] = await run.wait(media_id)
            reply = await run.pin(media_id)
        except VideoRefused as exc:
            return answered({**steps, "status": "failed", "error": f"{exc}."}, is_error=True)
        return answered({**reply.data, **steps}, is_error=reply.is_error)
