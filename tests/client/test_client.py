"""Behaviour of the async Pinterest client: pagination, retries, error mapping and request encoding.

Pinterest is mocked with respx (no network); sleeps are recorded, never slept; jitter is seeded.
"""

from __future__ import annotations

import email.utils
import json
import random
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx

from pinterest_mcp.api.client import BearerToken, PinterestClient, backoff_delay, parse_retry_after
from pinterest_mcp.api.errors import (
    AuthenticationError,
    ConflictError,
    InvalidRequestError,
    MissingScopeError,
    NotFoundError,
    PermissionDeniedError,
    PinterestAPIError,
    PinterestConnectionError,
    PinterestError,
    RateLimitError,
    RequestNotSentError,
    ServerError,
    TrialAccessError,
)
from pinterest_mcp.api.request import PreparedRequest, prepare
from pinterest_mcp.operations import by_name

BASE = "https://api.pinterest.com/v5"
TOKEN = "pina_TOKEN-must-never-leak-42"
OPS = by_name()

pytestmark = pytest.mark.anyio


class Sleeps(list[float]):
    """An injectable async sleep that records each delay instead of waiting."""

    async def __call__(self, delay: float) -> None:
        self.append(delay)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def api() -> respx.MockRouter:
    """Mocked Pinterest; any request no route matches fails the test (assert_all_mocked)."""
    return respx.MockRouter(base_url=BASE, assert_all_called=False, assert_all_mocked=True)


def make_client(api: respx.MockRouter, sleeps: Sleeps, **kw: Any) -> PinterestClient:
    """The client under test, wired to the respx router by transport (no global patching, no network)."""
    return PinterestClient(
        base_url=BASE,
        auth=BearerToken(TOKEN),
        transport=httpx.MockTransport(api.async_handler),
        sleep=sleeps,
        rng=random.Random(0),
        **kw,
    )


def get(path: str = "/things", query: list[tuple[str, str]] | None = None) -> PreparedRequest:
    return PreparedRequest("GET", path, query or [])


CREATE = PreparedRequest("POST", "/boards", [], {"name": "Autumn"})
OK = httpx.Response(200, json={"ok": True})


Handler = Callable[[httpx.Request], httpx.Response]


