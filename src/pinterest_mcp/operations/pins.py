"""Pins: the organic content ads are built from."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal

from pydantic import Field, model_validator

from pinterest_mcp.registry.inputs import (
    BusinessAdAccountId,
    CreativeType,
    Id,
    NotNull,
    OperationInput,
    Page,
    Projection,
    WriteInput,
)
from pinterest_mcp.registry.records import Current, Operation, View

PIN = View(
    kind="pin",
    default_fields=(
        "id",
        "title",
        "description",
        "link",
        "board_id",
        "board_section_id",
        "creative_type",
        "created_at",
    ),
)


class ListPins(Page):
    pin_filter: Literal["exclude_native", "exclude_repins", "has_been_promoted"] | None = None
    include_protected_pins: bool | None = Field(default=None, description="Include Pins on ads-only boards")
    pin_type: Literal["PRIVATE"] | None = Field(default=None, description="PRIVATE: only Pins on secret boards")
    creative_types: list[CreativeType] | None = Field(default=None, min_length=1, description="Only these Pin types")
    ad_account_id: BusinessAdAccountId
    pin_metrics: bool | None = Field(default=None, description="Add 90-day and lifetime Pin metrics")


class GetPin(Projection):
    pin_id: Id
    ad_account_id: BusinessAdAccountId
    pin_metrics: bool | None = Field(default=None, description="Add 90-day and lifetime Pin metrics")


_read = partial(Operation, toolset="pins", view=PIN)

OPERATIONS = (
    _read(
        name="list_pins",
        title="List Pins",
        description="Pins you own, newest first.",
        operation_id="pins/list",
        input=ListPins,
        lists=True,
    ),
    _read(
        name="get_pin",
        title="Get Pin",
        description="One Pin by id, with media and link.",
        operation_id="pins/get",
        input=GetPin,
    ),
)


# Writes. Pinterest wants boards:read/write and pins:read/write for every Pin write.


ContentType = Literal["image/jpeg", "image/png"]


class ImageUrl(OperationInput):
    source_type: Literal["image_url"]
    url: str = Field(min_length=1, description="A public https image URL")


class ImageBase64(OperationInput):
    source_type: Literal["image_base64"]
    content_type: ContentType
    data: str = Field(pattern=r"^[a-zA-Z0-9+/=]+$")


class CarouselImage(OperationInput):
    url: str = Field(min_length=1)
    title: Annotated[str | None, NotNull] = None
    description: Annotated[str | None, NotNull] = None
    link: Annotated[str | None, NotNull] = None


class ImageUrls(OperationInput):
    source_type: Literal["multiple_image_urls"]
    items: list[CarouselImage] = Field(min_length=2, max_length=5)


class CarouselImageBase64(OperationInput):
    content_type: ContentType
    data: str = Field(pattern=r"^[a-zA-Z0-9+/=]+$")


class ImagesBase64(OperationInput):
    source_type: Literal["multiple_image_base64"]
    items: list[CarouselImageBase64] = Field(min_length=2, max_length=5)


class PinUrl(OperationInput):
    source_type: Literal["pin_url"]
    is_affiliate_link: Annotated[bool | None, NotNull] = None


class VideoId(OperationInput):
    """A succeeded upload (get_media) and one cover: an image URL or a frame (seconds)."""

    source_type: Literal["video_id"]
    media_id: Id
    cover_image_url: Annotated[str | None, NotNull] = None
    cover_image_key_frame_time: Annotated[int | None, NotNull] = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_cover(self) -> VideoId:
        if (self.cover_image_url is None) == (self.cover_image_key_frame_time is None):
            raise ValueError("give one cover: cover_image_url or cover_image_key_frame_time")
        return self


MediaSource = Annotated[
    ImageUrl | ImageBase64 | ImageUrls | ImagesBase64 | PinUrl | VideoId, Field(discriminator="source_type")
]


class CreatePin(WriteInput):
    board_id: Id
    media_source: MediaSource
    title: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=800)
    link: str | None = Field(default=None, max_length=2048, description="Where a click goes")
    alt_text: str | None = Field(default=None, max_length=500)
    board_section_id: Id | None = None
    parent_pin_id: Id | None = Field(default=None, description="The Pin this one was saved from")
    ad_account_id: BusinessAdAccountId


class CarouselSlot(OperationInput):
    """One slot of a carousel Pin: where it links."""

    link: str = Field(max_length=2048)


class UpdatePin(WriteInput):
    pin_id: Id
    title: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=800)
    link: str | None = Field(default=None, max_length=2048)
    alt_text: str | None = Field(default=None, max_length=500)
    board_id: Annotated[Id | None, NotNull] = Field(default=None, description="Move to this board")
    board_section_id: Id | None = None
    carousel_slots: Annotated[list[CarouselSlot] | None, NotNull] = None
    ad_account_id: BusinessAdAccountId


class DeletePin(WriteInput):
    pin_id: Id
    ad_account_id: BusinessAdAccountId


class SavePin(WriteInput):
    pin_id: Id
    board_id: Id = Field(description="Board to save to")
    board_section_id: Id | None = None
    ad_account_id: BusinessAdAccountId


_write = partial(Operation, toolset="pins", view=PIN, query=("ad_account_id",))
_THE_PIN = Current(read="get_pin", args=(("pin_id", "pin_id"),))

WRITE_OPERATIONS = (
    _write(
        name="create_pin",
        title="Create Pin",
        description="Create a Pin from an image (URL, base64), 2-5 images, pin_url (link) or a processed video.",
        operation_id="pins/create",
        input=CreatePin,
        change="create",
    ),
    _write(
        name="update_pin",
        toolset="organic_manage",
        title="Update Pin",
        description="Change a Pin's title, description, link, alt text or board.",
        operation_id="pins/update",
        input=UpdatePin,
        change="update",
        current=_THE_PIN,
    ),
    _write(
        name="delete_pin",
        toolset="organic_manage",
        title="Delete Pin",
        description="Delete a Pin for good.",
        operation_id="pins/delete",
        input=DeletePin,
        change="delete",
        current=_THE_PIN,
        destructive=True,
    ),
    _write(
        name="save_pin",
        title="Save Pin",
        description="Save a copy of a Pin to one of your boards or sections.",
        operation_id="pins/save",
        input=SavePin,
        change="create",
        current=_THE_PIN,
    ),
)
