"""The business's catalogs as kept state: catalogs, their feeds and items, product groups, ingestions and batches.

Everything hangs off a catalog: a feed belongs to one, an item to one (``catalog_id`` beside the
merchant's ``item_id``), a product group to one (and to a feed, when made from the feed's side),
and a product group's products are the catalog's items its filters select, each shown with its
Pin. The seed keeps the demo coherent with the ads: the retail catalog holds one item per Pin of
an ad promoting a product group (``sku-<pin id>``, typed by the group's name), and each product
group a promotion names is stored with the filter on that type, so the groups the shopping ads
promote list the products those ads show.

Ingesting a feed (``ingest``) cannot fetch the merchant's file, so it draws the file's rows from
a stream keyed by the seed and the feed: a few items in the catalog's product types, one in
fifteen refused (no price, or a bad image link) and one in six with a warning, so a processing
result always has issues worth reading. Every ingestion completes at once (the emulator has no
schedule), and its counts add up to what was read.

Ids the seed gives (the catalog: the user's id plus two; its feed: plus a thousand; the feed's
first processing result: plus two thousand; the batch that loaded the promoted items: plus three
thousand) come from no random stream, so seeding catalogs moves no other kind's ids.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime
from typing import Any

from pinterest_mcp.emulator.http.errors import ApiError, conflict, invalid, not_found
from pinterest_mcp.emulator.http.state import Entity, Store
from pinterest_mcp.emulator.kinds.shaped import shaped

CATALOGS, FEEDS, ITEMS, GROUPS = "catalogs", "catalog_feeds", "catalog_items", "catalog_product_groups"
RESULTS, ISSUES, BATCHES = "feed_processing_results", "catalog_item_issues", "catalog_item_batches"
FEED_NOT_FOUND, GROUP_NOT_FOUND, RESULT_NOT_FOUND, BATCH_NOT_FOUND = 4161, 4180, 4184, 4331
CATALOG_NOT_FOUND, FEED_NAME_TAKEN, GROUP_NAME_TAKEN, GROUP_PROMOTED = 678, 4170, 4179, 4176
_TYPES = ("cookware", "tableware")  # the product types of the seeded groups (account_assets.PRODUCT_GROUPS)
_READ_PER_INGESTION = (12, 24)


def iso(at: int) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat()


def default_catalog_id(store: Store) -> str:
    """The id of the business's retail catalog (the user's id plus two)."""
    return str(int(store.user["id"]) + 2)


def catalog(store: Store, catalog_id: str | None) -> Entity:
    """The named catalog (the retail one when None), else 404 as Pinterest answers it."""
    found = store.collection(CATALOGS).get(catalog_id or default_catalog_id(store))
    if found is None:
        raise not_found(CATALOG_NOT_FOUND, f"Sorry! We couldn't find catalog {catalog_id}.")
    return found


def feed(store: Store, feed_id: str) -> Entity:
    found = store.collection(FEEDS).get(feed_id)
    if found is None:
        raise not_found(FEED_NOT_FOUND, f"Sorry! We could not find your catalogs feed {feed_id}.")
    return found


def group(store: Store, group_id: str) -> Entity:
    found = store.collection(GROUPS).get(group_id)
    if found is None:
        raise not_found(GROUP_NOT_FOUND, f"Sorry! We could not find your catalogs product group {group_id}.")
    return found


def seed_catalog(store: Store, promoted: dict[str, list[Entity]]) -> None:
    """The retail catalog, its product groups and items, and one feed ingested once (see the module).

    ``promoted`` maps each product group id a promotion names to the ads promoting it.
    """
    made = min(int(a["created_time"]) for a in store.ad_accounts.values())
    catalog_id = default_catalog_id(store)
    name = f"{store.user['business_name']} products"
    semantic = {"id": catalog_id, "created_at": iso(made), "updated_at": iso(made), "catalog_type": "RETAIL"}
    store.collection(CATALOGS)[catalog_id] = shaped("Catalog", {**semantic, "name": name}, {})
    promotions = {p["catalog_product_group_id"]: p for p in store.product_group_promotions.values()}
    names = {g: str(p["catalog_product_group_name"]) for g, p in promotions.items()}
    repeated = [names[g] for g in names]
    for group_id in sorted(names, key=int):
        product_type, name = names[group_id].lower(), names[group_id]
        if repeated.count(name) > 1:  # names are unique in a catalog: a repeated one says which ad group it serves
            name = f"{name} ({store.ad_groups[promotions[group_id]['ad_group_id']]['name']})"
        filters = {"any_of": [{"PRODUCT_TYPE_0": {"values": [[product_type]]}}]}
        _keep_group(store, group_id, name, catalog_id, None, filters, made, "MERCHANT_CREATED")
        for ad in promoted.get(group_id, []):
            pin = store.pins[ad["pin_id"]]
            currency = store.ad_accounts[ad["ad_account_id"]]["currency"]
            price = random.Random(f"{store.user['id']}:price:{pin['id']}").randint(12, 180) - 0.01
            attributes = {
                "title": pin.get("title") or names[group_id], "link": pin.get("link") or "https://example.com",
                "price": f"{price:.2f} {currency}", "availability": "in stock", "product_type": product_type,
                "brand": store.user["business_name"], "image_link": [f"https://example.com/{pin['id']}.jpg"],
            }  # fmt: skip
            keep_item(store, catalog_id, f"sku-{pin['id']}", attributes, pin_id=pin["id"])
    loaded = [
        {"item_id": i["item_id"], "status": "SUCCESS", "errors": [], "warnings": []}
        for i in items_of(store, catalog_id)
    ]
    batch = {"batch_id": str(int(catalog_id) + 3000), "catalog_type": "RETAIL", "created_time": iso(made)}
    done = {"completed_time": iso(made), "status": "COMPLETED", "items": loaded}
    store.collection(BATCHES)[batch["batch_id"]] = {**batch, **done}
    location = f"https://{store.user['username']}.example.com/feeds/products.csv"
    first = {"name": "Main product feed", "format": "CSV", "location": location}
    seeded = new_feed(store, str(int(catalog_id) + 1000), catalog_id, first, made)
    ingest(store, seeded, made, str(int(catalog_id) + 2000))
    loaded = [
        {"item_id": i["item_id"], "status": "SUCCESS", "errors": [], "warnings": []}
        for i in items_of(store, catalog_id)
    ]
    batch = {"batch_id": str(int(catalog_id) + 3000), "catalog_type": "RETAIL", "created_time": iso(made)}
    store.collection(BATCHES)[batch["batch_id"]] = {
        **batch,
        "completed_time": iso(made),
        "status": "COMPLETED",
        "items": loaded[:5],
    }


def _keep_group(
    store: Store, group_id: str, name: str, catalog_id: str, feed_id: str | None, filters: Any, at: int, kind: str
) -> Entity:
    semantic = {"id": group_id, "name": name, "catalog_id": catalog_id, "feed_id": feed_id, "catalog_type": "RETAIL"}
    extra = {"type": kind, "status": "ACTIVE", "created_at": at, "updated_at": at, "filters": filters}
    entity = shaped("CatalogsRetailProductGroup", {**semantic, **extra}, {})
    store.collection(GROUPS)[group_id] = entity
    return entity


def keep_item(
    store: Store, catalog_id: str, item_id: str, attributes: dict[str, Any], *, pin_id: str | None = None
) -> Entity:
    """Store (or replace) an item of a catalog; its Pin is kept, or made up from the item when it has none."""
    key = f"{catalog_id}:{item_id}"
    old = store.collection(ITEMS).get(key, {})
    item = {"catalog_id": catalog_id, "item_id": item_id, "attributes": attributes}
    item["pin_id"] = pin_id or old.get("pin_id") or str(877_196_300_000_000_000 + _stable(key) % 10**15)
    store.collection(ITEMS)[key] = item
    return item


def _stable(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:15], 16)


def items_of(store: Store, catalog_id: str) -> list[Entity]:
    return [i for i in store.collection(ITEMS).values() if i["catalog_id"] == catalog_id]


def new_feed(store: Store, feed_id: str | None, catalog_id: str, body: dict[str, Any], at: int) -> Entity:
    """A ``CatalogsRetailFeed`` from a create body (names are unique per catalog, as Pinterest's 422 says)."""
    for other in store.collection(FEEDS).values():
        if other["catalog_id"] == catalog_id and other["name"] == body["name"]:
            raise ApiError(422, FEED_NAME_TAKEN, "The feed name already exists.")
    semantic = {
        "id": feed_id or store.new_id("catalog_feed"), "created_at": iso(at), "updated_at": iso(at),
        "catalog_type": "RETAIL", "catalog_id": catalog_id, "credentials": None, "default_availability": None,
        "default_country": "US", "default_currency": "USD", "default_locale": "en-US",
        "preferred_processing_schedule": None, "status": "ACTIVE",
    }  # fmt: skip
    given = {k: v for k, v in body.items() if k not in ("catalog_type", "catalog_id")}
    entity = shaped("CatalogsRetailFeed", {**semantic, **given}, {})
    store.collection(FEEDS)[entity["id"]] = entity
    return entity


def delete_feed(store: Store, feed_id: str) -> None:
    """A feed goes with its processing results, their item issues and the product groups made on it."""
    feed(store, feed_id)
    for result_id in [r["id"] for r in store.collection(RESULTS).values() if r["feed_id"] == feed_id]:
        del store.collection(RESULTS)[result_id]
        store.collection(ISSUES).pop(result_id, None)
    for group_id in [g["id"] for g in store.collection(GROUPS).values() if g["feed_id"] == feed_id]:
        delete_group(store, group_id)
    del store.collection(FEEDS)[feed_id]


def delete_group(store: Store, group_id: str) -> None:
    """409 while an ACTIVE promotion promotes it, as the spec's example; else gone."""
    group(store, group_id)
    for promotion in store.product_group_promotions.values():
        if promotion["catalog_product_group_id"] == group_id and promotion["status"] == "ACTIVE":
            raise conflict(GROUP_PROMOTED, "We can't delete a Catalogs Product Group with active promotions.")
    del store.collection(GROUPS)[group_id]


def ingest(store: Store, source: Entity, at: int, result_id: str | None = None) -> Entity:
    """Read the feed's file (drawn, see the module): keep its good rows as items, its issues per row."""
    result_id = result_id or store.new_id("feed_processing_result")
    rng = random.Random(f"{source['id']}:{result_id}")
    rows, refused, warned, issues = rng.randint(*_READ_PER_INGESTION), 0, 0, []
    currency = source.get("default_currency") or "USD"
    for number in range(1, rows + 1):
        item_id, kind = f"{source['id'][-4:]}-{number:03d}", _TYPES[number % len(_TYPES)]
        errors: dict[str, Any] = {}
        warnings: dict[str, Any] = {}
        if number % 15 == 7:
            errors = {"PRICE_MISSING": {"attribute_name": "PRICE", "provided_value": None}}
        elif number % 15 == 11:
            errors = {"IMAGE_LINK_INVALID": {"attribute_name": "IMAGE_LINK", "provided_value": "htp:/img"}}
        elif number % 6 == 1:
            warnings = {"DESCRIPTION_MISSING": {"attribute_name": "DESCRIPTION", "provided_value": None}}
        if errors or warnings:
            issue = {"item_number": number, "item_id": item_id, "errors": errors, "warnings": warnings}
            issues.append(shaped("CatalogsItemValidationIssues", issue, {}))
        if errors:
            refused += 1
            continue
        warned += bool(warnings)
        price = rng.randint(15, 160) - 0.01
        attributes = {
            "title": f"{kind.title()} {number}", "link": f"https://example.com/p/{item_id}",
            "price": f"{price:.2f} {currency}", "availability": "in stock", "product_type": kind,
            "image_link": [f"https://example.com/img/{item_id}.jpg"], "brand": store.user["business_name"],
        }  # fmt: skip
        keep_item(store, source["catalog_id"], item_id, attributes)
    result = {
        "id": result_id, "created_at": iso(at), "updated_at": iso(at), "status": "COMPLETED",
        "product_counts": {"original": rows, "ingested": rows - refused},
        "ingestion_details": {"errors": {}, "info": {"IN_STOCK": rows - refused}, "warnings": {}},
        "validation_details": {"errors": _counts(issues, "errors"), "warnings": _counts(issues, "warnings")},
    }  # fmt: skip
    entity = shaped("CatalogsFeedProcessingResult", result, {})
    store.collection(RESULTS)[result_id] = {**entity, "feed_id": source["id"]}
    store.collection(ISSUES)[result_id] = {"issues": issues}
    return entity


def _counts(issues: list[Entity], side: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for issue in issues:
        for code in issue[side]:
            counts[code] = counts.get(code, 0) + 1
    return counts


def results_of(store: Store, feed_id: str) -> list[Entity]:
    """The feed's processing results, newest first, without the feed they hang off (not in the schema)."""
    found = [r for r in store.collection(RESULTS).values() if r["feed_id"] == feed_id]
    found.sort(key=lambda r: int(r["id"]), reverse=True)
    return [{k: v for k, v in r.items() if k != "feed_id"} for r in found]


def issues_of(store: Store, result_id: str) -> list[Entity]:
    if result_id not in store.collection(RESULTS):
        raise not_found(RESULT_NOT_FOUND, "Sorry! We could not find your processing result.")
    issues: list[Entity] = store.collection(ISSUES)[result_id]["issues"]
    return issues


def new_group(store: Store, body: dict[str, Any], at: int) -> Entity:
    """A product group of a create body: by feed (``feed_id``) or by catalog (``catalog_id``); names unique."""
    if "feed_id" in body:
        catalog_id, feed_id = feed(store, body["feed_id"])["catalog_id"], body["feed_id"]
    else:
        catalog_id, feed_id = catalog(store, body.get("catalog_id"))["id"], None
    _unique_group(store, catalog_id, body["name"], None)
    group_id = store.new_id("product_group")
    return _keep_group(store, group_id, body["name"], catalog_id, feed_id, body["filters"], at, "MERCHANT_CREATED")


def update_group(store: Store, group_id: str, body: dict[str, Any], at: int) -> Entity:
    entity = group(store, group_id)
    if "name" in body:
        _unique_group(store, entity["catalog_id"], body["name"], group_id)
    entity.update({k: body[k] for k in ("name", "filters", "country", "locale") if k in body}, updated_at=at)
    return entity


def _unique_group(store: Store, catalog_id: str, name: str, group_id: str | None) -> None:
    for other in store.collection(GROUPS).values():
        if other["catalog_id"] == catalog_id and other["name"] == name and other["id"] != group_id:
            raise conflict(GROUP_NAME_TAKEN, "A catalogs product group with this name already exists.")


def _price(item: Entity) -> float:
    amount = str(item["attributes"].get("price") or "0").split()[0]
    try:
        return float(amount)
    except ValueError:
        return 0.0


def _values(item: Entity, key: str) -> list[str]:
    """What an item holds for a filter key, lowercased (product types by level: ``a > b`` is level 0 ``a``)."""
    attributes = item["attributes"]
    if key.startswith("PRODUCT_TYPE_"):
        levels = [part.strip() for part in str(attributes.get("product_type") or "").split(">")]
        level = int(key.rpartition("_")[2])
        return [" > ".join(levels[: level + 1]).lower()] if len(levels) > level and levels[0] else []
    if key == "ITEM_ID":
        return [item["item_id"].lower()]
    if key == "CURRENCY":
        parts = str(attributes.get("price") or "").split()
        return [parts[1].lower()] if len(parts) > 1 else []
    value = attributes.get(key.lower())
    return [str(value).lower()] if value else []


def _matches(item: Entity, criterion: dict[str, Any]) -> bool:
    ((key, rule),) = criterion.items()
    if key in ("MIN_PRICE", "MAX_PRICE"):
        price, bound, inclusive = _price(item), float(rule["values"]), rule.get("inclusion", True)
        above = price > bound or (inclusive and price == bound)
        below = price < bound or (inclusive and price == bound)
        hit = above if key == "MIN_PRICE" else below
    elif key == "TITLE_KEYWORDS":
        title = str(item["attributes"].get("title") or "").lower()
        hit = any(str(word).lower() in title for word in rule["values"])
    else:
        wanted = {" > ".join(v).lower() if isinstance(v, list) else str(v).lower() for v in rule["values"]}
        hit = bool(wanted & set(_values(item, key)))
    return hit != bool(rule.get("negated", False))


def selected(store: Store, catalog_id: str, filters: dict[str, Any]) -> list[Entity]:
    """The catalog's items the filters select: every criterion (``all_of``) or any of them (``any_of``)."""
    if "all_of" in filters:
        return [i for i in items_of(store, catalog_id) if all(_matches(i, c) for c in filters["all_of"])]
    if "any_of" in filters:
        return [i for i in items_of(store, catalog_id) if any(_matches(i, c) for c in filters["any_of"])]
    raise invalid("Catalog product group filters need any_of or all_of.")


def product(store: Store, item: Entity, pin_view: Any) -> Entity:
    """A ``CatalogsRetailProduct``: the item's metadata and its Pin (the stored one, else one made from the item)."""
    attributes = item["attributes"]
    parts = str(attributes.get("price") or "0 USD").split()
    metadata = {
        "item_id": item["item_id"], "item_group_id": attributes.get("item_group_id"), "price": _price(item),
        "availability": str(attributes.get("availability") or "in stock").upper().replace(" ", "_"),
        "sale_price": None, "currency": parts[1] if len(parts) > 1 else "USD",
    }  # fmt: skip
    pin = store.pins.get(item["pin_id"])
    if pin is not None:
        shown = pin_view(store, [pin])[0]
    else:
        made = {"id": item["pin_id"], "title": attributes.get("title"), "link": attributes.get("link")}
        shown = shaped("Pin", made, {})
    return shaped("CatalogsRetailProduct", {"catalog_type": "RETAIL", "metadata": metadata, "pin": shown}, {})