def bounded(handler: Handler, limit: int = 20) -> Handler:
    """Fail (instead of hanging) if pagination runs away: no test here needs more than `limit` requests."""
    calls = 0

    def wrapped(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls > limit:
            raise AssertionError(f"runaway pagination: more than {limit} requests")
        return handler(request)

    return wrapped


def catalogue(total: int, *, ignore_page_size: int | None = None) -> Handler:
    """A Pinterest list of `total` items whose bookmark is the next offset; honours page_size."""

    @bounded
    def handler(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("bookmark", "0"))
        size = ignore_page_size or int(request.url.params.get("page_size", "25"))
        end = min(start + size, total)
        items = [{"id": str(i)} for i in range(start, end)]
        return httpx.Response(200, json={"items": items, "bookmark": str(end) if end < total else None})

    return handler


def sent(api: respx.MockRouter, key: str) -> list[str | None]:
    return [call.request.url.params.get(key) for call in api.calls]


# 1. Pagination ------------------------------------------------------------------------------------


async def test_pages_follows_bookmark_until_it_is_null(api: respx.MockRouter, sleeps: Sleeps) -> None:
    """Reference §4: repeat with `bookmark` until it is null; client.pages docstring."""
    bodies = {
        None: {"items": [{"id": "1"}, {"id": "2"}], "bookmark": "b1"},
        "b1": {"items": [{"id": "3"}], "bookmark": "b2"},
        "b2": {"items": [{"id": "4"}], "bookmark": None},
    }
    api.get("/things").mock(
        side_effect=bounded(lambda r: httpx.Response(200, json=bodies[r.url.params.get("bookmark")]))
    )
    async with make_client(api, sleeps) as client:
        page = await client.pages(get(), max_items=None)
    assert [i["id"] for i in page.items] == ["1", "2", "3", "4"]
    assert page.bookmark is None
    assert page.requests == api.calls.call_count == 3
    assert sent(api, "bookmark") == [None, "b1", "b2"]


@pytest.mark.parametrize(
    ("max_items", "page_size", "total", "sizes", "count", "bookmark"),
    [
        pytest.param(30, None, 1000, ["30"], 30, "30", id="30-in-one-request"),
        pytest.param(250, None, 1000, ["250"], 250, "250", id="exactly-one-full-page"),
        pytest.param(600, None, 1000, ["250", "250", "100"], 600, "600", id="600-as-250-250-100"),
        pytest.param(60, "20", 1000, ["20", "20", "20"], 60, "60", id="explicit-page-size-kept"),
        pytest.param(60, "25", 1000, ["25", "25", "10"], 60, "60", id="explicit-page-size-capped-to-missing"),
        pytest.param(None, "100", 230, ["100", "100", "100"], 230, None, id="explicit-page-size-to-the-end"),
        pytest.param(100, None, 40, ["100"], 40, None, id="list-shorter-than-max"),
    ],
)
async def test_pages_stops_at_max_items_without_an_extra_request(
    api: respx.MockRouter,
    sleeps: Sleeps,
    max_items: int | None,
    page_size: str | None,
    total: int,
    sizes: list[str],
    count: int,
    bookmark: str | None,
) -> None:
    """client.pages docstring: the caller's page size (or 250), never more than is missing; no extra request."""
    api.get("/things").mock(side_effect=catalogue(total))
    query = [("page_size", page_size)] if page_size else []
    async with make_client(api, sleeps) as client:
        page = await client.pages(get(query=query), max_items=max_items)
    assert sent(api, "page_size") == sizes
    assert page.requests == len(sizes)
    assert [i["id"] for i in page.items] == [str(i) for i in range(count)]
    assert page.bookmark == bookmark


async def test_pages_trims_items_to_max_items_when_pinterest_returns_more(
    api: respx.MockRouter, sleeps: Sleeps
) -> None:
    """client.pages: a page larger than what is missing is cut to max_items, with no bookmark that would skip."""
    api.get("/things").mock(side_effect=catalogue(1000, ignore_page_size=50))
    async with make_client(api, sleeps) as client:
        page = await client.pages(get(), max_items=30)
    assert [i["id"] for i in page.items] == [str(i) for i in range(30)]
    assert page.bookmark is None
    assert api.calls.call_count == 1


async def test_pages_returned_bookmark_lets_a_caller_resume_with_its_filters(
    api: respx.MockRouter, sleeps: Sleeps
) -> None:
    """Reference §4 cursor pagination: the bookmark returned with max_items continues the same list."""
    api.get("/things").mock(side_effect=catalogue(1000))
    async with make_client(api, sleeps) as client:
        first = await client.pages(get(query=[("order", "DESCENDING")]), max_items=30)
        assert first.bookmark is not None
        query = [("order", "DESCENDING"), ("bookmark", first.bookmark)]
        second = await client.pages(get(query=query), max_items=30)
    assert [i["id"] for i in second.items] == [str(i) for i in range(30, 60)]
    assert sent(api, "order") == ["DESCENDING", "DESCENDING"]
    assert [c.request.url.params.get_list("bookmark") for c in api.calls] == [[], ["30"]]


async def test_pages_bookmark_after_a_large_explicit_page_size_does_not_skip_items(
    api: respx.MockRouter, sleeps: Sleeps
) -> None:
    """client.pages docstring: never asks for more than is missing, so the bookmark resumes exactly."""
    api.get("/things").mock(side_effect=catalogue(1000))
    async with make_client(api, sleeps) as client:
        first = await client.pages(get(query=[("page_size", "100")]), max_items=30)
        assert first.bookmark is not None
        second = await client.pages(get(query=[("bookmark", first.bookmark)]), max_items=1)
    assert sent(api, "page_size") == ["30", "1"]
    assert second.items == [{"id": "30"}]


# 2. Retries ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
async def test_get_is_retried_on_retryable_status(api: respx.MockRouter, sleeps: Sleeps, status: int) -> None:
    """client.py docstring: 429, 500, 502, 503, 504 are retried."""
    api.get("/things").mock(side_effect=[httpx.Response(status, json={"code": status, "message": "x"}), OK])
    async with make_client(api, sleeps) as client:
        assert await client.send(get(), idempotent=True) == {"ok": True}
    assert api.calls.call_count == 2
    assert len(sleeps) == 1


@pytest.mark.parametrize("exc", [httpx.ConnectError, httpx.ReadTimeout])
async def test_get_is_retried_on_connection_failure_and_timeout(
    api: respx.MockRouter, sleeps: Sleeps, exc: type[Exception]
) -> None:
    """client.py docstring: timeouts and connection failures are retried."""
    api.get("/things").mock(side_effect=[exc, OK])
    async with make_client(api, sleeps) as client:
        assert await client.send(get(), idempotent=True) == {"ok": True}
    assert api.calls.call_count == 2


@pytest.mark.parametrize(
    ("effect", "error"),
    [
        (httpx.Response(429, json={"code": 8, "message": "rate limit"}), RateLimitError),
        (httpx.Response(500, json={"code": 500, "message": "boom"}), ServerError),
        (httpx.Response(503, json={"code": 4197, "message": "ramped down"}), ServerError),
        (httpx.ConnectError, PinterestConnectionError),
        (httpx.ReadTimeout, PinterestConnectionError),
    ],
)
async def test_get_gives_up_after_max_retries_with_the_mapped_error(
    api: respx.MockRouter, sleeps: Sleeps, effect: Any, error: type[PinterestError]
) -> None:
    """client.py: DEFAULT_MAX_RETRIES=3, so 1 + 3 requests, then the typed error."""
    api.get("/things").mock(side_effect=[effect] * 5)
    async with make_client(api, sleeps) as client:
        assert client.max_retries == 3
        with pytest.raises(error):
            await client.send(get(), idempotent=True)
    assert api.calls.call_count == 4
    assert len(sleeps) == 3


async def test_backoff_grows_exponentially_with_bounded_jitter_and_a_cap(api: respx.MockRouter, sleeps: Sleeps) -> None:
    """client.backoff_delay: 0.5, 1, 2 … capped at 8 s, each × [0.75, 1]."""
    api.get("/things").mock(side_effect=[httpx.Response(503)] * 7)
    async with make_client(api, sleeps, max_retries=6) as client:
        with pytest.raises(ServerError):
            await client.send(get(), idempotent=True)
    bases = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert len(sleeps) == len(bases)
    for delay, base in zip(sleeps, bases, strict=True):
        assert 0.75 * base <= delay <= base
    assert len(set(sleeps)) == len(sleeps)  # jittered, not constant


class FixedRandom(random.Random):
    def __init__(self, value: float) -> None:
        super().__init__(0)
        self.value = value

    def random(self) -> float:
        return self.value


@pytest.mark.parametrize(
    ("attempt", "draw", "expected"),
    [(0, 0.0, 0.5), (0, 1.0, 0.375), (2, 0.0, 2.0), (3, 0.5, 3.5), (4, 0.0, 8.0), (10, 1.0, 6.0)],
)
def test_backoff_delay_endpoints(attempt: int, draw: float, expected: float) -> None:
    """client.backoff_delay docstring: base 0.5·2^attempt capped at 8, shortened by up to 25%."""
    assert backoff_delay(attempt, FixedRandom(draw)) == pytest.approx(expected)


async def test_retry_after_seconds_is_honoured_exactly(api: respx.MockRouter, sleeps: Sleeps) -> None:
    """client.py docstring: a Retry-After header (seconds) wins over the backoff."""
    api.get("/things").mock(side_effect=[httpx.Response(429, headers={"Retry-After": "2"}), OK])
    async with make_client(api, sleeps) as client:
        assert await client.send(get(), idempotent=True) == {"ok": True}
    assert sleeps == [2.0]


async def test_retry_after_http_date_is_honoured(api: respx.MockRouter, sleeps: Sleeps) -> None:
    """client.py docstring / RFC 9110: Retry-After may be an HTTP date."""
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    api.get("/things").mock(side_effect=[httpx.Response(503, headers={"Retry-After": when}), OK])
    async with make_client(api, sleeps) as client:
        assert await client.send(get(), idempotent=True) == {"ok": True}
    assert len(sleeps) == 1
    assert 27 <= sleeps[0] <= 30


@pytest.mark.parametrize(
    ("value", "now", "expected"),
    [
        ("2", None, 2.0),
        (" 1.5 ", None, 1.5),
        ("-3", None, 0.0),
        (None, None, None),
        ("", None, None),
        (email.utils.formatdate(1_000_030, usegmt=True), 1_000_000.0, 30.0),
        (email.utils.formatdate(1_000_000, usegmt=True), 1_000_100.0, 0.0),
    ],
)
def test_parse_retry_after_reads_seconds_and_http_dates(value: str | None, now: float | None, expected: float) -> None:
    """client.parse_retry_after docstring: delta-seconds or an HTTP date, never negative."""
    assert parse_retry_after(value, now=now) == expected


async def test_malformed_retry_after_falls_back_to_backoff(api: respx.MockRouter, sleeps: Sleeps) -> None:
    """client.parse_retry_after returns None for an unparsable header (parsedate_to_datetime raises since 3.10)."""
    api.get("/things").mock(side_effect=[httpx.Response(503, headers={"Retry-After": "soon"}), OK])
    async with make_client(api, sleeps) as client:
        assert await client.send(get(), idempotent=True) == {"ok": True}
    assert len(sleeps) == 1
    assert 0.375 <= sleeps[0] <= 0.5
    assert parse_retry_after("soon") is None


async def test_retry_after_beyond_max_retry_after_raises_at_once(api: respx.MockRouter, sleeps: Sleeps) -> None:
    """client.py docstring: a server-directed wait longer than max_retry_after is not slept through."""
    api.get("/things").mock(side_effect=[httpx.Response(429, headers={"Retry-After": "120"}), OK])
    async with make_client(api, sleeps, max_retry_after=60) as client:
        with pytest.raises(RateLimitError) as info:
            await client.send(get(), idempotent=True)
    assert info.value.retry_after == 120
    assert "120 s" in info.value.for_model()
    assert api.calls.call_count == 1
    assert sleeps == []


@pytest.mark.parametrize("message", ["Your request was blocked as SPAM.", "Possible spam activity detected"])
async def test_429_for_spam_is_not_retried(api: respx.MockRouter, sleeps: Sleeps, message: str) -> None:
    """client.py docstring, reference §3.3 (quickstart): a 429 saying spam is a block, not a rate limit."""
    api.get("/things").mock(side_effect=[httpx.Response(429, json={"code": 8, "message": message}), OK])
    async with make_client(api, sleeps) as client:
        with pytest.raises(RateLimitError):
            await client.send(get(), idempotent=True)
    assert api.calls.call_count == 1


async def test_429_with_spam_in_message_detail_is_not_retried(api: respx.MockRouter, sleeps: Sleeps) -> None:
    """Reference §3.1/§3.3: the quickstart reads `message_detail` to tell spam blocks from rate limits."""
    body = {"code": 8, "message": "Rate limit exceeded.", "message_detail": "Blocked for spam."}
    api.get("/things").mock(side_effect=[httpx.Response(429, json=body), OK])
    async with make_client(api, sleeps) as client:
        with pytest.raises(RateLimitError) as info:
            await client.send(get(), idempotent=True)
    assert api.calls.call_count == 1
    assert "Blocked for spam." in info.value.for_model()


# 3. Non-idempotent creates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("effect", "error"),
    [
        (httpx.Response(500, json={"code": 500, "message": "boom"}), ServerError),
        (httpx.Response(503), ServerError),
        (httpx.ReadTimeout, PinterestConnectionError),
    ],
)
async def test_create_is_not_retried_when_pinterest_may_have_acted(
    api: respx.MockRouter, sleeps: Sleeps, effect: Any, error: type[PinterestError]
) -> None:
    """client.py docstring: a non-idempotent request is never retried after a 5xx or a read timeout."""
    route = api.post("/boards").mock(side_effect=[effect, httpx.Response(201, json={"id": "1"})])
    async with make_client(api, sleeps) as client:
        with pytest.raises(error):
            await client.send(CREATE, idempotent=False)
    assert route.call_count == 1
    assert sleeps == []


