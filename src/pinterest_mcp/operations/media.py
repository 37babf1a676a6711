"""Media uploads: videos are registered, uploaded to the URL Pinterest returns, processed, then pinned.

`register_media` answers the upload URL and form fields (shown whole, so the upload can use them);
`get_media` shows the processing status a video Pin waits for (`create_video_pin` does all steps).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pinterest_mcp.registry.inputs import BusinessAdAccountId, Id, OperationInput, Page, WriteInput
from pinterest_mcp.registry.records import Operation, View

MEDIA = View(kind="media", default_fields=("media_id", "media_type", "status"))


class ListMedia(Page):
    """Only paging: Pinterest lists every upload of the user."""


class GetMedia(OperationInput):
    media_id: Id


class RegisterMedia(WriteInput):
    media_type: Literal["video"] = "video"


class CreateVideoPin(WriteInput):
    """`create_video_pin`: the video, its cover and the Pin's own fields (as `create_pin` takes them)."""

    board_id: Id
    video: str = Field(min_length=1, max_length=2048, description="Path or https URL: .mp4, .mov, .m4v")
    cover_image_url: str | None = Field(default=None, max_length=2048)
    cover_image_key_frame_time: int | None = Field(default=None, ge=0, description="Else cover frame, s (default 0)")
    title: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=800)
    link: str | None = Field(default=None, max_length=2048)
    board_section_id: Id | None = None
    ad_account_id: BusinessAdAccountId


OPERATIONS = (
    Operation(
        name="list_media",
        title="List media uploads",
        description="Your video uploads and their processing status.",
        operation_id="media/list",
        input=ListMedia,
        toolset="pins",
        lists=True,
        view=MEDIA,
    ),
    Operation(
        name="get_media",
        title="Get media upload",
        description="One upload's status: registered, processing, succeeded or failed.",
        operation_id="media/get",
        input=GetMedia,
        toolset="pins",
        view=MEDIA,
    ),
)

WRITE_OPERATIONS = (
    Operation(
        name="register_media",
        title="Register media upload",
        description="Get an upload URL and form fields for one video file.",
        operation_id="media/create",
        input=RegisterMedia,
        toolset="pins",
        change="create",
        key="media_id",
    ),
)
