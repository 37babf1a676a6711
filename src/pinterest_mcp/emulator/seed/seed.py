"""Deterministic demo data: the same seed always yields byte-identical entities.

Everything random comes from one ``random.Random(seed)`` consumed in a fixed order, and every
timestamp is an offset from ``BASE`` rather than the wall clock, so fixtures and recorded
transcripts stay stable. Entities are built by the same factories the writes use (``entities``);
the seed only decides the values that tell the demo's story.

One thing is anchored to the emulator's ``today`` instead: each PAUSED campaign, ad group and ad
was ACTIVE until a seed-stable 7 to 41 days before it, recorded as a status change so the
analytics show its delivery stopping then (see ``Store.status_on``).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pinterest_mcp.emulator.http.state import Delivery, Entity, StatusChange, Store
from pinterest_mcp.emulator.kinds import entities
from pinterest_mcp.emulator.routes import catalog_state, uploads
from pinterest_mcp.emulator.routes.asset_routes import promoted_ads
from pinterest_mcp.emulator.seed import account_assets, network, story
from pinterest_mcp.emulator.seed.media import IMAGE_HOST, VIDEO_HOST, image_sizes, iso
from pinterest_mcp.emulator.seed.story import (
    AccountPlan,
    AdGroupPlan,
    AudiencePlan,
    BoardPlan,
    CampaignPlan,
    Persona,
    PinPlan,
)
from pinterest_mcp.emulator.sim.analytics import uniforms

BASE = datetime(2026, 4, 1, tzinfo=UTC)
MICRO = 1_000_000


@dataclass(frozen=True)
class _Objective:
    billable_event: str
    bid_strategy: str
    bid_range: tuple[float, float] | None  # major units; None lets Pinterest bid automatically
    cpm_range: tuple[float, float]
    ctr_range: tuple[float, float]
    conversion_range: tuple[float, float]


_OBJECTIVES = {
    "AWARENESS": _Objective("IMPRESSION", "MAX_BID", (4.0, 6.0), (3.0, 5.0), (0.003, 0.005), (0.005, 0.01)),
    "CONSIDERATION": _Objective("CLICKTHROUGH", "MAX_BID", (1.0, 1.6), (6.0, 9.0), (0.009, 0.014), (0.01, 0.02)),
    "WEB_CONVERSION": _Objective("IMPRESSION", "AUTOMATIC_BID", None, (9.0, 14.0), (0.007, 0.011), (0.03, 0.05)),
    "CATALOG_SALES": _Objective("CLICKTHROUGH", "TARGET_AVG", (0.8, 1.2), (7.0, 11.0), (0.01, 0.016), (0.025, 0.045)),
}
_TARGETED_AUDIENCES = {"retargeting": story.RETARGETING_AUDIENCE, "actalike": story.ACTALIKE_AUDIENCE}


def build_store(seed: int, today: date, persona: Persona = story.HEARTH) -> Store:
    """Create ``persona``'s demo data for ``seed`` (default the story's own user), pauses dated from ``today``.

    Another persona draws from a stream of its own and allocates ids in its own range (``id_shift``).
    """
    rng = random.Random(seed) if persona == story.HEARTH else random.Random(f"{seed}:{persona.username}")
    store = Store(rng=rng, id_shift=persona.id_shift)
    _Seeder(store, persona).run()
    network.seed_network(store, BASE)  # its own random stream: the entities above stay as they were
    account_assets.seed_assets(store, BASE)
    uploads.seed_media(store, BASE)  # a stream of its own too
    _seed_catalog(store)
    _date_pauses(store, seed, today)
    return store


def _seed_catalog(store: Store) -> None:
    """The retail catalog and its feed, its product groups the promotions' and its items their ads' Pins."""
    promotions = list(store.product_group_promotions.values())
    names = {p["catalog_product_group_id"] for p in promotions}
    catalog_state.seed_catalog(store, {g: promoted_ads(store, promotions, g) for g in names})


def _date_pauses(store: Store, seed: int, today: date) -> None:
    """Each seeded PAUSED entity was ACTIVE until 7 to 41 days before ``today``, stable per seed and entity."""
    for entity in [*store.campaigns.values(), *store.ad_groups.values(), *store.ads.values()]:
        if entity["status"] == "PAUSED":
            days = 7 + int(uniforms(seed, "paused", entity["id"])[0] * 35)
            day = today - timedelta(days=days)
            change = StatusChange(day, "ACTIVE", "PAUSED", _ts(datetime.combine(day, datetime.min.time(), UTC)))
            store.status_changes[(entity["type"], entity["id"])] = [change]


def _ts(moment: datetime) -> int:
    return int(moment.timestamp())


def _day(text: str) -> datetime:
    return datetime.combine(date.fromisoformat(text), datetime.min.time(), tzinfo=UTC)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _micro(amount: float) -> int:
    return round(amount * MICRO)


@dataclass(frozen=True)
class _PendingPin:
    created: datetime
    board_id: str
    section_id: str | None
    link_path: str
    plan: PinPlan


class _Seeder:
    """Builds entities in a fixed order so the shared random stream is consumed identically."""

    def __init__(self, store: Store, persona: Persona) -> None:
        self.store = store
        self.persona = persona
        self.rng = store.rng
        self.pools: dict[str, list[Entity]] = {}
        self.ads_only_board_id = ""
        self.tags: dict[str, str] = {}  # ad account id -> its conversion tag id
        self.audience_targets: list[tuple[Entity, str]] = []  # (ad group, targeting kind)

    def run(self) -> None:
        self.store.interest_names = {self.store.new_id("interest"): name for name in story.INTERESTS}
        self._user()
        pending: list[_PendingPin] = []
        for board_index, board in enumerate(self.persona.boards):
            pending += self._board(board_index, board)
        # Pin ids rise with creation time across boards, as Pinterest's do.
        for pin in sorted(pending, key=lambda p: p.created):
            self._pin(pin)
        for account in self.persona.accounts:
            self._ad_account(account)
        # Audiences and then keywords come last so adding them left every earlier entity of a seed unchanged.
        for account_id in list(self.store.ad_accounts):
            self._audiences(account_id)
        self._target_audiences()
        self._keywords()

    # Organic side ------------------------------------------------------------------------------

    def _user(self) -> None:
        self.store.user = {
            "account_type": "BUSINESS",
            "id": self.store.new_id("user"),
            "username": self.persona.username,
            "business_name": self.persona.brand,
            "about": self.persona.about,
            "website_url": self.persona.site,
            "profile_image": f"{IMAGE_HOST}/75x75_RS/{self.persona.username}.jpg",
            "follower_count": self.rng.randint(38_000, 62_000),
            "following_count": self.rng.randint(120, 420),
            "monthly_views": self.rng.randint(800_000, 2_400_000),
        }

    def _board(self, index: int, plan: BoardPlan) -> list[_PendingPin]:
        created = BASE - timedelta(days=420 - 30 * index, seconds=self.rng.randint(0, 86_399))
        board_id = self.store.new_id("board")
        self.store.boards[board_id] = entities.board(
            board_id,
            plan.name,
            self.store.user,
            created_at=iso(created),
            description=plan.description,
            privacy=plan.privacy,
            is_ads_only=plan.is_ads_only,
            follower_count=0 if plan.privacy != "PUBLIC" else self.rng.randint(150, 9_000),
        )
        section_ids: dict[str, str] = {}
        for name in plan.sections:
            section_ids[name] = self.store.new_id("section")
            self.store.sections[section_ids[name]] = entities.section(section_ids[name], board_id, name)
        if plan.is_ads_only:
            self.ads_only_board_id = board_id
        spacing = (BASE - created).days / (len(plan.pins) + 1)
        return [
            _PendingPin(
                created + timedelta(days=spacing * (n + 1), seconds=self.rng.randint(0, 86_399)),
                board_id,
                section_ids.get(pin.section or ""),
                plan.link_path,
                pin,
            )
            for n, pin in enumerate(plan.pins)
        ]

    def _pin(self, pending: _PendingPin) -> None:
        plan = pending.plan
        pin_id = self.store.new_id("pin")
        link = f"{self.persona.site}/{pending.link_path}/{_slug(plan.title)}"
        ending = self.rng.choice(story.DESCRIPTION_ENDINGS[pending.link_path])
        color = self.rng.choice(story.DOMINANT_COLORS)
        alt_text = f"{plan.title} photographed {self.rng.choice(story.PHOTO_SETTINGS)}"
        media = self._media(plan.creative_type, link)
        pin = entities.pin(
            pin_id,
            pending.board_id,
            media,
            self.store.user,
            created_at=iso(pending.created),
            link=link,
            title=plan.title,
            description=f"{plan.title}. {ending}",
            dominant_color=color,
            alt_text=alt_text,
            creative_type=plan.creative_type,
            board_section_id=pending.section_id,
            parent_pin_id=str(self.rng.randint(10**17, 10**18 - 1)) if plan.repin else None,
        )
        self.store.pins[pin_id] = pin
        if plan.pool:
            self.pools.setdefault(plan.pool, []).append(pin)

    def _media(self, creative_type: str, link: str) -> dict[str, Any]:
        if creative_type == "VIDEO":
            images = image_sizes(self.rng)
            key = f"{self.rng.getrandbits(64):016x}"
            return {
                "media_type": "video",
                "images": images,
                "cover_image_url": images["1200x"]["url"],
                "video_url": f"{VIDEO_HOST}/videos/{key}.mp4",
                "duration": round(self.rng.uniform(12, 45), 1),
                "width": 1080,
                "height": 1920,
            }
        if creative_type == "CAROUSEL":
            slides = self.rng.randint(3, 5)
            return {
                "media_type": "multiple_images",
                "items": [
                    {"item_type": "image", "images": image_sizes(self.rng), "link": f"{link}#slide-{n}"}
                    for n in range(1, slides + 1)
                ],
            }
        return {"media_type": "image", "images": image_sizes(self.rng)}

    # Ads side ----------------------------------------------------------------------------------

    def _ad_account(self, plan: AccountPlan) -> None:
        account_id = self.store.new_id("ad_account")
        created = _day(plan.created) + timedelta(seconds=self.rng.randint(0, 86_399))
        self.store.ad_accounts[account_id] = entities.ad_account(
            account_id,
            plan.name,
            self.store.user,
            now=_ts(created),
            country=plan.country,
            currency=plan.currency,
            updated_time=_ts(BASE - timedelta(days=self.rng.randint(5, 40))),
        )
        tag_id = self.store.new_id("conversion_tag")
        self.tags[account_id] = tag_id
        for campaign in plan.campaigns:
            self._campaign(account_id, plan, campaign, tag_id)

    def _campaign(self, account_id: str, account: AccountPlan, plan: CampaignPlan, tag_id: str) -> None:
        campaign_id = self.store.new_id("campaign")
        start = _day(plan.start)
        end = _day(plan.end) if plan.end else None
        first_budget = plan.ad_groups[0].budget
        created = _ts(start - timedelta(days=3, seconds=self.rng.randint(0, 86_399)))
        updated = _ts(min(BASE, (end or BASE)) - timedelta(seconds=self.rng.randint(0, 86_399)))
        self.store.campaigns[campaign_id] = entities.campaign(
            campaign_id,
            account_id,
            plan.name,
            plan.objective,
            now=_ts(BASE),
            status=plan.status,
            daily_spend_cap=_micro(plan.daily_cap) if plan.daily_cap else None,
            lifetime_spend_cap=_micro(plan.lifetime_cap) if plan.lifetime_cap else None,
            default_ad_group_budget_in_micro_currency=None if plan.cbo else _micro(first_budget),
            is_campaign_budget_optimization=plan.cbo,
            start_time=_ts(start),
            end_time=_ts(end) if end else None,
            created_time=created,
            updated_time=updated,
        )
        pool = self.pools[plan.pool]
        for index, group in enumerate(plan.ad_groups):
            paused_ads = plan.paused_ads if index == 0 else 0
            self._ad_group(account_id, account, campaign_id, plan, group, tag_id, pool, paused_ads)

    def _ad_group(
        self,
        account_id: str,
        account: AccountPlan,
        campaign_id: str,
        campaign: CampaignPlan,
        plan: AdGroupPlan,
        tag_id: str,
        pool: list[Entity],
        paused_ads: int,
    ) -> None:
        objective = _OBJECTIVES[campaign.objective]
        campaign_entity = self.store.campaigns[campaign_id]
        group_id = self.store.new_id("ad_group")
        status = plan.status or campaign.status
        start, end = campaign_entity["start_time"], campaign_entity["end_time"]
        days = (end - start) // 86_400 if end else None
        if campaign.cbo:
            budget_type, budget = "CBO_ADGROUP", None
        elif days:
            budget_type, budget = "LIFETIME", _micro(plan.budget * days)
        else:
            budget_type, budget = "DAILY", _micro(plan.budget)
        bid = _micro(round(self.rng.uniform(*objective.bid_range), 2)) if objective.bid_range else None
        targeting = self._targeting(plan.targeting, account, campaign)
        feed_profile = self.store.new_id("feed_profile") if campaign.objective == "CATALOG_SALES" else "0"
        created = campaign_entity["created_time"] + self.rng.randint(600, 7_200)
        goal = self._conversion_goal(tag_id) if campaign.objective == "WEB_CONVERSION" else None
        self.store.ad_groups[group_id] = entities.ad_group(
            group_id,
            campaign_entity,
            plan.name,
            objective.billable_event,
            now=_ts(BASE),
            status=status,
            budget_in_micro_currency=budget,
            bid_in_micro_currency=bid,
            budget_type=budget_type,
            targeting_spec=targeting,
            auto_targeting_enabled=plan.targeting != "retargeting",
            feed_profile_id=feed_profile,
            bid_strategy_type=objective.bid_strategy,
            created_time=created,
            updated_time=campaign_entity["updated_time"],
            optimization_goal_metadata=goal,
        )
        if plan.targeting in _TARGETED_AUDIENCES:
            self.audience_targets.append((self.store.ad_groups[group_id], plan.targeting))
        self.store.delivery[group_id] = self._delivery(campaign, plan, objective)
        extra = [plan.extra_ad_review] if plan.extra_ad_review else []
        count = self.rng.randint(1, min(3 - len(extra), len(pool)))
        reviews = ["APPROVED"] * count + extra
        pins = self.rng.sample(pool, count)
        unused = [pin for pin in pool if pin not in pins] or pool
        pins += [self.rng.choice(unused) for _ in extra]
        for index, (pin, review) in enumerate(zip(pins, reviews, strict=True)):
            ad_status = "PAUSED" if index < paused_ads and status == "ACTIVE" else status
            self._ad(group_id, pin, ad_status, review)

    def _targeting(self, kind: str, account: AccountPlan, campaign: CampaignPlan) -> dict[str, Any]:
        spec: dict[str, Any] = {"GEO": list(campaign.geo or account.geo), "LOCALE": [campaign.locale or account.locale]}
        if kind in ("retargeting", "actalike"):
            # Drawn only to keep the seed's random stream; ``_target_audiences`` sets the real audience.
            spec["AUDIENCE_INCLUDE"] = [str(self.rng.randint(2_542_620_000_000, 2_542_629_999_999))]
        elif kind == "interests":
            spec["INTEREST"] = self.rng.sample(sorted(self.store.interest_names), 2)
            spec["GENDER"] = ["female"]
            spec["MINIMUM_AGE"], spec["MAXIMUM_AGE"] = "25", "54"
        else:
            spec["MINIMUM_AGE"], spec["MAXIMUM_AGE"] = "18", "65+"
            if kind == "keywords":
                spec["TARGETING_STRATEGY"] = ["CHOOSE_YOUR_OWN"]
        spec["APPTYPE"] = ["iphone", "ipad", "android_mobile", "android_tablet", "web", "web_mobile"]
        return spec

    def _conversion_goal(self, tag_id: str) -> dict[str, Any]:
        return {
            "conversion_tag_v3_goal_metadata": {
                "attribution_windows": {"click_window_days": 30, "engagement_window_days": 30, "view_window_days": 1},
                "conversion_event": "CHECKOUT",
                "conversion_tag_id": tag_id,
                "cpa_goal_value_in_micro_currency": str(_micro(self.rng.choice((25, 30, 35, 40)))),
                "is_roas_optimized": False,
                "learning_mode_type": "NOT_ACTIVE",
            }
        }

    def _delivery(self, campaign: CampaignPlan, plan: AdGroupPlan, objective: _Objective) -> Delivery:
        if plan.daily_spend is not None:
            spend = float(plan.daily_spend)
        elif campaign.cbo:
            spend = (campaign.daily_cap or 0) / len(campaign.ad_groups) * self.rng.uniform(0.8, 0.95)
        else:
            spend = plan.budget * self.rng.uniform(0.72, 0.95)
        conversion_rate = self.rng.uniform(*objective.conversion_range)
        return Delivery(
            daily_spend=_micro(spend),
            cpm=_micro(self.rng.uniform(*objective.cpm_range)),
            ctr=self.rng.uniform(*objective.ctr_range),
            conversion_rate=conversion_rate if plan.conversion_rate is None else plan.conversion_rate,
            order_value=_micro(self.rng.uniform(55, 95)),
            recent_days=story.RECENT_DAYS if campaign.recent_conversion_drop else 0,
            recent_conversion_factor=story.RECENT_CONVERSION_FACTOR if campaign.recent_conversion_drop else 1.0,
        )

    def _ad(self, group_id: str, pin: Entity, status: str, review: str) -> None:
        group = self.store.ad_groups[group_id]
        campaign = self.store.campaigns[group["campaign_id"]]
        ad_id = self.store.new_id("ad")
        utm = f"utm_source=pinterest&utm_medium=paid&utm_campaign={_slug(campaign['name'])}"
        self.store.ads[ad_id] = entities.ad(
            ad_id,
            group,
            pin,
            now=group["created_time"] + self.rng.randint(600, 7_200),
            name=pin["title"],
            status=status,
            destination_url=f"{pin['link']}?{utm}",
            customizable_cta_type="SHOP_NOW" if pin["board_id"] == self.ads_only_board_id else None,
            review_status=review,
            rejected_reasons=["LANDING_PAGE"] if review == "REJECTED" else [],
            updated_time=group["updated_time"],
        )

    # Audiences ---------------------------------------------------------------------------------

    def _audiences(self, account_id: str) -> None:
        account = self.store.ad_accounts[account_id]
        customer_list = ""
        for plan in story.AUDIENCES:
            audience_id = self.store.new_id("audience")
            created = account["created_time"] + self.rng.randint(3, 60) * 86_400
            rule = self._audience_rule(plan, account, customer_list)
            size = self.rng.randint(*plan.size)
            self.store.audiences[audience_id] = entities.audience(
                audience_id,
                account_id,
                plan.name,
                plan.audience_type,
                rule,
                company=plan.shared_by or self.persona.brand,
                now=created,
                description=plan.description,
                size=size,
                status=plan.status,
                updated_timestamp=max(created, _ts(BASE - timedelta(days=self.rng.randint(1, 30)))),
            )
            if plan.audience_type == "CUSTOMER_LIST" and not customer_list:
                customer_list = audience_id

    def _audience_rule(self, plan: AudiencePlan, account: Entity, customer_list: str) -> dict[str, Any]:
        if plan.audience_type == "CUSTOMER_LIST":
            return {"customer_list_id": self.store.new_id("customer_list")}
        if plan.audience_type == "VISITOR":
            rule: dict[str, Any] = {
                "visitor_source_id": self.tags[account["id"]],
                "retention_days": plan.retention_days,
                "event_source": {"=": ["web", "mobile"]},
                "ingestion_source": {"=": ["tag"]},
                "prefill": True,
            }
            return rule | ({"event": plan.event} if plan.event else {})
        if plan.audience_type == "ENGAGEMENT":
            domain = self.persona.site.removeprefix("https://")
            return {"engagement_domain": [domain], "engager_type": 1, "retention_days": plan.retention_days}
        return {"seed_id": [customer_list], "country": account["country"], "percentage": 1}

    def _target_audiences(self) -> None:
        """Point retargeting and actalike ad groups at their account's matching audience."""
        by_name = {(a["ad_account_id"], a["name"]): a["id"] for a in self.store.audiences.values()}
        for group, kind in self.audience_targets:
            group["targeting_spec"]["AUDIENCE_INCLUDE"] = [by_name[(group["ad_account_id"], _TARGETED_AUDIENCES[kind])]]

    # Keywords ----------------------------------------------------------------------------------

    def _keywords(self) -> None:
        """The keywords of the campaigns and ad groups the catalog names, then each account's excluded terms."""
        parents = {e["name"]: e for e in [*self.store.campaigns.values(), *self.store.ad_groups.values()]}
        for name, words in story.KEYWORDS.items():
            parent = parents.get(name)
            if parent is None:  # a persona with fewer campaigns than the story
                continue
            for value, match_type in words:
                self._keyword(parent["ad_account_id"], parent, value, match_type)
        for account in self.store.ad_accounts.values():
            for value in story.EXCLUDED_KEYWORDS:
                self._keyword(account["id"], account, value, "PHRASE_NEGATIVE")

    def _keyword(self, account_id: str, parent: Entity, value: str, match_type: str) -> None:
        keyword_id = self.store.new_id("keyword")
        self.store.keywords[keyword_id] = entities.keyword(keyword_id, account_id, parent, value, match_type)
