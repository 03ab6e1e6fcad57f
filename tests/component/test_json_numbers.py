"""Numbers in JSON bodies, fuzz-style: every spelling of a number no field can take, in every
numeric field and in an unknown member of the body of every route that takes JSON (docs/
decisions.md, "Input limits").

The routes come from template.yaml and the committed OpenAPI document (generated from the
functions' models, kept current by test_openapi.py): a new route with a JSON body is covered
without touching this file. The places a number goes come from the body's schema: every
member whose type is a number or an integer, inside objects, lists and free-form maps.

A number no field can take must be a 400 in the error envelope, write nothing and log no
ERROR: `invalid_json` naming the body beyond the parser's bounds, `validation_error` inside
them. Other spellings of a number (`-0`, `0e999999`, `1.000…`) are read as the number itself,
so they get the answer it gets, and never a 5xx.

Found: a 4,301-digit integer (Python's integer-string limit) was a 500 on every JSON route,
logged at ERROR with its stack trace; `1e99999999` in a count kept the function busy for
minutes (made into a 10^8-digit int before the range check), `1e99999999999999999999` was a
500 (Decimal refuses such exponents), and a zero written `0e999999`, or a 1 with 60 zeros of
fraction, was a 500 where DynamoDB stores it (boto3 refuses to write what DynamoDB would round).
"""

import copy
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from common.auth.hashing import DUMMY_SECRET_HASH
from common.auth.principal import Principal
from common.auth.records import ApiClient
from common.auth.tokens import issue_access_token
from common.jsonio import MAX_NUMBER_DIGITS, MAX_NUMBER_EXPONENT, deserialize
from common.observability import SERVICE
from common.settings import get_settings
from common.storage import auth_repository
from common.storage.dynamodb import dynamodb_client
from local_api.template import Route, Template
from scripts import generate_openapi
from tests.moto_gateway import Api, Reply
from tests.support import assert_meta

DOCUMENT = json.loads((Path(__file__).parents[2] / "docs" / "openapi.json").read_text())
SCHEMAS: dict[str, Any] = DOCUMENT["components"]["schemas"]
BODY_METHODS = {"POST", "PUT", "PATCH"}

# Beyond the parser's bounds: 400 invalid_json, field `body`.
UNREADABLE = {
    "4,301-digit integer": "9" * 4_301,
    "10,000-digit integer": "1" + "0" * 9_999,
    "negative 4,301-digit integer": "-" + "9" * 4_301,
    "1,001-digit integer": "9" * (MAX_NUMBER_DIGITS + 1),
    "1e999999": "1e999999",
    "1e99999999 (minutes as an int)": "1e99999999",
    "exponent past Decimal's": "1e99999999999999999999",
    "huge negative exponent": "1e-999999",
    "-1E+999999": "-1E+999999",
    "10,000-digit decimal": "0." + "0" * 9_999 + "1",
    "10,000-digit fraction": "1." + "3" * 10_000,
    "just past the magnitude": f"1e{MAX_NUMBER_EXPONENT}",
    "NaN": "NaN",
    "Infinity": "Infinity",
    "-Infinity": "-Infinity",
}
# Read, and out of every field's range: 400 validation_error.
OUT_OF_RANGE = {
    "1E400": "1E400",
    "-1e400": "-1e400",
    "1e-400": "1e-400",
    "1,000-digit integer": "9" * MAX_NUMBER_DIGITS,
    "999 zeros, then 1": "0." + "0" * 997 + "1",
}
# Other spellings of a number the parser reads, and the plain number each is read as.
SPELLINGS = {
    "-0": ("-0", "0"),
    "-0.0": ("-0.0", "0.0"),
    "0e999999": ("0e999999", "0.0"),
    "-0E-999999": ("-0E-999999", "0.0"),
    "0e99999999999999999999": ("0e99999999999999999999", "0.0"),
    "0.000000": ("0.000000", "0.0"),
    "1 and 60 zeros of fraction": ("1." + "0" * 60, "1.0"),
    "1.5 as 1.50000": ("1.50000", "1.5"),
    "25 as 2.50000e1": ("2.50000e1", "25.0"),
}
# Sent to every numeric member of every route (the others are read as these are).
SWEPT_SPELLINGS = ("-0", "0e999999", "1 and 60 zeros of fraction")

