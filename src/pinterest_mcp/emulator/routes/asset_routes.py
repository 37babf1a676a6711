"""Hand-written routes of the ad account's assets: those that are not one kind's list/get/create/update.

Conversion events (what a tag has seen, which events oCPM can optimise for, advertiser-defined
ones), audience insights and the accounts an audience is shared with, a lead form's test lead, lead
webhook subscriptions (one made with each form, others made and deleted by their routes), and the
targeting template ``PATCH`` that names its template in the body (and answers an empty 200).
Everything else about these kinds is a resource row (``resources``).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pinterest_mcp.emulator.http import lookup
from pinterest_mcp.emulator.http.context import WriteContext
from pinterest_mcp.emulator.http.errors import invalid, not_found
from pinterest_mcp.emulator.http.fields import json_object
from pinterest_mcp.emulator.http.lookup import Endpoint
from pinterest_mcp.emulator.http.params import paginate
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds import audience_shares
from pinterest_mcp.emulator.kinds.resources import AD_ACCOUNTS, LEAD_FORMS
from pinterest_mcp.emulator.kinds.shaped import shaped
from pinterest_mcp.emulator.kinds.targeting_template_writes import update_targeting_template
from pinterest_mcp.emulator.routes import audience_insights, conversion_events
from pinterest_mcp.emulator.routes.analytics_routes import simulator_for
from pinterest_mcp.emulator.sim.analytics import Subject

CRM_WEBHOOK = "https://crm.example.com/pinterest/leads"  # where the demo business's CRM takes leads
SUBSCRIPTION_NOT_FOUND = 404
SUBSCRIPTIONS, DELETED_SUBSCRIPTIONS = "lead_subscriptions", "deleted_lead_subscriptions"  # store collections
_OCPM_EVENTS = ("PAGE_VISIT", "ADD_TO_CART", "CHECKOUT", "SIGNUP")
_DEFINED_EVENTS = (("recipe_saved", "CUSTOM"), ("class_booked", "LEAD"), ("newsletter_joined", "SIGNUP"))


def _events(store: Store, account: Entity, kinds: tuple[str, ...]) -> list[dict[str, object]]:
    """``ConversionEventResponse`` for each of the account's tags and each event kind it reports."""
    tags = [t for t in store.conversion_tags.values() if t["ad_account_id"] == account["id"]]
    return [
        {
            "ad_account_id": account["id"],
            "conversion_tag_id": tag["id"],
            "conversion_event": kind,
            "created_time": int((tag["last_fired_time_ms"] or 0) // 1000) or 0,
        }
        for tag in tags
        for kind in kinds
    ]


async def ocpm_eligible(request: Request) -> JSONResponse:
    """``GET .../conversion_tags/ocpm_eligible``: events by tag id, each a list of ``ConversionEventResponse``."""
    _, account = AD_ACCOUNTS.locate(request)
    events = _events(lookup.store_of(request), account, _OCPM_EVENTS)
    by_tag: dict[str, list[dict[str, object]]] = {}
    for event in events:
        by_tag.setdefault(str(event["conversion_tag_id"]), []).append(event)
    return JSONResponse(by_tag)


async def page_visits(request: Request) -> JSONResponse:
    """``GET .../conversion_tags/page_visit``: the PAGE_VISIT events of the account's tags, paged."""
    _, account = AD_ACCOUNTS.locate(request)
    events = _events(lookup.store_of(request), account, ("PAGE_VISIT",))
    query = lookup.query_of(request)
    if query.text("order") == "DESCENDING":
        events.reverse()
    return JSONResponse(paginate(query, events))


async def defined_events(request: Request) -> JSONResponse:
    """``GET .../advertiser_defined_events``: custom event names and the standard type each maps to."""
    AD_ACCOUNTS.locate(request)
    return JSONResponse({"items": [{"name": n, "mapped_conversion_type": t} for n, t in _DEFINED_EVENTS]})


async def event_quality(request: Request) -> JSONResponse:
    """``GET .../conversion_eqs``: the tags' web events (hashed emails only with enhanced match on), and the
    events sent through the Conversions API (``conversion_events``), by ingestion source."""
    _, account = AD_ACCOUNTS.locate(request)
    query = lookup.query_of(request)
    store = lookup.store_of(request)
    tags = [t for t in store.conversion_tags.values() if t["ad_account_id"] == account["id"]]
    scores: list[dict[str, object]] = []
    if tags:
        matched = any(tag["configs"]["aem_enabled"] for tag in tags)
        coverage = {"ip_address": 0.98, "user_agent": 0.99, "click_id_epik": 0.41, "hashed_email": 0.63 * matched}
        components = {name: {event.lower(): {"coverage": c} for event in _OCPM_EVENTS} for name, c in coverage.items()}
        source = {"ingestion_source": "TAG", "source_platform": "WEB"}
        scores.append({"overall_status": "GOOD" if matched else "FAIR", "quality_components": components, **source})
    if (sent := conversion_events.quality_score(store, account)) is not None:
        scores.append(sent)
    wanted = [s for s in scores if all(query.text(n) in (None, s[n]) for n in ("ingestion_source", "source_platform"))]
    period = {"lookback_period": query.text("lookback_period")}
    return JSONResponse([shaped("EventQualityScore", score, period) for score in wanted])


async def insights(request: Request) -> JSONResponse:
    """``GET .../audience_insights``: one insight type (required) of the account's audience."""
    _, account = AD_ACCOUNTS.locate(request)
    kind = str(lookup.query_of(request).text("audience_insight_type"))
    day = (lookup.today_of(request) - timedelta(days=1)).isoformat()
    store, seed = lookup.store_of(request), lookup.seed_of(request)
    return JSONResponse(audience_insights.insights(store, seed, account, kind, day))


async def insight_types(request: Request) -> JSONResponse:
    """``GET .../insights/audiences``: the insight types the account has."""
    AD_ACCOUNTS.locate(request)
    day = (lookup.today_of(request) - timedelta(days=1)).isoformat()
    return JSONResponse({"items": audience_insights.definitions(day)})


async def shared_accounts(request: Request) -> JSONResponse:
    """``GET .../audiences/shared/accounts``: the accounts one of the ad account's audiences is shared with."""
    _, account = AD_ACCOUNTS.locate(request)
    store, query = lookup.store_of(request), lookup.query_of(request)
    audience = lookup.owned_by(store.audiences, str(query.text("audience_id")), account, "Audience")
    return JSONResponse(paginate(query, accounts_sharing(store, audience, query.text("account_type"))))


def accounts_sharing(store: Store, audience: Entity, account_type: str | None) -> list[Entity]:
    """``SharedAudienceAccount``s of the audience: whom its maker shared it with (``audience_shares``)."""
    return audience_shares.shared_with(store, audience, account_type)


async def test_lead(request: Request) -> JSONResponse:
    """``POST .../lead_forms/{lead_form_id}/test``: a test lead answering each question of the form in order."""
    _, form = LEAD_FORMS.locate(request)
    body = await json_object(request)
    if len(body["answers"]) != len(form["questions"]):
        raise invalid(f"Invalid answers: the form asks {len(form['questions'])} questions; answer each in order.")
    return JSONResponse({"subscription_id": str(int(form["id"]) + 17)})


async def lead_subscriptions(request: Request) -> JSONResponse:
    """``GET .../leads/subscriptions``: the account's lead webhooks."""
    _, account = AD_ACCOUNTS.locate(request)
    return JSONResponse(paginate(lookup.query_of(request), _subscriptions(lookup.store_of(request), account)))


async def lead_subscription(request: Request) -> JSONResponse:
    """``GET .../leads/subscriptions/{subscription_id}``: one of them, else 404."""
    _, account = AD_ACCOUNTS.locate(request)
    wanted = request.path_params["subscription_id"]
    found = [s for s in _subscriptions(lookup.store_of(request), account) if s["id"] == wanted]
    if not found:
        raise not_found(SUBSCRIPTION_NOT_FOUND, f"Lead subscription {wanted} not found in ad account {account['id']}.")
    return JSONResponse(found[0])


def subscription_id(lead_form_id: str) -> str:
    """The id of a lead form's webhook subscription: the form's with a 1 after it."""
    return f"{lead_form_id}1"


def _subscriptions(store: Store, account: Entity) -> list[Entity]:
    """``LeadSubscription``s: one CRM webhook per lead form of the account, made with the form, and those
    made with ``POST .../leads/subscriptions``, less the deleted ones; no key shown."""
    forms = [f for f in store.lead_forms.values() if f["ad_account_id"] == account["id"]]
    owner = {"ad_account_id": account["id"], "user_account_id": store.user["id"], "api_version": "v5"}
    deleted = store.collection(DELETED_SUBSCRIPTIONS)
    hooks = [
        {"id": subscription_id(f["id"]), "lead_form_id": f["id"], "created_time": f["created_time"]}
        for f in forms
        if subscription_id(f["id"]) not in deleted
    ]
    made = [s for s in store.collection(SUBSCRIPTIONS).values() if s["ad_account_id"] == account["id"]]
    listed = [shaped("LeadSubscription", {**owner, **hook, "webhook_url": CRM_WEBHOOK}, {}) for hook in hooks]
    return listed + [{k: v for k, v in s.items() if k != "cryptographic_key"} for s in made]


async def create_subscription(request: Request) -> JSONResponse:
    """``POST .../leads/subscriptions``: a webhook (https) for the account's leads, or one form's; the answer
    carries the key that signs what the webhook receives, which later reads never show again."""
    _, account = AD_ACCOUNTS.locate(request)
    store, body = lookup.store_of(request), await json_object(request)
    url = str(body["webhook_url"])
    if not url.startswith("https://") or len(url) <= len("https://"):
        raise invalid("Invalid webhook_url: it must be an https URL.")
    form = body.get("lead_form_id")
    if form is not None:
        lookup.owned_by(store.lead_forms, str(form), account, "Lead form")
    if any(s["webhook_url"] == url and s.get("lead_form_id") == form for s in _subscriptions(store, account)):
        raise invalid("Invalid webhook_url: a subscription for it already exists.")
    key = hashlib.sha256(f"{account['id']}:{url}:{form}:{lookup.now_of(request)}".encode()).hexdigest()
    made = {"id": str(store.new_id("lead_subscription")), "ad_account_id": account["id"], "lead_form_id": form}
    made |= {"user_account_id": store.user["id"], "api_version": "v5", "created_time": lookup.now_of(request)}
    made |= {"webhook_url": url, "cryptographic_algorithm": "HMAC-SHA256", "cryptographic_key": key}
    store.collection(SUBSCRIPTIONS)[made["id"]] = made
    return JSONResponse(shaped("LeadSubscription", made, {}))


async def delete_subscription(request: Request) -> Response:
    """``DELETE .../leads/subscriptions/{subscription_id}``: the webhook stops; 404 for one the account lacks."""
    _, account = AD_ACCOUNTS.locate(request)
    store, wanted = lookup.store_of(request), request.path_params["subscription_id"]
    if not any(s["id"] == wanted for s in _subscriptions(store, account)):
        raise not_found(SUBSCRIPTION_NOT_FOUND, f"Lead subscription {wanted} not found in ad account {account['id']}.")
    if store.collection(SUBSCRIPTIONS).pop(wanted, None) is None:
        store.collection(DELETED_SUBSCRIPTIONS)[wanted] = {"id": wanted}
    return Response(status_code=204)


async def product_group_analytics(request: Request) -> JSONResponse:
    """``GET .../product_groups/analytics``: rows per catalog product group over the ads that promote it."""
    _, account = AD_ACCOUNTS.locate(request)
    store = lookup.store_of(request)
    wanted = lookup.query_of(request).texts("product_group_ids")
    simulator = simulator_for(request)
    promotions = [p for p in store.product_group_promotions.values() if p["ad_account_id"] == account["id"]]
    subjects = [
        Subject("PRODUCT_GROUP_ID", group, {"AD_ACCOUNT_ID": account["id"]}, promoted_ads(store, promotions, group))
        for group in dict.fromkeys(wanted)
    ]
    return JSONResponse(simulator.report(subjects))


def promoted_ads(store: Store, promotions: list[Entity], product_group: str) -> list[Entity]:
    """The ads promoting a product group, among ``promotions``.

    A shopping ad group's ads are shared out among its product groups (the k-th of n takes every n-th
    ad), so product groups add up to their ad groups rather than each claiming all of them.
    """
    ads: list[Entity] = []
    for promotion in (p for p in promotions if p["catalog_product_group_id"] == product_group):
        siblings = [p["id"] for p in promotions if p["ad_group_id"] == promotion["ad_group_id"]]
        group_ads = [ad for ad in store.ads.values() if ad["ad_group_id"] == promotion["ad_group_id"]]
        ads += group_ads[siblings.index(promotion["id"]) :: len(siblings)]
    return ads


async def update_template(request: Request) -> Response:
    """``PATCH .../targeting_templates``: UPDATE or REMOVE the template the body names; an empty 200."""
    _, account = AD_ACCOUNTS.locate(request)
    body = await json_object(request)
    context = WriteContext(lookup.store_of(request), account, lookup.now_of(request), lookup.today_of(request))
    update_targeting_template(context, body)
    return Response(status_code=200)


ROUTES = [  # before the resource rows: "ocpm_eligible" is no conversion tag id
    Endpoint("ocpm_eligible_conversion_tags/get", ocpm_eligible),
    Endpoint("page_visit_conversion_tags/get", page_visits),
    Endpoint("advertiser_defined_events/get", defined_events),
    Endpoint("conversion_eqs/list", event_quality),
    Endpoint("audience_insights/get", insights),
    Endpoint("audience_insights_scope_and_type/get", insight_types),
    Endpoint("product_groups/analytics", product_group_analytics),
    Endpoint("ad_accounts_audiences_shared_accounts/list", shared_accounts),
    Endpoint("ad_accounts_subscriptions/get_list", lead_subscriptions),
    Endpoint("ad_accounts_subscriptions/get_by_id", lead_subscription),
    Endpoint("ad_accounts_subscriptions/post", create_subscription),
    Endpoint("ad_accounts_subscriptions/del_by_id", delete_subscription),
    Endpoint("lead_form_test/create", test_lead),
    Endpoint("targeting_template/update", update_template),
]
