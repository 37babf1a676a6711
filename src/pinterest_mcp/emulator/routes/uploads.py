"""Video uploads: ``/media`` registers one, a form POST uploads the file, reads of it watch processing.

Pinterest's ``media/create`` answers an upload URL (an S3 bucket) and signed form fields; the file
is POSTed there as ``multipart/form-data`` with those fields, outside the API and without the bearer
token. The emulator plays that bucket at ``UPLOAD_PREFIX`` on its own host, checking the key and
signature it issued. A registered upload is ``registered``; once its file arrives it is
``processing`` for ``PROCESSING_READS`` reads of ``media/get`` and then ``succeeded`` (an empty file
ends ``failed``), so a client's wait loop runs the same way on every run, without a clock. A
``video_id`` Pin needs a ``succeeded`` upload (``pin_writes``).

In demo, ``SAMPLE_PREFIX`` serves small sample video files, so a video Pin can be made end to end
from a URL without leaving the emulator. The seed adds two finished uploads (``seed_media``).
"""

from __future__ import annotations

import hashlib
import hmac
import random
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.errors import invalid, not_found
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.params import paginate
from pinterest_mcp.emulator.http.state import Entity, Store

UPLOAD_PREFIX = "/media-uploads"
SAMPLE_PREFIX = "/sample-videos"
OPEN_PREFIXES = (UPLOAD_PREFIX + "/", SAMPLE_PREFIX + "/")
"""Paths outside the API served without a bearer token, like Pinterest's upload bucket."""
PROCESSING_READS = 2
MEDIA_NOT_FOUND = 404
PRIVATE = ("key", "reads_left", "size")
SAMPLE_BYTES = 48 * 1024


def _signature(store: Store, key: str) -> str:
    """The form signature of one upload key: seed-stable, checked when the file arrives."""
    secret = f"emulator-upload:{store.user['id']}".encode()
    return hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()


def _media(media_id: str, status: str, key: str, size: int | None = None) -> Entity:
    return {"media_id": media_id, "media_type": "video", "status": status, "key": key, "reads_left": 0, "size": size}


def visible(entity: Entity) -> Entity:
    """``Media`` as Pinterest answers it: the private bookkeeping dropped."""
    return {k: v for k, v in entity.items() if k not in PRIVATE}


def seed_media(store: Store, base: datetime) -> None:
    """Two finished uploads, from a random stream of their own (the other seeded entities stay as they were)."""
    rng = random.Random(f"media:{store.user['id']}")
    for _ in range(2):
        media_id = store.new_id("media")
        store.media[media_id] = _media(media_id, "succeeded", f"uploads/{rng.getrandbits(64):016x}", 2_400_000)


async def register(request: Request) -> JSONResponse:
    """``POST /media``: a new ``registered`` upload and the form to send its file with."""
    store = lookup.store_of(request)
    media_id = store.new_id("media")
    key = f"uploads/{media_id}/{store.rng.getrandbits(64):016x}"
    store.media[media_id] = _media(media_id, "registered", key)
    stamp = datetime.fromtimestamp(lookup.now_of(request), UTC).strftime("%Y%m%dT%H%M%SZ")
    parameters = {
        "x-amz-date": stamp,
        "x-amz-signature": _signature(store, key),
        "x-amz-security-token": f"emulator-{media_id}",
        "x-amz-algorithm": "AWS4-HMAC-SHA256",
        "key": key,
        "policy": "ZW11bGF0b3ItdXBsb2FkLXBvbGljeQ==",
        "x-amz-credential": f"EMULATOR/{stamp[:8]}/us-east-1/s3/aws4_request",
        "Content-Type": "multipart/form-data",
    }
    base = str(request.base_url).rstrip("/")
    answer = {
        "media_id": media_id,
        "media_type": "video",
        "upload_url": f"{base}{UPLOAD_PREFIX}/",
        "upload_parameters": parameters,
    }
    return JSONResponse(answer, status_code=201)


async def get_media(request: Request) -> JSONResponse:
    """``GET /media/{media_id}``: one upload; a processing one moves on by one read."""
    media_id = request.path_params["media_id"]
    entity = lookup.store_of(request).media.get(media_id)
    if entity is None:
        raise not_found(MEDIA_NOT_FOUND, f"Media upload {media_id} not found.")
    if entity["status"] == "processing":
        entity["reads_left"] -= 1
        if entity["reads_left"] <= 0:
            entity["status"] = "succeeded"
    return JSONResponse(visible(entity))


async def list_media(request: Request) -> JSONResponse:
    """``GET /media``: every upload, newest first."""
    uploads = sorted(lookup.store_of(request).media.values(), key=lambda m: int(m["media_id"]), reverse=True)
    page = paginate(lookup.query_of(request), uploads)
    page["items"] = [visible(entity) for entity in page["items"]]
    return JSONResponse(page)


async def receive_upload(request: Request) -> Response:
    """The bucket: a form POST with the issued ``key`` and signature, and the ``file``; 204 as S3 answers."""
    store = lookup.store_of(request)
    form = await request.form()
    key = str(form.get("key") or "")
    entity = next((m for m in store.media.values() if m["key"] == key), None)
    signature = str(form.get("x-amz-signature") or "")
    if entity is None or not hmac.compare_digest(signature, _signature(store, key)):
        return PlainTextResponse("AccessDenied: the key or signature is not one this bucket issued.", status_code=403)
    if entity["status"] != "registered":
        return PlainTextResponse("AccessDenied: this upload already has its file.", status_code=403)
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        return PlainTextResponse("InvalidArgument: the form has no file field.", status_code=400)
    content = await upload.read()
    entity["size"] = len(content)
    entity["status"] = "processing" if content else "failed"
    entity["reads_left"] = PROCESSING_READS
    return Response(status_code=204)


async def sample_video(request: Request) -> Response:
    """A sample ``.mp4`` (an MP4 header and seed-free filler), for video Pins made from a URL in demo."""
    name = request.path_params["name"]
    if not name.endswith(".mp4"):
        return PlainTextResponse("NoSuchKey: the specified key does not exist.", status_code=404)
    header = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    filler = hashlib.sha256(name.encode()).digest() * (SAMPLE_BYTES // 32)
    return Response(header + filler, media_type="video/mp4")


def require_succeeded(store: Store, media_id: str) -> Entity:
    """The upload a ``video_id`` Pin names: it must exist and have finished processing."""
    entity = store.media.get(media_id)
    if entity is None:
        raise invalid(f"Invalid media_source.media_id: {media_id} is not a registered media upload.")
    if entity["status"] != "succeeded":
        raise invalid(f"Invalid media_source.media_id: upload {media_id} is {entity['status']}, not succeeded yet.")
    return entity


ROUTES = [
    Endpoint("media/create", register),
    Endpoint("media/list", list_media),
    Endpoint("media/get", get_media),
]