# A body each schema accepts, into which a number is put; a schema without one starts empty.
BASES: dict[str, Any] = {
    "ProductInput": {"name": "Lamp", "price": 10},
    "CategoryInput": {"name": "Lamps"},
    "StockOperation": {"operation": "set", "quantity": 1},
    "TokenRequest": {"grant_type": "client_credentials"},
    "RefreshRequest": {"refresh_token": "rt_unknown"},
    "RevokeRequest": {"token": "rt_unknown"},
}
UNKNOWN_MEMBER = "x_number"
FREE_KEY = "k"  # the key under which a free-form map (attributes) gets its number
MAX_PATH = 4  # variants[0].attributes.k; deeper places are the same validators again


# ------------------------------------------------------------------ routes and places -------
def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    return _resolve(SCHEMAS[ref.rsplit("/", 1)[-1]]) if ref else schema


def _types(schema: dict[str, Any]) -> set[str]:
    schema = _resolve(schema)
    kind = schema.get("type", [])
    found = {kind} if isinstance(kind, str) else set(kind)
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
        found |= _types(branch)
    return found


def numeric_places(schema: dict[str, Any], path: tuple[Any, ...] = ()) -> set[tuple[Any, ...]]:
    """Every path to a member that may be a number: through properties, list items (index 0)
    and free-form maps (key FREE_KEY), in every anyOf branch."""
    schema = _resolve(schema)
    places = {path} if path and _types(schema) & {"number", "integer"} else set()
    if len(path) >= MAX_PATH:
        return places
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
        places |= numeric_places(branch, path)
    for name, member in schema.get("properties", {}).items():
        places |= numeric_places(member, (*path, name))
    if isinstance(schema.get("items"), dict):
        places |= numeric_places(schema["items"], (*path, 0))
    if isinstance(schema.get("additionalProperties"), dict):
        places |= numeric_places(schema["additionalProperties"], (*path, FREE_KEY))
    return places


def base_body(schema: dict[str, Any]) -> Any:
    ref = schema.get("$ref")
    if ref:
        return copy.deepcopy(BASES.get(ref.rsplit("/", 1)[-1], {}))
    if schema.get("type") == "array":
        return [base_body(schema["items"])]
    return {}


@dataclass(frozen=True)
class JsonRoute:
    route: Route
    schema: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.route.method} {self.route.path}"

    def places(self) -> list[tuple[Any, ...]]:
        """The numeric members, and an unknown one (in the first item of an array body)."""
        unknown = (0, UNKNOWN_MEMBER) if self.schema.get("type") == "array" else (UNKNOWN_MEMBER,)
        return [unknown, *sorted(numeric_places(self.schema), key=str)]


def json_routes() -> list[JsonRoute]:
    found = []
    for route in Template.load().routes():
        operation = DOCUMENT["paths"].get(route.path, {}).get(route.method.lower(), {})
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" in content:
            found.append(JsonRoute(route, content["application/json"]["schema"]))
    return found


ROUTES = json_routes()


def test_every_route_with_a_body_is_covered() -> None:
    """Every write method of the canonical API takes a JSON body the document describes. The
    seed doors read their bodies with the same parser (common/http/body.py), in their own error
    shapes: tests/component/test_seed000_door.py sends them the same numbers."""
    writes = {
        f"{r.method} {r.path}"
        for r in generate_openapi.canonical_routes(Template.load())
        if r.method in BODY_METHODS
    }
    assert {route.name for route in ROUTES} == writes
    assert len(ROUTES) >= 11  # token, refresh, revoke, 4 product writes, 3 category, stock


