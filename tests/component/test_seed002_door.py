"""Seed 002's door (docs/seed-mapping.md): its documented request, sent as the seed shows it
(every header and parameter of its curl example), answered in its shape, over the one
catalog, under /compat/002."""

import json
import shlex
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from common.doors import seed002
from common.errors import ValidationFailed
from common.products.listing import ListingPage
from common.products.models import Inventory, Product
from tests.moto_gateway import Api, make_client

DOOR = "/compat/002/api/v1/products"
ROOT = Path(__file__).resolve().parents[2]
# The seed's curl example, exactly as its document prints it (checked below).
CURL_EXAMPLE = ROOT / "clients" / "seeds" / "seed002_list_products.curl"
SEED_DOCUMENTS = ROOT.parent / "shared" / "seeds"


def curl_example() -> tuple[str, dict[str, str], list[tuple[str, str]]]:
    """The example's URL, headers (but Authorization) and -d parameters, as curl reads them:
    with -G, each -d is a query parameter."""
    words = shlex.split(CURL_EXAMPLE.read_text().replace("\\\n", " "))
    assert words[:3] == ["curl", "-G", "http://[base_url]/api/v1/products"], words[:3]
    headers: dict[str, str] = {}
    query: list[tuple[str, str]] = []
    for option, value in zip(words[3::2], words[4::2], strict=True):
        if option == "-H":
            name, _, text = value.partition(": ")
            headers[name] = text
        else:
            assert option == "-d", option
            name, _, text = value.partition("=")
            query.append((name, text))
    assert headers.pop("Authorization") == "Bearer [access_token]"
    return words[2], headers, query


_, SEED_HEADERS, SEED_QUERY = curl_example()
FIELDS = [
    "productId",
    "name",
    "description",
    "quantity",
    "costPrice",
    "sellingPrice",
    "currencyCode",
    "isActive",
    "businessId",
    "productTypeId",
    "stockLevel",
    "photoUrl",
]
# The seed's example product, as a canonical create: located where the seed's filters look.
APPLE = {
    "name": "Organic Apple",
    "description": "Fresh organic apples from sustainable orchards.",
    "inventory": 50,
    "low_stock_threshold": 50,
    "cost_price": 0.50,
    "price": 1.00,
    "currency": "USD",
    "business_id": "BIZ123",
    "product_type_id": "123",
    "images": ["https://example.com/photo1.jpg"],
    "location": {"country_code": "US", "state": "California", "city": "San Francisco"},
}


@pytest.fixture
def tenant(api: Api) -> str:
    """A tenant-wide client of tenant TEN123, the seed example's tenant."""
    return api.token_for(make_client(tenant_id="TEN123"))


def create(api: Api, token: str, **fields: Any) -> dict[str, Any]:
    reply = api.request("POST", "/api/v1/products", token, {**APPLE, **fields})
    assert reply.status == 201, reply.body
    return dict(reply.body["data"]["item"])


