"""Static content of the demo business: a home-goods and recipes brand.

Kept apart from ``seed`` so the story (names, plans, which campaign misbehaves) reads at a
glance; ``seed`` turns it into entities with seed-dependent ids, numbers and timestamps.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

BRAND = "Hearth & Harvest Co."
USERNAME = "hearthandharvest"
SITE = "https://hearthandharvest.example.com"
ABOUT = "Seasonal recipes, cozy home goods and kitchen tools for everyday gatherings."


@dataclass(frozen=True)
class PinPlan:
    title: str
    section: str | None = None
    creative_type: str = "REGULAR"
    pool: str | None = None  # which campaigns may advertise this Pin
    repin: bool = False


@dataclass(frozen=True)
class BoardPlan:
    name: str
    description: str
    privacy: str
    link_path: str
    pins: tuple[PinPlan, ...]
    sections: tuple[str, ...] = ()
    is_ads_only: bool = False


P = PinPlan
BOARDS: tuple[BoardPlan, ...] = (
    BoardPlan(
        "Weeknight Dinners",
        "Fast, family-friendly dinners for busy evenings.",
        "PUBLIC",
        "recipes",
        sections=("30-Minute Meals", "Sheet Pan Suppers", "One-Pot Wonders"),
        pins=(
            P("Lemon Garlic Butter Shrimp Pasta", "30-Minute Meals", pool="recipes"),
            P("15-Minute Peanut Noodles", "30-Minute Meals", pool="recipes"),
            P("Chicken Fajita Rice Bowls", "30-Minute Meals", "VIDEO", pool="recipes"),
            P("Creamy Tuscan Gnocchi", "30-Minute Meals"),
            P("Sheet Pan Honey Mustard Chicken", "Sheet Pan Suppers", pool="summer"),
            P("Sheet Pan Gnocchi with Roasted Vegetables", "Sheet Pan Suppers", "CAROUSEL"),
            P("Maple Dijon Salmon and Green Beans", "Sheet Pan Suppers", pool="summer"),
            P("One-Pot Chicken and Orzo", "One-Pot Wonders", pool="lunch"),
            P("Smoky Black Bean Chili", "One-Pot Wonders", "VIDEO"),
            P("One-Pot Coconut Curry Lentils", "One-Pot Wonders", pool="lunch"),
            P("Weeknight Meal Plan: 5 Dinners, 1 Grocery List", creative_type="CAROUSEL", pool="recipes"),
            P("Crispy Parmesan Chicken Cutlets", pool="lunch"),
        ),
    ),
    BoardPlan(
        "Holiday Baking",
        "Cookies, pies and festive bakes for the season.",
        "PUBLIC",
        "recipes",
        sections=("Cookies", "Pies & Tarts"),
        pins=(
            P("Brown Butter Chocolate Chip Cookies", "Cookies", "VIDEO", pool="holiday"),
            P("Soft Gingerbread Cookies", "Cookies", pool="holiday"),
            P("Cranberry Orange Shortbread", "Cookies"),
            P("Salted Caramel Thumbprints", "Cookies"),
            P("Classic Apple Pie with Lattice Crust", "Pies & Tarts", pool="holiday"),
            P("Maple Pecan Pie", "Pies & Tarts"),
            P("Pumpkin Pie with Gingersnap Crust", "Pies & Tarts"),
            P("Holiday Cookie Box Guide", creative_type="CAROUSEL"),
            P("Cinnamon Roll Wreath", creative_type="VIDEO"),
        ),
    ),
    BoardPlan(
        "Cozy Home Decor",
        "Warm textures, candles and table styling ideas.",
        "PUBLIC",
        "home",
        sections=("Living Room", "Tablescapes"),
        pins=(
            P("Layered Neutral Throw Blankets", "Living Room", pool="home"),
            P("Reading Nook with Linen Curtains", "Living Room"),
            P("Chunky Knit Pouf Styling", "Living Room", repin=True),
            P("Candlelit Mantel Ideas", "Living Room", pool="home"),
            P("Rustic Thanksgiving Tablescape", "Tablescapes", "CAROUSEL", pool="home"),
            P("Linen Napkin Folding: 3 Easy Styles", "Tablescapes", "VIDEO"),
            P("Stoneware Dinner Set in Oat", "Tablescapes", pool="home"),
            P("Fall Porch Refresh on a Budget", repin=True),
            P("Wood Bead Garland DIY"),
        ),
    ),
    BoardPlan(
        "Kitchen Organization",
        "Pantry systems and small-kitchen storage that works.",
        "PUBLIC",
        "organization",
        pins=(
            P("Pantry Makeover with Glass Canisters", pool="kitchen"),
            P("Under-Sink Organizer Ideas"),
            P("Spice Drawer Labels (Free Printable)"),
            P("Small Kitchen Counter Styling", repin=True),
            P("Fridge Organization Bins", pool="kitchen"),
            P("Magnetic Knife Strip Setup"),
            P("Lazy Susan Pantry Corner", creative_type="VIDEO"),
        ),
    ),
    BoardPlan(
        "Spring 2026 Launch (internal)",
        "Draft creative for the spring collection launch.",
        "SECRET",
        "shop/spring-2026",
        pins=(
            P("Spring Collection: Stoneware Mixing Bowls"),
            P("Spring Collection: Linen Table Runner"),
            P("Spring Brunch Hero Shot"),
            P("Pastel Cake Stand Lookbook", creative_type="CAROUSEL"),
            P("Spring Launch Teaser", creative_type="VIDEO"),
        ),
    ),
    BoardPlan(
        "Ad-only Pins",
        "",
        "PROTECTED",
        "shop",
        is_ads_only=True,
        pins=(
            P("Spring Sale: 25% Off Stoneware", pool="spring"),
            P("Spring Sale: Linen Essentials", pool="spring"),
            P("Spring Sale: Bakeware Bundle", creative_type="VIDEO", pool="spring"),
            P("Cast Iron Skillet, Pre-Seasoned", pool="kitchen"),
            P("Enameled Dutch Oven in Sage", pool="kitchen"),
            P("30-Minute Dinners Cookbook", pool="recipes"),
            P("Glass Pantry Canister Set", pool="kitchen"),
            P("Gift Guide: For the Home Cook", creative_type="CAROUSEL", pool="holiday"),
        ),
    ),
)

DESCRIPTION_ENDINGS: dict[str, tuple[str, ...]] = {
    "recipes": (
        "Tested in our kitchen and ready in under an hour.",
        "Save it for your next busy weeknight.",
        "Simple pantry ingredients, big cozy flavor.",
    ),
    "home": (
        "Easy styling ideas to make any room feel warm.",
        "Layer textures and natural materials for a lived-in look.",
        "Budget-friendly swaps you can do this weekend.",
    ),
    "organization": (
        "Small changes that make a busy kitchen run smoothly.",
        "Clear containers and labels keep everything in reach.",
    ),
    "shop/spring-2026": ("Coming this spring from Hearth & Harvest.",),
    "shop": (
        "Shop the collection at Hearth & Harvest.",
        "Made to last, designed for everyday cooking.",
    ),
}

PHOTO_SETTINGS = (
    "on a wooden table",
    "from above on a linen cloth",
    "in natural window light",
    "on a marble counter",
    "on a stoneware plate",
)

DOMINANT_COLORS = ("#e9e2d6", "#c8a27a", "#6b7f5e", "#f2efe9", "#b5543c", "#3e4a3d", "#d9c7a7")

INTERESTS = ("Recipes", "Home Decor", "Baking", "Kitchen & Dining", "Entertaining", "DIY Home", "Grilling")


@dataclass(frozen=True)
class AdGroupPlan:
    name: str
    targeting: str  # "retargeting" | "actalike" | "interests" | "broad" | "keywords"
    budget: int  # daily budget in major currency units; 0 for campaign-budget-optimized groups
    status: str | None = None  # defaults to the campaign's status
    conversion_rate: float | None = None  # overrides the objective's typical rate
    daily_spend: int | None = None  # pins the simulated spend (major units per day)
    extra_ad_review: str | None = None  # add one more ad with this review status


@dataclass(frozen=True)
class CampaignPlan:
    name: str
    objective: str
    status: str
    start: str
    pool: str
    ad_groups: tuple[AdGroupPlan, ...]
    end: str | None = None
    daily_cap: int | None = None
    lifetime_cap: int | None = None
    cbo: bool = False
    geo: tuple[str, ...] | None = None
    locale: str | None = None
    recent_conversion_drop: bool = False  # conversions halve over the last RECENT_DAYS days
    paused_ads: int = 0  # how many of the first ad group's ads are paused


@dataclass(frozen=True)
class AccountPlan:
    name: str
    country: str
    currency: str
    geo: tuple[str, ...]
    locale: str
    created: str
    campaigns: tuple[CampaignPlan, ...] = field(default_factory=tuple)


G = AdGroupPlan
RECENT_DAYS = 10
RECENT_CONVERSION_FACTOR = 0.5
SPRING_CAMPAIGN = "Spring Sale 2026 – Conversions"
OVERSPENDING_AD_GROUP = "Kitchen – Broad Home Interests (Expansion)"

ACCOUNTS: tuple[AccountPlan, ...] = (
    AccountPlan(
        "Hearth & Harvest – US",
        "US",
        "USD",
        ("US",),
        "en-US",
        "2025-02-10",
        (
            CampaignPlan(
                SPRING_CAMPAIGN,
                "WEB_CONVERSION",
                "ACTIVE",
                "2026-03-16",
                "spring",
                (
                    G(
                        "Spring Sale – Retargeting Site Visitors 30d",
                        "retargeting",
                        90,
                        conversion_rate=0.06,
                        extra_ad_review="PENDING",
                    ),
                    G("Spring Sale – Home Decor Interests F25-54", "interests", 120),
                    G("Spring Sale – Actalike Purchasers 1%", "actalike", 80),
                ),
                lifetime_cap=15_000,
                recent_conversion_drop=True,
            ),
            CampaignPlan(
                "Evergreen Recipes – Awareness",
                "AWARENESS",
                "ACTIVE",
                "2025-09-01",
                "recipes",
                (
                    G("Recipes – Broad US 18+", "broad", 70),
                    G("Recipes – Food & Drink Interests", "interests", 60),
                ),
                daily_cap=150,
                paused_ads=1,
            ),
            CampaignPlan(
                "Kitchen Essentials – Conversions",
                "WEB_CONVERSION",
                "ACTIVE",
                "2025-11-03",
                "kitchen",
                (
                    G("Kitchen – Cookware Keywords", "keywords", 65),
                    G(OVERSPENDING_AD_GROUP, "interests", 80, conversion_rate=0.0, daily_spend=58),
                    G("Kitchen – Retargeting Cart Abandoners", "retargeting", 40, conversion_rate=0.08),
                ),
            ),
            CampaignPlan(
                "Catalog Sales – Cookware & Bakeware",
                "CATALOG_SALES",
                "ACTIVE",
                "2025-10-06",
                "kitchen",
                (
                    G("Catalog – All Products", "broad", 0),
                    G("Catalog – Best Sellers", "retargeting", 0, status="PAUSED"),
                ),
                daily_cap=200,
                cbo=True,
            ),
            CampaignPlan(
                "Summer Grilling 2025 – Consideration",
                "CONSIDERATION",
                "PAUSED",
                "2025-06-02",
                "summer",
                (
                    G("Grilling – Adults 25-54", "broad", 50),
                    G("Grilling – BBQ Keywords", "keywords", 45),
                ),
                daily_cap=100,
            ),
            CampaignPlan(
                "Back to School Lunches – Awareness",
                "AWARENESS",
                "PAUSED",
                "2025-08-04",
                "lunch",
                (
                    G("Lunchbox – Parents 25-44", "interests", 40),
                    G("Lunchbox – Meal Prep Interests", "interests", 35),
                ),
                lifetime_cap=5_000,
            ),
            CampaignPlan(
                "Holiday Gift Guide 2025 – Consideration",
                "CONSIDERATION",
                "ARCHIVED",
                "2025-11-10",
                "holiday",
                (
                    G("Gift Guide – Home Cooks", "interests", 110),
                    G("Gift Guide – Entertaining", "interests", 90),
                ),
                end="2025-12-24",
                lifetime_cap=8_000,
            ),
            CampaignPlan(
                "Black Friday 2025 – Conversions",
                "WEB_CONVERSION",
                "ARCHIVED",
                "2025-11-24",
                "home",
                (
                    G("BF – Retargeting 60d", "retargeting", 250),
                    G("BF – Actalike 3%", "actalike", 150),
                ),
                end="2025-12-01",
                daily_cap=400,
            ),
        ),
    ),
    AccountPlan(
        "Hearth & Harvest – EU",
        "DE",
        "EUR",
        ("DE", "AT"),
        "de-DE",
        "2025-07-01",
        (
            CampaignPlan(
                "DE – Herbstrezepte – Awareness",
                "AWARENESS",
                "ACTIVE",
                "2025-09-15",
                "recipes",
                (
                    G("DE – Rezepte Interessen", "interests", 40),
                    G("DE – Breit 25-54", "broad", 35),
                ),
            ),
            CampaignPlan(
                "EU – Küchenhelfer – Conversions",
                "WEB_CONVERSION",
                "ACTIVE",
                "2025-10-20",
                "kitchen",
                (
                    G("EU – Retargeting 30d", "retargeting", 45),
                    G("EU – Kochgeschirr Keywords", "keywords", 50, extra_ad_review="REJECTED"),
                    G("EU – Actalike 1%", "actalike", 40),
                ),
                daily_cap=150,
            ),
            CampaignPlan(
                "FR – Recettes d'hiver – Consideration",
                "CONSIDERATION",
                "PAUSED",
                "2025-12-01",
                "recipes",
                (
                    G("FR – Cuisine Intérêts", "interests", 30),
                    G("FR – Large 25-54", "broad", 25),
                ),
                geo=("FR",),
                locale="fr-FR",
            ),
            CampaignPlan(
                "EU – Catalog Sales – Kochgeschirr",
                "CATALOG_SALES",
                "ACTIVE",
                "2025-11-01",
                "kitchen",
                (
                    G("EU – Alle Produkte", "broad", 0),
                    G("EU – Bestseller", "retargeting", 0),
                ),
                daily_cap=120,
                cbo=True,
            ),
            CampaignPlan(
                "EU – Sommer 2025 – Awareness",
                "AWARENESS",
                "ARCHIVED",
                "2025-06-10",
                "summer",
                (
                    G("EU – Grillen", "interests", 30),
                    G("EU – Picknick", "interests", 25),
                ),
                end="2025-08-31",
                lifetime_cap=2_500,
            ),
        ),
    ),
)


@dataclass(frozen=True)
class AudiencePlan:
    """An audience every ad account has; ``shared_by`` marks one another company shared with it."""

    name: str
    audience_type: str  # CUSTOMER_LIST | VISITOR | ENGAGEMENT | ACTALIKE | PERSONA
    description: str
    status: str = "READY"
    size: tuple[int, int] = (20_000, 400_000)  # drawn per account
    retention_days: int | None = None
    event: str | None = None
    shared_by: str | None = None


# Retargeting ad groups target the site visitors, actalike ad groups the actalike audience.
RETARGETING_AUDIENCE = "Site Visitors – 30 Days"
ACTALIKE_AUDIENCE = "Actalike – Purchasers 1%"
AUDIENCES: tuple[AudiencePlan, ...] = (
    AudiencePlan("Newsletter Subscribers", "CUSTOMER_LIST", "Hashed emails from the newsletter signup form."),
    AudiencePlan(
        RETARGETING_AUDIENCE, "VISITOR", "Everyone who visited the shop in the last 30 days.", retention_days=30
    ),
    AudiencePlan(
        "Cart Abandoners – 14 Days",
        "VISITOR",
        "Added to cart without checking out.",
        status="TOO_SMALL",
        size=(40, 95),
        retention_days=14,
        event="addtocart",
    ),
    AudiencePlan("Recipe Pin Engagers – 90 Days", "ENGAGEMENT", "Saved or clicked our recipe Pins.", retention_days=90),
    AudiencePlan(ACTALIKE_AUDIENCE, "ACTALIKE", "People like our newsletter subscribers.", size=(1_500_000, 2_500_000)),
    AudiencePlan(
        "Home Cooks (Partner Audience)",
        "CUSTOMER_LIST",
        "Shared by our agency for the spring launch.",
        shared_by="Goodfolk Media",
    ),
)


# Keyword targeting by campaign or ad group name: (value, match type). Campaigns take only excluded terms.
KEYWORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "Kitchen – Cookware Keywords": (
        ("cast iron skillet", "BROAD"),
        ("dutch oven", "PHRASE"),
        ("enameled dutch oven", "EXACT"),
        ("glass pantry canisters", "BROAD"),
        ("nonstick", "PHRASE_NEGATIVE"),
    ),
    "Kitchen Essentials – Conversions": (("used cookware", "PHRASE_NEGATIVE"),),
    "Grilling – BBQ Keywords": (("bbq recipes", "BROAD"), ("grilled chicken marinade", "PHRASE")),
    "EU – Kochgeschirr Keywords": (("gusseisenpfanne", "BROAD"), ("bräter", "EXACT"), ("gebraucht", "EXACT_NEGATIVE")),
}
# Every ad account excludes these everywhere (account-level keywords must be negative).
EXCLUDED_KEYWORDS = ("free", "diy")


@dataclass(frozen=True)
class Persona:
    """One Pinterest user of the demo: who they are, and which boards and ad accounts of the story are theirs.

    ``id_shift`` moves every id the user's data gets into a range of its own, so two users' ids never
    meet and an id names its owner. The first persona keeps the story whole and unshifted: one user
    is exactly the demo it always was.
    """

    username: str
    brand: str
    site: str
    about: str
    boards: tuple[BoardPlan, ...]
    accounts: tuple[AccountPlan, ...]
    id_shift: int = 0


# Far beyond what a session's writes add to any kind's ids, still inside Pinterest's 18 digits.
USER_ID_SHIFT = 100_000_000_000


def _smaller(index: int, username: str, brand: str, country: str, currency: str) -> Persona:
    """A second user cut from the story: the first account's first two campaigns, and the boards their ads use."""
    first = ACCOUNTS[0]
    campaigns = first.campaigns[:2]
    pools = {campaign.pool for campaign in campaigns}
    account = replace(
        first,
        name=f"{brand} – {country}",
        country=country,
        currency=currency,
        geo=(country,),
        locale=f"en-{country}",
        campaigns=campaigns,
    )
    boards = tuple(board for board in BOARDS if any(pin.pool in pools for pin in board.pins))
    site = f"https://{username}.example.com"
    about = f"{brand}: trail food, camp kitchens and the gear to carry them."
    return Persona(username, brand, site, about, boards, (account,), index * USER_ID_SHIFT)


HEARTH = Persona(USERNAME, BRAND, SITE, ABOUT, BOARDS, ACCOUNTS)
NORTHWIND = _smaller(1, "northwindtrail", "Northwind Trail", "CA", "CAD")
# The emulator's Pinterest users, the first the one every unnamed sign-in and the token-less emulator serve.
PERSONAS: tuple[Persona, ...] = (HEARTH, NORTHWIND)