@pytest.mark.parametrize(
    "effect",
    [
        httpx.Response(429, json={"code": 8, "message": "rate limit"}),
        httpx.ConnectError,
        httpx.ConnectTimeout,
    ],
)
async def test_create_is_retried_when_pinterest_cannot_have_acted(
    api: respx.MockRouter, sleeps: Sleeps, effect: Any
) -> None:
    """client.py docstring: a create is retried after a 429 or a connection that never opened."""
    route = api.post("/boards").mock(side_effect=[effect, httpx.Response(201, json={"id": "1"})])
    async with make_client(api, sleeps) as client:
        assert await client.send(CREATE, idempotent=False) == {"id": "1"}
    assert route.call_count == 2
    assert json.loads(route.calls.last.request.content) == {"name": "Autumn"}


# 4. Error mapping ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "code", "error"),
    [
        (400, 1, InvalidRequestError),
        (422, 422, InvalidRequestError),
        (401, 2, AuthenticationError),
        (403, 3, MissingScopeError),
        (403, 29, TrialAccessError),
        (403, 7, PermissionDeniedError),
        (403, None, PermissionDeniedError),
        (404, 40, NotFoundError),
        (409, 409, ConflictError),
        (429, 8, RateLimitError),
        (500, 500, ServerError),
        (503, 4197, ServerError),
        (501, None, ServerError),
    ],
)
async def test_error_status_and_code_map_to_typed_errors(
    api: respx.MockRouter, sleeps: Sleeps, status: int, code: int | None, error: type[PinterestAPIError]
) -> None:
    """errors.py tree / error_for; reference §3.1 body {code, message}; x-pinterest-rid is request_id."""
    body: dict[str, Any] = {"message": f"Pinterest says {status}"} | ({"code": code} if code is not None else {})
    api.get("/things").respond(status, json=body, headers={"x-pinterest-rid": "rid-123"})
    async with make_client(api, sleeps, max_retries=0) as client:
        with pytest.raises(PinterestAPIError) as info:
            await client.send(get(), idempotent=True)
    err = info.value
    assert type(err) is error
    assert (err.status, err.code, err.message, err.request_id) == (
        status,
        code,
        f"Pinterest says {status}",
        "rid-123",
    )
    assert "rid-123" in str(err)