def door(
    api: Api,
    token: str,
    query: list[tuple[str, str]] | dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    path = f"{DOOR}?{urlencode(query)}" if query else DOOR
    return api.request("GET", path, token, headers=SEED_HEADERS if headers is None else headers)


def assert_error(reply: Any, status: int, phrase: str) -> str:
    assert reply.status == status, (reply.status, reply.body)
    assert set(reply.body) == {"statusCode", "error", "message"}, reply.body
    assert reply.body["statusCode"] == status and reply.body["error"] == phrase
    return str(reply.body["message"])


def test_the_curl_example_is_the_seeds_own() -> None:
    documents = sorted(SEED_DOCUMENTS.glob("002_*.txt"))
    if not documents:
        pytest.skip("the seed documents are not beside this checkout")
    assert CURL_EXAMPLE.read_text().strip() in documents[0].read_text()
    assert SEED_HEADERS == {"tenantId": "TEN123", "userId": "USR456", "countryCode": "US"}
    assert len(SEED_QUERY) == 13 and ("byCities", "San Francisco") in SEED_QUERY


def test_the_seeds_curl_example_as_written(api: Api, tenant: str) -> None:
    """Every header and parameter of the example (curl -G). Its `productIds=1001,1002` are
    numeric ids, which no product here has (ids are prod_...), and its date range is past:
    by the seed's own rule, 404."""
    create(api, tenant)
    reply = door(api, tenant, SEED_QUERY)
    message = assert_error(reply, 404, "Not Found")
    assert message == "No products found based on the provided criteria"
    assert reply.headers["x-request-id"]


def test_the_seeds_example_with_filters_that_match(api: Api, tenant: str) -> None:
    # Given the seed's example product, and others the filters leave out
    apple = create(api, tenant)
    create(api, tenant, name="Organic Pear", description="Pears")  # no "apple"
    create(api, tenant, location={"country_code": "CA", "state": "California"})  # Canada
    create(api, tenant, business_id="BIZ999")
    create(api, tenant, status="draft")
    create(api, tenant, inventory=10)  # fewer than productQuantity
    # When the seed's example is sent with this product's id and a range that holds today
    today = datetime.now(UTC).date().isoformat()
    matching = dict(SEED_QUERY)
    matching.update(productIds=apple["id"], productDateRange=f"2020-11-12,{today}")
    matching.update(productLowStock="50")
    reply = door(api, tenant, matching)
    # Then it answers the seed's shape, exactly
    assert reply.status == 200, reply.body
    assert reply.body == {
        "products": [
            {
                "productId": apple["id"],
                "name": "Organic Apple",
                "description": "Fresh organic apples from sustainable orchards.",
                "quantity": 50,
                "costPrice": 0.5,
                "sellingPrice": 1.0,
                "currencyCode": "USD",
                "isActive": True,
                "businessId": "BIZ123",
                "productTypeId": "123",
                "stockLevel": "Low",
                "photoUrl": "https://example.com/photo1.jpg",
            }
        ],
        "totalItems": 1,
        "totalPages": 1,
        "currentPage": 1,
    }
    assert list(reply.body["products"][0]) == FIELDS
    # And without productIds, the other filters alone find it too
    del matching["productIds"]
    found = door(api, tenant, matching)
    assert [p["productId"] for p in found.body["products"]] == [apple["id"]], found.body


def test_each_filter_is_the_canonical_one(api: Api, tenant: str) -> None:
    """The door's answer names exactly the products the canonical listing gives for the
    same parameters (seed 002's names are aliases there) and the countryCode header."""
    made = [
        create(api, tenant),
        create(api, tenant, name="Green Apple", product_type_id="124", inventory=5),
        create(api, tenant, name="Apple Juice", business_id="BIZ7", status="archived"),
        create(api, tenant, name="Pear", location={"country_code": "US", "state": "Oregon"}),
        create(api, tenant, location={"country_code": "US", "city": "Los Angeles"}),
    ]
    assert len(made) == 5
    probes: list[dict[str, str]] = [
        {},
        {"productSearch": "apple"},
        {"productByProductTypeIds": "124"},
        {"productActive": "0"},
        {"productActive": "1"},
        {"byStates": "oregon"},
        {"byCities": "Los Angeles,San Francisco"},
        {"byBusinessIds": "BIZ7"},
        {"productLowStock": "10"},
        {"productQuantity": "10"},
        {"productIds": f"{made[0]['id']},{made[3]['id']}"},
        {"productSearch": "apple", "order": "ASC"},
    ]
    for probe in probes:
        reply = door(api, tenant, probe)
        canonical = api.request(
            "GET", f"/api/v1/products?{urlencode(probe)}", tenant, headers=SEED_HEADERS
        )
        expected = [item["id"] for item in canonical.body["data"]["items"]]
        if not expected:
            assert_error(reply, 404, "Not Found")
            continue
        assert reply.status == 200, (probe, reply.body)
        assert [p["productId"] for p in reply.body["products"]] == expected, probe
        assert reply.body["totalItems"] == len(expected), probe


def test_order_and_pages(api: Api, tenant: str) -> None:
    ids = [create(api, tenant, name=f"Apple {n}")["id"] for n in range(5)]
    newest_first = door(api, tenant, {"limit": "2"})
    assert [p["productId"] for p in newest_first.body["products"]] == ids[:-3:-1]
    assert newest_first.body["totalItems"] == 5 and newest_first.body["totalPages"] == 3
    oldest_first = door(api, tenant, {"order": "ASC", "limit": "2", "page": "2"})
    assert [p["productId"] for p in oldest_first.body["products"]] == ids[2:4]
    assert oldest_first.body["currentPage"] == 2
    last = door(api, tenant, {"order": "DESC", "limit": "2", "page": "3"})
    assert [p["productId"] for p in last.body["products"]] == ids[:1]
    # Past the last page the criteria still match products: an empty page, not a 404
    past = door(api, tenant, {"limit": "2", "page": "4"})
    assert past.status == 200 and past.body["products"] == [] and past.body["totalItems"] == 5
    default = door(api, tenant)
    assert default.body["currentPage"] == 1 and len(default.body["products"]) == 5


@pytest.mark.parametrize(
    ("available", "threshold", "level"),
    [
        (0, None, "Out of stock"),
        (0, 5, "Out of stock"),
        (1, None, "In stock"),
        (5, 5, "Low"),
        (6, 5, "In stock"),
        (1, 0, "In stock"),
    ],
)
def test_stock_level(
    api: Api, tenant: str, available: int, threshold: int | None, level: str
) -> None:
    """None available: Out of stock; at most low_stock_threshold: Low; else In stock."""
    fields: dict[str, Any] = {"inventory": available, "low_stock_threshold": threshold}
    made = create(api, tenant, **fields)
    reply = door(api, tenant)
    (product,) = reply.body["products"]
    assert product["stockLevel"] == level
    assert product["quantity"] == made["inventory"]["available"] == available
    canonical = {"out_of_stock": "Out of stock", "low": "Low", "in_stock": "In stock"}
    assert canonical[made["stock_level"]] == level


def test_a_product_without_optional_fields(api: Api, tenant: str) -> None:
    body = {"name": "Bare", "price": 3, "location": {"country_code": "US"}}
    made = api.request("POST", "/api/v1/products", tenant, body).body["data"]["item"]
    (product,) = door(api, tenant).body["products"]
    assert product == {
        "productId": made["id"],
        "name": "Bare",
        "description": None,
        "quantity": 0,
        "costPrice": None,
        "sellingPrice": 3,
        "currencyCode": "USD",
        "isActive": True,
        "businessId": None,
        "productTypeId": None,
        "stockLevel": "Out of stock",
        "photoUrl": None,
    }


@pytest.mark.parametrize("missing", ["tenantId", "userId", "countryCode"])
def test_each_header_is_required(api: Api, tenant: str, missing: str) -> None:
    create(api, tenant)
    headers = {k: v for k, v in SEED_HEADERS.items() if k != missing}
    message = assert_error(door(api, tenant, headers=headers), 400, "Bad Request")
    assert message.startswith("The request is invalid: ") and f"{missing}: " in message


def test_headers_are_checked(api: Api, tenant: str) -> None:
    create(api, tenant)
    other_tenant = {**SEED_HEADERS, "tenantId": "TEN999"}
    message = assert_error(door(api, tenant, headers=other_tenant), 403, "Forbidden")
    assert message == "The tenantId header does not match the token's tenant"
    bad_country = {**SEED_HEADERS, "countryCode": "usa"}
    assert "countryCode" in assert_error(door(api, tenant, headers=bad_country), 400, "Bad Request")
    # Header names are case-insensitive, as HTTP says
    lower = {k.lower(): v for k, v in SEED_HEADERS.items()}
    assert door(api, tenant, headers=lower).status == 200
    # countryCode filters: another country's products are not this country's
    assert_error(door(api, tenant, headers={**SEED_HEADERS, "countryCode": "DE"}), 404, "Not Found")


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"productActive": "yes"}, "productActive"),
        ({"productDateRange": "2020-11-12"}, "productDateRange"),
        ({"productDateRange": "2020-11-12,someday"}, "productDateRange"),
        ({"productLowStock": "-1"}, "productLowStock"),
        ({"productLowStock": "101"}, "productLowStock"),  # above the stock index's level
        ({"productQuantity": "many"}, "productQuantity"),
        ({"order": "UP"}, "order"),
        ({"limit": "101"}, "limit"),
        ({"page": "0"}, "page"),
        ({"productIds": ","}, "productIds"),
        ({"search": "apple"}, "search"),  # the canonical name is not the seed's
        ({"cursor": "abc"}, "cursor"),
        ({"sort": "price"}, "sort"),
    ],
)
def test_bad_parameters_are_400s_naming_the_seeds_parameter(
    api: Api, tenant: str, query: dict[str, str], named: str
) -> None:
    message = assert_error(door(api, tenant, query), 400, "Bad Request")
    assert f"{named}: " in message, message