def test_numbers_are_put_in_every_numeric_member() -> None:
    """Control case for the schema walk: the members known to be numbers are found."""
    create = next(route for route in ROUTES if route.name == "POST /api/v1/products")
    places = set(create.places())
    expected = {
        ("price",),
        ("cost_price",),
        ("inventory",),
        ("stock",),
        ("low_stock_threshold",),
        ("taxes", 0, "rate"),
        ("recurrence", "count"),
        ("variants", 0, "price"),
        ("attributes", FREE_KEY),
        ("specifications", FREE_KEY),
        ("variants", 0, "attributes", FREE_KEY),
    }
    assert expected <= places, expected - places


# ------------------------------------------------------------------ the world ---------------
@dataclass
class World:
    api: Api
    tokens: dict[str, str]
    ids: dict[str, str]


def _principal(label: str, customer: str | None, scopes: list[str]) -> Principal:
    """A stored client of tenant-a and its access token, as the token endpoint issues it (no
    scrypt hash per test: its secret is never used)."""
    client_id = f"cli_numbers_{label}"
    auth_repository.put_client(
        ApiClient.model_validate(
            {
                "client_id": client_id,
                "tenant_id": "tenant-a",
                "customer_id": customer,
                "scopes": scopes,
                "mode": "live",
                "rate_limit": 100_000,
                "status": "active",
                "created_at": "2026-01-01T00:00:00Z",
                "secret_hash": DUMMY_SECRET_HASH,
            }
        )
    )
    return Principal(
        tenant_id="tenant-a",
        client_id=client_id,
        customer_id=customer,
        scopes=frozenset(scopes),
        mode="live",
        rate_limit=100_000,
    )


@pytest.fixture
def world(api: Api) -> World:
    seller = _principal("seller", "cust-1", ["products:read", "products:write", "inventory:write"])
    admin = _principal("admin", None, ["admin"])
    tokens = {name: issue_access_token(p)[0] for name, p in (("seller", seller), ("admin", admin))}
    category = api.request("POST", "/api/v1/categories", tokens["admin"], {"name": "Lamps"})
    product = api.request(
        "POST", "/api/v1/products", tokens["seller"], {"name": "Desk lamp", "price": 30}
    )
    assert category.status == product.status == 201
    ids = {
        "category_id": category.body["data"]["item"]["id"],
        "product_id": product.body["data"]["item"]["id"],
    }
    return World(api, tokens, ids)


@pytest.fixture
def errors_logged() -> Iterator[list[logging.LogRecord]]:
    """Records of ERROR or worse logged by the functions' logger meanwhile."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(level=logging.ERROR)
    logger = logging.getLogger(SERVICE)
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def stored() -> dict[str, list[str]]:
    """Every item of every table but the request counters (each request counts itself)."""
    settings = get_settings()
    tables = (settings.products_table, settings.auth_table, settings.idempotency_table)
    return {
        table: sorted(json.dumps(item, sort_keys=True) for item in scan)
        for table in filter(None, tables)
        for scan in [dynamodb_client().scan(TableName=table)["Items"]]
    }


# ------------------------------------------------------------------ sending -----------------
MARK = "\u2063number\u2063"  # stands for the number's text in the serialized body


def body_with(route: JsonRoute, place: tuple[Any, ...]) -> Any:
    """The route's base body with MARK at `place`, containers made on the way."""
    body = base_body(route.schema)
    node = body
    for key, following in zip(place, [*place[1:], None], strict=True):
        if following is None:
            _put(node, key, MARK)
        else:
            existing = node[key] if _has(node, key) else None
            child = existing if isinstance(existing, dict | list) else _empty(following)
            _put(node, key, child)
            node = child
    return body


def _empty(key: Any) -> Any:
    return [] if isinstance(key, int) else {}


def _has(node: Any, key: Any) -> bool:
    return key < len(node) if isinstance(node, list) else key in node


def _put(node: Any, key: Any, value: Any) -> None:
    if isinstance(node, list) and key == len(node):
        node.append(value)
    else:
        node[key] = value