@pytest.mark.parametrize(
    ("status", "code", "needles"),
    [
        (401, 2, ["pinterest-mcp auth login"]),
        (403, 3, ["ads:read, ads:write", "pinterest-mcp auth login"]),
        (403, 29, ["Standard access", "sandbox"]),
    ],
)
async def test_error_advice_tells_the_model_what_to_do(
    api: respx.MockRouter, sleeps: Sleeps, status: int, code: int, needles: list[str]
) -> None:
    """errors.py advice / MissingScopeError.for_model names the scopes passed via `scopes=`."""
    api.get("/things").respond(status, json={"code": code, "message": "nope"})
    async with make_client(api, sleeps) as client:
        with pytest.raises(PinterestAPIError) as info:
            await client.send(get(), idempotent=True, scopes=("ads:read", "ads:write"))
    text = info.value.for_model()
    for needle in needles:
        assert needle in text


@pytest.mark.parametrize(
    ("response", "error", "code", "message"),
    [
        (httpx.Response(502, text="<html>Bad Gateway</html>"), ServerError, None, "Bad Gateway"),
        (httpx.Response(404, text=""), NotFoundError, None, "Not Found"),
        (httpx.Response(400, json=["not", "an", "object"]), InvalidRequestError, None, "no error message"),
        (
            httpx.Response(
                405,
                json={
                    "status": "failure",
                    "code": 5,
                    "data": "405 Method Not Allowed",
                    "message": "Not allowed",
                    "endpoint_name": "v5_x",
                    "extra": {"nested": [1]},
                },
            ),
            InvalidRequestError,
            5,
            "Not allowed",
        ),
        (
            httpx.Response(400, json={"code": "bad", "message_detail": "detail only"}),
            InvalidRequestError,
            None,
            "detail only",
        ),
    ],
)
async def test_odd_error_bodies_still_map(
    api: respx.MockRouter,
    sleeps: Sleeps,
    response: httpx.Response,
    error: type[PinterestAPIError],
    code: int | None,
    message: str,
) -> None:
    """Reference §3.1: treat the body as {code, message, …}; error_for tolerates non-JSON and extras."""
    api.get("/things").mock(return_value=response)
    async with make_client(api, sleeps, max_retries=0) as client:
        with pytest.raises(PinterestAPIError) as info:
            await client.send(get(), idempotent=True)
    assert type(info.value) is error
    assert (info.value.code, info.value.message) == (code, message)