def test_scopes_and_isolation_are_the_domains(api: Api, tenant: str) -> None:
    create(api, tenant)
    writer_only = api.token_for(make_client(tenant_id="TEN123", scopes=["products:write"]))
    message = assert_error(door(api, writer_only), 403, "Forbidden")
    assert "products:read" in message
    # Another tenant (its own tenantId header) sees none of TEN123's products
    stranger = api.token_for(make_client(tenant_id="TEN999"))
    assert_error(
        door(api, stranger, headers={**SEED_HEADERS, "tenantId": "TEN999"}), 404, "Not Found"
    )
    # A customer-bound client sees its own customer's products only
    seller = api.token_for(make_client(tenant_id="TEN123", customer_id="cust-1"))
    assert_error(door(api, seller), 404, "Not Found")
    own = create(api, seller, customer_id="cust-1")
    assert [p["productId"] for p in door(api, seller).body["products"]] == [own["id"]]
    assert door(api, tenant).body["totalItems"] == 2


def test_requests_are_counted_like_the_canonical_listings(api: Api) -> None:
    token = api.token_for(make_client(tenant_id="TEN123", rate_limit=2))
    assert door(api, token).status == 404
    assert door(api, token, {"limit": "0"}).status == 400  # a 400 counts too
    refused = door(api, token)
    assert_error(refused, 429, "Too Many Requests")
    assert refused.headers["retry-after"]


