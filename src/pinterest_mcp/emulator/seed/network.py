"""The demo user's network: followers, the accounts, boards and interests it follows, websites, businesses.

Built once per seed from a random stream of its own (keyed by the user id, itself seed-stable), so
adding it left every other seeded entity unchanged. The story: a home-goods brand followed by home
cooks, following food creators and a few of their boards. The follower list is a sample (the
profile's ``follower_count`` counts tens of thousands; the demo lists a few pages of them).

Entities keep a few fields Pinterest does not answer with (listed in ``PRIVATE``): whether a
follow is explicit, whether a followee is a creator and its rank in the RANKED feed.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from itertools import product

from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.seed.media import IMAGE_HOST, iso
from pinterest_mcp.emulator.seed.reference import interests

PRIVATE = ("explicit", "creator", "rank")

# (username, is a creator): the accounts the brand follows by choice.
FOLLOWED_ACCOUNTS: tuple[tuple[str, bool], ...] = (
    ("sallysbakingaddiction", True),
    ("halfbakedharvest", True),
    ("minimalistbaker", True),
    ("apartmenttherapy", False),
    ("williamssonoma", False),
    ("thekitchn", False),
    ("smittenkitchen", True),
    ("goodfolkmedia", False),
)
# (owner, board name, description, followed by choice): boards of other users the brand follows.
# A board followed without following its owner makes the owner an implicit followee.
FOLLOWED_BOARDS: tuple[tuple[str, str, str, bool], ...] = (
    ("halfbakedharvest", "Fall Recipes", "Cozy recipes for autumn evenings.", True),
    ("sallysbakingaddiction", "Cookie Recipes", "Tested cookie recipes.", True),
    ("apartmenttherapy", "Small Kitchens", "Big ideas for small kitchens.", True),
    ("thekitchn", "Meal Prep", "Plan a week of meals in one afternoon.", False),
    ("cozytablestudio", "Tablescapes", "Seasonal table settings and centerpieces.", True),
    ("cozytablestudio", "Holiday Mantels", "Garlands, candles and stockings.", True),
    ("castironcollective", "Cast Iron Care", "Seasoning, cleaning and restoring cast iron.", True),
    ("grillmastersguild", "Backyard BBQ", "Smoked, grilled and charred.", True),
    ("smittenkitchen", "Weeknight Favorites", "Dinners that work on a Tuesday.", False),
)
_FIRST = ("maya", "jordan", "priya", "lena", "sam", "olivia", "noah", "chloe", "ava", "ben", "ines", "theo")
_SECOND = ("cooks", "bakes", "athome", "inthekitchen", "eats", "makes", "hosts", "decorates")
FOLLOWERS = 60
WEBSITES: tuple[tuple[str, str], ...] = (
    ("hearthandharvest.example.com", "success"),
    ("shop.hearthandharvest.example.com", "success"),
    ("hearthandharvest-recipes.example.net", "pending"),
)
LINKED_BUSINESSES = ("hearthandharvestkitchen", "hearthandharvest_de")
_AVATARS = (("small", "30x30_RS"), ("medium", "75x75_RS"), ("large", "140x140_RS"), ("xlarge", "280x280_RS"))
FOLLOWED_INTERESTS = ("Recipes", "Baking", "Cookware", "Table Settings", "Dinner Parties", "Candles")


def seed_network(store: Store, base: datetime) -> None:
    """Fill ``store.network``; ``base`` is the seed's reference time (timestamps are offsets from it)."""
    rng = random.Random(f"network:{store.user['id']}")
    names = [f"{first}{second}" for first, second in product(_FIRST, _SECOND)]
    followers = [{"type": "user", "username": name} for name in rng.sample(names, FOLLOWERS)]
    following = [
        {"type": "user", "username": name, "explicit": True, "creator": creator, "rank": 0}
        for name, creator in FOLLOWED_ACCOUNTS
    ]
    followed = {name for name, _ in FOLLOWED_ACCOUNTS}
    for owner in dict.fromkeys(owner for owner, *_ in FOLLOWED_BOARDS):
        if owner not in followed:
            following.append({"type": "user", "username": owner, "explicit": False, "creator": False, "rank": 0})
    for rank, index in enumerate(rng.sample(range(len(following)), len(following)), start=1):
        following[index]["rank"] = rank
    boards = [_board(rng, base, plan) for plan in FOLLOWED_BOARDS]
    websites = [
        {"website": site, "status": status, **({"verified_at": _verified(rng, base)} if status == "success" else {})}
        for site, status in WEBSITES
    ]
    by_name = {entity["name"]: entity for entity in interests(store).values()}
    store.network = {
        "followers": followers,
        "following": following,
        "followed_boards": sorted(boards, key=lambda b: int(b["id"])),
        "websites": websites,
        "businesses": [_business(name) for name in LINKED_BUSINESSES],
        "followed_interests": [_followed_interest(by_name[name]) for name in FOLLOWED_INTERESTS if name in by_name],
    }


def _board(rng: random.Random, base: datetime, plan: tuple[str, str, str, bool]) -> Entity:
    owner, name, description, explicit = plan
    created = base - timedelta(days=rng.randint(400, 2_000), seconds=rng.randint(0, 86_399))
    return {
        "id": str(rng.randint(10**17, 6 * 10**17)),  # below the user's own boards' id range
        "created_at": iso(created),
        "name": name,
        "description": description,
        "privacy": "PUBLIC",
        "is_ads_only": False,
        "collaborator_count": 0,
        "follower_count": rng.randint(2_000, 900_000),
        "pin_count": rng.randint(40, 1_200),
        "owner": {"username": owner},
        "explicit": explicit,
    }


def _verified(rng: random.Random, base: datetime) -> str:
    moment = base - timedelta(days=rng.randint(30, 700), seconds=rng.randint(0, 86_399))
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")


def _business(username: str) -> Entity:
    return {
        "username": username,
        **{f"image_{size}_url": f"{IMAGE_HOST}/{px}/{username}.jpg" for size, px in _AVATARS},
    }


def _followed_interest(interest: Entity) -> Entity:
    slug = interest["key"].replace(" ", "-")
    return {
        "id": interest["id"],
        "key": interest["key"],
        "name": interest["name"],
        "canonical_url": f"https://www.pinterest.com/ideas/{slug}/{interest['id']}/",
    }


def visible(entity: Entity) -> Entity:
    """The entity as Pinterest answers with it: private fields dropped."""
    return {k: v for k, v in entity.items() if k not in PRIVATE}
