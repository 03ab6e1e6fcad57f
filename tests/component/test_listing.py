"""GET /api/v1/products against a plain in-memory reference (docs/api.md#listing).

A seeded random catalog is written through the real service; hypothesis draws filter, sort
and page combinations; each listing is walked page by page through the real handler and
compared with what a few lines of Python say it must be. The reference below shares no code
with the listing engine."""

import random
import threading
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.auth.principal import Principal
from common.categories import listing as category_listing
from common.categories import service as category_service
from common.categories.models import CategoryInput
from common.products import deletion, listing, service
from common.products.inputs import ProductInput
from common.products.query import ProductQuery
from common.products.stock import StockOperation, apply_stock_operation
from common.settings import get_settings
from common.storage.dynamodb import dynamodb_client
from tests.component.test_catalog import SHOES, make_category
from tests.moto_gateway import Api, make_client, operations, record_calls

WORDS = ["Crème", "brûlée", "shirt", "shirts", "Lamp", "lampe", "oak", "Oak-table", "naïve", "zip"]
TAGS = ["sale", "new", "eco"]
STATES = ["Bavaria", "Texas", "Ontario"]
CITIES = ["Munich", "Austin", "Toronto"]


def admin_principal() -> Principal:
    return Principal(
        tenant_id="tenant-a",
        client_id="cli_test",
        customer_id=None,
        scopes=frozenset({"admin"}),
        mode="live",
    )


def fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).casefold()


def build_catalog(seed: int, size: int) -> list[dict[str, Any]]:
    """`size` products of two customers over three categories (one a child of another)."""
    rng = random.Random(seed)
    admin = admin_principal()
    parent = category_service.create_category(admin, CategoryInput(name="Home"))
    child = category_service.create_category(
        admin, CategoryInput(name="Lamps", parent_id=parent.id)
    )
    other = category_service.create_category(admin, CategoryInput(name="Clothes"))
    categories = [None, parent.id, child.id, other.id]
    for index in range(size):
        name = " ".join(rng.sample(WORDS, rng.randint(1, 3)))
        body: dict[str, Any] = {
            "customer_id": rng.choice(["cust-1", "cust-2"]),
            "name": name,
            "description": rng.choice([None, "Hand made naïve décor", "Organic cotton"]),
            "price": Decimal(rng.randint(100, 99_999)) / 100,
            "currency": rng.choice(["USD", "EUR"]),
            "category_id": rng.choice(categories),
            "status": rng.choice(["active", "active", "draft", "archived"]),
            "sku": rng.choice([None, f"SKU-{index}"]),
            "tags": rng.sample(TAGS, rng.randint(0, 2)),
            "product_type_id": rng.choice([None, "type-a", "type-b"]),
            "business_id": rng.choice([None, "biz-1", "biz-2"]),
            "location": rng.choice(
                [
                    None,
                    {
                        "country_code": rng.choice(["DE", "US"]),
                        "state": rng.choice(STATES),
                        "city": rng.choice(CITIES),
                    },
                ]
            ),
            # Some above the stock index's level (100): they are not in that index.
            "inventory": rng.choice([rng.randint(0, 30), rng.randint(95, 110)]),
            "is_physical": rng.random() < 0.8,
        }
        product = service.create_product(
            admin, ProductInput.model_validate({k: v for k, v in body.items() if v is not None})
        )
        if rng.random() < 0.3:  # stock moved later, by a stock operation
            # Across the level either way too: into the stock index, or out of it.
            operation = StockOperation(operation="set", quantity=rng.choice([3, 12, 99, 101]))
            apply_stock_operation(admin, product.id, operation, None)
    products = [p.public() for p in service_list_all()]
    return products


def service_list_all() -> list[Any]:
    page = listing.list_products(admin_principal(), ProductQuery(limit=100), None)
    assert not page.has_next
    return page.products


