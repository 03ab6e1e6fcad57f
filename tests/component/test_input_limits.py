"""Input limits (docs/decisions.md, "Input limits"): one parametrized test per
class of bad input, across products, categories, stock operations, batch create, the token
grants and the listings' query parameters. Each case asserts the status, `error.code`, the
field named in `details` and that no table changed; a sweep then checks that no error body,
4xx or 5xx (DynamoDB errors injected), carries a stack trace, an ARN, a table or key name or a
file path.
"""

import dataclasses
import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import jsonschema
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from common.http import MAX_BODY_BYTES, MAX_JSON_DEPTH
from common.settings import get_settings
from common.storage.dynamodb import dynamodb_client
from tests.moto_gateway import Api, make_client
from tests.support import credentials, error_code

PRODUCTS = "/api/v1/products"
CATEGORIES = "/api/v1/categories"
BATCH = "/api/v1/products/batch"
AUDIT = "/api/v1/audit-events"
TOKEN = "/api/v1/auth/token"
REFRESH = "/api/v1/auth/refresh"
JSON_TYPE = {"Content-Type": "application/json"}


# ------------------------------------------------------------------ the world ---------------
@dataclass
class World:
    api: Api
    admin: str
    seller: str
    client: dict[str, Any]
    refresh_token: str
    category: dict[str, Any]
    product: dict[str, Any]
    # Every error body seen by this module's tests, for the leak sweep.
    bodies: list[bytes] = dataclasses.field(default_factory=list)

    def path(self, template: str) -> str:
        return template.format(product=self.product["id"], category=self.category["id"])


@pytest.fixture
def world(api: Api) -> World:
    admin = api.token_for(make_client(scopes=["admin"]))
    seller = api.token_for(
        make_client(
            customer_id="cust-1",
            scopes=["products:read", "products:write", "categories:write", "inventory:write"],
        )
    )
    client = make_client(customer_id="cust-1")
    grant = api.request("POST", TOKEN, json_body=credentials(client))
    category = api.request("POST", CATEGORIES, admin, {"name": "Lamps"}).body["data"]["item"]
    product = api.request(
        "POST",
        PRODUCTS,
        seller,
        {"name": "Desk lamp", "price": 30, "sku": "LAMP-1", "inventory": 10, "tags": ["desk"]},
    ).body["data"]["item"]
    return World(api, admin, seller, client, grant.body["data"]["refresh_token"], category, product)


def stored_state() -> dict[str, list[dict[str, Any]]]:
    """Every item of every table but the request counters (each request counts itself)."""
    settings = get_settings()
    tables = [settings.products_table, settings.auth_table, settings.idempotency_table]
    state = {}
    for table in tables:
        assert table
        items = dynamodb_client().scan(TableName=table)["Items"]
        state[table] = sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return state


# ------------------------------------------------------------------ cases -------------------
@dataclass(frozen=True)
class Case:
    """One bad request: `body` is JSON, or bytes sent as they are; `token` names the caller
    (admin, seller or none); `path` may name {product} and {category}."""

    method: str
    path: str
    body: Any = None
    status: int = 400
    code: str = "validation_error"
    field: str | None = None
    token: str | None = "seller"
    headers: dict[str, str] = dataclasses.field(default_factory=dict)

    def send(self, world: World) -> Any:
        token = {"admin": world.admin, "seller": world.seller}.get(self.token or "")
        headers = dict(self.headers)
        if isinstance(self.body, bytes):
            headers.setdefault("Content-Type", "application/json")
            return world.api.request(
                self.method, world.path(self.path), token, raw_body=self.body, headers=headers
            )
        return world.api.request(
            self.method, world.path(self.path), token, json_body=self.body, headers=headers
        )


PRODUCT = f"{PRODUCTS}/{{product}}"
STOCK = f"{PRODUCTS}/{{product}}/inventory"
CATEGORY = f"{CATEGORIES}/{{category}}"
VALID = {"name": "Lamp", "price": 10}


def product(**fields: Any) -> dict[str, Any]:
    return {**VALID, **fields}


def nested(depth: int, leaf: Any = 1) -> Any:
    """`depth` levels of lists around a leaf: nested(2) == [[1]]."""
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


