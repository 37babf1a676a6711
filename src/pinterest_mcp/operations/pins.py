"""Pins: the organic content ads are built from."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Annotated, Any, Literal

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


Base64 = Annotated[str, Field(pattern=r"^[a-zA-Z0-9+/=]+$")]
Standard = Annotated[bool | None, NotNull]
"""`is_standard`: false makes a simplified Pin (beta); the name says enough to a model, so no description."""
FirstSlide = Annotated[Annotated[int, Field(ge=0)] | None, NotNull]
"""A carousel's `index`: the image shown first."""


class ImageUrl(OperationInput):
    source_type: Literal["image_url"]
    url: str = Field(min_length=1, description="A public https image URL")
    is_standard: Standard = None


class ImageBase64(OperationInput):
    source_type: Literal["image_base64"]
    content_type: ContentType
    data: Base64
    is_standard: Standard = None


class _Slide(OperationInput):
    """A carousel image's own text and link."""

    title: Annotated[str | None, NotNull] = None
    description: Annotated[str | None, NotNull] = None
    link: Annotated[str | None, NotNull] = None


class CarouselImage(_Slide):
    url: str = Field(min_length=1)


class ImageUrls(OperationInput):
    source_type: Literal["multiple_image_urls"]
    items: list[CarouselImage] = Field(min_length=2, max_length=5)
    index: FirstSlide = None


class CarouselImageBase64(_Slide):
    content_type: ContentType
    data: Base64


class ImagesBase64(OperationInput):
    source_type: Literal["multiple_image_base64"]
    items: list[CarouselImageBase64] = Field(min_length=2, max_length=5)
    index: FirstSlide = None


class PinUrl(OperationInput):
    source_type: Literal["pin_url"]
    is_affiliate_link: Annotated[bool | None, NotNull] = None


class VideoId(OperationInput):
    """A succeeded upload (get_media) and one cover: an image URL, base64 image data or a frame (seconds)."""

    source_type: Literal["video_id"]
    media_id: Id
    cover_image_url: Annotated[str | None, NotNull] = None
    cover_image_data: Annotated[Base64 | None, NotNull] = None
    cover_image_content_type: Annotated[ContentType | None, NotNull] = None
    cover_image_key_frame_time: Annotated[int | None, NotNull] = Field(default=None, ge=0)
    is_standard: Standard = None

    @model_validator(mode="after")
    def _one_cover(self) -> VideoId:
        covers = (self.cover_image_url, self.cover_image_data, self.cover_image_key_frame_time)
        if sum(cover is not None for cover in covers) != 1:
            raise ValueError("give one cover: cover_image_url, cover_image_data or cover_image_key_frame_time")
        if (self.cover_image_data is None) != (self.cover_image_content_type is None):
            raise ValueError("cover_image_data and cover_image_content_type go together")
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
    sponsor_id: Id | None = None
    ad_account_id: BusinessAdAccountId


class CarouselSlot(OperationInput):
    """One slot of a carousel Pin, by position: its link, title and description."""

    link: Annotated[str | None, NotNull] = Field(default=None, max_length=2048)
    title: Annotated[str | None, NotNull] = None
    description: Annotated[str | None, NotNull] = None


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
_SLOT_FIELDS = ("link", "title", "description")


def _slots(pin: dict[str, Any]) -> dict[str, Any]:
    """A carousel Pin's slots as update_pin sets them: each image's link, title and description (those it has)."""
    media = pin.get("media")
    if not isinstance(media, dict) or media.get("media_type") != "multiple_images":
        return {}
    slides = [item for item in media.get("items") or [] if isinstance(item, dict)]
    return {"carousel_slots": [{k: s[k] for k in _SLOT_FIELDS if s.get(k) is not None} for s in slides]}


_THE_PIN_AND_SLOTS = replace(_THE_PIN, derive=_slots)

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
        description="Change a Pin's title, description, link, alt text, board or carousel slides.",
        operation_id="pins/update",
        input=UpdatePin,
        change="update",
        current=_THE_PIN_AND_SLOTS,
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