# ------------------------------------------------------------------ the reference ----------
def reference(
    catalog: list[dict[str, Any]], params: dict[str, Any], subcategories: dict[str, list[str]]
) -> list[dict[str, Any]]:
    def listed(values: str | None) -> list[str] | None:
        return None if values is None else values.split(",")

    def keep(p: dict[str, Any]) -> bool:
        loc = p.get("location") or {}
        statuses = listed(params.get("status"))
        checks = [
            params.get("customer_id") in (None, p["customer_id"]),
            statuses is None or p["status"] in statuses,
            "is_active" not in params
            or (params["is_active"] == "true") == (p["status"] == "active"),
            "tags" not in params or bool(set(listed(params["tags"]) or []) & set(p["tags"])),
            "product_type_ids" not in params
            or p["product_type_id"] in params["product_type_ids"].split(","),
            "business_ids" not in params or p["business_id"] in params["business_ids"].split(","),
            "country_code" not in params or loc.get("country_code") == params["country_code"],
            "states" not in params
            or (loc.get("state") or "").casefold() in params["states"].casefold().split(","),
            "cities" not in params
            or (loc.get("city") or "").casefold() in params["cities"].casefold().split(","),
            "price_min" not in params or p["price"] >= Decimal(params["price_min"]),
            "price_max" not in params or p["price"] <= Decimal(params["price_max"]),
            "created_from" not in params or p["created_at"] >= params["created_from"],
            "created_to" not in params or p["created_at"] <= params["created_to"],
            "low_stock" not in params or p["inventory"]["available"] <= int(params["low_stock"]),
            "min_quantity" not in params
            or p["inventory"]["available"] >= int(params["min_quantity"]),
            "is_physical" not in params or p["is_physical"] == (params["is_physical"] == "true"),
            "currency" not in params or p["currency"] == params["currency"],
            "product_ids" not in params or p["id"] in params["product_ids"].split(","),
            "sku" not in params or p["sku"] in params["sku"].split(","),
        ]
        if "category_id" in params:
            wanted = {params["category_id"]}
            if params.get("include_subcategories") == "true":
                wanted |= set(subcategories.get(params["category_id"], []))
            checks.append(p["category_id"] in wanted)
        if "search" in params:
            words = fold(
                " ".join([p["name"], p.get("description") or "", p.get("sku") or "", *p["tags"]])
            )
            have = set("".join(c if c.isalnum() else " " for c in words).split())
            terms = "".join(c if c.isalnum() else " " for c in fold(params["search"])).split()
            *exact, last = terms
            checks.append(all(t in have for t in exact))
            as_prefix = len(last) > 1 or bool(exact)  # one letter alone is a whole word
            checks.append(any(w.startswith(last) for w in have) if as_prefix else last in have)
        return all(checks)

    sort = sort_of(params)
    implied = "sort" not in params and sort == "available"
    descending = params.get("order", "asc" if implied else "desc") == "desc"
    keys = {
        "created_at": lambda p: (p["created_at"], p["id"]),
        "updated_at": lambda p: (p["updated_at"], p["id"]),
        "price": lambda p: (p["price"], p["id"]),
        "name": lambda p: (" ".join(fold(p["name"]).split()), p["id"]),
        "available": lambda p: (p["inventory"]["available"], ""),  # ties: any order
    }
    return sorted(filter(keep, catalog), key=keys[sort], reverse=descending)


