"""The user account's network: followers, who and what it follows, its websites and linked businesses.

Kept out of the default `account` toolset, whose size every conversation pays for; these answer
organic questions ("who follows us?", "is our site claimed?") rather than start ads work. The
writes follow a user and claim or unclaim a website; Pinterest names a website by itself (no id)
and a followee by username, so those are their `key`.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from pinterest_mcp.operations.targeting import NoArguments
from pinterest_mcp.registry.inputs import BusinessAdAccountId, NotNull, OperationInput, Page, WriteInput
from pinterest_mcp.registry.records import Current, Operation, View

USER = View(kind="user", default_fields=("username",))
LINKED_BUSINESS = View(kind="linked_business", default_fields=("username", "image_medium_url"))
FOLLOWED_BOARD = View(kind="board", default_fields=("id", "name", "owner", "pin_count", "follower_count"))
WEBSITE = View(kind="website", default_fields=("website", "status", "verified_at"))
INTEREST = View(kind="interest", default_fields=("id", "name"))
FOLLOW = View(kind="follow", default_fields=("username",))

FeedType = Literal["ALL", "RANKED", "CREATOR_ONLY", "RANKED_CREATOR_ONLY"]
ExplicitFollowing = bool | None
_EXPLICIT = "Only direct follows, not those implied by a followed board"


class ListFollowing(Page):
    feed_type: FeedType | None = None
    explicit_following: ExplicitFollowing = Field(default=None, description=_EXPLICIT)
    ad_account_id: BusinessAdAccountId


class ListFollowedBoards(Page):
    explicit_following: ExplicitFollowing = Field(default=None, description=_EXPLICIT)
    ad_account_id: BusinessAdAccountId


class ListFollowedInterests(Page):
    # Pinterest's pattern (not all digits) needs a look-ahead, which only Python's engine has.
    model_config = ConfigDict(regex_engine="python-re")

    username: str = Field(pattern=r"(?!^[0-9]+$)^.+$", description="From get_user_account")


class GetWebsiteVerification(OperationInput):
    ad_account_id: BusinessAdAccountId


class FollowUser(WriteInput):
    model_config = ConfigDict(regex_engine="python-re")

    username: str = Field(pattern=r"(?!^[0-9]+$)^.+$", max_length=100)
    auto_follow: Annotated[bool | None, NotNull] = Field(default=None, description="From a partner's follow link")


class VerifyWebsite(WriteInput):
    website: str = Field(min_length=1, max_length=2048, description="Domain or domain/path, no scheme")
    verification_method: Annotated[Literal["FILENAME", "METATAG", "DNSTXT"] | None, NotNull] = Field(
        default=None, description="How the code is placed (get_website_verification); default METATAG"
    )
    ad_account_id: BusinessAdAccountId


class UnverifyWebsite(WriteInput):
    website: str = Field(min_length=1, max_length=2048)


_read = partial(Operation, toolset="user")
_write = partial(Operation, toolset="user")

OPERATIONS = (
    _read(
        name="list_linked_businesses",
        description="Business accounts linked to your user account.",
        operation_id="linked_business_accounts/get",
        input=NoArguments,
        lists=True,
        view=LINKED_BUSINESS,
    ),
    _read(
        name="list_followers",
        description="Users who follow you.",
        operation_id="followers/list",
        input=Page,
        lists=True,
        view=USER,
    ),
    _read(
        name="list_following",
        description="Users you follow.",
        operation_id="user_following/get",
        input=ListFollowing,
        lists=True,
        view=USER,
    ),
    _read(
        name="list_followed_boards",
        description="Other users' boards you follow.",
        operation_id="boards_user_follows/list",
        input=ListFollowedBoards,
        lists=True,
        view=FOLLOWED_BOARD,
    ),
    _read(
        name="list_user_websites",
        title="List websites",
        description="Websites of your account, claimed (verified) or not.",
        operation_id="user_websites/get",
        input=Page,
        lists=True,
        view=WEBSITE,
    ),
    _read(
        name="list_followed_interests",
        description="Interests a user follows (an endpoint Pinterest deprecates).",
        operation_id="user_account/followed_interests",
        input=ListFollowedInterests,
        lists=True,
        view=INTEREST,
    ),
    _read(
        name="get_website_verification",
        description="The code (metatag, file or DNS TXT) to place on a site before verify_website.",
        operation_id="website_verification/get",
        input=GetWebsiteVerification,
    ),
)

WRITE_OPERATIONS = (
    _write(
        name="follow_user",
        description="Follow a Pinterest user by username.",
        operation_id="follow_user/update",
        input=FollowUser,
        view=FOLLOW,
        change="create",
        key="username",
    ),
    _write(
        name="verify_website",
        description="Claim a website once its verification code is in place.",
        operation_id="verify_website/update",
        input=VerifyWebsite,
        query=("ad_account_id",),
        view=WEBSITE,
        change="create",
        key="website",
    ),
    _write(
        name="unverify_website",
        description="Unclaim a verified website.",
        operation_id="unverify_website/delete",
        input=UnverifyWebsite,
        view=WEBSITE,
        change="delete",
        destructive=True,
        key="website",
        current=Current(read="list_user_websites", match="website"),
    ),
)