def test_one_catalog_and_the_acting_user(api: Api, tenant: str) -> None:
    """A seed-002 client's headers on a write (the canonical API's) record its userId as the
    acting user; the product is the door's as well."""
    made = api.request("POST", "/api/v1/products", tenant, APPLE, headers=SEED_HEADERS)
    product_id = made.body["data"]["item"]["id"]
    assert [p["productId"] for p in door(api, tenant).body["products"]] == [product_id]
    admin = api.token_for(make_client(tenant_id="TEN123", scopes=["admin"]))
    trail = api.request("GET", f"/api/v1/audit-events?resource_id={product_id}", admin)
    (event,) = trail.body["data"]["items"]
    assert event["actor"]["user_id"] == "USR456"


def test_a_page_too_large_for_one_response_is_a_400_naming_the_limit_that_fits() -> None:
    """A hundred products with 10,000-character descriptions can pass Lambda's response limit:
    the seed's page numbers cannot say where a page cut short goes on, so the door says which
    `limit` fits rather than silently skip products."""
    now = "2026-01-01T00:00:00.000Z"
    product = Product(
        id="prod_" + "0" * 24,
        tenant_id="t",
        mode="live",
        name="Apple",
        description="\U0001f34e" * 10_000,  # characters that escape the longest
        price=Decimal(1),
        stock=Inventory(available=1),
        created_at=now,
        updated_at=now,
    )

    def page(count: int) -> ListingPage:
        return ListingPage(
            [product] * count, limit=100, page=1, has_next=False, next_cursor=None, total=count
        )

    with pytest.raises(ValidationFailed) as refused:
        seed002.body_of(page(100))
    (detail,) = refused.value.details
    most = int(detail["message"].rsplit("at most ", 1)[1].split()[0])
    assert detail["field"] == "limit" and 1 <= most < 100
    assert json.loads(seed002.body_of(page(most)))["totalItems"] == most
