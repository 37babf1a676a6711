"""Pin media as Pinterest serves it, shared by the seed and by Pin creation.

Pinterest re-hosts every uploaded or linked image and answers with fixed renditions (150x150,
400x300, 600x, 1200x), so the seed and ``pins/create`` build ``images`` the same way: from a
random key, which keeps created Pins as seed-stable as seeded ones.
"""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

IMAGE_HOST = "https://i.example.com"
VIDEO_HOST = "https://v.example.com"


def image_sizes(rng: random.Random) -> dict[str, Any]:
    """The ``ImageSize`` renditions of one re-hosted image (portrait, as most Pins are)."""
    key = f"{rng.getrandbits(64):016x}"
    path = f"{key[:2]}/{key[2:4]}/{key[4:6]}/{key}.jpg"
    tall = rng.choice((1.25, 1.5, 1.78))
    return {
        "150x150": {"width": 150, "height": 150, "url": f"{IMAGE_HOST}/150x150/{path}"},
        "400x300": {"width": 400, "height": 300, "url": f"{IMAGE_HOST}/400x300/{path}"},
        "600x": {"width": 600, "height": round(600 * tall), "url": f"{IMAGE_HOST}/600x/{path}"},
        "1200x": {"width": 1200, "height": round(1200 * tall), "url": f"{IMAGE_HOST}/1200x/{path}"},
    }


def iso(moment: datetime) -> str:
    """Pinterest's organic timestamps (``created_at``): ISO 8601 in UTC, whole seconds."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def carousel(rng: random.Random, slides: list[dict[str, Any]]) -> dict[str, Any]:
    """``multiple_images`` media: one re-hosted image per slide, keeping each slide's text and link."""
    return {
        "media_type": "multiple_images",
        "items": [
            {
                "item_type": "image",
                "images": image_sizes(rng),
                "title": slide.get("title"),
                "description": slide.get("description"),
                "link": slide.get("link"),
            }
            for slide in slides
        ],
    }
