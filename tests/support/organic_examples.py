"""Example arguments of the user-network, keyword-archive, media, ad account and sandbox writes, for
write_examples.py, which the body guards read (minimal and rich each); test_user_network, test_trends,
test_media and test_planning run the same writes end to end against the emulator."""

from __future__ import annotations

from typing import Any

ACCOUNT = "549755885175"
AD_GROUP = "2680060704746"
PIN = "394205773611545468"
MEDIA = "5016871622876"
IMAGE = "https://i.pinimg.com/originals/ab/cd/ef.jpg"

ORGANIC_EXAMPLES: dict[str, dict[str, dict[str, Any]]] = {
    "follow_user": {"minimal": {"username": "halfbakedharvest"}, "rich": {"username": "cozytablestudio"}},
    "verify_website": {
        "minimal": {"website": "blog.example.com"},
        "rich": {"website": "example.com/shop", "verification_method": "DNSTXT", "ad_account_id": ACCOUNT},
    },
    "unverify_website": {"minimal": {"website": "blog.example.com"}, "rich": {"website": "example.com/shop"}},
    "update_keywords": {
        "minimal": {"ad_account_id": ACCOUNT, "keywords": [{"id": "2886364000001"}]},
        "rich": {
            "ad_account_id": ACCOUNT,
            "ad_group_id": AD_GROUP,
            "keywords": [{"id": "2886364000001", "archived": True}, {"id": "2886364000002"}],
        },
    },
    "register_media": {"minimal": {}, "rich": {"media_type": "video"}},
    "create_ad_account": {
        "minimal": {"name": "Hearth & Harvest DE"},
        "rich": {"name": "H&H DE", "country": "DE", "currency": "EUR", "owner_user_id": "877196115044212737"},
    },
    "create_ad_preview": {
        "minimal": {"ad_account_id": ACCOUNT, "pin_id": PIN},
        "rich": {"ad_account_id": ACCOUNT, "image_url": IMAGE, "title": "Stoneware bowls"},
    },
    "reset_sandbox": {"minimal": {"ad_account_id": ACCOUNT}, "rich": {"ad_account_id": ACCOUNT}},
}  # fmt: skip