def walk(api: Api, token: str, params: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    """Every page, following next_cursor; checks has_next/has_prev on the way."""
    items: list[dict[str, Any]] = []
    query = {**params, "limit": str(limit)}
    for number in range(1, 200):
        reply = api.request("GET", f"/api/v1/products?{urlencode(query)}", token)
        assert reply.status == 200, reply.body
        page = reply.body["data"]["pagination"]
        assert len(reply.body["data"]["items"]) <= limit
        assert page["has_prev"] == (number > 1)
        items += reply.body["data"]["items"]
        if not page["has_next"]:
            assert page["next_cursor"] is None
            return items
        query["cursor"] = page["next_cursor"]
    raise AssertionError("the walk did not end")


def same_listing(got: list[dict[str, Any]], expected: list[dict[str, Any]], sort: str) -> None:
    got_ids, expected_ids = [p["id"] for p in got], [p["id"] for p in expected]
    assert len(got_ids) == len(set(got_ids)), "a product was listed twice"
    if sort == "available":  # equal units may come in any order
        assert sorted(got_ids) == sorted(expected_ids)
        assert [p["inventory"]["available"] for p in got] == [
            p["inventory"]["available"] for p in expected
        ]
    else:
        assert got_ids == expected_ids


# ------------------------------------------------------------------ the properties ---------
def refuse_scans() -> None:
    """No request path may Scan (docs/api.md#listing): any Scan from here on fails the test."""

    def refuse(**kwargs: Any) -> None:
        raise AssertionError("a listing used Scan")

    dynamodb_client().meta.events.register("before-call.dynamodb.Scan", refuse)


@pytest.fixture
def catalog(api: Api) -> dict[str, Any]:
    products = build_catalog(seed=7, size=36)
    refuse_scans()
    categories = sorted({p["category_id"] for p in products if p["category_id"]})
    admin = admin_principal()
    children = {
        c: [x.id for x in category_listing.list_categories(admin, parent_id=c).categories]
        for c in categories
    }
    return {
        "products": products,
        "categories": categories,
        "subcategories": children,
        "admin": api.token_for(make_client(scopes=["admin"])),
        "seller": api.token_for(make_client(customer_id="cust-1")),
    }


def query_params(catalog: dict[str, Any]) -> st.SearchStrategy[dict[str, str]]:
    products = catalog["products"]
    times = sorted(p["created_at"] for p in products)
    options: dict[str, st.SearchStrategy[str]] = {
        "sort": st.sampled_from(["created_at", "updated_at", "price", "name", "available"]),
        "order": st.sampled_from(["asc", "desc"]),
        "status": st.sampled_from(["active", "draft", "active,archived"]),
        "is_active": st.sampled_from(["true", "false"]),
        "category_id": st.sampled_from(catalog["categories"]),
        "include_subcategories": st.just("true"),
        "tags": st.sampled_from(["sale", "new,eco"]),
        "product_type_ids": st.sampled_from(["type-a", "type-a,type-b"]),
        "business_ids": st.just("biz-2"),
        "states": st.sampled_from(["bavaria", "Texas,Ontario"]),
        "cities": st.just("Munich"),
        "country_code": st.sampled_from(["DE", "US"]),
        "customer_id": st.sampled_from(["cust-1", "cust-2"]),
        "price_min": st.sampled_from(["10", "250.5"]),
        "price_max": st.sampled_from(["300", "999.99"]),
        "created_from": st.sampled_from(times),
        "created_to": st.sampled_from(times),
        "low_stock": st.sampled_from(["0", "5", "20", "100"]),
        "min_quantity": st.sampled_from(["1", "10", "100"]),
        "is_physical": st.sampled_from(["true", "false"]),
        "currency": st.just("EUR"),
        "search": st.sampled_from(
            ["creme", "SHIRT", "lam", "oak ta", "naive decor", "sku 1", "zi", "oak l", "z"]
        ),
        "product_ids": st.just(",".join(p["id"] for p in products[::3])),
        "sku": st.just("SKU-1,SKU-4,SKU-9,SKU-30"),
    }
    return st.fixed_dictionaries({}, optional=options)


# Fixed examples (CI is reproducible); the catalog fixture is built once per test on purpose.
PROPERTY = {
    "deadline": None,
    "derandomize": True,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


def sort_of(params: dict[str, str]) -> str:
    return params.get("sort") or ("available" if "low_stock" in params else "created_at")


def refused_sort(api: Api, token: str, params: dict[str, str]) -> bool:
    """sort=available without low_stock is a 400 naming sort (the stock index is sparse)."""
    if sort_of(params) != "available" or "low_stock" in params:
        return False
    reply = api.request("GET", f"/api/v1/products?{urlencode(params)}", token)
    assert reply.status == 400, reply.body
    assert [d["field"] for d in reply.body["error"]["details"]] == ["sort"]
    return True


@settings(max_examples=60, **PROPERTY)  # type: ignore[arg-type]
@given(data=st.data())
def test_every_walk_matches_the_reference(
    catalog: dict[str, Any], api: Api, data: st.DataObject
) -> None:
    params = data.draw(query_params(catalog))
    limit = data.draw(st.sampled_from([1, 4, 100]))
    as_seller = data.draw(st.booleans())
    token = catalog["seller"] if as_seller else catalog["admin"]
    if as_seller:
        params.pop("customer_id", None)
        scope = {"customer_id": "cust-1"}
    else:
        scope = {"customer_id": params["customer_id"]} if "customer_id" in params else {}
    if refused_sort(api, token, params):
        return
    expected = reference(catalog["products"], {**params, **scope}, catalog["subcategories"])
    got = walk(api, token, params, limit)

    same_listing(got, expected, sort_of(params))


@settings(max_examples=25, **PROPERTY)  # type: ignore[arg-type]
@given(data=st.data())
def test_page_numbers_cut_the_same_listing(
    catalog: dict[str, Any], api: Api, data: st.DataObject
) -> None:
    params = data.draw(query_params(catalog))
    params.pop("customer_id", None)
    if refused_sort(api, catalog["admin"], params):
        return
    limit = data.draw(st.sampled_from([2, 5]))
    expected = reference(catalog["products"], params, catalog["subcategories"])
    pages = -(-len(expected) // limit)
    number = data.draw(st.integers(min_value=1, max_value=max(pages, 1) + 1))
    query = urlencode({**params, "limit": limit, "page": number})

    reply = api.request("GET", f"/api/v1/products?{query}", catalog["admin"])

    assert reply.status == 200, reply.body
    got = reply.body["data"]["items"]
    wanted = expected[(number - 1) * limit : number * limit]
    if sort_of(params) == "available":  # equal units may come in any order
        assert [p["inventory"]["available"] for p in got] == [
            p["inventory"]["available"] for p in wanted
        ]
    else:
        assert [p["id"] for p in got] == [p["id"] for p in wanted]
    assert reply.body["data"]["pagination"]["has_next"] == (len(expected) > number * limit)
    assert reply.body["data"]["pagination"]["page"] == number


def test_walks_survive_creates_and_deletes_between_pages(api: Api) -> None:
    """Products that exist for the whole walk are listed exactly once and in order; those
    created or deleted meanwhile may or may not be."""
    build_catalog(seed=11, size=24)
    admin = admin_principal()
    token = api.token_for(make_client(scopes=["admin"]))
    rng = random.Random(3)
    for params in ({}, {"sort": "price", "order": "asc"}, {"status": "active"}, {"sort": "name"}):
        before = {p.id for p in service_list_all()}
        deleted: set[str] = set()
        items: list[dict[str, Any]] = []
        query = {**params, "limit": "3"}
        while True:
            reply = api.request("GET", f"/api/v1/products?{urlencode(query)}", token)
            items += reply.body["data"]["items"]
            victim = rng.choice(sorted(before - deleted))
            deletion.delete_product(admin, victim, None)
            deleted.add(victim)
            service.create_product(
                admin, ProductInput(customer_id="cust-1", name="Newcomer", price=Decimal(5))
            )
            cursor = reply.body["data"]["pagination"]["next_cursor"]
            if cursor is None:
                break
            query["cursor"] = cursor
        ids = [p["id"] for p in items]
        assert len(ids) == len(set(ids))
        stored = [p.public() for p in service_list_all()]
        survivors = {p["id"] for p in reference(stored, params, {})} & before
        assert survivors <= set(ids)
        expected_order = [p["id"] for p in reference(items, params, {})]
        assert ids == expected_order
        for victim in deleted:  # restore the catalog size for the next walk
            before.discard(victim)


# ------------------------------------------------------------------ rules, one by one ------
def names(reply: Any) -> list[str]:
    assert reply.status == 200, reply.body
    return [item["name"] for item in reply.body["data"]["items"]]


@pytest.fixture
def shop(api: Api, seller: str) -> str:
    for name, price, status in [
        ("Crème Brûlée Set", 30, "active"),
        ("Oak Table", 250, "active"),
        ("Oak-table lamp", 40, "draft"),
        ("Linen Shirt", 25, "archived"),
    ]:
        body = {"name": name, "price": price, "status": status, "tags": ["home"]}
        assert api.request("POST", "/api/v1/products", seller, body).status == 201
    return seller


class TestSearch:
    @pytest.mark.parametrize(
        ("search", "expected"),
        [
            ("creme brulee", ["Crème Brûlée Set"]),  # accents and case ignored
            ("OAK", ["Oak-table lamp", "Oak Table"]),
            ("oak ta", ["Oak-table lamp", "Oak Table"]),  # the last word is a prefix
            ("table oak", ["Oak-table lamp", "Oak Table"]),  # every word, any order
            ("lamp oak x", []),
            ("shi", ["Linen Shirt"]),
            ("oak l", ["Oak-table lamp"]),  # one letter narrows what the other words found
        ],
    )
    def test_words_prefix_and_folding(
        self, api: Api, shop: str, search: str, expected: list[str]
    ) -> None:
        reply = api.request("GET", f"/api/v1/products?{urlencode({'search': search})}", shop)
        assert names(reply) == expected

    @pytest.mark.parametrize("search", ["a b c d e f g h i", "--", " "])
    def test_unusable_searches_are_400(self, api: Api, shop: str, search: str) -> None:
        reply = api.request("GET", f"/api/v1/products?{urlencode({'search': search})}", shop)
        assert reply.status == 400
        assert reply.body["error"]["details"][0]["field"] == "search"

    def test_a_renamed_product_is_found_by_its_new_words_only(self, api: Api, shop: str) -> None:
        [oak] = api.request("GET", "/api/v1/products?search=oak+table&status=active", shop).body[
            "data"
        ]["items"]
        patch = {"name": "Walnut Desk"}
        assert api.request("PATCH", f"/api/v1/products/{oak['id']}", shop, patch).status == 200
        assert names(api.request("GET", "/api/v1/products?search=walnut", shop)) == ["Walnut Desk"]
        assert "Walnut Desk" not in names(api.request("GET", "/api/v1/products?search=oak", shop))


def add_products(api: Api, token: str, statuses: Sequence[str], **fields: Any) -> None:
    """A product in each of these statuses (one per entry: a status twice makes two)."""
    for status in statuses:
        body = {"name": "Lamp", "price": 10, "status": status, **fields}
        reply = api.request("POST", "/api/v1/products", token, body)
        assert reply.status == 201, reply.body


def queried_statuses(calls: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """The status of each index range queried (its partition ends in #S#<status>)."""
    return [
        params["ExpressionAttributeValues"][":p"]["S"].rsplit("#", 1)[1]
        for operation, params in calls
        if operation == "Query"
    ]


def calls_held_together(
    monkeypatch: pytest.MonkeyPatch, count: int, held: Callable[[str, dict[str, Any]], bool]
) -> tuple[list[tuple[str, dict[str, Any]]], list[bool]]:
    """Every DynamoDB call from here on; the first `count` calls that `held` picks each wait
    (5 s at most) until all of them have been sent. Returns the calls, and for each held one
    whether the others came: all True only if they were in flight at once."""
    all_sent = threading.Barrier(count, timeout=5)
    together: list[bool] = []

    def call(operation: str, params: dict[str, Any]) -> None:
        if held(operation, params) and len(together) < count:
            try:
                all_sent.wait()
                together.append(True)
            except threading.BrokenBarrierError:
                together.append(False)

    return record_calls(monkeypatch, on_call=call), together


class TestReads:
    @pytest.mark.parametrize("query", ["limit=2", "search=oak", "sort=price&order=asc"])
    def test_a_listing_reads_what_its_answer_shows_and_no_more(
        self, api: Api, shop: str, query: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Given the client every DynamoDB call goes through, watched
        calls = record_calls(monkeypatch)
        # When a page is listed
        reply = api.request("GET", f"/api/v1/products?{query}", shop)
        # Then its products were read without their search words and index keys,
        asked = [
            table
            for operation, params in calls
            if operation == "BatchGetItem"
            for table in params["RequestItems"].values()
        ]
        read = {name for each in asked for name in each["ExpressionAttributeNames"].values()}
        assert asked and "indexed_words" not in read and not read & {"tpk", "s_price", "pk"}
        # and every product still shows every field, its stock included
        assert reply.status == 200 and reply.body["data"]["items"]
        for item in reply.body["data"]["items"]:
            single = api.request("GET", f"/api/v1/products/{item['id']}", shop).body["data"]
            assert item == single["item"]

    def test_a_filtered_page_and_its_count_read_each_product_once(
        self, api: Api, shop: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Given the products every BatchGetItem asks for, watched
        calls = record_calls(monkeypatch)
        # When a filtered listing (checked product by product) asks for its total
        reply = api.request("GET", "/api/v1/products?tags=home&limit=2&include_total=true", shop)
        # Then the page and the count walked the same products, each read once
        asked = [
            key["pk"]["S"]
            for operation, params in calls
            if operation == "BatchGetItem"
            for table in params["RequestItems"].values()
            for key in table["Keys"]
        ]
        data = reply.body["data"]
        assert reply.status == 200 and len(data["items"]) == 2
        assert data["pagination"]["total"] == 4
        assert len(asked) == len(set(asked)) == 4

    def test_a_page_reads_each_status_range_once(
        self, api: Api, seller: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Given six active products and a draft: the default listing merges a range by status
        add_products(api, seller, ["active"] * 6 + ["draft"])
        calls = record_calls(monkeypatch)
        # When a page of four is listed, most of it from the active range
        reply = api.request("GET", "/api/v1/products?limit=4", seller)
        # Then each status range was queried once (the empty one too: with the others and the
        # counters, at once), and the total is the counters'
        data = reply.body["data"]
        assert reply.status == 200 and len(data["items"]) == 4 and data["pagination"]["has_next"]
        assert data["pagination"]["total"] == 7
        assert sorted(queried_statuses(calls)) == ["active", "archived", "draft"]

    def test_the_first_page_of_every_range_is_read_at_once_with_the_counters(
        self, api: Api, seller: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Given a product in each status: the default listing merges three ranges, and its
        # total is its counters'
        add_products(api, seller, ["active", "draft", "archived"])
        # whose first Query calls and the counters' GetItem each wait until all four are sent
        calls, together = calls_held_together(
            monkeypatch, 4, lambda operation, params: operation in ("Query", "GetItem")
        )
        # When the listing is asked for
        reply = api.request("GET", "/api/v1/products", seller)
        # Then the four were in flight at once: one round trip for them, not four
        assert together == [True] * 4
        assert reply.status == 200 and len(reply.body["data"]["items"]) == 3
        assert reply.body["data"]["pagination"]["total"] == 3
        assert sorted(queried_statuses(calls)) == ["active", "archived", "draft"]

    def test_the_ranges_of_a_total_are_counted_at_once(
        self, api: Api, seller: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Given a product in each status, and a listing by price range with its total: the
        # ranges hold exactly the listing, so the total counts their keys, range by range
        add_products(api, seller, ["active", "draft", "archived"])
        # whose counting Query calls each wait until all three are sent
        _, together = calls_held_together(
            monkeypatch, 3, lambda operation, params: params.get("Select") == "COUNT"
        )
        # When it is asked for
        query = "sort=price&price_min=5&price_max=20&include_total=true"
        reply = api.request("GET", f"/api/v1/products?{query}", seller)
        # Then the three counts were in flight at once, and the total is theirs
        assert together == [True, True, True]
        assert reply.status == 200 and reply.body["data"]["pagination"]["total"] == 3

    def test_a_category_listing_reads_its_statuses_and_its_counters_in_one_round(
        self, api: Api, seller: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        make_category(SHOES)
        add_products(api, seller, ["archived", "archived", "active"], category_id=SHOES)
        admin = api.token_for(make_client(scopes=["admin"]))  # the category item's counters
        products = get_settings().products_table
        for token in (seller, admin):  # the customer's counters, then the category's
            calls = record_calls(monkeypatch)
            reply = api.request("GET", f"/api/v1/products?category_id={SHOES}", token)
            assert reply.status == 200 and len(reply.body["data"]["items"]) == 3
            assert reply.body["data"]["pagination"]["total"] == 3
            assert sorted(queried_statuses(calls)) == ["active", "archived", "draft"]
            # the counters with the three ranges, then the products: nothing else
            catalog = [
                operation
                for operation, params in calls
                if products in (params.get("TableName"), *params.get("RequestItems", {}))
            ]
            assert sorted(catalog) == ["BatchGetItem", "GetItem", "Query", "Query", "Query"]

    def test_a_one_status_listing_reads_its_counter_with_its_products(
        self, api: Api, seller: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The storefront's listing (status=active) has one range, nothing to skip: its
        counter rides in the BatchGetItem of its products, in each counter scope."""
        make_category(SHOES)
        add_products(api, seller, ["active", "active", "draft"], category_id=SHOES)
        admin = api.token_for(make_client(scopes=["admin"]))
        assert api.request("GET", "/api/v1/products", admin).status == 200  # authorized once
        # customer counters, category (customer), tenant counters, category item
        cases = [(seller, ""), (seller, f"&category_id={SHOES}"), (admin, "")]
        cases += [(admin, f"&category_id={SHOES}")]
        for token, category in cases:
            calls = record_calls(monkeypatch)
            reply = api.request("GET", f"/api/v1/products?status=active{category}", token)
            assert reply.status == 200 and len(reply.body["data"]["items"]) == 2, category
            assert reply.body["data"]["pagination"]["total"] == 2, category
            assert operations(calls) == ["UpdateItem", "Query", "BatchGetItem"]
            # an archived listing: an empty range, so no batch: the counter on its own
            calls = record_calls(monkeypatch)
            reply = api.request("GET", f"/api/v1/products?status=archived{category}", token)
            assert reply.body["data"]["items"] == [], category
            assert reply.body["data"]["pagination"]["total"] == 0, category
            assert operations(calls) == ["UpdateItem", "Query", "GetItem"]

    def test_statuses_that_exclude_each_other_read_no_product(
        self, api: Api, seller: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        add_products(api, seller, ["active", "draft"])
        calls = record_calls(monkeypatch)
        reply = api.request("GET", "/api/v1/products?status=active&is_active=false", seller)
        assert reply.status == 200, reply.body
        assert reply.body["data"]["items"] == [] and reply.body["data"]["pagination"]["total"] == 0
        # Nothing but the rate-limit count: no counter, no index range, no product read
        assert operations(calls) == ["UpdateItem"]


class TestTotalsAndCursors:
    def test_counted_listings_have_exact_totals(self, api: Api, shop: str) -> None:
        everything = api.request("GET", "/api/v1/products?limit=3", shop).body["data"]
        active = api.request("GET", "/api/v1/products?status=active", shop).body["data"]
        inactive = api.request("GET", "/api/v1/products?is_active=false", shop).body["data"]
        assert (everything["pagination"]["total"], everything["pagination"]["pages"]) == (4, 2)
        assert active["pagination"]["total"] == 2 and inactive["pagination"]["total"] == 2
        # The tenant's counters too (a client of the whole tenant)
        admin = api.token_for(make_client(scopes=["admin"]))
        for query, total in [("", 4), ("?status=active", 2), ("?status=draft,active", 3)]:
            reply = api.request("GET", f"/api/v1/products{query}", admin)
            assert reply.body["data"]["pagination"]["total"] == total, query

    def test_other_filters_count_only_when_asked(self, api: Api, shop: str) -> None:
        plain = api.request("GET", "/api/v1/products?price_max=35", shop).body["data"]
        counted = api.request("GET", "/api/v1/products?price_max=35&include_total=true", shop)
        assert len(plain["items"]) == 2
        assert "total" not in plain["pagination"] and "pages" not in plain["pagination"]
        pagination = counted.body["data"]["pagination"]
        assert (pagination["total"], pagination["pages"]) == (2, 1)

    def test_a_cursor_only_continues_its_own_query(self, api: Api, shop: str) -> None:
        first = api.request("GET", "/api/v1/products?limit=1&sort=price", shop).body["data"]
        cursor = first["pagination"]["next_cursor"]
        same = api.request("GET", f"/api/v1/products?limit=1&sort=price&cursor={cursor}", shop)
        other = api.request("GET", f"/api/v1/products?limit=1&sort=name&cursor={cursor}", shop)
        filtered = api.request(
            "GET", f"/api/v1/products?limit=1&sort=price&status=active&cursor={cursor}", shop
        )
        assert same.status == 200 and same.body["data"]["pagination"]["page"] == 2
        assert other.status == 400 and filtered.status == 400

    def test_page_and_cursor_together_are_400(self, api: Api, shop: str) -> None:
        cursor = api.request("GET", "/api/v1/products?limit=1", shop).body["data"]["pagination"][
            "next_cursor"
        ]
        reply = api.request("GET", f"/api/v1/products?limit=1&page=2&cursor={cursor}", shop)
        assert reply.status == 400 and reply.body["error"]["details"][0]["field"] == "page"

    def test_budgeted_filters_return_short_pages_that_continue(
        self, api: Api, shop: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A filter no index serves examines a bounded number of keys per request."""
        monkeypatch.setattr(listing, "FILTER_BUDGET", 1)
        seen, query, pages = [], "limit=2&tags=home&sort=price", 0
        while True:
            reply = api.request("GET", f"/api/v1/products?{query}", shop)
            seen += names(reply)
            pages += 1
            cursor = reply.body["data"]["pagination"]["next_cursor"]
            if cursor is None:
                assert "link" not in reply.headers
                break
            # The Link header repeats the request's parameters with the next cursor.
            link = reply.headers["link"]
            assert "tags=home" in link and "sort=price" in link and 'rel="next"' in link
            query = f"limit=2&tags=home&sort=price&cursor={cursor}"
        assert pages >= 4  # one key examined per request
        assert seen == ["Oak Table", "Oak-table lamp", "Crème Brûlée Set", "Linen Shirt"]

    def test_country_code_header_filters(self, api: Api, seller: str) -> None:
        for country in ("DE", "US"):
            body = {"name": f"Made in {country}", "price": 5, "location": {"country_code": country}}
            api.request("POST", "/api/v1/products", seller, body)
        reply = api.request("GET", "/api/v1/products", seller, headers={"countryCode": "DE"})
        assert names(reply) == ["Made in DE"]


class TestSharedCounters:
    """Every product write moves its tenant's counters, so concurrent writes of one tenant
    meet on that item: DynamoDB cancels one transaction (TransactionConflict), which is
    written again, never answered with a 5xx while it can still succeed."""

    @staticmethod
    def conflicting(monkeypatch: pytest.MonkeyPatch, times: list[int]) -> list[int]:
        """Cancels the first times[0] transactions (the test may change times[0])."""
        from botocore.exceptions import ClientError

        from common.storage.dynamodb import dynamodb_client

        client = dynamodb_client()
        real = client.transact_write_items
        calls: list[int] = []

        def transact(**kwargs: Any) -> Any:
            calls.append(len(kwargs["TransactItems"]))
            if len(calls) <= times[0]:
                reasons = [{"Code": "None"}] * (len(kwargs["TransactItems"]) - 1)
                error = {
                    "Error": {"Code": "TransactionCanceledException", "Message": "conflict"},
                    "CancellationReasons": [*reasons, {"Code": "TransactionConflict"}],
                }
                raise ClientError(error, "TransactWriteItems")  # type: ignore[arg-type]
            return real(**kwargs)

        monkeypatch.setattr(client, "transact_write_items", transact)
        monkeypatch.setattr("common.storage.transactions.backoff", lambda attempt: None)
        return calls

    def test_a_conflict_is_written_again(
        self, api: Api, seller: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        calls = self.conflicting(monkeypatch, times=[2])
        reply = api.request("POST", "/api/v1/products", seller, {"name": "Lamp", "price": 9})
        assert reply.status == 201 and len(calls) == 3
        listed = api.request("GET", "/api/v1/products", seller).body["data"]
        assert [p["name"] for p in listed["items"]] == ["Lamp"]
        assert listed["pagination"]["total"] == 1

    def test_lasting_contention_is_a_503_with_nothing_written(
        self, api: Api, seller: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        times = [100]
        self.conflicting(monkeypatch, times)
        reply = api.request("POST", "/api/v1/products", seller, {"name": "Lamp", "price": 9})
        assert reply.status == 503 and reply.headers["retry-after"] == "1"
        assert reply.body["error"]["code"] == "service_unavailable"
        times[0] = 0
        assert api.request("GET", "/api/v1/products", seller).body["data"]["items"] == []


class TestRepeatedParameters:
    """Was: a repeated parameter filtered on its first value while the Link header carried the
    last, and following the Link was a 400 (its cursor belonged to another query). A query
    parameter is given once: several values are one comma-separated parameter."""

    def test_a_repeated_parameter_is_a_400_naming_it(self, api: Api, shop: str) -> None:
        # Given a catalog with draft and active products
        # When a listing repeats `status`
        reply = api.request("GET", "/api/v1/products?limit=1&status=draft&status=active", shop)

        # Then it is refused, naming the parameter, with no page and no Link to follow
        assert reply.status == 400, reply.body
        assert reply.body["status"] == "error" and "data" not in reply.body
        assert reply.body["error"] == {
            "code": "validation_error",
            "message": "The request is invalid",
            "details": [
                {
                    "field": "status",
                    "message": "given more than once: give a query parameter once "
                    "(list filters take comma-separated values)",
                }
            ],
        }
        assert reply.body["meta"]["request_id"] == reply.headers["x-request-id"]
        assert "link" not in reply.headers

    def test_every_repeated_parameter_is_named(self, api: Api, shop: str) -> None:
        reply = api.request("GET", "/api/v1/products?sort=price&limit=1&sort=name&limit=1", shop)
        assert reply.status == 400
        assert [d["field"] for d in reply.body["error"]["details"]] == ["limit", "sort"]

    def test_several_values_are_one_comma_separated_parameter(self, api: Api, shop: str) -> None:
        first = api.request("GET", "/api/v1/products?limit=1&status=draft,archived", shop)
        assert names(first) == ["Linen Shirt"]
        link = first.headers["link"]
        assert "status=draft%2Carchived" in link
        rest = api.request("GET", link[1 : link.index(">")], shop)
        assert names(rest) == ["Oak-table lamp"] and "link" not in rest.headers


class TestBadParameters:
    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ("price_min=NaN", "price_min"),
            ("price_min=abc", "price_min"),
            ("price_max=1e308", "price_max"),
            ("page=0", "page"),
            ("page=1001", "page"),
            ("created_from=2026-13-01", "created_from"),
            ("status=bogus", "status[0]"),
            ("sort=stock", "sort"),
            ("order=up", "order"),
            ("low_stock=-1", "low_stock"),
            ("currency=XXX", "currency"),
            ("country_code=de", "country_code"),
            ("category_id=cat_nope", "category_id"),
            ("customer_id=a%23b", "customer_id"),
            ("product_ids=" + ",".join(["prod_x"] * 101), "product_ids"),
        ],
    )
    def test_each_is_a_400_naming_the_parameter(
        self, api: Api, seller: str, query: str, field: str
    ) -> None:
        reply = api.request("GET", f"/api/v1/products?{query}", seller)
        assert reply.status == 400 and reply.body["error"]["code"] == "validation_error"
        assert reply.body["error"]["details"][0]["field"] == field

    @pytest.mark.parametrize("country", ["de", "DEU", ""])
    def test_a_bad_country_code_header_is_a_400(self, api: Api, seller: str, country: str) -> None:
        reply = api.request("GET", "/api/v1/products", seller, headers={"countryCode": country})
        assert reply.status == 400
        assert reply.body["error"]["details"][0]["field"] == "countrycode"

    @pytest.mark.parametrize(
        ("path", "unknown"),
        [
            ("/api/v1/products?status=active&_=1732&fields=name", ["_", "fields"]),
            ("/api/v1/products?colour=red", ["colour"]),  # a filter that does not exist
            ("/api/v1/categories?parentId=x", ["parentId"]),
            ("/api/v1/audit-events?resource=x", ["resource"]),
            ("/api/v1/products/prod_000000000000000000000000?expand=variants", ["expand"]),
        ],
    )
    def test_an_unknown_parameter_is_a_400_naming_it(
        self, api: Api, shop: str, path: str, unknown: list[str]
    ) -> None:
        """An ignored filter would answer with the wrong products, silently (Stripe has
        refused unknown parameters since 2011 for that reason)."""
        admin = api.token_for(make_client(scopes=["admin"]))
        reply = api.request("GET", path, admin)
        assert reply.status == 400 and reply.body["error"]["code"] == "validation_error"
        assert [d["field"] for d in reply.body["error"]["details"]] == unknown
        assert reply.body["error"]["details"][0]["message"].startswith("unknown query parameter")


class TestSeed002Parameters:
    """Seed 002's names for the same filters work on the canonical listing, and its own
    example request (order=ASC, productActive=1...) is answered, not refused."""

    @pytest.mark.parametrize(
        ("seed_query", "canonical_query"),
        [
            ("productSearch=oak", "search=oak"),
            ("productLowStock=5", "low_stock=5"),
            ("productQuantity=5", "min_quantity=5"),
            ("productActive=1", "is_active=true"),
            ("productActive=0", "is_active=false"),
            ("productDateRange=2020-11-12,2099-11-15",
             "created_from=2020-11-12&created_to=2099-11-15"),
            ("byStates=bavaria", "states=bavaria"),
            ("byCities=Munich", "cities=Munich"),
            ("byBusinessIds=BIZ123", "business_ids=BIZ123"),
            ("productByProductTypeIds=123,124", "product_type_ids=123,124"),
            ("order=ASC", "order=asc"),
            ("order=Desc&sort=price", "order=desc&sort=price"),
        ],
    )  # fmt: skip
    def test_each_name_is_its_canonical_filter(
        self, api: Api, shop: str, seed_query: str, canonical_query: str
    ) -> None:
        seed = api.request("GET", f"/api/v1/products?{seed_query}", shop)
        canonical = api.request("GET", f"/api/v1/products?{canonical_query}", shop)
        assert seed.status == 200, seed.body
        assert names(seed) == names(canonical)

    def test_product_ids_by_seed_name(self, api: Api, shop: str) -> None:
        every = api.request("GET", "/api/v1/products?limit=100", shop).body["data"]["items"]
        ids = ",".join(item["id"] for item in every[:2])
        reply = api.request("GET", f"/api/v1/products?productIds={ids}", shop)
        assert sorted(names(reply)) == sorted(item["name"] for item in every[:2])

    @pytest.mark.parametrize(
        ("query", "fields"),
        [
            ("productSearch=oak&search=lamp", ["search"]),
            ("productActive=2", ["productActive"]),
            ("productDateRange=2020-11-12", ["productDateRange"]),
            ("productDateRange=2020-11-12,2022-13-45", ["created_to"]),
        ],
    )
    def test_bad_or_doubled_seed_parameters_are_400s(
        self, api: Api, shop: str, query: str, fields: list[str]
    ) -> None:
        reply = api.request("GET", f"/api/v1/products?{query}", shop)
        assert reply.status == 400 and reply.body["error"]["code"] == "validation_error"
        assert [d["field"] for d in reply.body["error"]["details"]] == fields