def send(world: World, route: JsonRoute, raw: bytes, content_type: str) -> Reply:
    path = route.route.path.format(**world.ids)
    token = None
    if route.route.authorized:
        token = world.tokens["admin" if "/categories" in path else "seller"]
    headers = {"Content-Type": content_type}
    return world.api.request(route.route.method, path, token, raw_body=raw, headers=headers)


def send_json(world: World, route: JsonRoute, place: tuple[Any, ...], number: str) -> Reply:
    text = json.dumps(body_with(route, place), ensure_ascii=False)
    raw = text.replace(json.dumps(MARK, ensure_ascii=False), number).encode()
    return send(world, route, raw, "application/json")


def refusal(reply: Reply) -> tuple[int, str, list[str]] | str:
    """(status, code, fields) of an error envelope, or what is wrong with the reply."""
    body = reply.body
    if not isinstance(body, dict) or set(body) != {"status", "error", "meta"}:
        return f"{reply.status}, not an error envelope: {reply.raw[:200]!r}"
    if set(body["error"]) != {"code", "message", "details"} or body["status"] != "error":
        return f"{reply.status}, not an error envelope: {body}"
    assert_meta(body)
    if reply.headers.get("x-request-id") != body["meta"]["request_id"]:
        return f"{reply.status}, X-Request-Id is not meta.request_id"
    fields = [detail.get("field") for detail in body["error"]["details"] or []]
    return reply.status, body["error"]["code"], fields


def _route_ids() -> dict[str, Any]:
    return {"argvalues": ROUTES, "ids": [route.name for route in ROUTES]}


def _no_errors_logged(records: list[logging.LogRecord]) -> None:
    assert not records, [record.getMessage()[:300] for record in records]


# ------------------------------------------------------------------ the cases ---------------
# One test per route, the spellings in a loop: a world per (route, spelling) took minutes.
@pytest.mark.parametrize("route", **_route_ids())
def test_numbers_beyond_the_parser_are_invalid_json(
    world: World, errors_logged: list[logging.LogRecord], route: JsonRoute
) -> None:
    """Given a number beyond the parser's bounds (every spelling in an unknown member, the
    4,301-digit integer in every numeric member too), when it is sent, then 400 invalid_json
    on the body, nothing written, no ERROR logged."""
    unknown, *members = route.places()
    cases = [(name, unknown) for name in UNREADABLE]
    cases += [("4,301-digit integer", place) for place in members]
    before, wrong = stored(), []
    for name, place in cases:
        answer = refusal(send_json(world, route, place, UNREADABLE[name]))
        if answer != (400, "invalid_json", ["body"]):
            wrong.append((name, place, answer))
    assert not wrong, wrong
    assert stored() == before
    _no_errors_logged(errors_logged)


@pytest.mark.parametrize("route", **_route_ids())
def test_numbers_out_of_every_range_are_validation_errors(
    world: World, errors_logged: list[logging.LogRecord], route: JsonRoute
) -> None:
    """Given a number the parser reads but no field takes, in every numeric member and in an
    unknown one, when it is sent, then 400 validation_error, nothing written, no ERROR."""
    before, wrong = stored(), []
    for name, number in OUT_OF_RANGE.items():
        for place in route.places():
            answer = refusal(send_json(world, route, place, number))
            if isinstance(answer, str) or answer[:2] != (400, "validation_error"):
                wrong.append((name, place, answer))
    assert not wrong, wrong
    assert stored() == before
    _no_errors_logged(errors_logged)


@pytest.mark.parametrize(("spelt", "plain"), list(SPELLINGS.values()), ids=list(SPELLINGS))
def test_a_number_spelt_otherwise_is_read_as_itself(spelt: str, plain: str) -> None:
    """The parser hands the handlers the same value, of the same type, for every spelling of a
    number: whatever a route answers to the plain number, it answers to the others."""
    for body in ("{}", "[{}]", '{{"a": [{{"b": {}}}]}}'):
        assert repr(deserialize(body.format(spelt))) == repr(deserialize(body.format(plain)))