# 5. Request encoding through prepare() + send() ---------------------------------------------------


async def test_list_campaigns_query_has_repeated_ids_and_no_local_or_unset_fields(
    api: respx.MockRouter, sleeps: Sleeps
) -> None:
    """Reference §4 (ID lists explode=true); inputs.LOCAL_FIELDS never sent; prepare sends only set args."""
    op = OPS["list_campaigns"]
    args = op.input.model_validate(
        {
            "ad_account_id": "549755885175",
            "campaign_ids": ["1", "2"],
            "entity_statuses": ["ACTIVE", "PAUSED"],
            "page_size": 5,
            "fields": ["*"],
            "all_pages": True,
            "max_items": 10,
        }
    )
    route = api.get("/ad_accounts/549755885175/campaigns").respond(json={"items": [], "bookmark": None})
    async with make_client(api, sleeps) as client:
        await client.send(prepare(op, args), idempotent=op.is_idempotent)
    url = route.calls.last.request.url
    assert url.params.multi_items() == [
        ("page_size", "5"),
        ("campaign_ids", "1"),
        ("campaign_ids", "2"),
        ("entity_statuses", "ACTIVE"),
        ("entity_statuses", "PAUSED"),
    ]
    assert b"campaign_ids=1&campaign_ids=2" in url.query


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("list_ad_accounts", {"include_shared_accounts": False}, [("include_shared_accounts", "false")]),
        (
            "list_ad_groups",
            {"ad_account_id": "1", "translate_interests_to_names": True},
            [("translate_interests_to_names", "true")],
        ),
        ("get_pin", {"pin_id": "99", "pin_metrics": True}, [("pin_metrics", "true")]),
        ("get_user_account", {}, []),
        ("list_pins", {"all_pages": True, "fields": ["title"]}, []),
    ],
)
async def test_booleans_are_lowercase_and_unset_args_are_not_sent(
    api: respx.MockRouter, sleeps: Sleeps, name: str, args: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    """prepare._query_value sends true/false; unset arguments are not sent (Pinterest's defaults apply)."""
    op = OPS[name]
    api.route().respond(json={})
    async with make_client(api, sleeps) as client:
        await client.send(prepare(op, op.input(**args)), idempotent=True)
    url = api.calls.last.request.url
    assert url.params.multi_items() == expected
    if not expected:
        assert url.query == b""


async def test_pages_never_sends_local_fields(api: respx.MockRouter, sleeps: Sleeps) -> None:
    """inputs.LOCAL_FIELDS (fields, all_pages, max_items) are consumed locally, also when paginating."""
    op = OPS["list_boards"]
    args = op.input.model_validate({"privacy": "SECRET", "fields": ["*"], "all_pages": True, "max_items": 3})
    api.get("/boards").mock(side_effect=catalogue(10))
    async with make_client(api, sleeps) as client:
        page = await client.pages(prepare(op, args), max_items=3)
    assert len(page.items) == 3
    assert api.calls.last.request.url.params.multi_items() == [("privacy", "SECRET"), ("page_size", "3")]


async def test_path_params_are_url_encoded(api: respx.MockRouter, sleeps: Sleeps) -> None:
    """prepare(): path params are quoted with safe='' so they cannot add a query; a slash is never sent.

    Servers decode `%2F` before routing, so an id holding a slash (or "..") would reach another
    endpoint: the client refuses it without sending.
    """
    op = OPS["get_campaign"]
    args = op.input.model_construct(ad_account_id="12 3 4?x=1#f", campaign_id="5")  # skips the digits check
    api.route().respond(json={})
    async with make_client(api, sleeps) as client:
        await client.send(prepare(op, args), idempotent=True)
        for moved in ("12/3", "..", "a\\b"):
            with pytest.raises(RequestNotSentError):
                await client.send(
                    prepare(op, op.input.model_construct(ad_account_id=moved, campaign_id="5")), idempotent=True
                )
    url = api.calls.last.request.url
    assert url.raw_path == b"/v5/ad_accounts/12%203%204%3Fx%3D1%23f/campaigns/5"
    assert url.query == b""
    assert len(api.calls) == 1


async def test_authorization_is_bearer_token_and_repr_hides_it(api: respx.MockRouter, sleeps: Sleeps) -> None:
    """client.BearerToken: sets `Authorization: Bearer <token>`; its repr never shows the token."""
    api.route().respond(json={})
    async with make_client(api, sleeps) as client:
        await client.send(get(), idempotent=True)
    assert api.calls.last.request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in repr(BearerToken(TOKEN))
    assert "secret" not in repr(BearerToken("secret"))


@pytest.mark.parametrize(
    "effect",
    [
        httpx.Response(401, json={"code": 2, "message": "Authentication failed."}),
        httpx.Response(403, json={"code": 3, "message": "scopes"}),
        httpx.Response(403, json={"code": 29, "message": "trial"}),
        httpx.Response(429, headers={"Retry-After": "999"}),
        httpx.Response(500, text="oops"),
        httpx.ConnectError,
        httpx.ReadTimeout,
    ],
)
async def test_token_never_appears_in_raised_errors(api: respx.MockRouter, sleeps: Sleeps, effect: Any) -> None:
    """errors.py docstring: messages never contain tokens (built from code, message and our advice)."""
    api.route().mock(side_effect=[effect] * 4)
    async with make_client(api, sleeps) as client:
        with pytest.raises(PinterestError) as info:
            await client.send(get("/pins/1", [("ad_account_id", "7")]), idempotent=True, scopes=("pins:read",))
    err = info.value
    for text in (str(err), repr(err), err.for_model()):
        assert TOKEN not in text
    assert err.__cause__ is None


# 6. Empty bodies ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "response"),
    [
        ("DELETE", httpx.Response(204)),
        ("GET", httpx.Response(200, content=b"")),
        ("PATCH", httpx.Response(202)),
    ],
)
async def test_empty_success_body_returns_none(
    api: respx.MockRouter, sleeps: Sleeps, method: str, response: httpx.Response
) -> None:
    """client.send docstring: the decoded JSON body, None when empty (reference §3.2: deletes answer 204)."""
    api.route().mock(return_value=response)
    async with make_client(api, sleeps) as client:
        assert await client.send(PreparedRequest(method, "/boards/1", []), idempotent=True) is None  # type: ignore[arg-type]
    assert api.calls.call_count == 1