def text_body(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode()


# Bodies just over 1 MB, each otherwise valid for its route.
OVER = MAX_BODY_BYTES + 1
BIG_TEXT = "x" * OVER
BODY_SIZE = {
    "create product": Case("POST", PRODUCTS, product(description=BIG_TEXT), 413, field="body"),
    "replace product": Case("PUT", PRODUCT, product(description=BIG_TEXT), 413, field="body"),
    "patch product": Case("PATCH", PRODUCT, {"description": BIG_TEXT}, 413, field="body"),
    "batch": Case("POST", BATCH, [product(description=BIG_TEXT)], 413, field="body"),
    "stock": Case(
        "POST", STOCK, {"operation": "set", "quantity": 1, "pad": BIG_TEXT}, 413, field="body"
    ),
    "create category": Case(
        "POST", CATEGORIES, {"name": "c", "description": BIG_TEXT}, 413, field="body", token="admin"
    ),
    "patch category": Case(
        "PATCH", CATEGORY, {"description": BIG_TEXT}, 413, field="body", token="admin"
    ),
    "token grant": Case("POST", TOKEN, {"client_id": BIG_TEXT}, 413, field="body", token=None),
    "refresh grant": Case(
        "POST", REFRESH, {"refresh_token": BIG_TEXT}, 413, field="body", token=None
    ),
    "base64 body": Case(
        "POST", PRODUCTS, b"\xff" * OVER, 413, field="body"
    ),  # not UTF-8: arrives base64-encoded
}

STRING_LENGTH = {
    "product name": Case("POST", PRODUCTS, product(name="x" * 201), field="name"),
    "product description": Case(
        "POST", PRODUCTS, product(description="x" * 10_001), field="description"
    ),
    "detailed description": Case(
        "PUT", PRODUCT, product(detailed_description="x" * 50_001), field="detailed_description"
    ),
    "sku": Case("POST", PRODUCTS, product(sku="S" * 65), field="sku"),
    "tag": Case("PATCH", PRODUCT, {"tags": ["t" * 65]}, field="tags[0]"),
    "image url": Case(
        "POST",
        PRODUCTS,
        product(images=[{"url": "https://x.example/" + "a" * 2048}]),
        field="images[0].url",
    ),
    "variant name": Case(
        "POST", PRODUCTS, product(variants=[{"name": "v" * 201}]), field="variants[0].name"
    ),
    "attribute key": Case("POST", PRODUCTS, product(attributes={"k" * 65: 1})),
    "attribute text": Case(
        "POST", PRODUCTS, product(attributes={"notes": "x" * 1_001}), field="attributes.notes"
    ),
    "nested attribute text": Case(
        "PATCH",
        PRODUCT,
        {"specifications": {"size": {"eu": ["x" * 1_001]}}},
        field="specifications.size",
    ),
    "batch item name": Case("POST", BATCH, [VALID, product(name="x" * 201)], field="[1].name"),
    "category name": Case("POST", CATEGORIES, {"name": "c" * 201}, field="name", token="admin"),
    "category slug": Case("PATCH", CATEGORY, {"slug": "s" * 101}, field="slug", token="admin"),
    "client_id": Case(
        "POST",
        TOKEN,
        {"grant_type": "client_credentials", "client_id": "c" * 257, "client_secret": "s"},
        field="client_id",
        token=None,
    ),
    "search": Case("GET", f"{PRODUCTS}?search={'w' * 201}", field="search"),
}

LIST_SIZE = {
    "tags": Case("POST", PRODUCTS, product(tags=[f"t{n}" for n in range(51)]), field="tags"),
    "images": Case(
        "POST",
        PRODUCTS,
        product(images=[{"url": f"https://x.example/{n}.png"} for n in range(21)]),
        field="images",
    ),
    "variants": Case(
        "POST",
        PRODUCTS,
        product(variants=[{"name": f"v{n}"} for n in range(41)]),
        field="variants",
    ),
    "taxes": Case(
        "PUT",
        PRODUCT,
        product(taxes=[{"name": f"t{n}", "rate": 1} for n in range(11)]),
        field="taxes",
    ),
    "attribute keys": Case(
        "POST", PRODUCTS, product(attributes={f"k{n}": n for n in range(101)}), field="attributes"
    ),
    "variant attribute keys": Case(
        "POST",
        PRODUCTS,
        product(variants=[{"name": "v", "attributes": {f"k{n}": n for n in range(51)}}]),
        field="variants[0].attributes",
    ),
    "attribute list": Case(
        "PATCH", PRODUCT, {"attributes": {"sizes": list(range(101))}}, field="attributes.sizes"
    ),
    "batch of 101": Case("POST", BATCH, [product(name=f"p{n}") for n in range(101)]),
    "empty batch": Case("POST", BATCH, []),
    "product_ids filter": Case(
        "GET",
        f"{PRODUCTS}?product_ids={','.join(f'p{n}' for n in range(101))}",
        field="product_ids",
    ),
}

TOO_DEEP = nested(MAX_JSON_DEPTH)  # inside a body object: one level more than allowed
NESTING_DEPTH = {
    "product body": Case("POST", PRODUCTS, product(attributes={"a": TOO_DEEP}), field="body"),
    "parser limit": Case(
        "POST",
        PRODUCTS,
        b'{"attributes": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        field="body",
    ),
    "batch": Case("POST", BATCH, b"[" * 100_000 + b"]" * 100_000, field="body"),
    "patch": Case("PATCH", PRODUCT, {"attributes": {"a": TOO_DEEP}}, field="body"),
    "category": Case("POST", CATEGORIES, {"name": "c", "x": TOO_DEEP}, field="body", token="admin"),
    "stock": Case("POST", STOCK, {"operation": TOO_DEEP}, field="body"),
    "token grant": Case("POST", TOKEN, b"[" * 50_000 + b"]" * 50_000, field="body", token=None),
    "attribute value 4 deep": Case(
        "POST", PRODUCTS, product(attributes={"a": {"b": [{"c": [1]}]}}), field="attributes.a"
    ),
    "variant attribute 4 deep": Case(
        "POST",
        PRODUCTS,
        product(variants=[{"name": "v", "attributes": {"a": nested(4)}}]),
        field="variants[0].attributes.a",
    ),
}

LIMIT = {
    "zero": Case("GET", f"{PRODUCTS}?limit=0", field="limit"),
    "over 100": Case("GET", f"{PRODUCTS}?limit=101", field="limit"),
    "negative": Case("GET", f"{PRODUCTS}?limit=-1", field="limit"),
    "absurd": Case("GET", f"{PRODUCTS}?limit=99999999999999999999999999", field="limit"),
    "not a number": Case("GET", f"{PRODUCTS}?limit=ten", field="limit"),
    "float": Case("GET", f"{PRODUCTS}?limit=1.5", field="limit"),
    "empty": Case("GET", f"{PRODUCTS}?limit=", field="limit"),
    "page 0": Case("GET", f"{PRODUCTS}?page=0", field="page"),
    "page too far": Case("GET", f"{PRODUCTS}?page=1001", field="page"),
    "categories zero": Case("GET", f"{CATEGORIES}?limit=0", field="limit"),
    "categories over 100": Case("GET", f"{CATEGORIES}?limit=1000", field="limit"),
}

NUMERIC_RANGE = {
    "price NaN": Case(
        "POST", PRODUCTS, b'{"name": "n", "price": NaN}', code="invalid_json", field="body"
    ),
    "price Infinity": Case(
        "POST", PRODUCTS, b'{"name": "n", "price": Infinity}', code="invalid_json", field="body"
    ),
    "price -Infinity": Case(
        "PUT", PRODUCT, b'{"name": "n", "price": -Infinity}', code="invalid_json", field="body"
    ),
    "price 1e308": Case("POST", PRODUCTS, b'{"name": "n", "price": 1e308}', field="price"),
    "price 1e-400": Case("POST", PRODUCTS, b'{"name": "n", "price": 1e-400}', field="price"),
    "price zero": Case("POST", PRODUCTS, product(price=0), field="price"),
    "price over 1e9": Case("POST", PRODUCTS, product(price=1_000_000_001), field="price"),
    "price excess digits": Case(
        "POST",
        PRODUCTS,
        b'{"name": "n", "price": 1.0000000000000000000000000000000000000001}',
        field="price",
    ),
    "cost excess digits": Case(
        "PATCH",
        PRODUCT,
        b'{"cost_price": 2.00000000000000000000000000000000000000000001}',
        field="cost_price",
    ),
    "variant price digits": Case(
        "POST",
        PRODUCTS,
        b'{"name": "n", "price": 1, "variants": [{"name": "v", "price": 1.0000000000000000000000000000001}]}',  # noqa: E501
        field="variants[0].price",
    ),
    "tax rate digits": Case(
        "POST",
        PRODUCTS,
        b'{"name": "n", "price": 1, "taxes": [{"name": "t", "rate": 1.000000000000000000000000000000000000000000001}]}',  # noqa: E501
        field="taxes[0].rate",
    ),
    "tax rate 1e-400": Case(
        "POST",
        PRODUCTS,
        b'{"name": "n", "price": 1, "taxes": [{"name": "t", "rate": 1e-400}]}',
        field="taxes[0].rate",
    ),
    "attribute 1e200": Case(
        "POST",
        PRODUCTS,
        b'{"name": "n", "price": 1, "attributes": {"a": 1e200}}',
        field="attributes.a",
    ),
    "attribute 40 digits": Case(
        "POST",
        PRODUCTS,
        b'{"name": "n", "price": 1, "attributes": {"a": 1.000000000000000000000000000000000000001}}',  # noqa: E501
        field="attributes.a",
    ),
    "attribute huge integer": Case(
        "PATCH", PRODUCT, b'{"attributes": {"a": ' + b"9" * 400 + b"}}", field="attributes.a"
    ),
    "inventory 1e308": Case(
        "POST", PRODUCTS, b'{"name": "n", "price": 1, "inventory": 1e308}', field="inventory"
    ),
    "inventory negative": Case("POST", PRODUCTS, product(inventory=-1), field="inventory"),
    "threshold fraction": Case(
        "PATCH", PRODUCT, {"low_stock_threshold": 1.5}, field="low_stock_threshold"
    ),
    "recurrence count": Case(
        "POST",
        PRODUCTS,
        b'{"name": "n", "price": 1, "recurrence": {"interval": "day", "count": 1e308}}',
        field="recurrence.count",
    ),
    "stock quantity 1e308": Case(
        "POST", STOCK, b'{"operation": "adjust", "quantity": 1e308}', field="quantity"
    ),
    "stock quantity NaN": Case(
        "POST",
        STOCK,
        b'{"operation": "adjust", "quantity": NaN}',
        code="invalid_json",
        field="body",
    ),
    "batch price": Case("POST", BATCH, [VALID, product(price=-1)], field="[1].price"),
    "price_min 1e308": Case("GET", f"{PRODUCTS}?price_min=1e308", field="price_min"),
    "price_max NaN": Case("GET", f"{PRODUCTS}?price_max=NaN", field="price_max"),
    "price_min Infinity": Case("GET", f"{PRODUCTS}?price_min=Infinity", field="price_min"),
    "low_stock negative": Case("GET", f"{PRODUCTS}?low_stock=-1", field="low_stock"),
    "min_quantity 1e308": Case("GET", f"{PRODUCTS}?min_quantity=1e308", field="min_quantity"),
}

UNICODE_AND_CONTROL = {
    "NUL in name": Case("POST", PRODUCTS, product(name="a\u0000b"), field="name"),
    "escape in tag": Case("PATCH", PRODUCT, {"tags": ["a\u001bb"]}, field="tags[0]"),
    "C1 in description": Case(
        "POST", PRODUCTS, product(description="a\u0085b"), field="description"
    ),
    "lone surrogate in name": Case(
        "POST", PRODUCTS, b'{"name": "a\\ud800b", "price": 1}', field="name"
    ),
    "lone surrogate in attribute": Case(
        "POST",
        PRODUCTS,
        b'{"name": "n", "price": 1, "attributes": {"a": "\\udfff"}}',
        field="attributes.a",
    ),
    "control in attribute key": Case("POST", PRODUCTS, product(attributes={"a\u0007": 1})),
    "control in nested attribute": Case(
        "PATCH", PRODUCT, {"specifications": {"a": {"b": "x\u0000"}}}, field="specifications.a"
    ),
    "blank attribute key": Case("POST", PRODUCTS, product(attributes={" ": 1})),
    "zero-width in sku": Case("POST", PRODUCTS, product(sku="A\u200bB"), field="sku"),
    "NUL in category name": Case(
        "POST", CATEGORIES, {"name": "c\u0000"}, field="name", token="admin"
    ),
    "bell in batch item": Case("POST", BATCH, [VALID, product(name="\u0007")], field="[1].name"),
    "lone surrogate in client_id": Case(
        "POST",
        TOKEN,
        b'{"grant_type": "client_credentials", "client_id": "\\ud800", "client_secret": "s"}',
        field="client_id",
        token=None,
    ),
    "lone surrogate in refresh token": Case(
        "POST",
        REFRESH,
        b'{"grant_type": "refresh_token", "refresh_token": "\\udc00"}',
        field="refresh_token",
        token=None,
    ),
    "NUL in client_id": Case(
        "POST",
        TOKEN,
        {"grant_type": "client_credentials", "client_id": "cli\u0000", "client_secret": "s"},
        status=401,
        code="unauthorized",
        token=None,
    ),
    "NUL in search": Case("GET", f"{PRODUCTS}?search=%00lamp", field="search"),
    "control in tags filter": Case("GET", f"{PRODUCTS}?tags=desk,%01", field="tags[1]"),
    "surrogate bytes in search": Case("GET", f"{PRODUCTS}?search=%ED%A0%80", field="search"),
}

# Text that looks like something else: a name of invisible characters only, or one whose
# display order a bidirectional control rewrites ("Lamp\u202egpj.exe" shows "Lampexe.jpg").
INVISIBLE_AND_BIDI = {
    "zero-width-only product name": Case(
        "POST", PRODUCTS, product(name="\u200b\u200c\u200d"), field="name"
    ),
    "BOM and word joiner product name": Case(
        "POST", PRODUCTS, product(name=" \ufeff\u2060 "), field="name"
    ),
    "invisible first in product name": Case(
        "POST", PRODUCTS, product(name="\u200bLamp"), field="name"
    ),
    "override in product name": Case(
        "POST", PRODUCTS, product(name="Lamp\u202egpj.exe"), field="name"
    ),
    "isolate in PUT name": Case("PUT", PRODUCT, product(name="\u2067Lamp\u2069"), field="name"),
    "zero-width PATCH name": Case("PATCH", PRODUCT, {"name": "\u200d"}, field="name"),
    "mark in PATCH name": Case("PATCH", PRODUCT, {"name": "Lamp\u200f"}, field="name"),
    "Arabic letter mark in variant name": Case(
        "POST",
        PRODUCTS,
        product(variants=[{"name": "S\u061c"}]),
        field="variants[0].name",
    ),
    "override in batch item name": Case(
        "POST", BATCH, [VALID, product(name="a\u202db")], field="[1].name"
    ),
    "override in tag": Case("POST", PRODUCTS, product(tags=["sale\u202e"]), field="tags[0]"),
    "override in sku": Case("POST", PRODUCTS, product(sku="LAMP\u202e1"), field="sku"),
    "zero-width-only category name": Case(
        "POST", CATEGORIES, {"name": "\u2060\ufeff"}, field="name", token="admin"
    ),
    "override in category name": Case(
        "POST", CATEGORIES, {"name": "Lamps\u202e"}, field="name", token="admin"
    ),
    "override in PUT category name": Case(
        "PUT", CATEGORY, {"name": "\u202aLamps"}, field="name", token="admin"
    ),
    "zero-width PATCH category name": Case(
        "PATCH", CATEGORY, {"name": "\u200b"}, field="name", token="admin"
    ),
    "override in category slug": Case(
        "POST", CATEGORIES, {"name": "Lamps", "slug": "lamps\u202e"}, field="slug", token="admin"
    ),
    "zero-width category slug": Case(
        "PATCH", CATEGORY, {"slug": "lamps\u200b"}, field="slug", token="admin"
    ),
    "override in search": Case("GET", f"{PRODUCTS}?search=lamp%E2%80%AE", field="search"),
    "zero-width tags filter": Case("GET", f"{PRODUCTS}?tags=desk,%E2%80%8B", field="tags[1]"),
}

# A query parameter given twice: which value counts would depend on the reader (the handler
# read the first, the Link header the last). Every endpoint refuses it, known or not.
REPEATED = (
    "given more than once: give a query parameter once (list filters take comma-separated values)"
)
REPEATED_PARAMETERS = {
    "products status": Case("GET", f"{PRODUCTS}?status=active&status=draft", field="status"),
    "products limit": Case("GET", f"{PRODUCTS}?limit=1&limit=100", field="limit"),
    "products search": Case("GET", f"{PRODUCTS}?search=lamp&search=desk", field="search"),
    "products tags": Case("GET", f"{PRODUCTS}?tags=desk&tags=lamp", field="tags"),
    "products unknown": Case("GET", f"{PRODUCTS}?_=1&_=2", field="_"),
    "categories limit": Case("GET", f"{CATEGORIES}?limit=1&limit=2", field="limit", token="admin"),
    "categories parent_id": Case(
        "GET",
        f"{CATEGORIES}?parent_id=root&parent_id={{category}}",
        field="parent_id",
        token="admin",
    ),
    "audit resource_id": Case(
        "GET",
        f"{AUDIT}?resource_id={{product}}&resource_id={{category}}",
        field="resource_id",
        token="admin",
    ),
    "audit limit": Case("GET", f"{AUDIT}?limit=1&limit=2", field="limit", token="admin"),
    "one category": Case("GET", f"{CATEGORY}?x=1&x=2", field="x", token="admin"),
    "product create": Case("POST", f"{PRODUCTS}?x=1&x=2", product(), field="x"),
}

MALFORMED_JSON = {
    "truncated": Case(
        "POST", PRODUCTS, b'{"name": "n", "price": ', code="invalid_json", field="body"
    ),
    "trailing comma": Case(
        "PUT", PRODUCT, b'{"name": "n", "price": 1,}', code="invalid_json", field="body"
    ),
    "single quotes": Case("PATCH", PRODUCT, b"{'name': 'n'}", code="invalid_json", field="body"),
    "not UTF-8": Case("POST", PRODUCTS, b'{"name": "\xff\xfe"}', code="invalid_json", field="body"),
    "empty": Case("POST", PRODUCTS, b"", field="body"),
    "array for an object": Case("POST", PRODUCTS, [VALID], field="body"),
    "object for an array": Case("POST", BATCH, VALID, field="body"),
    "scalar": Case("POST", STOCK, b"42", field="body"),
    "batch truncated": Case("POST", BATCH, b'[{"name": "n"', code="invalid_json", field="body"),
    "category": Case(
        "POST", CATEGORIES, b"{name: c}", code="invalid_json", field="body", token="admin"
    ),
    "token grant": Case(
        "POST", TOKEN, b'{"grant_type": ', code="invalid_json", field="body", token=None
    ),
    "refresh grant": Case(
        "POST", REFRESH, b"\x89PNG", code="invalid_json", field="body", token=None
    ),
}

CONTENT_TYPE = {
    f"{name} as {media}": Case(
        method,
        path,
        b'{"name": "n", "price": 1}',
        415,
        "unsupported_media_type",
        "Content-Type",
        token=token,
        headers={"Content-Type": media},
    )
    for name, method, path, token in [
        ("create product", "POST", PRODUCTS, "seller"),
        ("patch product", "PATCH", PRODUCT, "seller"),
        ("batch", "POST", BATCH, "seller"),
        ("stock", "POST", STOCK, "seller"),
        ("create category", "POST", CATEGORIES, "admin"),
        ("token grant", "POST", TOKEN, None),
    ]
    for media in ["text/plain", "application/xml", "multipart/form-data; boundary=x"]
}

# Within every field's own limits, over DynamoDB's 400 KB per item together.
_NOTES = {f"note_{n}": "x" * 1_000 for n in range(12)}
HEAVY = {"variants": [{"name": f"Size {n}", "attributes": _NOTES} for n in range(40)]}
ITEM_SIZE = {
    "create product": Case("POST", PRODUCTS, product(**HEAVY), 413, field="body"),
    "replace product": Case("PUT", PRODUCT, product(**HEAVY), 413, field="body"),
    "patch product": Case("PATCH", PRODUCT, {"inventory": None, **HEAVY}, 413, field="body"),
    "batch, last item": Case(
        "POST",
        BATCH,
        [product(name=f"p{n}") for n in range(60)] + [product(**HEAVY)],
        413,
        field="body",
    ),
}

CLASSES: dict[str, dict[str, Case]] = {
    "body size": BODY_SIZE,
    "string length": STRING_LENGTH,
    "list size": LIST_SIZE,
    "nesting depth": NESTING_DEPTH,
    "limit": LIMIT,
    "numeric range": NUMERIC_RANGE,
    "unicode and control characters": UNICODE_AND_CONTROL,
    "invisible and bidirectional text": INVISIBLE_AND_BIDI,
    "repeated query parameters": REPEATED_PARAMETERS,
    "malformed JSON": MALFORMED_JSON,
    "content type": CONTENT_TYPE,
    "400 KB item": ITEM_SIZE,
}


def _cases(kind: str) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("case", list(CLASSES[kind].values()), ids=list(CLASSES[kind]))


def check_refused(world: World, case: Case) -> Any:
    before = stored_state()
    reply = case.send(world)
    assert reply.status == case.status, reply.body
    assert error_code(reply.body) == case.code, reply.body
    details = reply.body["error"]["details"]
    if case.field is not None:
        fields = [detail["field"] for detail in details]
        assert case.field in fields, details
    # API Gateway's own answers (no route, no token) carry its request id header instead.
    request_id = reply.headers.get("x-request-id") or reply.headers.get("x-amzn-requestid")
    assert request_id == reply.body["meta"]["request_id"]
    assert stored_state() == before
    assert_no_leak(reply.raw)
    return reply


@_cases("body size")
def test_body_size(world: World, case: Case) -> None:
    check_refused(world, case)


@_cases("string length")
def test_string_length(world: World, case: Case) -> None:
    check_refused(world, case)


@_cases("list size")
def test_list_size(world: World, case: Case) -> None:
    check_refused(world, case)


@_cases("nesting depth")
def test_nesting_depth(world: World, case: Case) -> None:
    check_refused(world, case)


@_cases("limit")
def test_limit(world: World, case: Case) -> None:
    check_refused(world, case)


@_cases("numeric range")
def test_numeric_range(world: World, case: Case) -> None:
    check_refused(world, case)


@_cases("unicode and control characters")
def test_unicode_and_control_characters(world: World, case: Case) -> None:
    check_refused(world, case)


@_cases("invisible and bidirectional text")
def test_invisible_and_bidirectional_text(world: World, case: Case) -> None:
    check_refused(world, case)


@_cases("repeated query parameters")
def test_repeated_query_parameters(world: World, case: Case) -> None:
    reply = check_refused(world, case)
    assert reply.body["error"]["details"] == [{"field": case.field, "message": REPEATED}]


@_cases("malformed JSON")
def test_malformed_json(world: World, case: Case) -> None:
    check_refused(world, case)


@_cases("content type")
def test_content_type(world: World, case: Case) -> None:
    check_refused(world, case)


@_cases("400 KB item")
def test_item_over_400_kb(world: World, case: Case) -> None:
    reply = check_refused(world, case)
    assert "400 KB" in reply.body["error"]["message"]


# ------------------------------------------------------------------ what is accepted --------
def test_the_limits_themselves_are_accepted(world: World) -> None:
    """Control case: each bound, exactly, is fine, and the values come back as sent."""
    attributes = {
        "k" * 64: "x" * 1_000,
        "deep": {"a": [{"b": 1}]},  # 3 levels
        "sizes": list(range(100)),
        "lines": "one\ntwo\tthree",
        "unicode": "Grüße 😀 \u202e",
        "digits": 0,
    }
    body = product(
        name="n" * 200,
        tags=[f"t{n}" for n in range(50)],
        attributes={f"a{n}": n for n in range(94)} | attributes,
        taxes=[{"name": "VAT", "rate": 8.875}],
        price=1_000_000_000,
    )
    digits = b"1.0000000000000000000000000000000000001"  # 38 significant digits
    raw = text_body(body).replace(b'"digits": 0', b'"digits": ' + digits)
    reply = world.api.request("POST", PRODUCTS, world.seller, raw_body=raw, headers=JSON_TYPE)
    assert reply.status == 201, reply.body
    item = reply.body["data"]["item"]
    assert {k: item["attributes"][k] for k in attributes if k != "digits"} == {
        k: v for k, v in attributes.items() if k != "digits"
    }
    listing = world.api.request("GET", f"{PRODUCTS}?limit=100", world.seller)
    assert listing.status == 200 and len(listing.body["data"]["items"]) == 2
    # 32 levels pass the parser; the attribute rule (3 levels) then names the attribute.
    deep = {"name": "n", "price": 1, "attributes": {"a": nested(MAX_JSON_DEPTH - 2)}}
    refused = world.api.request("POST", PRODUCTS, world.seller, deep)
    assert refused.status == 400
    assert refused.body["error"]["details"][0]["field"] == "attributes.a"


def test_a_body_of_exactly_1_mb_is_read(world: World) -> None:
    body = text_body(product())
    padded = body[:-1] + b" " * (MAX_BODY_BYTES - len(body)) + b"}"
    assert len(padded) == MAX_BODY_BYTES
    reply = world.api.request("POST", PRODUCTS, world.seller, raw_body=padded, headers=JSON_TYPE)
    assert reply.status == 201, reply.body


def test_joiners_and_selectors_after_a_visible_character_are_kept(world: World) -> None:
    """Control case: zero-width joiners and variation selectors are parts of emoji and of
    scripts (Persian writes with ZWNJ); after a visible character they are names as sent."""
    names = [
        "\U0001f469\u200d\U0001f4bb Desk",  # a ZWJ emoji sequence
        "I \u2764\ufe0f lamps",  # a variation selector, last
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian, with ZWNJ
        "Lamp\u00adshade",  # a soft hyphen
        "\u0645\u0635\u0628\u0627\u062d",  # Arabic, right to left without any control
    ]
    for name in names:
        reply = world.api.request("POST", PRODUCTS, world.seller, product(name=name))
        assert reply.status == 201, (name, reply.body)
        assert reply.body["data"]["item"]["name"] == name
        reply = world.api.request("POST", CATEGORIES, world.admin, {"name": name})
        assert reply.status == 201, (name, reply.body)
        assert reply.body["data"]["item"]["name"] == name


# Texts at the edges of the rule: invisible or bidirectional characters alone, first, inside,
# last; and characters that look blank but are neither (U+2800 is a braille pattern).
EDGE_TEXTS = [
    "a",
    " a\u3000",
    "\u200b",
    "\u200ba",
    "a\u200b",
    " \u200b a",
    "\ufeff",
    "\ufeffa",
    "\u00ad",
    "\u00ada",
    "\u034f",
    "\u115f",
    "\u3164",
    "\u3164a",
    "a\u3164",
    "\uffa0",
    "\ufe0f",
    "\u2764\ufe0f",
    "\u180e",
    "\u2060",
    "\u2064",
    "\u206f",
    "\ufff8",
    "\u2800",
    "a\u202eb",
    "\u202a",
    "\u202d",
    "a\u2066",
    "a\u2069",
    "a\u200e",
    "a\u200f",
    "\u061ca",
    "a\u061c",
    "\u200ea",
    "a\u200d\u200db",
]


@functools.cache
def _document() -> dict[str, Any]:
    from scripts.generate_openapi import build_document

    return build_document()


def _schema_valid(schema: dict[str, Any], value: Any) -> bool:
    resolvable = {**schema, "components": _document()["components"]}
    return bool(jsonschema.Draft202012Validator(resolvable).is_valid(value))


@pytest.mark.parametrize(
    "text", EDGE_TEXTS, ids=[t.encode("unicode_escape").decode() for t in EDGE_TEXTS]
)
def test_the_document_and_the_validation_agree_on_text(text: str) -> None:
    """What the document's patterns accept (schemathesis generates from them) is exactly what
    the models accept: names, and the comma-separated values of a listing filter."""
    from pydantic import TypeAdapter, ValidationError

    from common.products.query import ProductQuery
    from common.text import Name

    def accepts(validate: Callable[[Any], Any], value: Any) -> bool:
        try:
            validate(value)
        except ValidationError:
            return False
        return True

    name_schema = _document()["components"]["schemas"]["ProductInput"]["properties"]["name"]
    name_accepted = accepts(TypeAdapter(Name).validate_python, text)
    assert _schema_valid(name_schema, text) == name_accepted

    parameters = _document()["paths"]["/api/v1/products"]["get"]["parameters"]
    tags_schema = next(p for p in parameters if p["name"] == "tags")["schema"]
    for value in (text, f"desk,{text}", f"{text} ,desk"):
        accepted = accepts(ProductQuery.model_validate, {"tags": value})
        assert _schema_valid(tags_schema, value) == accepted, value


# ------------------------------------------------------------------ leak sweep --------------
def forbidden_patterns() -> list[re.Pattern[str]]:
    settings = get_settings()
    tables = [
        settings.products_table,
        settings.auth_table,
        settings.idempotency_table,
        settings.rate_limit_table,
    ]
    words = [re.escape(t) for t in tables if t] + [
        "Traceback",
        r'File "',
        r"arn:",
        r"\.py\b",
        r"/work/|/var/task|/opt/python|site-packages",
        r"\b(pk|sk|tpk|cpk|s_created|s_updated|s_price|s_name|s_stock)\b",
        r"botocore|boto3|moto|pydantic_core|ClientError|TransactionCanceled",
        r"ProvisionedThroughput|AccessDenied|ResourceNotFound|ConditionalCheck",
        r"#PRODUCT#|#SKU#|#STATS|REFRESH#|FAMILY#",
    ]
    return [re.compile(word) for word in words]


def assert_no_leak(raw: bytes) -> None:
    text = raw.decode("utf-8", "replace")
    body = json.loads(text)
    body.pop("meta", None)  # request id and timestamp: generated, never input or internals
    visible = json.dumps(body, ensure_ascii=False)
    for pattern in forbidden_patterns():
        assert not pattern.search(visible), (pattern.pattern, visible[:500])


LEAKY_MESSAGE = (
    "User: arn:aws:sts::123456789012:assumed-role/products-api/fn is not authorized to perform "
    "dynamodb:TransactWriteItems on resource: arn:aws:dynamodb:us-east-1:123456789012:table/{table}"
    ' (key {{"pk": "live#tenant-a#PRODUCT#prod_1", "sk": "PRODUCT"}}) File "/var/task/app.py"'
)
INJECTED: dict[str, tuple[int, str, Callable[[str], Exception]]] = {
    "access denied": (
        500,
        "internal_error",
        lambda table: ClientError(
            {
                "Error": {
                    "Code": "AccessDeniedException",
                    "Message": LEAKY_MESSAGE.format(table=table),
                }
            },
            "TransactWriteItems",
        ),
    ),
    "table missing": (
        500,
        "internal_error",
        lambda table: ClientError(
            {
                "Error": {
                    "Code": "ResourceNotFoundException",
                    "Message": f"Requested resource not found: Table: {table} not found",
                }
            },
            "GetItem",
        ),
    ),
    "validation": (
        500,
        "internal_error",
        lambda table: ClientError(
            {
                "Error": {
                    "Code": "ValidationException",
                    "Message": "One or more parameter values were invalid: Missing the key pk",
                }
            },
            "PutItem",
        ),
    ),
    # A cancellation for a reason nobody expects: 500, or 409 where the repository reads any
    # cancellation without a failed condition as contention (categories).
    "cancelled": (
        0,
        "",
        lambda table: ClientError(
            {
                "Error": {"Code": "TransactionCanceledException", "Message": "cancelled [None]"},
                "CancellationReasons": [{"Code": "ValidationError", "Message": f"pk on {table}"}],
            },
            "TransactWriteItems",
        ),
    ),
    "throttled": (
        503,
        "service_unavailable",
        lambda table: ClientError(
            {
                "Error": {
                    "Code": "ProvisionedThroughputExceededException",
                    "Message": f"Throughput exceeded for table {table}",
                }
            },
            "Query",
        ),
    ),
    "unreachable": (
        503,
        "service_unavailable",
        lambda table: EndpointConnectionError(
            endpoint_url=f"https://dynamodb.us-east-1.amazonaws.com/{table}"
        ),
    ),
    "a bug": (
        500,
        "internal_error",
        lambda table: RuntimeError(f'Traceback: File "/var/task/x.py" writing {table} pk sk'),
    ),
}

SWEPT_REQUESTS: dict[str, Case] = {
    "get product": Case("GET", PRODUCT),
    "list products": Case("GET", f"{PRODUCTS}?search=lamp"),
    "create product": Case("POST", PRODUCTS, VALID),
    "patch product": Case("PATCH", PRODUCT, {"name": "New"}),
    "delete product": Case("DELETE", PRODUCT),
    "stock": Case("POST", STOCK, {"operation": "adjust", "quantity": 1}),
    "batch": Case("POST", BATCH, [VALID]),
    "create category": Case("POST", CATEGORIES, {"name": "c"}, token="admin"),
    "list categories": Case("GET", CATEGORIES, token="admin"),
}


@pytest.fixture
def failing_catalog(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Makes every call on ProductsTable (and only there: the authorizer and the rate limit
    still work) raise the chosen error."""
    chosen: dict[str, Any] = {"error": None}
    client = dynamodb_client()
    original = client._make_api_call  # type: ignore[attr-defined]
    table = get_settings().products_table

    def call(operation: str, params: dict[str, Any]) -> Any:
        if chosen["error"] is not None and table in json.dumps(params, default=str):
            raise chosen["error"](table)
        return original(operation, params)

    monkeypatch.setattr(client, "_make_api_call", call)
    yield chosen


@pytest.mark.parametrize("fault", list(INJECTED))
@pytest.mark.parametrize("request_name", list(SWEPT_REQUESTS))
def test_no_error_body_leaks_internals_when_dynamodb_fails(
    world: World, failing_catalog: dict[str, Any], fault: str, request_name: str
) -> None:
    status, code, error = INJECTED[fault]
    before = stored_state()
    failing_catalog["error"] = error
    reply = SWEPT_REQUESTS[request_name].send(world)
    failing_catalog["error"] = None
    if status:
        assert reply.status == status, reply.body
        assert error_code(reply.body) == code
    else:
        assert reply.status in (409, 500), reply.body
    assert_no_leak(reply.raw)
    assert stored_state() == before


@pytest.mark.parametrize(
    "case",
    [
        Case("GET", f"{PRODUCTS}/prod_{'0' * 24}", status=404, code="not_found"),
        Case("GET", "/api/v1/nowhere", status=404, code="not_found"),
        Case("GET", PRODUCTS, status=401, code="unauthorized", token=None),
        Case(
            "POST",
            TOKEN,
            {"grant_type": "client_credentials", "client_id": "cli_x", "client_secret": "s"},
            status=401,
            code="unauthorized",
            token=None,
        ),
        Case(
            "POST",
            REFRESH,
            {"grant_type": "refresh_token", "refresh_token": "rt_x"},
            status=401,
            code="unauthorized",
            token=None,
        ),
        Case("POST", PRODUCTS, product(sku="LAMP-1"), status=409, code="duplicate_product"),
        Case(
            "PATCH",
            PRODUCT,
            {"name": "x"},
            status=412,
            code="precondition_failed",
            headers={"If-Match": '"v9"'},
        ),
        Case("POST", STOCK, {"operation": "reserve", "quantity": 99}, code="inventory_error"),
        Case("POST", PRODUCTS, product(category_id=f"cat_{'0' * 24}"), code="invalid_category_id"),
        Case("GET", PRODUCT, status=403, code="forbidden", headers={"tenantId": "tenant-b"}),
    ],
    ids=[
        "404",
        "no route",
        "no token",
        "bad secret",
        "bad refresh",
        "duplicate sku",
        "precondition",
        "inventory",
        "category",
        "forbidden",
    ],
)
def test_no_other_error_body_leaks_internals(world: World, case: Case) -> None:
    check_refused(world, case)