@pytest.mark.parametrize("route", **_route_ids())
def test_other_spellings_are_answered_in_every_member(
    world: World, errors_logged: list[logging.LogRecord], route: JsonRoute
) -> None:
    """Given a zero with a sign or a vast exponent, or a 1 with 60 zeros of fraction, in every
    numeric member, when it is sent, then it is accepted or refused in the envelope (as the
    plain number would be, above), never a 5xx, no ERROR logged."""
    unknown, *members = route.places()
    wrong = []
    for place in members or [unknown]:
        for name in SWEPT_SPELLINGS:
            reply = send_json(world, route, place, SPELLINGS[name][0])
            no_envelope = reply.status >= 400 and isinstance(refusal(reply), str)
            if reply.status >= 500 or no_envelope:
                wrong.append((name, place, reply.status, reply.raw[:200]))
    assert not wrong, wrong
    _no_errors_logged(errors_logged)


@pytest.mark.parametrize("route", **_route_ids())
def test_form_encoded_numbers_are_text(
    world: World, errors_logged: list[logging.LogRecord], route: JsonRoute
) -> None:
    """Form-encoded bodies become JSON of strings: a 4,301-digit value is a long text, refused
    by the member's rules (or as an unknown member), never a 500."""
    before = stored()
    members = {place[0] for place in route.places() if isinstance(place[0], str)}
    for member in sorted(members):
        raw = f"{member}={'9' * 4_301}".encode()
        answer = refusal(send(world, route, raw, "application/x-www-form-urlencoded"))
        assert not isinstance(answer, str) and answer[0] == 400, (member, answer)
    assert stored() == before
    _no_errors_logged(errors_logged)


def create_raw(world: World, raw: bytes) -> Any:
    """A product create by the seller, with the body's bytes exactly as given."""
    headers = {"Content-Type": "application/json"}
    return world.api.request(
        "POST", "/api/v1/products", world.tokens["seller"], raw_body=raw, headers=headers
    )


def test_numbers_are_stored_as_their_values(world: World) -> None:
    """Were 500s: boto3 refuses to write a zero whose exponent is outside DynamoDB's range, and
    a number of more than 38 digits even when they are trailing zeros."""
    ones = b"1." + b"0" * 60
    raw = (
        b'{"name": "n", "price": ' + ones + b', "attributes": {"a": 0e999999, "b": -0, '
        b'"c": -0.0E-200, "d": ' + ones + b'}, "taxes": [{"name": "VAT", "rate": 0e500}]}'
    )
    reply = create_raw(world, raw)
    assert reply.status == 201, reply.body
    item = reply.body["data"]["item"]
    assert item["attributes"] == {"a": 0, "b": 0, "c": 0, "d": 1}
    assert item["taxes"][0]["rate"] == 0 and item["price"] == 1


def test_the_bounds_themselves_are_read(world: World) -> None:
    """Control case: 1,000 digits and magnitudes from 1e-1000 to below 1e1000 are read, and
    a field that takes such a number gets it exactly."""
    digits = "1." + "0" * (MAX_NUMBER_DIGITS - 2)  # 1,000 digits: 1.000...
    places = {
        "a": digits,
        "b": "1e-0000000000000000000000005",  # leading zeros in an exponent: 1e-5
        "c": "12.5E+1",
    }
    raw = (
        '{"name": "n", "price": 1, "attributes": {'
        + ", ".join(f'"{key}": {value}' for key, value in places.items())
        + "}}"
    ).encode()
    reply = create_raw(world, raw)
    assert reply.status == 201, reply.body
    assert reply.body["data"]["item"]["attributes"] == {"a": 1, "b": 1e-5, "c": 125}
    for number in (f"9e{MAX_NUMBER_EXPONENT - 1}", f"1e-{MAX_NUMBER_EXPONENT}"):
        body = f'{{"name": "n", "price": 1, "attributes": {{"a": {number}}}}}'.encode()
        refused = create_raw(world, body)
        # Read by the parser, then refused by the attribute's own range, naming it.
        assert refusal(refused) == (400, "validation_error", ["attributes.a"])
