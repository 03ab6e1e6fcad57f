"""The isolation matrix (issue 5): every route of template.yaml against every way one principal
could reach another's data.

The victim is customer `cust-victim` of tenant `tenant-victim`: two products (one with a SKU, in
a category), a category with a child, and, for the auth routes, a real client with a refresh
token. The attackers are a customer-bound client and an admin of another tenant, another
customer's client of the same tenant, and clients of the same tenant in the other mode
(docs/decisions.md: "Other tenants, customers and modes are 404", "Customer-bound and
tenant-wide clients", "Test mode"). Every one of them has every scope a route could need, so a
refusal is never just a missing scope. Categories are the tenant's: every client of the tenant
reads them, with a `product_count` of its own products, and only tenant-wide clients write
them, so a customer-bound client's category write is a 403 whatever the id (decisions.md,
"Tenant-level, not per customer").

Each route has one row in MATRIX: for every attack kind, either the case that attacks it, or
the reason the attack does not apply. A route of the template without a row, or a row without
every attack kind, fails (`test_every_route_has_a_row` and the generated `[no row]` case).
Public routes are listed too, with one case checking that they answer nothing of the victim's.

What every case asserts, in its own terms:
- the answer is the spec's error envelope with the expected status and code, and it is the
  same answer (up to the id) as for a well-formed id that never existed: indistinguishable;
- the answer (body and headers) names none of the victim's ids, names, SKUs, slugs, tenant or
  customer, except what the attacker itself sent;
- nothing changed: every table is item for item what it was (a refused write), or, when the
  attacker may write its own data, the victim's view of its own data is unchanged.

A query parameter a route does not take is refused on every route, public ones included,
before anything is read or counted (decisions.md, "Unknown parameters are refused"): so the
query-params column (and the public routes' case) expects that 400 `validation_error`,
naming each smuggled parameter and none the route takes, whoever sends it (on the listings
and the audit trail, the victim's own client too).

Access tokens for the fixed principals are issued by the production code
(`issue_access_token`), as the token endpoint does, to spare a scrypt hash per client; the
auth routes' cases use real clients.
"""

import copy
import hashlib
import json
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import partial
from http import HTTPStatus
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

import pytest
from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends

from common.auth import service as auth_service
from common.auth.hashing import DUMMY_SECRET_HASH
from common.auth.principal import Principal
from common.auth.records import ApiClient
from common.auth.tokens import issue_access_token, verify_access_token
from common.settings import get_settings
from common.storage import auth_repository
from common.storage.dynamodb import dynamodb_client
from local_api.template import Template
from tests.support import assert_meta, credentials
from tests.unit.conftest import Api, Reply, moto_tables

Mode = Literal["live", "test"]

PRODUCTS = "/api/v1/products"
CATEGORIES = "/api/v1/categories"
AUDIT = "/api/v1/audit-events"
TOKEN, REFRESH, REVOKE = "/api/v1/auth/token", "/api/v1/auth/refresh", "/api/v1/auth/revoke"

VICTIM_TENANT, VICTIM_CUSTOMER = "tenant-victim", "cust-victim"
ATTACKER_TENANT, NEIGHBOUR_CUSTOMER = "tenant-attacker", "cust-neighbour"
STAFF = ("products:read", "products:write", "inventory:write", "categories:write")
ADMIN = ("admin",)
# Names that would only ever appear in an answer by leaking from the victim's tenant.
LAMP = {"name": "Quokka Lamp", "sku": "QUOKKA-LAMP-1", "price": 42, "inventory": 5}
SHADE = {
    "name": "Quokka Shade",
    "sku": "QUOKKA-SHADE-2",
    "price": 7,
    "variants": [{"name": "Quokka Shade Teal", "sku": "QUOKKA-SHADE-TEAL", "inventory": 3}],
}
CAMERAS = {"name": "Zephyr Cameras", "slug": "zephyr-cameras"}
LENSES = {"name": "Zephyr Lenses", "slug": "zephyr-lenses"}
CURSOR_REFUSED = [{"field": "cursor", "message": "Cursor does not belong to this query"}]


class Attack(StrEnum):
    OTHER_TENANT = "other-tenant"
    OTHER_CUSTOMER = "other-customer"
    TEST_ON_LIVE = "test-on-live"  # a test-mode client against live data
    LIVE_ON_TEST = "live-on-test"  # a live client against test-mode data
    GUESSED_ID = "guessed-id"  # made-up, altered or deleted ids
    BODY_FIELDS = "body-fields"  # tenant_id, customer_id, id, version, mode... in the body
    QUERY_PARAMS = "query-params"  # ?tenant_id=... and friends
    HEADERS = "headers"  # seed 002's tenantId, X-Tenant-Id and friends
    FOREIGN_CURSOR = "foreign-cursor"
    IDEMPOTENCY_KEY = "idempotency-key"


# ------------------------------------------------------------------ principals and requests ---
@dataclass(frozen=True)
class Who:
    """A principal. Its token is what the token endpoint would issue to such a client."""

    label: str
    tenant: str
    customer: str | None
    mode: Mode
    scopes: tuple[str, ...] = STAFF

    @property
    def client_id(self) -> str:
        return "cli_" + hashlib.sha256(self.label.encode()).hexdigest()[:24]

    def register(self) -> None:
        """Stores the client, as `create_client` does, with a secret nobody knows (no scrypt
        hash per principal): the authorizer finds an active client behind the token."""
        auth_repository.put_client(
            ApiClient.model_validate(
                {
                    "client_id": self.client_id,
                    "tenant_id": self.tenant,
                    "customer_id": self.customer,
                    "scopes": sorted(self.scopes),
                    "mode": self.mode,
                    "rate_limit": 1000,
                    "name": self.label,
                    "status": "active",
                    "created_at": "2026-01-01T00:00:00.000Z",
                    "secret_hash": DUMMY_SECRET_HASH,
                }
            )
        )

    def token(self) -> str:
        principal = Principal(
            tenant_id=self.tenant,
            client_id=self.client_id,
            customer_id=self.customer,
            scopes=frozenset(self.scopes),
            mode=self.mode,
        )
        return issue_access_token(principal)[0]

    def known(self) -> str:
        """What this principal knows anyway: its own tenant, customer and client."""
        return f"{self.tenant} {self.customer} {self.client_id}"


@dataclass(frozen=True)
class Attempt:
    method: str
    path: str
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)
    raw: bytes | None = None

    def sent(self) -> str:
        """Everything the caller put in the request: echoing it back is no leak."""
        raw = self.raw.decode() if self.raw else ""
        return json.dumps([self.path, self.body, dict(self.headers)]) + raw


Make = Callable[[str], Attempt]  # an attempt on the resource with the given id


def with_query(path: str, query: Mapping[str, str]) -> str:
    return f"{path}{'&' if '?' in path else '?'}{urlencode(dict(query))}"


def made_up_like(real: str) -> str:
    """A well-formed id (or token) of the same kind that never existed."""
    prefix, underscore, rest = real.partition("_")
    if not underscore:
        return f"made-up-{secrets.token_hex(6)}"
    if prefix == "rt":
        return f"rt_{secrets.token_urlsafe(32)}"
    return f"{prefix}_{secrets.token_hex(len(rest) // 2)}"


def altered(real: str) -> str:
    """A real id with its last character changed: copied, then guessed at."""
    return real[:-1] + ("0" if real[-1] != "0" else "1")


# ------------------------------------------------------------------ seed 003's door ---
# Seed 003's operations are served under /compat/003 too, by the canonical functions
# (docs/seed-mapping.md): each has the row of its root route, its cases run with the requests
# aimed at the route under test sent under /compat/003 (the setup's stay at the root).
COMPAT_003 = "/compat/003"


@dataclass
class Through:
    """Requests for `method` on the route `path` go under `prefix`; `sent` counts them."""

    prefix: str
    method: str
    path: str
    sent: list[str] = field(default_factory=list)

    def aims(self, method: str, path: str) -> bool:
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(self.path))
        return method == self.method and re.fullmatch(pattern, path.partition("?")[0]) is not None


# ---------------------------------------------------------------------------- the victim ---
@dataclass
class World:
    """The victim's data, and the principals that must not reach it."""

    api: Api
    mode: Mode
    product: dict[str, Any] = field(default_factory=dict)
    sibling: dict[str, Any] = field(default_factory=dict)
    category: dict[str, Any] = field(default_factory=dict)
    child: dict[str, Any] = field(default_factory=dict)
    secrets: set[str] = field(default_factory=set)
    _tokens: dict[Who, str] = field(default_factory=dict)
    through: Through | None = None

    @property
    def flipped(self) -> Mode:
        return "live" if self.mode == "test" else "test"

    # The victim's own clients: its seller writes products, its tenant-wide admin categories.
    @property
    def owner(self) -> Who:
        return Who(f"owner {self.mode}", VICTIM_TENANT, VICTIM_CUSTOMER, self.mode)

    @property
    def admin(self) -> Who:
        return Who(f"admin {self.mode}", VICTIM_TENANT, None, self.mode, ADMIN)

    def keeper(self, kind: "Kind") -> Who:
        return self.owner if kind is PRODUCT else self.admin

    # The attackers.
    @property
    def tenant_seller(self) -> Who:
        """Same customer id, another tenant: the customer id alone must grant nothing."""
        return Who("tenant-b seller", ATTACKER_TENANT, VICTIM_CUSTOMER, self.mode)

    @property
    def tenant_admin(self) -> Who:
        return Who("tenant-b admin", ATTACKER_TENANT, None, self.mode, ADMIN)

    @property
    def neighbour(self) -> Who:
        return Who("customer 2", VICTIM_TENANT, NEIGHBOUR_CUSTOMER, self.mode)

    @property
    def mode_seller(self) -> Who:
        return Who(f"{self.flipped} seller", VICTIM_TENANT, VICTIM_CUSTOMER, self.flipped)

    @property
    def mode_admin(self) -> Who:
        return Who(f"{self.flipped} admin", VICTIM_TENANT, None, self.flipped, ADMIN)

    def attackers(self, attack: Attack, kind: "Kind | None" = None) -> list[Who]:
        """The principals an attack uses. Categories are tenant-level: another customer of the
        tenant reads them by design (decisions.md, "Tenant-level, not per customer"); its
        column is `own_counts` for reads, and 403 for writes."""
        match attack:
            case Attack.OTHER_TENANT:
                return [self.tenant_seller, self.tenant_admin]
            case Attack.OTHER_CUSTOMER:
                return [self.neighbour]
            case Attack.TEST_ON_LIVE | Attack.LIVE_ON_TEST:
                return [self.mode_seller, self.mode_admin]
        neighbour = [self.neighbour] if kind is not CATEGORY else []
        if attack in (Attack.FOREIGN_CURSOR, Attack.IDEMPOTENCY_KEY):
            everyone = [self.tenant_seller, self.tenant_admin, self.mode_seller, self.mode_admin]
            return everyone + neighbour
        return [self.tenant_seller, self.mode_seller, *neighbour]  # one of each relation

    def sees_tenant(self, who: Who) -> bool:
        """Whether `who` is in the victim's tenant and mode (so sees its categories)."""
        return (who.tenant, who.mode) == (VICTIM_TENANT, self.mode)

    def principals(self) -> list[Who]:
        return [
            self.owner,
            self.admin,
            self.tenant_seller,
            self.tenant_admin,
            self.neighbour,
            self.mode_seller,
            self.mode_admin,
        ]

    def token(self, who: Who) -> str:
        return self._tokens[who]

    def send(self, who: Who | None, attempt: Attempt) -> Reply:
        path = attempt.path
        if self.through is not None and self.through.aims(attempt.method, path):
            path = self.through.prefix + path
            self.through.sent.append(path)
        return self.api.request(
            attempt.method,
            path,
            self.token(who) if who else None,
            attempt.body,
            raw_body=attempt.raw,
            headers=dict(attempt.headers),
        )

    def create(self, who: Who, kind: "Kind", body: dict[str, Any]) -> dict[str, Any]:
        reply = self.send(who, Attempt("POST", kind.base, body))
        assert reply.status == 201, reply.body
        return dict(reply.body["data"]["item"])

    def victim_id(self, kind: "Kind") -> str:
        return str((self.product if kind is PRODUCT else self.category)["id"])

    def deleted_id(self, kind: "Kind") -> str:
        """The id of one of the victim's resources, deleted: it must answer like any other."""
        body = {"name": "Quokka Ghost", "price": 1} if kind is PRODUCT else {"name": "Zephyr Ghost"}
        gone = self.create(self.keeper(kind), kind, body)
        path = f"{kind.base}/{gone['id']}"
        assert self.send(self.keeper(kind), Attempt("DELETE", path)).status == 200
        self.secrets.add(gone["id"])
        return str(gone["id"])

    def view(self) -> list[Any]:
        """The victim's data as the victim sees it: every item, and the totals."""
        listings = [(self.owner, PRODUCTS), (self.admin, CATEGORIES)]
        return [
            self.send(w, Attempt("GET", f"{base}?limit=100")).body["data"] for w, base in listings
        ]

    def cursor(self, kind: "Kind") -> str:
        """A cursor of the victim's own listing (limit=1, so there is a next page)."""
        reply = self.send(self.keeper(kind), Attempt("GET", f"{kind.base}?limit=1"))
        assert reply.status == 200, reply.body
        return str(reply.body["data"]["pagination"]["next_cursor"])


@dataclass(frozen=True)
class Kind:
    name: str
    base: str
    missing_code: str  # the answer to a create naming a category that does not exist


PRODUCT = Kind("product", PRODUCTS, "invalid_category_id")
CATEGORY = Kind("category", CATEGORIES, "validation_error")


def may_write(who: Who, kind: Kind) -> bool:
    """Products: any client with the scope, its own. Categories are the tenant's: only a
    client without a customer binding writes them."""
    return kind is PRODUCT or who.customer is None


def refused_as(who: Who, kind: Kind, method: str, status: int, code: str) -> tuple[int, str]:
    """The answer `who` gets where a resource it cannot reach answers `status`/`code`. A
    customer-bound client's category write is refused before anything is read: 403, the same
    for every id, so still no oracle."""
    if method != "GET" and not may_write(who, kind):
        return 403, "forbidden"
    return status, code


def with_writers(world: "World", attackers: list[Who], kind: Kind) -> list[Who]:
    """The attackers, and for categories the tenant-wide admins of the other tenant and mode,
    so that a create that may land is tried too."""
    if kind is PRODUCT:
        return attackers
    return attackers + [w for w in (world.tenant_admin, world.mode_admin) if w not in attackers]


def build_world(api: Api, mode: Mode) -> World:
    world = World(api, mode)
    for who in world.principals():  # all stored now: the cases compare tables before/after
        who.register()
        world._tokens[who] = who.token()
    world.category = world.create(world.admin, CATEGORY, CAMERAS)
    world.child = world.create(world.admin, CATEGORY, {**LENSES, "parent_id": world.category["id"]})
    world.product = world.create(
        world.owner, PRODUCT, {**LAMP, "category_id": world.category["id"], "tags": ["quokka"]}
    )
    world.sibling = world.create(world.owner, PRODUCT, SHADE)
    (variant,) = world.sibling["variants"]
    world.secrets = {
        *(variant[key] for key in ("id", "name", "sku")),
        VICTIM_TENANT,
        VICTIM_CUSTOMER,
        world.owner.client_id,
        world.admin.client_id,
        *(item[key] for item in (world.product, world.sibling) for key in ("id", "name", "sku")),
        *(item[key] for item in (world.category, world.child) for key in ("id", "name", "slug")),
    }
    return world


def real_client(world: World, who: Who) -> dict[str, Any]:
    """A stored client like `who`, with its secret, and a grant of tokens for it."""
    client = auth_service.create_client(
        tenant_id=who.tenant, customer_id=who.customer, scopes=who.scopes, mode=who.mode
    )
    reply = world.api.request("POST", TOKEN, json_body=credentials(client))
    assert reply.status == 200, reply.body
    return {**client, **reply.body["data"]}


# ----------------------------------------------------------------------------- assertions ---
def stored() -> dict[str, list[str]]:
    """Every item of every table, to show that a refused request changed nothing."""
    settings = get_settings()
    tables = (settings.products_table, settings.auth_table, settings.idempotency_table)
    everything = {}
    for table in filter(None, tables):
        items: list[str] = []
        pages = dynamodb_client().get_paginator("scan").paginate(TableName=table)
        for page in pages:
            items.extend(json.dumps(item, sort_keys=True) for item in page["Items"])
        everything[table] = sorted(items)
    return everything


def assert_error(reply: Reply, status: int, code: str) -> None:
    """The spec's error envelope (SPEC §3), with the request id in the header too."""
    assert reply.status == status, (reply.status, reply.body)
    body = reply.body
    assert set(body) == {"status", "error", "meta"}, body
    assert body["status"] == "error" and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code, body
    assert_meta(body)
    assert reply.headers["x-request-id"] == body["meta"]["request_id"]


def assert_no_leak(world: World, who: Who | None, reply: Reply, attempt: Attempt) -> None:
    answer = reply.raw.decode() + "".join(f"\n{k}: {v}" for k, v in reply.headers.items())
    known = attempt.sent() + (who.known() if who else "")
    leaked = sorted(s for s in world.secrets if s in answer and s not in known)
    assert not leaked, f"{attempt.method} {attempt.path} answered with the victim's {leaked}"


PER_REQUEST_HEADERS = {"x-request-id", "x-ratelimit-remaining", "x-ratelimit-reset"}


def comparable(reply: Reply, replace: tuple[str, str] | None = None) -> Any:
    """Status, body and headers, without what differs per request (meta, the request id, the
    caller's remaining rate limit)."""
    text = reply.raw.decode()
    headers = {k: v for k, v in reply.headers.items() if k not in PER_REQUEST_HEADERS}
    if replace:
        text = text.replace(*replace)
        headers = {k: v.replace(*replace) for k, v in headers.items()}
    body = json.loads(text) if text else None
    if isinstance(body, dict):
        body.pop("meta", None)
    return reply.status, body, headers


def assert_same_answer(reply: Reply, baseline: Reply, real: str, stand_in: str) -> None:
    """`reply` (for `real`) is exactly `baseline` (for `stand_in`), up to the id itself."""
    assert comparable(reply) == comparable(baseline, (stand_in, real))


def assert_indistinguishable(
    world: World, who: Who | None, make: Make, real: str, status: int, code: str
) -> Reply:
    """The victim's `real` id gets the error a made-up id gets, and nothing of the victim's."""
    stand_in = made_up_like(real)
    reply, baseline = world.send(who, make(real)), world.send(who, make(stand_in))
    assert_error(reply, status, code)
    assert_same_answer(reply, baseline, real, stand_in)
    assert_no_leak(world, who, reply, make(real))
    return reply


def assert_listing_empty(world: World, who: Who, reply: Reply, attempt: Attempt) -> None:
    assert reply.status == 200, (attempt.path, reply.body)
    data = reply.body["data"]
    assert data["items"] == [], (who.label, attempt.path, data)
    assert data["pagination"].get("total", 0) == 0 and data["pagination"]["next_cursor"] is None
    assert_no_leak(world, who, reply, attempt)


def landed_with(world: World, who: Who, kind: Kind, attempt: Attempt) -> None:
    """A create by `who`, whatever it smuggled, made `who`'s own data and nothing of the
    victim's: in its tenant, mode and customer, and invisible to the victim's clients."""
    reply = world.send(who, attempt)
    assert reply.status == 201, (who.label, reply.body)
    assert_no_leak(world, who, reply, attempt)
    data = reply.body["data"]
    for item in data.get("items") or [data["item"]]:
        assert item["test"] is (who.mode == "test")
        if kind is PRODUCT and who.customer:
            assert item["customer_id"] == who.customer
        path = f"{kind.base}/{item['id']}"
        assert world.send(who, Attempt("GET", path)).status == 200
        # The victim's seller never sees it; its tenant-wide admin sees its own tenant's.
        blind = [world.owner] if world.sees_tenant(who) else [world.owner, world.admin]
        for victim in blind if kind is PRODUCT else blind[1:]:
            assert_error(world.send(victim, Attempt("GET", path)), 404, "not_found")


def refused_unchanged(world: World, who: Who, attempt: Attempt) -> None:
    """A write `who` may not make at all (a customer-bound client's category): 403, naming
    nothing of the victim's, and nothing stored."""
    before = stored()
    reply = world.send(who, attempt)
    assert_error(reply, 403, "forbidden")
    assert_no_leak(world, who, reply, attempt)
    assert stored() == before


def claims(access_token: str) -> tuple[str, str | None, str]:
    principal = verify_access_token(access_token)
    return principal.tenant_id, principal.customer_id, principal.mode


# ------------------------------------------------------------ smuggled fields, params, headers ---
def smuggled_query(world: World) -> dict[str, str]:
    return {
        "tenant_id": VICTIM_TENANT,
        "tenantId": VICTIM_TENANT,
        "tenant": VICTIM_TENANT,
        "mode": world.mode,
        "test": str(world.mode == "test").lower(),
        "client_id": world.owner.client_id,
    }


def assert_unknown_named(reply: Reply, smuggled: Iterable[str]) -> None:
    """400 `validation_error` with one detail per smuggled query parameter, naming it, and
    none for a parameter the route takes (decisions.md, "Unknown parameters are refused")."""
    assert_error(reply, 400, "validation_error")
    details = reply.body["error"]["details"]
    assert sorted(detail["field"] for detail in details) == sorted(smuggled), details
    assert all(d["message"].startswith("unknown query parameter") for d in details), details


def refused_smuggling(
    world: World, who: Who | None, attempt: Attempt, smuggled: Iterable[str]
) -> None:
    """`who` sending `attempt` gets the 400 of its smuggled query parameters, naming nothing
    of the victim's."""
    reply = world.send(who, attempt)
    assert_unknown_named(reply, smuggled)
    assert_no_leak(world, who, reply, attempt)


def smuggled_headers(world: World) -> dict[str, str]:
    """Headers that name the victim but are not seed 002's checked `tenantId`."""
    return {
        "X-Tenant-Id": VICTIM_TENANT,
        "X-Customer-Id": VICTIM_CUSTOMER,
        "X-Client-Id": world.owner.client_id,
        "X-Mode": world.mode,
        "tenant_id": VICTIM_TENANT,
        "customerId": VICTIM_CUSTOMER,
        "userId": world.owner.client_id,
    }


TENANT_HEADERS = ("tenantId", "TENANTID")  # header names are case-insensitive


def read_only_fields(world: World, kind: Kind) -> dict[str, Any]:
    """Fields a client may not set, with values that would move the resource out of reach
    or overwrite another one."""
    fields: dict[str, Any] = {
        "tenant_id": ATTACKER_TENANT,
        "id": world.sibling["id"] if kind is PRODUCT else world.child["id"],
        "version": 99,
        "mode": world.flipped,
        "test": world.mode == "live",
        "created_at": "2000-01-01T00:00:00.000Z",
        "updated_at": "2000-01-01T00:00:00.000Z",
        "client_id": world.tenant_seller.client_id,
    }
    if kind is CATEGORY:
        fields |= {"customer_id": NEIGHBOUR_CUSTOMER, "product_count": 0, "child_count": 0}
    return fields


def assert_field_refused(
    reply: Reply, field: str, code: str = "validation_error", status: int = 400
) -> None:
    """The error envelope, with the field named in `details`."""
    assert_error(reply, status, code)
    fields = [detail["field"] for detail in reply.body["error"]["details"]]
    assert field in fields, (field, reply.body)


# ------------------------------------------------------------------- routes on one resource ---
@dataclass(frozen=True)
class Link:
    """A body naming another resource by id, sent for the attacker's own resource: naming the
    victim's must fail exactly as naming one that does not exist."""

    body: Callable[[str], dict[str, Any]]
    target: Callable[[World], str]  # the victim's id it names
    status: int
    code: str
    # Categories are the tenant's: only principals outside the tenant or mode are blind to
    # them. A variant is checked against the attacker's own product, whoever it is.
    blind_only: bool = True


def victim_variant(world: World) -> str:
    return str(world.sibling["variants"][0]["id"])


TO_CATEGORY = Link(
    lambda cat: {"category_id": cat}, lambda w: w.category["id"], 400, "invalid_category_id"
)
TO_PARENT = Link(
    lambda cat: {"parent_id": cat}, lambda w: w.category["id"], 400, "validation_error"
)
TO_VARIANT = Link(
    lambda var: {"variants": [{"id": var, "name": "Borrowed"}]},
    victim_variant,
    400,
    "validation_error",
    blind_only=False,
)
TO_STOCK_VARIANT = Link(
    lambda var: {"variant_id": var}, victim_variant, 404, "not_found", blind_only=False
)


@dataclass(frozen=True)
class OnResource:
    """A route on one product or category, and a request that would change or reveal it."""

    kind: Kind
    method: str
    suffix: str = ""
    body: dict[str, Any] | None = None
    # A precondition that would answer 304 or 412, and so reveal the resource, if it were found.
    precondition: tuple[str, str] | None = None
    links: tuple[Link, ...] = ()
    idempotent: bool = False

    def make(
        self, body: Any = None, headers: Mapping[str, str] | None = None, query: Any = None
    ) -> Make:
        def attempt(resource_id: str) -> Attempt:
            path = f"{self.kind.base}/{resource_id}{self.suffix}"
            return Attempt(
                self.method,
                with_query(path, query) if query else path,
                self.body if body is None else body,
                headers or {},
            )

        return attempt

    def linking(self, own_id: str, link: Link) -> Make:
        """The attacker's own resource `own_id`, naming another one with `link`."""

        def attempt(target_id: str) -> Attempt:
            body = {**(self.body or {}), **link.body(target_id)}
            return Attempt(self.method, f"{self.kind.base}/{own_id}{self.suffix}", body)

        return attempt

    def preconditions(self) -> list[dict[str, str]]:
        return [{}, dict([self.precondition])] if self.precondition else [{}]


def foreign_access(route: OnResource) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's resource, when a principal of another tenant, customer or mode
        reads or writes it (with or without a precondition that would answer 304/412), then
        it gets the 404 of an id that never existed (a customer-bound client writing a
        category: the 403 of any id), and nothing changes. Its own resource naming the
        victim's category or variant fails as naming one that does not exist."""
        attackers = world.attackers(attack, route.kind)
        # The attacker's own resource, to point at the victim's (if it may write one).
        linking = [a for a in attackers if may_write(a, route.kind)] if route.links else []
        own = {a: world.create(a, route.kind, own_body(a, route.kind)) for a in linking}
        before = stored()
        real = world.victim_id(route.kind)
        for attacker in attackers:
            status, code = refused_as(attacker, route.kind, route.method, 404, "not_found")
            for headers in route.preconditions():
                assert_indistinguishable(
                    world, attacker, route.make(headers=headers), real, status, code
                )
            for link in route.links:
                if attacker not in own or (link.blind_only and world.sees_tenant(attacker)):
                    continue
                make = route.linking(own[attacker]["id"], link)
                target = link.target(world)
                assert_indistinguishable(world, attacker, make, target, link.status, link.code)
        assert stored() == before

    return case


def own_body(who: Who, kind: Kind, **fields: Any) -> dict[str, Any]:
    """A valid create body for `who`'s own resource (tenant-wide clients name a customer)."""
    if kind is CATEGORY:
        return {"name": "Attacker Shelf", **fields}
    customer = {} if who.customer else {"customer_id": "cust-attacker"}
    return {"name": "Attacker Item", "price": 3, **customer, **fields}


def guessed_ids(route: OnResource) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given made-up ids, the victim's ids altered or upper-cased, and the id of a
        resource the victim deleted, when another tenant or the victim itself uses them, then
        each gets exactly the 404 that another tenant gets for the victim's real id."""
        real = world.victim_id(route.kind)
        guesses = [made_up_like(real), altered(real), real.upper(), world.deleted_id(route.kind)]
        before = stored()
        # Another tenant's client that may write the kind: its refusal is the 404 of the id.
        attacker = world.tenant_seller if route.kind is PRODUCT else world.tenant_admin
        reference = world.send(attacker, route.make()(real))
        assert_error(reference, 404, "not_found")
        for who in (attacker, world.keeper(route.kind)):
            for guess in guesses:
                reply = world.send(who, route.make()(guess))
                assert_same_answer(reply, reference, guess, real)
        assert stored() == before

    return case


def smuggled_fields(route: OnResource) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's own resource, when its own client sends read-only fields
        (tenant, customer, id, version, mode...) in the body, then 400 naming the field, and
        the stored item is untouched: mass assignment never takes effect."""
        keeper = world.keeper(route.kind)
        real = world.victim_id(route.kind)
        fields = read_only_fields(world, route.kind)
        if route.suffix:  # the stock operation: no customer_id either
            fields["customer_id"] = NEIGHBOUR_CUSTOMER
        elif route.kind is PRODUCT:  # nested models refuse unknown fields too
            fields["variants"] = [{"name": "Smuggler", "tenant_id": ATTACKER_TENANT}]
        before = stored()
        for name, value in fields.items():
            reply = world.send(keeper, route.make(body={**(route.body or {}), name: value})(real))
            assert_field_refused(reply, "variants[0].tenant_id" if name == "variants" else name)
        if route.kind is PRODUCT and route.suffix == "":
            # A customer-bound client cannot hand its product to another customer (seed 000).
            body = {**(route.body or {}), "customer_id": NEIGHBOUR_CUSTOMER}
            reply = world.send(keeper, route.make(body=body)(real))
            assert_field_refused(reply, "customer_id", "invalid_product_data")
        assert stored() == before

    return case


def nulled_fields(route: OnResource) -> "Case":
    refusing = smuggled_fields(route)

    def case(world: World, attack: Attack) -> None:
        """Given the victim's own resource, when its own client PATCHes read-only fields to a
        value or to null (RFC 7396's "remove"), then 400 naming the field either way: unknown
        fields are refused (decisions.md), and the stored item is untouched."""
        refusing(world, attack)
        keeper, real = world.keeper(route.kind), world.victim_id(route.kind)
        before = stored()
        for name in read_only_fields(world, route.kind):
            assert_field_refused(world.send(keeper, route.make(body={name: None})(real)), name)
        assert stored() == before

    return case


def ignored_body(route: OnResource) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's resource, when another tenant DELETEs it with a body naming the
        victim's tenant, customer and mode, then the body changes nothing: 404, as for a
        made-up id, and the resource stays."""
        body = {"tenant_id": VICTIM_TENANT, "customer_id": VICTIM_CUSTOMER, "mode": world.mode}
        before = stored()
        for attacker in world.attackers(Attack.OTHER_TENANT):
            make = route.make(body=body)
            status, code = refused_as(attacker, route.kind, route.method, 404, "not_found")
            assert_indistinguishable(
                world, attacker, make, world.victim_id(route.kind), status, code
            )
        assert stored() == before

    return case


def smuggled_params(route: OnResource) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's resource, when a foreign principal names the victim's tenant,
        customer, mode or client in the query string, then 400 validation_error naming each
        of them (the route takes no query parameter), before anything is read: the same
        answer as for a made-up id (a customer-bound client's category write too), naming
        nothing of the victim's, and nothing changes."""
        query = {**smuggled_query(world), "customer_id": VICTIM_CUSTOMER}
        before = stored()
        for attacker in world.attackers(attack, route.kind):
            make = route.make(query=query)
            real = world.victim_id(route.kind)
            reply = assert_indistinguishable(world, attacker, make, real, 400, "validation_error")
            assert_unknown_named(reply, query)
        assert stored() == before

    return case


def smuggled_tenant_headers(route: OnResource) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's resource, when a foreign principal sends seed 002's `tenantId`
        naming the victim's tenant, then 403 (it differs from the token's), the same whether
        the id exists or not; other tenant/customer headers are ignored: 404."""
        before = stored()
        real = world.victim_id(route.kind)
        for attacker in world.attackers(attack, route.kind):
            not_found = refused_as(attacker, route.kind, route.method, 404, "not_found")
            for name in TENANT_HEADERS:
                status, code = (403, "forbidden") if attacker.tenant != VICTIM_TENANT else not_found
                make = route.make(headers={name: VICTIM_TENANT})
                assert_indistinguishable(world, attacker, make, real, status, code)
            make = route.make(headers=smuggled_headers(world))
            assert_indistinguishable(world, attacker, make, real, *not_found)
        assert stored() == before

    return case


def replayed_stock_key(route: OnResource) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's reserve, stored under an Idempotency-Key, when foreign principals
        send the same key and body for the same product, then nothing is replayed: they get
        the 404 of a product they cannot see, and the stock moved once."""
        real = world.victim_id(route.kind)
        make = route.make(body={"operation": "reserve", "quantity": 1})
        keyed = Attempt("POST", make(real).path, make(real).body, {"Idempotency-Key": "k-1"})
        first, again = world.send(world.owner, keyed), world.send(world.owner, keyed)
        assert first.status == 200, first.body
        assert again.headers.get("idempotent-replayed") == "true"  # the record exists
        before = stored()
        for attacker in world.attackers(attack, route.kind):
            reply = world.send(attacker, keyed)
            assert_error(reply, 404, "not_found")
            assert "idempotent-replayed" not in reply.headers
            assert_no_leak(world, attacker, reply, keyed)
        assert stored() == before

    return case


# --------------------------------------------------------------------------- create routes ---
@dataclass(frozen=True)
class OnCreate:
    """POST of one product, a batch of them, or one category."""

    kind: Kind
    path: str
    batch: bool = False

    @property
    def reference(self) -> str:
        return "category_id" if self.kind is PRODUCT else "parent_id"

    @property
    def unique(self) -> str:
        return "sku" if self.kind is PRODUCT else "slug"

    def field(self, name: str) -> str:
        """How errors name a field of the (first) item."""
        return f"[0].{name}" if self.batch else name

    def make(
        self, who: Who, name: str, query: Any = None, headers: Any = None
    ) -> Callable[[Any], Attempt]:
        """An attempt whose body sets field `name` to the given value."""

        def attempt(value: Any) -> Attempt:
            item = own_body(who, self.kind, **{name: value})
            path = with_query(self.path, query) if query else self.path
            return Attempt("POST", path, [item] if self.batch else item, headers or {})

        return attempt

    def plain(self, who: Who, query: Any = None, headers: Any = None) -> Attempt:
        return self.make(who, "name", query, headers)("Attacker Item")


def foreign_create(route: OnCreate) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's category and its SKU or slug, when a principal of another tenant
        or mode creates with them, then the category is refused exactly like one that does
        not exist, and the SKU or slug is free (a 409 would tell that it exists elsewhere).
        A customer-bound client (of another tenant, mode or customer) creating a category
        gets the 403 of any create, and nothing is stored."""
        victim_unique = (world.product if route.kind is PRODUCT else world.category)[route.unique]
        view = world.view()
        claimed = set()  # the SKU or slug is free once per tenant and mode, not twice
        for attacker in with_writers(world, world.attackers(attack), route.kind):
            before = stored()
            make = route.make(attacker, route.reference)
            status, code = refused_as(attacker, route.kind, "POST", 400, route.kind.missing_code)
            reply = assert_indistinguishable(
                world, attacker, make, world.category["id"], status, code
            )
            if status == 400:
                assert route.field(route.reference) in str(reply.body["error"]["details"])
            assert stored() == before
            if not may_write(attacker, route.kind):
                attempt = route.make(attacker, route.unique)(victim_unique)
                assert_error(world.send(attacker, attempt), 403, "forbidden")
                assert stored() == before
            elif (attacker.tenant, attacker.mode) not in claimed:
                claimed.add((attacker.tenant, attacker.mode))
                make = route.make(attacker, route.unique)
                landed_with(world, attacker, route.kind, make(victim_unique))
        assert world.view() == view

    return case


def neighbour_create(route: OnCreate) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given customer 1's product, when customer 2's client creates a product for customer
        1 or with its SKU, then 400 invalid_product_data, or the 409 of the SKU namespace the
        tenant's customers share (decisions.md), naming nothing but what was sent."""
        attacker = world.neighbour
        before = stored()
        for name, value, status, code in (
            ("customer_id", VICTIM_CUSTOMER, 400, "invalid_product_data"),
            ("sku", world.product["sku"], 409, "duplicate_product"),
        ):
            attempt = route.make(attacker, name)(value)
            reply = world.send(attacker, attempt)
            assert_field_refused(reply, route.field(name), code, status)
            assert_no_leak(world, attacker, reply, attempt)
        assert stored() == before

    return case


def guessed_reference(route: OnCreate) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given made-up, altered and deleted category ids, when another tenant or the victim
        itself creates with them, then each is refused exactly as another tenant's real
        category is."""
        real = world.category["id"]
        guesses = [made_up_like(real), altered(real), world.deleted_id(CATEGORY)]
        before = stored()
        attacker = world.tenant_seller if route.kind is PRODUCT else world.tenant_admin
        reference = world.send(attacker, route.make(attacker, route.reference)(real))
        assert_error(reference, 400, route.kind.missing_code)
        for who in (attacker, world.keeper(route.kind)):
            for guess in guesses:
                reply = world.send(who, route.make(who, route.reference)(guess))
                assert_same_answer(reply, reference, guess, real)
        assert stored() == before

    return case


def smuggled_create_fields(route: OnCreate) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's data, when a client of the victim's tenant (products: customer
        2) or of another tenant (categories) creates with the victim's tenant, customer, ids,
        version or mode in the body, then 400 naming the field, and nothing is stored."""
        smuggler = world.neighbour if route.kind is PRODUCT else world.tenant_admin
        fields = read_only_fields(world, route.kind) | {
            "tenant_id": VICTIM_TENANT,
            "id": world.victim_id(route.kind),
            "mode": world.mode,
        }
        before = stored()
        for name, value in fields.items():
            attempt = route.make(smuggler, name)(value)
            reply = world.send(smuggler, attempt)
            assert_field_refused(reply, route.field(name))
            assert_no_leak(world, smuggler, reply, attempt)
        if route.kind is PRODUCT:
            variants = [{"name": "Smuggler", "tenant_id": VICTIM_TENANT}]
            reply = world.send(smuggler, route.make(smuggler, "variants")(variants))
            assert_field_refused(reply, route.field("variants[0].tenant_id"))
        assert stored() == before

    return case


def smuggled_create_params(route: OnCreate) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's tenant, when foreign principals (categories: also the admins of
        the other tenant and mode) create with the victim's tenant, customer, mode or client
        in the query string, then 400 validation_error naming each of them (a create takes no
        query parameter), a customer-bound client's category too, naming nothing of the
        victim's: nothing is created, no table changes."""
        query = {**smuggled_query(world), "customer_id": VICTIM_CUSTOMER}
        before = stored()
        for attacker in with_writers(world, world.attackers(attack, route.kind), route.kind):
            refused_smuggling(world, attacker, route.plain(attacker, query=query), query)
        assert stored() == before

    return case


def smuggled_create_headers(route: OnCreate) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's tenant, when foreign principals create with seed 002's
        `tenantId` naming it, then 403 and nothing stored; with X-Tenant-Id and friends,
        what they create is their own (a customer-bound client's category: 403, nothing) and
        the victim's data is unchanged."""
        view = world.view()
        for attacker in with_writers(world, world.attackers(attack, route.kind), route.kind):
            if attacker.tenant != VICTIM_TENANT:
                before = stored()
                for name in TENANT_HEADERS:
                    attempt = route.plain(attacker, headers={name: VICTIM_TENANT})
                    reply = world.send(attacker, attempt)
                    assert_error(reply, 403, "forbidden")
                    assert_no_leak(world, attacker, reply, attempt)
                assert stored() == before
            attempt = route.plain(attacker, headers=smuggled_headers(world))
            if may_write(attacker, route.kind):
                landed_with(world, attacker, route.kind, attempt)
            else:
                refused_unchanged(world, attacker, attempt)
        assert world.view() == view

    return case


def replayed_create_key(route: OnCreate) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's create stored under an Idempotency-Key, when foreign principals
        send the same key and the same body, then nothing is replayed: they run their own
        request (their own product: the tenant's own when they have no customer binding),
        never see the victim's."""
        body = {"name": "Quokka Keyed", "price": 9}
        keyed = Attempt(
            "POST", route.path, [body] if route.batch else body, {"Idempotency-Key": "k-1"}
        )
        first, again = world.send(world.owner, keyed), world.send(world.owner, keyed)
        assert first.status == 201, first.body
        assert again.headers.get("idempotent-replayed") == "true"  # the record exists
        data = first.body["data"]
        world.secrets |= {item["id"] for item in data.get("items") or [data["item"]]}
        view = world.view()
        for attacker in world.attackers(attack, route.kind):
            landed_with(world, attacker, route.kind, keyed)
            reply = world.send(attacker, keyed)  # its own record now: replayed to it
            assert reply.headers.get("idempotent-replayed") == "true"
            assert_no_leak(world, attacker, reply, keyed)
        assert world.view() == view

    return case


# -------------------------------------------------------------------------------- listings ---
@dataclass(frozen=True)
class OnListing:
    kind: Kind

    def probes(self, world: World) -> list[dict[str, str]]:
        """Queries naming the victim's data in every way the listing can filter on it."""
        common = [{}, {"limit": "100"}, {"page": "2", "limit": "1"}]
        if self.kind is CATEGORY:
            return [*common, {"parent_id": world.category["id"]}, {"parent_id": "root"}]
        product, category = world.product, world.category["id"]
        return [
            *common,
            {"include_total": "true"},
            {"product_ids": f"{product['id']},{world.sibling['id']}"},
            {"sku": product["sku"]},
            {"search": "quokka"},
            {"search": "quokka lamp", "include_total": "true"},
            {"tags": "quokka"},
            {"category_id": category},
            {"category_id": category, "include_subcategories": "true"},
            {"sort": "price", "order": "asc", "low_stock": "100"},
        ]

    def taken(self, world: World) -> tuple[dict[str, str], set[str]]:
        """A filter the listing takes, naming the victim's data, and the ids the victim's own
        client lists with it: products, its customer's; categories, a parent's children."""
        if self.kind is PRODUCT:
            return {"customer_id": VICTIM_CUSTOMER}, {world.product["id"], world.sibling["id"]}
        return {"parent_id": world.category["id"]}, {world.child["id"]}


def asking_for_customer(customer_id: str) -> Attempt:
    return Attempt("GET", with_query(PRODUCTS, {"customer_id": customer_id}))


def foreign_listing(route: OnListing) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's catalog, when a foreign principal lists with filters naming the
        victim's ids, SKUs, words, category or customer, then it sees no item, no count and no
        cursor of it; a customer-bound client asking for customer 1 gets the 404 of a customer
        that does not exist."""
        before = stored()
        for attacker in world.attackers(attack, route.kind):
            for query in route.probes(world):
                attempt = Attempt("GET", with_query(route.kind.base, query))
                assert_listing_empty(world, attacker, world.send(attacker, attempt), attempt)
            if route.kind is not PRODUCT:
                continue
            if attacker.customer in (None, VICTIM_CUSTOMER):  # any customer, or its own
                attempt = asking_for_customer(VICTIM_CUSTOMER)
                assert_listing_empty(world, attacker, world.send(attacker, attempt), attempt)
            else:  # decisions.md: another customer is a 404, as one that does not exist
                assert_indistinguishable(
                    world, attacker, asking_for_customer, VICTIM_CUSTOMER, 404, "not_found"
                )
        assert stored() == before

    return case


def guessed_listing(route: OnListing) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's ids in listing filters, when another tenant lists with them or
        with made-up ids, then the answers are the same: filters reveal no existence."""
        ids = [world.product["id"], world.sibling["id"], world.category["id"]]
        for attacker in (world.tenant_admin, world.tenant_seller):
            for query in route.probes(world):
                faked = dict(query)
                for real in ids:
                    faked = {k: v.replace(real, made_up_like(real)) for k, v in faked.items()}
                if faked == query:
                    continue
                reply = world.send(attacker, Attempt("GET", with_query(route.kind.base, query)))
                baseline = world.send(attacker, Attempt("GET", with_query(route.kind.base, faked)))
                assert reply.status == 200, reply.body
                assert comparable(reply) == comparable(baseline), query

    return case


def smuggled_listing_params(route: OnListing) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's catalog, when a foreign principal lists with the victim's tenant,
        mode or client in the query, next to a filter the listing takes (products: the
        victim's customer; categories: the victim's category as parent), then 400
        validation_error naming each smuggled parameter and not the filter, naming nothing
        of the victim's, and no table changes. The victim's own client naming another tenant
        and mode gets the same 400 (smuggling is refused for everyone); with the filter
        alone, it lists its own catalog."""
        smuggled = smuggled_query(world)
        taken, own = route.taken(world)
        before = stored()
        for attacker in world.attackers(attack, route.kind):
            attempt = Attempt("GET", with_query(route.kind.base, {**smuggled, **taken}))
            refused_smuggling(world, attacker, attempt, smuggled)
        keeper = world.keeper(route.kind)
        away = {"tenant_id": ATTACKER_TENANT, "tenantId": ATTACKER_TENANT, "mode": world.flipped}
        attempt = Attempt("GET", with_query(route.kind.base, {**away, **taken}))
        refused_smuggling(world, keeper, attempt, away)
        assert stored() == before
        reply = world.send(keeper, Attempt("GET", with_query(route.kind.base, taken)))
        assert reply.status == 200, reply.body
        assert {item["id"] for item in reply.body["data"]["items"]} == own

    return case


def smuggled_listing_headers(route: OnListing) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's catalog, when a foreign principal lists with seed 002's
        `tenantId` naming the victim's tenant, then 403; with X-Tenant-Id and friends, it
        sees nothing of the victim's."""
        for attacker in world.attackers(attack, route.kind):
            if attacker.tenant != VICTIM_TENANT:
                for name in TENANT_HEADERS:
                    attempt = Attempt("GET", route.kind.base, headers={name: VICTIM_TENANT})
                    reply = world.send(attacker, attempt)
                    assert_error(reply, 403, "forbidden")
                    assert_no_leak(world, attacker, reply, attempt)
            attempt = Attempt("GET", route.kind.base, headers=smuggled_headers(world))
            assert_listing_empty(world, attacker, world.send(attacker, attempt), attempt)

    return case


def foreign_cursor(route: OnListing) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given a cursor of the victim's listing, when a principal of another tenant,
        customer (products) or mode presents it, then 400 "Cursor does not belong to this
        query", naming nothing of the victim's."""
        cursor = world.cursor(route.kind)
        attempt = Attempt("GET", with_query(route.kind.base, {"limit": "1", "cursor": cursor}))
        assert world.send(world.keeper(route.kind), attempt).status == 200  # a good cursor
        for attacker in world.attackers(attack, route.kind):
            reply = world.send(attacker, attempt)
            assert_error(reply, 400, "validation_error")
            assert reply.body["error"]["details"] == CURSOR_REFUSED, attacker.label
            assert_no_leak(world, attacker, reply, attempt)

    return case


def own_counts(route: "OnResource | OnListing") -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's category holding the victim's product, when another customer of
        the tenant reads it (categories are the tenant's: it may), then it sees the category
        with a product_count of its own products, 0, never the victim's 1; once it files a
        product of its own there, 1, while the victim's seller sees its 1 and the tenant-wide
        admin both. A count tells no customer about another's catalog."""
        cameras, lenses = world.category["id"], world.child["id"]

        def counts(who: Who) -> dict[str, int]:
            if isinstance(route, OnListing):
                reply = world.send(who, Attempt("GET", f"{CATEGORIES}?limit=100"))
                assert reply.status == 200, reply.body
                items = reply.body["data"]["items"]
            else:
                items = []
                for category_id in (cameras, lenses):
                    reply = world.send(who, Attempt("GET", f"{CATEGORIES}/{category_id}"))
                    assert reply.status == 200, reply.body
                    items.append(reply.body["data"]["item"])
            return {item["id"]: item["product_count"] for item in items}

        before = stored()
        assert counts(world.neighbour) == {cameras: 0, lenses: 0}
        assert counts(world.owner) == {cameras: 1, lenses: 0}
        assert counts(world.admin) == {cameras: 1, lenses: 0}
        assert stored() == before
        body = own_body(world.neighbour, PRODUCT, category_id=cameras)
        world.create(world.neighbour, PRODUCT, body)
        assert counts(world.neighbour) == {cameras: 1, lenses: 0}
        assert counts(world.owner) == {cameras: 1, lenses: 0}
        assert counts(world.admin) == {cameras: 2, lenses: 0}

    return case


# ---------------------------------------------------------------------------- auth routes ---
def token_request(client_id: str, secret: str, **extra: Any) -> Attempt:
    body = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    return Attempt("POST", TOKEN, {**body, **extra})


def refresh_request(refresh_token: str) -> Attempt:
    return Attempt("POST", REFRESH, {"refresh_token": refresh_token})


def foreign_credentials(world: World, attack: Attack) -> None:
    """Given the victim's client id, when a client of another tenant, customer or mode presents
    it with its own secret, then 401 exactly as for a client id that does not exist, and no
    token family is started."""
    victim = real_client(world, world.owner)
    attacker = real_client(world, world.attackers(attack)[0])
    world.secrets |= {victim["client_id"], victim["refresh_token"]}
    before = stored()
    make = partial(token_request, secret=attacker["client_secret"])
    reply = assert_indistinguishable(world, None, make, victim["client_id"], 401, "unauthorized")
    assert reply.body["error"]["message"] == "Invalid client credentials"
    assert stored() == before


def guessed_credentials(world: World, attack: Attack) -> None:
    """Given a real client, when someone guesses client ids and secrets, then every failure is
    the same 401, whether the id exists or not."""
    victim = real_client(world, world.owner)
    world.secrets |= {victim["client_id"], victim["refresh_token"]}
    make = partial(token_request, secret=f"sk_{world.mode}_{secrets.token_urlsafe(32)}")
    before = stored()
    for real in (victim["client_id"], altered(victim["client_id"])):
        assert_indistinguishable(world, None, make, real, 401, "unauthorized")
    assert stored() == before


def smuggled_token_fields(world: World, attack: Attack) -> None:
    """Given a client of another tenant, when it asks for a token with the victim's tenant,
    customer or mode in the body (JSON or form-encoded), then 400 naming the field; a `scope`
    it does not have is not granted; its token is always its own tenant's."""
    client = real_client(world, world.tenant_seller)
    own, secret = client["client_id"], client["client_secret"]
    before = stored()
    fields = {
        "tenant_id": VICTIM_TENANT,
        "customer_id": VICTIM_CUSTOMER,
        "mode": world.flipped,
        "scopes": "admin",
    }
    for name, value in fields.items():
        reply = world.send(None, token_request(own, secret, **{name: value}))
        assert_field_refused(reply, name)
        form = urlencode({**token_request(own, secret).body, name: value}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        reply = world.send(None, Attempt("POST", TOKEN, raw=form, headers=headers))
        assert_field_refused(reply, name)
    assert stored() == before
    reply = world.send(None, token_request(own, secret, scope="admin products:write"))
    assert reply.status == 200, reply.body
    assert "admin" not in reply.body["data"]["scope"].split()
    principal = verify_access_token(reply.body["data"]["access_token"])
    assert "admin" not in principal.scopes
    expected = (ATTACKER_TENANT, VICTIM_CUSTOMER, world.mode)
    assert claims(reply.body["data"]["access_token"]) == expected


def smuggled_token_context(via: Literal["query", "headers"]) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given a client of another tenant, when it asks for a token naming the victim's
        tenant, customer and mode in headers, then its token is still its own: tenant,
        customer and mode of the client, never of the request. In the query string, they
        are refused: 400 validation_error naming each (the endpoint takes no query
        parameter), and no token is issued."""
        client = real_client(world, world.tenant_admin)
        attempt = token_request(client["client_id"], client["client_secret"])
        if via == "query":
            query = {**smuggled_query(world), "customer_id": VICTIM_CUSTOMER}
            before = stored()
            attempt = Attempt("POST", with_query(TOKEN, query), attempt.body)
            refused_smuggling(world, None, attempt, query)
            assert stored() == before
            return
        headers = {**smuggled_headers(world), "tenantId": VICTIM_TENANT}
        reply = world.send(None, Attempt("POST", TOKEN, attempt.body, headers))
        assert reply.status == 200, reply.body
        assert claims(reply.body["data"]["access_token"]) == (ATTACKER_TENANT, None, world.mode)

    return case


def guessed_refresh_tokens(world: World, attack: Attack) -> None:
    """Given the victim's refresh token, when someone presents made-up or altered refresh
    tokens, then the same 401 for each, and the victim's token family is untouched."""
    victim = real_client(world, world.owner)
    world.secrets |= {victim["client_id"], victim["refresh_token"]}
    before = stored()
    for guess in (made_up_like(victim["refresh_token"]), altered(victim["refresh_token"])):
        reply = assert_indistinguishable(world, None, refresh_request, guess, 401, "unauthorized")
        assert reply.body["error"]["message"] == "Invalid refresh token"
    assert stored() == before


def smuggled_refresh_fields(world: World, attack: Attack) -> None:
    """Given a client of another tenant with its refresh token, when it refreshes with the
    victim's tenant, customer, client or mode in the body, then 400 naming the field, and its
    token is not even spent."""
    client = real_client(world, world.tenant_seller)
    before = stored()
    fields = {
        "tenant_id": VICTIM_TENANT,
        "customer_id": VICTIM_CUSTOMER,
        "client_id": world.owner.client_id,
        "mode": world.flipped,
    }
    for name, value in fields.items():
        body = {"refresh_token": client["refresh_token"], name: value}
        assert_field_refused(world.send(None, Attempt("POST", REFRESH, body)), name)
    assert stored() == before


def smuggled_refresh_context(via: Literal["query", "headers"]) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given a client of another tenant, when it refreshes naming the victim's tenant,
        customer and mode in headers, then the new access token is still its own. In the
        query string, they are refused: 400 validation_error naming each (the endpoint takes
        no query parameter), and its refresh token is not even spent."""
        client = real_client(world, world.tenant_seller)
        body = {"refresh_token": client["refresh_token"]}
        if via == "query":
            query = {**smuggled_query(world), "customer_id": NEIGHBOUR_CUSTOMER}
            before = stored()
            refused_smuggling(world, None, Attempt("POST", with_query(REFRESH, query), body), query)
            assert stored() == before
            return
        headers = {**smuggled_headers(world), "tenantId": VICTIM_TENANT}
        reply = world.send(None, Attempt("POST", REFRESH, body, headers))
        assert reply.status == 200, reply.body
        access = reply.body["data"]["access_token"]
        assert claims(access) == (ATTACKER_TENANT, VICTIM_CUSTOMER, world.mode)

    return case


def revoking(
    attacker_of: Callable[[World, Attack], Who],
    query: bool = False,
    headers: bool = False,
    guessed: bool = False,
) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's refresh token, when a foreign principal revokes it (RFC 7009
        answers 200 whatever the token), then the answer is exactly the one for a made-up
        token, and the victim's token family is untouched. With the victim's tenant, mode or
        client in the query string, that answer is 400 validation_error naming each (revoke
        takes no query parameter), naming nothing of the victim's."""
        victim = real_client(world, world.owner)
        world.secrets |= {victim["client_id"], victim["refresh_token"]}
        attacker = attacker_of(world, attack)
        before = stored()
        extra_query = {**smuggled_query(world), "client_id": victim["client_id"]}
        extra_headers = {**smuggled_headers(world), "X-Client-Id": victim["client_id"]}

        def make(token: str) -> Attempt:
            path = with_query(REVOKE, extra_query) if query else REVOKE
            return Attempt("POST", path, {"token": token}, extra_headers if headers else {})

        real = victim["refresh_token"]
        for token in (real, altered(real)) if guessed else (real,):
            stand_in = made_up_like(token)
            reply, baseline = (
                world.send(attacker, make(token)),
                world.send(attacker, make(stand_in)),
            )
            if query:
                assert_unknown_named(reply, extra_query)
            else:
                assert reply.status == 200 and reply.body["data"] == {"revoked": True}, reply.body
            assert_same_answer(reply, baseline, token, stand_in)
            assert_no_leak(world, attacker, reply, make(token))
        assert stored() == before
        still = world.send(None, refresh_request(real))
        assert still.status == 200, still.body

    return case


def smuggled_revoke_fields(world: World, attack: Attack) -> None:
    """Given the victim's refresh token, when another tenant revokes it with the victim's
    tenant, customer or client in the body, then 400 naming the field, and nothing changes."""
    victim = real_client(world, world.owner)
    world.secrets |= {victim["client_id"], victim["refresh_token"]}
    before = stored()
    fields = {
        "tenant_id": VICTIM_TENANT,
        "customer_id": VICTIM_CUSTOMER,
        "client_id": victim["client_id"],
        "mode": world.mode,
    }
    for name, value in fields.items():
        body = {"token": victim["refresh_token"], name: value}
        attempt = Attempt("POST", REVOKE, body)
        reply = world.send(world.tenant_admin, attempt)
        assert_field_refused(reply, name)
        assert_no_leak(world, world.tenant_admin, reply, attempt)
    assert stored() == before


def revoke_with_tenant_header(world: World, attack: Attack) -> None:
    """Given the victim's refresh token, when another tenant revokes it sending `tenantId`
    naming the victim's tenant, then 403 whether or not the token exists; with X-Tenant-Id
    and friends it is RFC 7009's silent 200, and the victim's family is untouched."""
    revoking(lambda w, a: w.tenant_admin, headers=True)(world, attack)
    victim = real_client(world, world.owner)
    world.secrets |= {victim["client_id"], victim["refresh_token"]}
    before = stored()
    for name in TENANT_HEADERS:

        def make(token: str, header: str = name) -> Attempt:
            return Attempt("POST", REVOKE, {"token": token}, {header: VICTIM_TENANT})

        assert_indistinguishable(
            world, world.tenant_admin, make, victim["refresh_token"], 403, "forbidden"
        )
    assert stored() == before


# ------------------------------------------------------------------------------- public ---
@dataclass(frozen=True)
class Public:
    """A public route: nothing tenant-scoped behind it. Its one case checks just that."""

    reason: str


def public_answers_nothing_of_the_victim(world: World, path: str) -> None:
    """Given a populated victim tenant, when anyone (anonymous, or with a foreign token) calls
    a public route with the victim's tenant and customer in headers, then the answer has none
    of the victim's data; with them in the query string too, it is 400 validation_error naming
    each parameter (a public route takes none), naming nothing of the victim's either."""
    query = {**smuggled_query(world), "customer_id": VICTIM_CUSTOMER}
    headers = {**smuggled_headers(world), "tenantId": VICTIM_TENANT}
    for who in (None, world.tenant_admin):
        attempt = Attempt("GET", path, headers=headers)
        reply = world.send(who, attempt)
        assert reply.status == 200, reply.raw[:200]
        assert_no_leak(world, who, reply, attempt)
        smuggling = Attempt("GET", with_query(path, query), headers=headers)
        refused_smuggling(world, who, smuggling, query)


# ---------------------------------------------------------------------------- audit trail ---
def reads_audit(who: Who) -> bool:
    """Only tenant-wide admins read an audit trail (decisions.md, "Audit")."""
    return "admin" in who.scopes and who.customer is None


def audit_probes(world: World) -> list[dict[str, str]]:
    """Trail queries naming the victim's resources."""
    return [
        {},
        {"limit": "100"},
        {"resource_id": world.product["id"]},
        {"resource_id": world.category["id"], "limit": "1"},
        {"resource_id": world.sibling["id"]},
    ]


def audit_attackers(world: World, attack: Attack) -> list[Who]:
    """The attack's principals, and the admins of the other tenant and mode (who read trails)."""
    found = world.attackers(attack)
    return found + [w for w in (world.tenant_admin, world.mode_admin) if w not in found]


def assert_refused_or_empty(world: World, who: Who, attempt: Attempt) -> None:
    reply = world.send(who, attempt)
    if reads_audit(who):
        assert_listing_empty(world, who, reply, attempt)
    else:
        assert_error(reply, 403, "forbidden")
        assert_no_leak(world, who, reply, attempt)


def foreign_audit(world: World, attack: Attack) -> None:
    """Given the victim's audit trail (its products' and categories' writes), when a principal
    of another tenant, customer or mode reads it, filtering by the victim's resource ids, then
    an admin elsewhere sees an empty trail and anyone else gets 403: nothing of the victim's
    either way, while the victim's own admin sees its events."""
    own = world.send(
        world.admin, Attempt("GET", with_query(AUDIT, {"resource_id": world.product["id"]}))
    )
    assert own.status == 200 and own.body["data"]["items"], own.body
    before = stored()
    for attacker in audit_attackers(world, attack):
        for query in audit_probes(world):
            assert_refused_or_empty(world, attacker, Attempt("GET", with_query(AUDIT, query)))
    assert stored() == before


def guessed_audit(world: World, attack: Attack) -> None:
    """Given the victim's resource ids, when another tenant's admin filters the trail by them
    or by made-up ids, then the answers are the same; the victim's admin gets an empty trail
    for made-up and altered ids."""
    real = world.product["id"]
    for query in audit_probes(world):
        faked = {
            k: made_up_like(v) if v.startswith(("prod_", "cat_")) else v for k, v in query.items()
        }
        if faked == query:
            continue
        reply = world.send(world.tenant_admin, Attempt("GET", with_query(AUDIT, query)))
        baseline = world.send(world.tenant_admin, Attempt("GET", with_query(AUDIT, faked)))
        assert reply.status == 200, reply.body
        assert comparable(reply) == comparable(baseline), query
    for guess in (made_up_like(real), altered(real), real.upper()):
        attempt = Attempt("GET", with_query(AUDIT, {"resource_id": guess}))
        reply = world.send(world.admin, attempt)
        assert reply.status == 200 and reply.body["data"]["items"] == [], (guess, reply.body)


def smuggled_audit_params(world: World, attack: Attack) -> None:
    """Given the victim's trail, when a foreign principal (admin or not) reads it with the
    victim's tenant, customer, mode or client in the query, next to `resource_id` naming the
    victim's product, then 400 validation_error naming each smuggled parameter and not
    `resource_id` (which the trail takes), before the admin check: nothing of the victim's,
    and no table changes. The victim's admin naming another tenant and mode gets the same
    400 (smuggling is refused for everyone); with `resource_id` alone, it reads its own
    product's trail."""
    smuggled = {**smuggled_query(world), "customer_id": VICTIM_CUSTOMER}
    taken = {"resource_id": world.product["id"]}
    before = stored()
    for attacker in audit_attackers(world, attack):
        attempt = Attempt("GET", with_query(AUDIT, {**smuggled, **taken}))
        refused_smuggling(world, attacker, attempt, smuggled)
    away = {"tenant_id": ATTACKER_TENANT, "tenantId": ATTACKER_TENANT, "mode": world.flipped}
    attempt = Attempt("GET", with_query(AUDIT, {**away, **taken}))
    refused_smuggling(world, world.admin, attempt, away)
    assert stored() == before
    reply = world.send(world.admin, Attempt("GET", with_query(AUDIT, taken)))
    assert reply.status == 200 and reply.body["data"]["items"], reply.body
    assert {event["resource"]["id"] for event in reply.body["data"]["items"]} == set(taken.values())


def smuggled_audit_headers(world: World, attack: Attack) -> None:
    """Given the victim's trail, when a foreign principal reads it with seed 002's `tenantId`
    naming the victim's tenant, then 403; with X-Tenant-Id and friends, nothing of it."""
    for attacker in audit_attackers(world, attack):
        if attacker.tenant != VICTIM_TENANT:
            for name in TENANT_HEADERS:
                attempt = Attempt("GET", AUDIT, headers={name: VICTIM_TENANT})
                reply = world.send(attacker, attempt)
                assert_error(reply, 403, "forbidden")
                assert_no_leak(world, attacker, reply, attempt)
        assert_refused_or_empty(
            world, attacker, Attempt("GET", AUDIT, headers=smuggled_headers(world))
        )


def foreign_audit_cursor(world: World, attack: Attack) -> None:
    """Given a cursor of the victim's trail, when a principal of another tenant, customer or
    mode presents it, then an admin gets 400 "Cursor does not belong to this query" and anyone
    else 403, naming nothing of the victim's."""
    first = world.send(world.admin, Attempt("GET", with_query(AUDIT, {"limit": "1"})))
    cursor = first.body["data"]["pagination"]["next_cursor"]
    attempt = Attempt("GET", with_query(AUDIT, {"limit": "1", "cursor": cursor}))
    assert world.send(world.admin, attempt).status == 200  # a good cursor
    for attacker in audit_attackers(world, attack):
        reply = world.send(attacker, attempt)
        if reads_audit(attacker):
            assert_error(reply, 400, "validation_error")
            assert reply.body["error"]["details"] == CURSOR_REFUSED, attacker.label
        else:
            assert_error(reply, 403, "forbidden")
        assert_no_leak(world, attacker, reply, attempt)


# ------------------------------------------------------------------------ seed 000's door ---
# Its upload and get (docs/seed-mapping.md), at the root and under /compat/000: the same
# domain as the canonical routes, answered in the seed's shapes (errors `{"detail": ...}`).
DOOR_UPLOAD, DOOR_GET = "/api/products/upload", "/api/products/get"


def assert_door_error(reply: Reply, status: int) -> None:
    assert reply.status == status, (reply.status, reply.body)
    assert set(reply.body) == {"detail"} and isinstance(reply.body["detail"], str), reply.body


def door_upload(prefix: str, who: Who, **extra: Any) -> Attempt:
    item = {"customer_id": who.customer or "cust-attacker", "name": "Quokka Door", "price": 5}
    return Attempt("POST", f"{prefix}{DOOR_UPLOAD}", [{**item, **extra.pop("fields", {})}], **extra)


def door_upload_is_own(prefix: str) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's catalog, when a foreign principal uploads through seed 000's
        door (with the victim's headers, for the headers attack), then the products are its
        own (tenant, mode, customer), the victim sees none, and the answer names nothing of
        the victim's; seed 002's `tenantId` naming the victim is a 403."""
        for attacker in world.attackers(attack, PRODUCT):
            headers = smuggled_headers(world) if attack is Attack.HEADERS else {}
            attempt = door_upload(prefix, attacker, headers=headers)
            reply = world.send(attacker, attempt)
            assert reply.status == 200 and set(reply.body) == {"product_ids"}, reply.body
            assert_no_leak(world, attacker, reply, attempt)
            for product_id in reply.body["product_ids"]:
                path = f"{PRODUCTS}/{product_id}"
                mine = world.send(attacker, Attempt("GET", path)).body["data"]["item"]
                assert mine["test"] is (attacker.mode == "test")
                assert mine["customer_id"] == (attacker.customer or "cust-attacker")
                blind = [world.owner] if world.sees_tenant(attacker) else [world.owner, world.admin]
                for victim in blind:
                    assert_error(world.send(victim, Attempt("GET", path)), 404, "not_found")
            if attack is Attack.HEADERS and attacker.tenant != VICTIM_TENANT:
                before = stored()
                named = door_upload(prefix, attacker, headers={"tenantId": VICTIM_TENANT})
                assert_door_error(world.send(attacker, named), 403)
                assert stored() == before

    return case


def door_upload_refused(prefix: str, via: Literal["body", "query"]) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's catalog, when a principal uploads with read-only fields naming
        the victim (id, tenant, mode, version) in the body, or the victim's tenant, mode or
        client in the query, then a 400 in the seed's shape, nothing stored and nothing of
        the victim's named."""
        before = stored()
        for attacker in world.attackers(attack, PRODUCT):
            if via == "body":
                fields = {"id": world.product["id"], "tenant_id": VICTIM_TENANT, "mode": world.mode}
                attempt = door_upload(prefix, attacker, fields=fields)
            else:
                plain = door_upload(prefix, attacker)
                path = with_query(plain.path, smuggled_query(world))
                attempt = Attempt("POST", path, plain.body)
            reply = world.send(attacker, attempt)
            assert_door_error(reply, 400)
            assert_no_leak(world, attacker, reply, attempt)
        assert stored() == before

    return case


def door_upload_key(prefix: str) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's upload stored under an Idempotency-Key, when foreign principals
        send the same key and body, then they get their own products, never the victim's
        ids."""
        victim_upload = door_upload(prefix, world.owner, headers={"Idempotency-Key": "k-0"})
        first = world.send(world.owner, victim_upload)
        assert first.status == 200, first.body
        world.secrets |= set(first.body["product_ids"])
        for attacker in world.attackers(attack, PRODUCT):
            attempt = Attempt("POST", victim_upload.path, victim_upload.body, victim_upload.headers)
            reply = world.send(attacker, attempt)
            if attacker.customer not in (None, VICTIM_CUSTOMER):
                assert_door_error(reply, 400)  # the victim's customer is not its own
            else:
                assert reply.status == 200 and "idempotent-replayed" not in reply.headers
            assert_no_leak(world, attacker, reply, attempt)

    return case


def door_get_foreign(prefix: str, guessed: bool = False) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's products, when a foreign principal gets one through seed 000's
        door by its id (or the victim's own client by a made-up, altered or deleted id), then
        the answer is a made-up id's 404 `{"detail": "Product not found"}`; and its listing
        holds nothing of the victim's."""
        real = world.product["id"]
        ids = [real, altered(real), world.deleted_id(PRODUCT)] if guessed else [real]
        callers = [world.owner] if guessed else world.attackers(attack, PRODUCT)
        for who in callers:
            for product_id in ids[1:] if guessed else ids:

                def make(pid: str) -> Attempt:
                    return Attempt("GET", with_query(f"{prefix}{DOOR_GET}", {"product_id": pid}))

                reply, baseline = (
                    world.send(who, make(product_id)),
                    world.send(who, make(made_up_like(product_id))),
                )
                assert reply.status == 404 and reply.body == {"detail": "Product not found"}
                assert comparable(reply) == comparable(
                    baseline, (made_up_like(product_id), product_id)
                )
                assert_no_leak(world, who, reply, make(product_id))
            if not guessed:
                attempt = Attempt("GET", f"{prefix}{DOOR_GET}")
                listed = world.send(who, attempt)
                assert listed.status == 200 and listed.body == [], (who.label, listed.body)

    return case


def door_get_smuggled(prefix: str, via: Literal["query", "headers"]) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's products, when a foreign principal lists through seed 000's door
        with the victim's tenant, mode or client in the query, then a 400 in the seed's shape;
        with them in headers, its own empty listing (seed 002's `tenantId` naming the victim:
        403)."""
        for attacker in world.attackers(attack, PRODUCT):
            if via == "query":
                attempt = Attempt("GET", with_query(f"{prefix}{DOOR_GET}", smuggled_query(world)))
                reply = world.send(attacker, attempt)
                assert_door_error(reply, 400)
            else:
                attempt = Attempt("GET", f"{prefix}{DOOR_GET}", headers=smuggled_headers(world))
                reply = world.send(attacker, attempt)
                assert reply.status == 200 and reply.body == [], reply.body
                if attacker.tenant != VICTIM_TENANT:
                    named = Attempt(
                        "GET", f"{prefix}{DOOR_GET}", headers={"tenantId": VICTIM_TENANT}
                    )
                    assert_door_error(world.send(attacker, named), 403)
            assert_no_leak(world, attacker, reply, attempt)

    return case


def door_get_cursor(prefix: str) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given a cursor of the victim's listing through the door (its `Link`), when another
        principal presents it, then a 400 in the seed's shape naming nothing of the victim's."""
        first = world.send(world.owner, Attempt("GET", f"{prefix}{DOOR_GET}?limit=1"))
        link = first.headers["link"]
        path = link[1 : link.index(">")]
        for attacker in world.attackers(attack, PRODUCT):
            attempt = Attempt("GET", path)
            reply = world.send(attacker, attempt)
            assert_door_error(reply, 400)
            assert_no_leak(world, attacker, reply, attempt)

    return case


NO_ID_HERE = "an upload names no resource by id"


def door000_upload_row(prefix: str) -> "Row":
    own = door_upload_is_own(prefix)
    return {
        Attack.OTHER_TENANT: own,
        Attack.OTHER_CUSTOMER: own,
        Attack.TEST_ON_LIVE: own,
        Attack.LIVE_ON_TEST: own,
        Attack.GUESSED_ID: NO_ID_HERE,
        Attack.BODY_FIELDS: door_upload_refused(prefix, "body"),
        Attack.QUERY_PARAMS: door_upload_refused(prefix, "query"),
        Attack.HEADERS: own,
        Attack.FOREIGN_CURSOR: NOT_A_LISTING,
        Attack.IDEMPOTENCY_KEY: door_upload_key(prefix),
    }


def door000_get_row(prefix: str) -> "Row":
    foreign = door_get_foreign(prefix)
    return {
        Attack.OTHER_TENANT: foreign,
        Attack.OTHER_CUSTOMER: foreign,
        Attack.TEST_ON_LIVE: foreign,
        Attack.LIVE_ON_TEST: foreign,
        Attack.GUESSED_ID: door_get_foreign(prefix, guessed=True),
        Attack.BODY_FIELDS: NO_BODY,
        Attack.QUERY_PARAMS: door_get_smuggled(prefix, "query"),
        Attack.HEADERS: door_get_smuggled(prefix, "headers"),
        Attack.FOREIGN_CURSOR: door_get_cursor(prefix),
        Attack.IDEMPOTENCY_KEY: NOT_IDEMPOTENT,
    }


# ------------------------------------------------------------------------ seed 004's door ---
# Its five routes (docs/seed-mapping.md), at the root and under /compat/004, over the same
# domain, answered in the seed's shapes (errors `{"error": <reason phrase>, "message"}`).
# Rows at the root send the seed's trailing slash (/v1/products/{id}/), rows under
# /compat/004 leave it out: both forms reach the same function. `test=true|false` is a
# parameter of every route here, checked against the caller's key.
D4_PRODUCTS = "/v1/products"
D4_NEW = {"name": "Quokka Door", "price": 5}


@dataclass(frozen=True)
class Door4:
    """One route of seed 004's door under one prefix."""

    prefix: str
    method: str
    on_product: bool = False
    body: dict[str, Any] | None = None

    def path(self, product_id: str | None = None) -> str:
        path = f"{self.prefix}{D4_PRODUCTS}" + (f"/{product_id}" if self.on_product else "")
        return path + ("/" if self.prefix == "" else "")

    def make(
        self,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, str] | None = None,
    ) -> Make:
        def attempt(product_id: str) -> Attempt:
            path = self.path(product_id)
            return Attempt(
                self.method,
                with_query(path, query) if query else path,
                self.body if body is None else body,
                headers or {},
            )

        return attempt


def assert_d4_error(reply: Reply, status: int, *words: str) -> None:
    assert reply.status == status, (reply.status, reply.body)
    assert set(reply.body) == {"error", "message"}, reply.body
    assert reply.body["error"] == HTTPStatus(status).phrase, reply.body
    for word in words:
        assert word in reply.body["message"], (word, reply.body)


def assert_d4_empty(reply: Reply) -> None:
    assert reply.status == 200, reply.body
    assert reply.body == {"count": 0, "current_page": 1, "total_pages": 0, "results": []}


def d4_same_as_made_up(
    world: World, who: Who, make: Make, status: int, *words: str, real: str | None = None
) -> Reply:
    """The victim's product id (or `real`) gets exactly what a made-up id gets, in the seed's
    shape, naming nothing of the victim's."""
    real = real or world.victim_id(PRODUCT)
    stand_in = made_up_like(real)
    reply, baseline = world.send(who, make(real)), world.send(who, make(stand_in))
    assert_d4_error(reply, status, *words)
    assert_same_answer(reply, baseline, real, stand_in)
    assert_no_leak(world, who, reply, make(real))
    return reply


def d4_mode_refusal(who: Who) -> tuple[str, str]:
    """`test=` naming the other mode than `who`'s key, and the words of its 400."""
    test = "false" if who.mode == "test" else "true"
    return test, f"use a {'live' if who.mode == 'test' else 'test'}-mode key"


def d4_create_is_own(prefix: str) -> "Case":
    route = Door4(prefix, "POST")

    def case(world: World, attack: Attack) -> None:
        """Given the victim's catalog, when a foreign principal creates through seed 004's
        door (with the victim's headers, for the headers attack), then the product is its own
        (tenant, mode, customer), the victim sees none, and the answer names nothing of the
        victim's; `test=` naming the victim's mode from a key of the other mode, and seed
        002's `tenantId` naming the victim, are refused with nothing stored."""
        for attacker in world.attackers(attack, PRODUCT):
            headers = smuggled_headers(world) if attack is Attack.HEADERS else {}
            attempt = Attempt("POST", route.path(), D4_NEW, headers)
            reply = world.send(attacker, attempt)
            assert reply.status == 201 and set(reply.body["data"]) == {"id"}, reply.body
            assert_no_leak(world, attacker, reply, attempt)
            path = f"{PRODUCTS}/{reply.body['data']['id']}"
            mine = world.send(attacker, Attempt("GET", path)).body["data"]["item"]
            assert (mine["test"], mine["customer_id"]) == (
                attacker.mode == "test",
                attacker.customer,
            )
            blind = [world.owner] if world.sees_tenant(attacker) else [world.owner, world.admin]
            for victim in blind:
                assert_error(world.send(victim, Attempt("GET", path)), 404, "not_found")
            before = stored()
            if attacker.mode != world.mode:
                test, words = d4_mode_refusal(attacker)
                named = Attempt("POST", with_query(route.path(), {"test": test}), D4_NEW)
                assert_d4_error(world.send(attacker, named), 400, words)
            if attack is Attack.HEADERS and attacker.tenant != VICTIM_TENANT:
                named = Attempt("POST", route.path(), D4_NEW, {"tenantId": VICTIM_TENANT})
                assert_d4_error(world.send(attacker, named), 403)
            assert stored() == before

    return case


def d4_create_refused(prefix: str, via: Literal["body", "query"]) -> "Case":
    route = Door4(prefix, "POST")

    def case(world: World, attack: Attack) -> None:
        """Given the victim's catalog, when a principal creates through the door with
        read-only fields naming the victim (id, tenant, customer, mode, version...) in the
        body, or the victim's tenant, mode or client in the query, then a 400 in the seed's
        shape naming each, nothing stored and nothing of the victim's named."""
        before = stored()
        for attacker in world.attackers(attack, PRODUCT):
            if via == "body":
                fields = {**read_only_fields(world, PRODUCT), "customer_id": VICTIM_CUSTOMER}
                for name, value in fields.items():
                    attempt = Attempt("POST", route.path(), {**D4_NEW, name: value})
                    reply = world.send(attacker, attempt)
                    assert_d4_error(reply, 400, f"{name}: Extra inputs are not permitted")
                    assert_no_leak(world, attacker, reply, attempt)
            else:
                query = {k: v for k, v in smuggled_query(world).items() if k != "test"}
                attempt = Attempt("POST", with_query(route.path(), query), D4_NEW)
                reply = world.send(attacker, attempt)
                assert_d4_error(reply, 400, *(f"{name}: unknown query parameter" for name in query))
                assert_no_leak(world, attacker, reply, attempt)
        assert stored() == before

    return case


def d4_create_key(prefix: str) -> "Case":
    route = Door4(prefix, "POST")

    def case(world: World, attack: Attack) -> None:
        """Given the victim's create stored under an Idempotency-Key, when foreign principals
        send the same key and body, then each gets a product of its own, never the victim's
        id, and nothing is replayed."""
        keyed = Attempt("POST", route.path(), D4_NEW, {"Idempotency-Key": "k-4"})
        first = world.send(world.owner, keyed)
        assert first.status == 201, first.body
        assert world.send(world.owner, keyed).headers.get("idempotent-replayed") == "true"
        world.secrets.add(first.body["data"]["id"])
        for attacker in world.attackers(attack, PRODUCT):
            reply = world.send(attacker, keyed)
            assert reply.status == 201 and "idempotent-replayed" not in reply.headers
            assert_no_leak(world, attacker, reply, keyed)

    return case


def d4_list_foreign(prefix: str) -> "Case":
    route = Door4(prefix, "GET")

    def case(world: World, attack: Attack) -> None:
        """Given the victim's products, when a foreign principal lists through the door
        (every page size, its own mode's `test=`), then it gets an empty page naming nothing
        of the victim's."""
        for attacker in world.attackers(attack, PRODUCT):
            own_mode = str(attacker.mode == "test").lower()
            for query in ({}, {"page": "1", "page_size": "100", "test": own_mode}):
                attempt = Attempt("GET", with_query(route.path(), query) if query else route.path())
                reply = world.send(attacker, attempt)
                assert_d4_empty(reply)
                assert_no_leak(world, attacker, reply, attempt)

    return case


def d4_list_smuggled(prefix: str, via: Literal["query", "headers"]) -> "Case":
    route = Door4(prefix, "GET")

    def case(world: World, attack: Attack) -> None:
        """Given the victim's products, when a foreign principal lists through the door with
        the victim's tenant, mode or client in the query, then a 400 naming each; `test=`
        naming the victim's mode from a key of the other mode: a 400 telling it to use a key
        of that mode; with them in headers, its own empty page (seed 002's `tenantId`
        naming the victim: 403)."""
        for attacker in world.attackers(attack, PRODUCT):
            if via == "query":
                query = {k: v for k, v in smuggled_query(world).items() if k != "test"}
                attempt = Attempt("GET", with_query(route.path(), query))
                reply = world.send(attacker, attempt)
                assert_d4_error(reply, 400, *(f"{name}: unknown query parameter" for name in query))
                victims = {"test": str(world.mode == "test").lower()}
                asked = world.send(attacker, Attempt("GET", with_query(route.path(), victims)))
                if attacker.mode == world.mode:
                    assert_d4_empty(asked)
                else:
                    assert_d4_error(asked, 400, d4_mode_refusal(attacker)[1])
            else:
                attempt = Attempt("GET", route.path(), headers=smuggled_headers(world))
                reply = world.send(attacker, attempt)
                assert_d4_empty(reply)
                if attacker.tenant != VICTIM_TENANT:
                    named = Attempt("GET", route.path(), headers={"tenantId": VICTIM_TENANT})
                    assert_d4_error(world.send(attacker, named), 403)
            assert_no_leak(world, attacker, reply, attempt)

    return case


def d4_preconditions(route: Door4) -> list[dict[str, str]]:
    """No precondition, and one that would answer 304 or 412 if the product were found."""
    return [{}, {"If-None-Match": '"v1"'} if route.method == "GET" else {"If-Match": '"v9"'}]


def d4_foreign(route: Door4) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's product, when a principal of another tenant, customer or mode
        reads, updates or deletes it through the door (with or without a precondition that
        would answer 304/412), then it gets the 404 of an id that never existed, in the
        seed's shape, and nothing changes."""
        before = stored()
        for attacker in world.attackers(attack, PRODUCT):
            for headers in d4_preconditions(route):
                d4_same_as_made_up(world, attacker, route.make(headers=headers), 404)
        assert stored() == before

    return case


def d4_guessed(route: Door4) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given made-up ids, the victim's ids altered or upper-cased, and the id of a product
        the victim deleted, when another tenant or the victim itself uses them through the
        door, then each gets exactly the 404 another tenant gets for the victim's real id."""
        real = world.victim_id(PRODUCT)
        guesses = [made_up_like(real), altered(real), real.upper(), world.deleted_id(PRODUCT)]
        before = stored()
        reference = world.send(world.tenant_seller, route.make()(real))
        assert_d4_error(reference, 404)
        for who in (world.tenant_seller, world.owner):
            for guess in guesses:
                assert_same_answer(world.send(who, route.make()(guess)), reference, guess, real)
        assert stored() == before

    return case


def d4_put_fields(route: Door4) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's own product, when its own client PUTs read-only fields (tenant,
        customer, id, version, mode...) through the door, then a 400 naming each, and the
        stored product is untouched: mass assignment never takes effect."""
        fields = {**read_only_fields(world, PRODUCT), "customer_id": NEIGHBOUR_CUSTOMER}
        real = world.victim_id(PRODUCT)
        before = stored()
        for name, value in fields.items():
            reply = world.send(world.owner, route.make(body={"name": "Pwned", name: value})(real))
            assert_d4_error(reply, 400, f"{name}: Extra inputs are not permitted")
        assert stored() == before

    return case


def d4_delete_body(route: Door4) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's product, when another tenant DELETEs it through the door with a
        body naming the victim's tenant, customer and mode, then the body changes nothing:
        the 404 of a made-up id, and the product stays."""
        body = {"tenant_id": VICTIM_TENANT, "customer_id": VICTIM_CUSTOMER, "mode": world.mode}
        before = stored()
        for attacker in world.attackers(Attack.OTHER_TENANT):
            d4_same_as_made_up(world, attacker, route.make(body=body), 404)
        assert stored() == before

    return case


def d4_smuggled(route: Door4, via: Literal["query", "headers"]) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's product, when a foreign principal names the victim's tenant,
        customer, mode or client in the query, then a 400 naming each (the same for a made-up
        id), and `test=` naming the victim's mode from a key of the other mode a 400 telling
        it to use such a key; seed 002's `tenantId` naming the victim is a 403 and other
        headers change nothing (404), all naming nothing of the victim's; nothing changes."""
        before = stored()
        for attacker in world.attackers(attack, PRODUCT):
            if via == "query":
                query = {**smuggled_query(world), "customer_id": VICTIM_CUSTOMER}
                query.pop("test")
                unknown = (f"{name}: unknown query parameter" for name in query)
                d4_same_as_made_up(world, attacker, route.make(query=query), 400, *unknown)
                victims = {"test": str(world.mode == "test").lower()}
                if attacker.mode == world.mode:
                    d4_same_as_made_up(world, attacker, route.make(query=victims), 404)
                else:
                    words = d4_mode_refusal(attacker)[1]
                    d4_same_as_made_up(world, attacker, route.make(query=victims), 400, words)
            else:
                for name in TENANT_HEADERS:
                    status = 403 if attacker.tenant != VICTIM_TENANT else 404
                    headers = {name: VICTIM_TENANT}
                    d4_same_as_made_up(world, attacker, route.make(headers=headers), status)
                headers = smuggled_headers(world)
                d4_same_as_made_up(world, attacker, route.make(headers=headers), 404)
        assert stored() == before

    return case


D4_NO_ID = "a create names no resource by id (seed 004's body has no references)"
D4_NO_CURSOR = "pages are numbers: the door hands out no cursor to carry over"


def door004_rows(prefix: str) -> dict[tuple[str, str], "Row"]:
    create = d4_create_is_own(prefix)
    listing = d4_list_foreign(prefix)
    rows: dict[tuple[str, str], Row] = {
        ("POST", f"{prefix}{D4_PRODUCTS}"): {
            Attack.OTHER_TENANT: create,
            Attack.OTHER_CUSTOMER: create,
            Attack.TEST_ON_LIVE: create,
            Attack.LIVE_ON_TEST: create,
            Attack.GUESSED_ID: D4_NO_ID,
            Attack.BODY_FIELDS: d4_create_refused(prefix, "body"),
            Attack.QUERY_PARAMS: d4_create_refused(prefix, "query"),
            Attack.HEADERS: create,
            Attack.FOREIGN_CURSOR: NOT_A_LISTING,
            Attack.IDEMPOTENCY_KEY: d4_create_key(prefix),
        },
        ("GET", f"{prefix}{D4_PRODUCTS}"): {
            Attack.OTHER_TENANT: listing,
            Attack.OTHER_CUSTOMER: listing,
            Attack.TEST_ON_LIVE: listing,
            Attack.LIVE_ON_TEST: listing,
            Attack.GUESSED_ID: "the listing names no product by id",
            Attack.BODY_FIELDS: NO_BODY,
            Attack.QUERY_PARAMS: d4_list_smuggled(prefix, "query"),
            Attack.HEADERS: d4_list_smuggled(prefix, "headers"),
            Attack.FOREIGN_CURSOR: D4_NO_CURSOR,
            Attack.IDEMPOTENCY_KEY: NOT_IDEMPOTENT,
        },
    }
    for method, body in (("GET", None), ("PUT", {"name": "Pwned"}), ("DELETE", None)):
        route = Door4(prefix, method, on_product=True, body=body)
        foreign = d4_foreign(route)
        fields: Case | str = NO_BODY
        if method == "PUT":
            fields = d4_put_fields(route)
        elif method == "DELETE":
            fields = d4_delete_body(route)
        rows[(method, f"{prefix}{D4_PRODUCTS}/{{product_id}}")] = {
            Attack.OTHER_TENANT: foreign,
            Attack.OTHER_CUSTOMER: foreign,
            Attack.TEST_ON_LIVE: foreign,
            Attack.LIVE_ON_TEST: foreign,
            Attack.GUESSED_ID: d4_guessed(route),
            Attack.BODY_FIELDS: fields,
            Attack.QUERY_PARAMS: d4_smuggled(route, "query"),
            Attack.HEADERS: d4_smuggled(route, "headers"),
            Attack.FOREIGN_CURSOR: NOT_A_LISTING,
            Attack.IDEMPOTENCY_KEY: NOT_IDEMPOTENT,
        }
    return rows


# ------------------------------------------------------------------------ seed 001's door ---
# Its five endpoints (docs/seed-mapping.md), at the root and under /compat/001: the same domain
# as the canonical routes, answered in the seed's shapes (errors `{"error", "code", "details"}`).
DOOR001_PRODUCTS, DOOR001_ADMIN = "/api/products", "/api/admin/products"
DOOR001_PREFIXES = ("", "/compat/001")


def assert_door001_error(reply: Reply, status: int, code: str) -> None:
    assert reply.status == status, (reply.status, reply.body)
    assert set(reply.body) == {"error", "code", "details"}, reply.body
    assert reply.body["code"] == code, reply.body


def door001_fields(reply: Reply) -> list[str]:
    return sorted(detail["field"] for detail in reply.body["details"])


@dataclass(frozen=True)
class OnDoor001Product:
    """A seed 001 route on one product: GET, PATCH or DELETE of `{prefix}{base}/{id}`."""

    prefix: str
    method: str
    base: str
    body: dict[str, Any] | None = None
    precondition: tuple[str, str] | None = None

    def make(
        self, body: Any = None, headers: Mapping[str, str] | None = None, query: Any = None
    ) -> Make:
        def attempt(product_id: str) -> Attempt:
            path = f"{self.prefix}{self.base}/{product_id}"
            return Attempt(
                self.method,
                with_query(path, query) if query else path,
                self.body if body is None else body,
                headers or {},
            )

        return attempt


def door001_same_as_made_up(
    world: World, who: Who, make: Make, real: str, status: int, code: str
) -> Reply:
    """`real` gets exactly what a made-up id gets (up to the id), naming nothing of the
    victim's."""
    stand_in = made_up_like(real)
    reply, baseline = world.send(who, make(real)), world.send(who, make(stand_in))
    assert_door001_error(reply, status, code)
    assert_same_answer(reply, baseline, real, stand_in)
    assert_no_leak(world, who, reply, make(real))
    return reply


def door001_foreign(route: OnDoor001Product) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's product, when a principal of another tenant, customer or mode
        reads, updates or deletes it through seed 001's door (with or without a precondition
        that would answer 304/412), then the 404 of a made-up id, and nothing changes."""
        before = stored()
        headers = [{}, dict([route.precondition])] if route.precondition else [{}]
        for attacker in world.attackers(attack, PRODUCT):
            for extra in headers:
                make = route.make(headers=extra)
                door001_same_as_made_up(
                    world, attacker, make, world.product["id"], 404, "not_found"
                )
        assert stored() == before

    return case


def door001_guessed(route: OnDoor001Product) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given made-up, altered, upper-cased and deleted ids, when another tenant or the
        victim itself uses them through the door, then each gets exactly the 404 another
        tenant gets for the victim's real id."""
        real = world.product["id"]
        guesses = [made_up_like(real), altered(real), real.upper(), world.deleted_id(PRODUCT)]
        before = stored()
        reference = world.send(world.tenant_seller, route.make()(real))
        assert_door001_error(reference, 404, "not_found")
        for who in (world.tenant_seller, world.owner):
            for guess in guesses:
                assert_same_answer(world.send(who, route.make()(guess)), reference, guess, real)
        assert stored() == before

    return case


def door001_smuggled_params(route: OnDoor001Product) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's product, when a foreign principal names the victim's tenant,
        customer, mode or client in the query, then a 400 in the seed's shape naming each of
        them, the same as for a made-up id, and nothing changes."""
        query = {**smuggled_query(world), "customer_id": VICTIM_CUSTOMER}
        before = stored()
        for attacker in world.attackers(attack, PRODUCT):
            make = route.make(query=query)
            real = world.product["id"]
            reply = door001_same_as_made_up(world, attacker, make, real, 400, "validation_error")
            assert door001_fields(reply) == sorted(query), reply.body
        assert stored() == before

    return case


def door001_headers(route: OnDoor001Product) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's product, when a foreign principal sends seed 002's `tenantId`
        naming the victim's tenant, then 403, the same whether the id exists or not; other
        tenant or customer headers are ignored: 404."""
        before = stored()
        real = world.product["id"]
        for attacker in world.attackers(attack, PRODUCT):
            for name in TENANT_HEADERS:
                foreign = attacker.tenant != VICTIM_TENANT
                status, code = (403, "forbidden") if foreign else (404, "not_found")
                make = route.make(headers={name: VICTIM_TENANT})
                door001_same_as_made_up(world, attacker, make, real, status, code)
            make = route.make(headers=smuggled_headers(world))
            door001_same_as_made_up(world, attacker, make, real, 404, "not_found")
        assert stored() == before

    return case


def door001_read_only_fields(route: OnDoor001Product) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's own product, when its own client PATCHes read-only fields (the
        canonical and the seed's spelling, with a value or null), then 400 naming the field,
        and the product is untouched."""
        fields = {
            **read_only_fields(world, PRODUCT),
            "customer_id": NEIGHBOUR_CUSTOMER,
            "createdAt": "2000-01-01T00:00:00.000Z",
            "inStock": False,
        }
        before = stored()
        real = world.product["id"]
        for name, value in fields.items():
            for sent in (value, None):
                reply = world.send(world.owner, route.make(body={"price": 1, name: sent})(real))
                assert_door001_error(reply, 400, "validation_error")
                assert door001_fields(reply) == [name], reply.body
        variants = [{"name": "Smuggler", "tenant_id": ATTACKER_TENANT}]
        reply = world.send(world.owner, route.make(body={"variants": variants})(real))
        assert door001_fields(reply) == ["variants[0].tenant_id"], reply.body
        assert stored() == before

    return case


def door001_ignored_body(route: OnDoor001Product) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's product, when another tenant DELETEs it through the door with a
        body naming the victim's tenant, customer and mode, then the 404 of a made-up id."""
        body = {"tenant_id": VICTIM_TENANT, "customer_id": VICTIM_CUSTOMER, "mode": world.mode}
        before = stored()
        for attacker in world.attackers(Attack.OTHER_TENANT):
            make = route.make(body=body)
            door001_same_as_made_up(world, attacker, make, world.product["id"], 404, "not_found")
        assert stored() == before

    return case


def door001_resource_row(route: OnDoor001Product) -> "Row":
    foreign = door001_foreign(route)
    body: Case | str = NO_BODY
    if route.method == "PATCH":
        body = door001_read_only_fields(route)
    elif route.method == "DELETE":
        body = door001_ignored_body(route)
    return {
        Attack.OTHER_TENANT: foreign,
        Attack.OTHER_CUSTOMER: foreign,
        Attack.TEST_ON_LIVE: foreign,
        Attack.LIVE_ON_TEST: foreign,
        Attack.GUESSED_ID: door001_guessed(route),
        Attack.BODY_FIELDS: body,
        Attack.QUERY_PARAMS: door001_smuggled_params(route),
        Attack.HEADERS: door001_headers(route),
        **NO_CURSOR_OR_KEY,
    }


def door001_create(**fields: Any) -> dict[str, Any]:
    return {"name": "Quokka Door", "price": 5, **fields}


def door001_lands(world: World, who: Who, attempt: Attempt) -> str:
    """A create through the door made `who`'s own product, which the victim cannot see."""
    reply = world.send(who, attempt)
    assert reply.status == 201, (who.label, reply.body)
    assert_no_leak(world, who, reply, attempt)
    path = f"{PRODUCTS}/{reply.body['id']}"
    mine = world.send(who, Attempt("GET", path)).body["data"]["item"]
    assert mine["test"] is (who.mode == "test")
    assert mine["customer_id"] == who.customer
    blind = [world.owner] if world.sees_tenant(who) else [world.owner, world.admin]
    for victim in blind:
        assert_error(world.send(victim, Attempt("GET", path)), 404, "not_found")
    return str(reply.body["id"])


def door001_create_foreign(prefix: str) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's SKU and category, when a principal of another tenant or mode
        creates through the door with them, then the SKU is free and the product its own; a
        customer-bound one naming the victim's category gets the 403 of a name no category
        has (an admin makes its own category of that name, in its tenant). Customer 2 of the
        victim's tenant shares the tenant's SKUs (409) and categories (decisions.md)."""
        path = f"{prefix}{DOOR001_ADMIN}"
        view = world.view()
        claimed = set()  # the SKU is free once per tenant and mode, not twice
        for attacker in world.attackers(attack, PRODUCT):
            sku = {"variants": [{"name": "Borrowed", "sku": world.product["sku"]}]}
            if (attacker.tenant, attacker.mode) in claimed:
                sku = {}
            claimed.add((attacker.tenant, attacker.mode))
            if world.sees_tenant(attacker):
                before = stored()
                reply = world.send(attacker, Attempt("POST", path, door001_create(**sku)))
                assert_door001_error(reply, 409, "duplicate_product")
                assert stored() == before
                continue
            door001_lands(world, attacker, Attempt("POST", path, door001_create(**sku)))
            named = world.category["name"]
            if attacker.customer is not None:
                before = stored()

                def make(name: str) -> Attempt:
                    return Attempt("POST", path, door001_create(category=name))

                door001_same_as_made_up(world, attacker, make, named, 403, "forbidden")
                assert stored() == before
            else:
                attempt = Attempt("POST", path, door001_create(category=named))
                door001_lands(world, attacker, attempt)
        assert world.view() == view

    return case


def door001_create_fields(prefix: str) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's data, when customer 2 creates through the door with the
        victim's tenant, customer, ids, version or mode in the body, then 400 naming the
        field, and nothing is stored."""
        fields = read_only_fields(world, PRODUCT) | {
            "tenant_id": VICTIM_TENANT,
            "customer_id": VICTIM_CUSTOMER,
            "id": world.product["id"],
            "mode": world.mode,
            "createdAt": "2000-01-01T00:00:00.000Z",
        }
        before = stored()
        for name, value in fields.items():
            body = door001_create(**{name: value})
            attempt = Attempt("POST", f"{prefix}{DOOR001_ADMIN}", body)
            reply = world.send(world.neighbour, attempt)
            assert_door001_error(reply, 400, "validation_error")
            assert door001_fields(reply) == [name], reply.body
            assert_no_leak(world, world.neighbour, reply, attempt)
        assert stored() == before

    return case


def door001_create_params(prefix: str) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's tenant, when foreign principals create through the door with
        the victim's tenant, customer, mode or client in the query, then a 400 naming each,
        and nothing is stored."""
        query = {**smuggled_query(world), "customer_id": VICTIM_CUSTOMER}
        before = stored()
        for attacker in world.attackers(attack, PRODUCT):
            path = with_query(f"{prefix}{DOOR001_ADMIN}", query)
            attempt = Attempt("POST", path, door001_create())
            reply = world.send(attacker, attempt)
            assert_door001_error(reply, 400, "validation_error")
            assert door001_fields(reply) == sorted(query), reply.body
            assert_no_leak(world, attacker, reply, attempt)
        assert stored() == before

    return case


def door001_create_headers(prefix: str) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's tenant, when foreign principals create through the door with
        seed 002's `tenantId` naming it, then 403 and nothing stored; with X-Tenant-Id and
        friends, the product is their own."""
        path = f"{prefix}{DOOR001_ADMIN}"
        for attacker in world.attackers(attack, PRODUCT):
            if attacker.tenant != VICTIM_TENANT:
                before = stored()
                for name in TENANT_HEADERS:
                    attempt = Attempt("POST", path, door001_create(), {name: VICTIM_TENANT})
                    assert_door001_error(world.send(attacker, attempt), 403, "forbidden")
                assert stored() == before
            attempt = Attempt("POST", path, door001_create(), smuggled_headers(world))
            door001_lands(world, attacker, attempt)

    return case


def door001_create_key(prefix: str) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's create stored under an Idempotency-Key, when foreign principals
        send the same key and body, then they get their own products, never a replay."""
        path = f"{prefix}{DOOR001_ADMIN}"
        keyed = Attempt("POST", path, door001_create(), {"Idempotency-Key": "k-0"})
        first = world.send(world.owner, keyed)
        assert first.status == 201, first.body
        world.secrets.add(first.body["id"])
        for attacker in world.attackers(attack, PRODUCT):
            reply = world.send(attacker, keyed)
            assert reply.status == 201 and "idempotent-replayed" not in reply.headers
            assert reply.body["id"] != first.body["id"]
            assert_no_leak(world, attacker, reply, keyed)

    return case


def door001_create_row(prefix: str) -> "Row":
    foreign = door001_create_foreign(prefix)
    return {
        Attack.OTHER_TENANT: foreign,
        Attack.OTHER_CUSTOMER: foreign,
        Attack.TEST_ON_LIVE: foreign,
        Attack.LIVE_ON_TEST: foreign,
        Attack.GUESSED_ID: "a create names no resource by id (a category is named: other-tenant)",
        Attack.BODY_FIELDS: door001_create_fields(prefix),
        Attack.QUERY_PARAMS: door001_create_params(prefix),
        Attack.HEADERS: door001_create_headers(prefix),
        Attack.FOREIGN_CURSOR: NOT_A_LISTING,
        Attack.IDEMPOTENCY_KEY: door001_create_key(prefix),
    }


def door001_listed_empty(world: World, who: Who, attempt: Attempt) -> None:
    reply = world.send(who, attempt)
    assert reply.status == 200, (who.label, reply.body)
    assert reply.body["products"] == [] and reply.body["pagination"]["total"] == 0, reply.body
    assert_no_leak(world, who, reply, attempt)


def door001_list_foreign(prefix: str) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's products, when a principal of another tenant, customer or mode
        lists through the door, plainly, by the victim's category name or searching its
        words, then nothing of the victim's (an empty page, total 0)."""
        base = f"{prefix}{DOOR001_PRODUCTS}"
        queries = [{}, {"category": world.category["name"]}, {"search": "quokka"}]
        for attacker in world.attackers(attack, PRODUCT):
            for query in queries:
                door001_listed_empty(world, attacker, Attempt("GET", with_query(base, query)))

    return case


def door001_list_params(prefix: str) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's products, when a foreign principal lists through the door with
        the victim's tenant, customer, mode or client (or a cursor) in the query, then a 400
        naming each, in the seed's shape."""
        query = {**smuggled_query(world), "customer_id": VICTIM_CUSTOMER, "cursor": "x"}
        for attacker in world.attackers(attack, PRODUCT):
            attempt = Attempt("GET", with_query(f"{prefix}{DOOR001_PRODUCTS}", query))
            reply = world.send(attacker, attempt)
            assert_door001_error(reply, 400, "validation_error")
            assert door001_fields(reply) == sorted(query), reply.body
            assert_no_leak(world, attacker, reply, attempt)

    return case


def door001_list_headers(prefix: str) -> "Case":
    def case(world: World, attack: Attack) -> None:
        """Given the victim's products, when a foreign principal lists through the door with
        X-Tenant-Id and friends, then its own empty listing; with seed 002's `tenantId`
        naming the victim, 403."""
        base = f"{prefix}{DOOR001_PRODUCTS}"
        for attacker in world.attackers(attack, PRODUCT):
            door001_listed_empty(
                world, attacker, Attempt("GET", base, headers=smuggled_headers(world))
            )
            if attacker.tenant != VICTIM_TENANT:
                named = Attempt("GET", base, headers={"tenantId": VICTIM_TENANT})
                assert_door001_error(world.send(attacker, named), 403, "forbidden")

    return case


def door001_list_row(prefix: str) -> "Row":
    foreign = door001_list_foreign(prefix)
    return {
        Attack.OTHER_TENANT: foreign,
        Attack.OTHER_CUSTOMER: foreign,
        Attack.TEST_ON_LIVE: foreign,
        Attack.LIVE_ON_TEST: foreign,
        Attack.GUESSED_ID: "the listing takes no id (a category by name: other-tenant)",
        Attack.BODY_FIELDS: NO_BODY,
        Attack.QUERY_PARAMS: door001_list_params(prefix),
        Attack.HEADERS: door001_list_headers(prefix),
        Attack.FOREIGN_CURSOR: "page numbers only: a cursor is an unknown parameter (query-params)",
        Attack.IDEMPOTENCY_KEY: NOT_IDEMPOTENT,
    }


def door001_rows() -> dict[tuple[str, str], "Row"]:
    rows: dict[tuple[str, str], Row] = {}
    for prefix in DOOR001_PREFIXES:
        one = "{productId}"
        rows[("GET", f"{prefix}{DOOR001_PRODUCTS}")] = door001_list_row(prefix)
        rows[("POST", f"{prefix}{DOOR001_ADMIN}")] = door001_create_row(prefix)
        rows[("GET", f"{prefix}{DOOR001_PRODUCTS}/{one}")] = door001_resource_row(
            OnDoor001Product(prefix, "GET", DOOR001_PRODUCTS, precondition=IF_NONE_MATCH)
        )
        rows[("PATCH", f"{prefix}{DOOR001_ADMIN}/{one}")] = door001_resource_row(
            OnDoor001Product(prefix, "PATCH", DOOR001_ADMIN, body=RENAME, precondition=IF_MATCH)
        )
        rows[("DELETE", f"{prefix}{DOOR001_ADMIN}/{one}")] = door001_resource_row(
            OnDoor001Product(prefix, "DELETE", DOOR001_ADMIN, precondition=IF_MATCH)
        )
    return rows


# ------------------------------------------------------------------------ seed 002's door ---
# Its listing (docs/seed-mapping.md), under /compat/002 only: the canonical listing under the
# seed's names, answered in its shape (errors `{"statusCode", "error", "message"}`), with its
# three required headers. The victim's products are not located anywhere, so each case first
# gives the victim one located where the door looks.
DOOR_002 = "/compat/002/api/v1/products"
DOOR_002_NOTHING = {
    "statusCode": 404,
    "error": "Not Found",
    "message": "No products found based on the provided criteria",
}


def door002_headers(who: Who, **extra: str) -> dict[str, str]:
    """What a seed-002 client sends: its own tenant, a user, a country."""
    return {"tenantId": who.tenant, "userId": "USR456", "countryCode": "US", **extra}


def door002_victim(world: World) -> dict[str, Any]:
    """A product of the victim's seller, located in the US, and seen through the door by its
    own client (the control: the door does find it)."""
    located = {
        "name": "Quokka Lantern",
        "sku": "QUOKKA-LANTERN-3",
        "price": 9,
        "business_id": "BIZ-QUOKKA",
        "product_type_id": "TYPE-QUOKKA",
        "location": {"country_code": "US", "state": "Quokka State", "city": "Quokka City"},
    }
    made = world.create(world.owner, PRODUCT, located)
    world.secrets |= {made["id"], made["name"], made["sku"], "BIZ-QUOKKA", "TYPE-QUOKKA"}
    mine = world.send(world.owner, Attempt("GET", DOOR_002, headers=door002_headers(world.owner)))
    assert mine.status == 200, mine.body
    assert [p["productId"] for p in mine.body["products"]] == [made["id"]]
    return made


def door002_probes(world: World, made: dict[str, Any]) -> list[dict[str, str]]:
    """Queries naming the victim's located product in every way the door filters on it."""
    return [
        {},
        {"limit": "100"},
        {"productIds": f"{made['id']},{world.product['id']}"},
        {"productSearch": "quokka"},
        {"byBusinessIds": "BIZ-QUOKKA"},
        {"productByProductTypeIds": "TYPE-QUOKKA"},
        {"byStates": "Quokka State", "byCities": "Quokka City"},
        {"productActive": "1", "order": "ASC", "productLowStock": "100"},
    ]


def assert_door002_error(reply: Reply, status: int) -> None:
    assert reply.status == status, (reply.status, reply.body)
    assert set(reply.body) == {"statusCode", "error", "message"}, reply.body
    assert reply.body["statusCode"] == status


def door002_foreign(world: World, attack: Attack) -> None:
    """Given the victim's located product, when a foreign principal lists through seed 002's
    door with filters naming it (its id, words, business, type, place), then the seed's 404,
    the same as for a made-up id, naming nothing of the victim's, and no table changes."""
    made = door002_victim(world)
    before = stored()
    for attacker in world.attackers(attack, PRODUCT):
        for query in door002_probes(world, made):
            attempt = Attempt("GET", with_query(DOOR_002, query), headers=door002_headers(attacker))
            reply = world.send(attacker, attempt)
            assert reply.status == 404 and reply.body == DOOR_002_NOTHING, (attacker, reply.body)
            assert_no_leak(world, attacker, reply, attempt)
    assert stored() == before


def door002_guessed(world: World, attack: Attack) -> None:
    """Given the victim's located product, when its own client asks for altered, made-up or
    deleted ids, or another tenant for the real ones, then the answers are a made-up id's:
    the ids reveal no existence."""
    made = door002_victim(world)
    real = made["id"]
    asked = [(world.owner, altered(real)), (world.owner, world.deleted_id(PRODUCT))]
    asked += [(world.tenant_admin, real), (world.tenant_seller, real)]
    for who, product_id in asked:

        def make(pid: str, who: Who = who) -> Attempt:
            query = {"productIds": pid}
            return Attempt("GET", with_query(DOOR_002, query), headers=door002_headers(who))

        reply, baseline = (
            world.send(who, make(product_id)),
            world.send(who, make(made_up_like(product_id))),
        )
        assert reply.status == 404 and reply.body == DOOR_002_NOTHING, reply.body
        assert comparable(reply) == comparable(baseline, (made_up_like(product_id), product_id))
        assert_no_leak(world, who, reply, make(product_id))


def door002_smuggled_params(world: World, attack: Attack) -> None:
    """Given the victim's catalog, when a principal lists through the door with the victim's
    tenant, mode or client in the query, next to a parameter the seed takes, then a 400 in
    the seed's shape naming each smuggled parameter, naming nothing of the victim's; the
    victim's own client naming another tenant and mode gets the same 400."""
    made = door002_victim(world)
    smuggled = smuggled_query(world)
    before = stored()
    callers = [*world.attackers(attack, PRODUCT), world.owner]
    for who in callers:
        query = {**smuggled, "productIds": made["id"]}
        attempt = Attempt("GET", with_query(DOOR_002, query), headers=door002_headers(who))
        reply = world.send(who, attempt)
        assert_door002_error(reply, 400)
        message = reply.body["message"]
        assert all(f"{name}: unknown query parameter" in message for name in smuggled), message
        assert "productIds: " not in message
        assert_no_leak(world, who, reply, attempt)
    assert stored() == before


def door002_smuggled_headers(world: World, attack: Attack) -> None:
    """Given the victim's located product, when a foreign principal lists through the door
    with `tenantId` naming the victim's tenant, then 403 in the seed's shape; with
    X-Tenant-Id and friends beside its own tenantId, the seed's 404: nothing of the
    victim's."""
    door002_victim(world)
    for attacker in world.attackers(attack, PRODUCT):
        if attacker.tenant != VICTIM_TENANT:
            for name in TENANT_HEADERS:
                headers = {**door002_headers(attacker), name: VICTIM_TENANT}
                if name != "tenantId":
                    del headers["tenantId"]
                attempt = Attempt("GET", DOOR_002, headers=headers)
                reply = world.send(attacker, attempt)
                assert_door002_error(reply, 403)
                assert_no_leak(world, attacker, reply, attempt)
        headers = {**smuggled_headers(world), **door002_headers(attacker)}
        attempt = Attempt("GET", DOOR_002, headers=headers)
        reply = world.send(attacker, attempt)
        assert reply.status == 404 and reply.body == DOOR_002_NOTHING, reply.body
        assert_no_leak(world, attacker, reply, attempt)


def door002_row() -> "Row":
    return {
        Attack.OTHER_TENANT: door002_foreign,
        Attack.OTHER_CUSTOMER: door002_foreign,
        Attack.TEST_ON_LIVE: door002_foreign,
        Attack.LIVE_ON_TEST: door002_foreign,
        Attack.GUESSED_ID: door002_guessed,
        Attack.BODY_FIELDS: NO_BODY,
        Attack.QUERY_PARAMS: door002_smuggled_params,
        Attack.HEADERS: door002_smuggled_headers,
        Attack.FOREIGN_CURSOR: "seed 002 pages by number: no cursor is taken or given",
        Attack.IDEMPOTENCY_KEY: NOT_IDEMPOTENT,
    }


# ------------------------------------------------------------------------------ the matrix ---
Case = Callable[[World, Attack], None]
Row = dict[Attack, Case | str]  # a case, or why the attack does not apply

NO_BODY = "a GET takes no body"
NOT_A_LISTING = "not a listing: no cursor"
NOT_IDEMPOTENT = "no Idempotency-Key here (decisions.md: create, batch and inventory only)"
OWN_CREDENTIAL = (
    "a refresh token is its own client's credential: it names no tenant, customer or mode "
    "another principal could swap (made-up tokens: guessed-id; a smuggled tenant, customer or "
    "mode: body-fields, query-params, headers)"
)


def resource_row(route: OnResource) -> Row:
    foreign = foreign_access(route)
    body: Case | str = NO_BODY
    if route.method == "DELETE":
        body = ignored_body(route)
    elif route.method == "PATCH":
        body = nulled_fields(route)
    elif route.body is not None:
        body = smuggled_fields(route)
    return {
        Attack.OTHER_TENANT: foreign,
        # Categories are the tenant's: another customer reads them (its own counts), and a
        # customer-bound client writes none (403).
        Attack.OTHER_CUSTOMER: (
            own_counts(route) if route.kind is CATEGORY and route.method == "GET" else foreign
        ),
        Attack.TEST_ON_LIVE: foreign,
        Attack.LIVE_ON_TEST: foreign,
        Attack.GUESSED_ID: guessed_ids(route),
        Attack.BODY_FIELDS: body,
        Attack.QUERY_PARAMS: smuggled_params(route),
        Attack.HEADERS: smuggled_tenant_headers(route),
        Attack.FOREIGN_CURSOR: NOT_A_LISTING,
        Attack.IDEMPOTENCY_KEY: replayed_stock_key(route) if route.idempotent else NOT_IDEMPOTENT,
    }


def create_row(route: OnCreate) -> Row:
    foreign = foreign_create(route)
    keyed: Case | str = replayed_create_key(route) if route.kind is PRODUCT else NOT_IDEMPOTENT
    return {
        Attack.OTHER_TENANT: foreign,
        Attack.OTHER_CUSTOMER: neighbour_create(route) if route.kind is PRODUCT else foreign,
        Attack.TEST_ON_LIVE: foreign,
        Attack.LIVE_ON_TEST: foreign,
        Attack.GUESSED_ID: guessed_reference(route),
        Attack.BODY_FIELDS: smuggled_create_fields(route),
        Attack.QUERY_PARAMS: smuggled_create_params(route),
        Attack.HEADERS: smuggled_create_headers(route),
        Attack.FOREIGN_CURSOR: NOT_A_LISTING,
        Attack.IDEMPOTENCY_KEY: keyed,
    }


def listing_row(route: OnListing) -> Row:
    foreign = foreign_listing(route)
    return {
        Attack.OTHER_TENANT: foreign,
        Attack.OTHER_CUSTOMER: foreign if route.kind is PRODUCT else own_counts(route),
        Attack.TEST_ON_LIVE: foreign,
        Attack.LIVE_ON_TEST: foreign,
        Attack.GUESSED_ID: guessed_listing(route),
        Attack.BODY_FIELDS: NO_BODY,
        Attack.QUERY_PARAMS: smuggled_listing_params(route),
        Attack.HEADERS: smuggled_listing_headers(route),
        Attack.FOREIGN_CURSOR: foreign_cursor(route),
        Attack.IDEMPOTENCY_KEY: NOT_IDEMPOTENT,
    }


def any_foreign(world: World, attack: Attack) -> Who:
    return world.attackers(attack)[0]


PUT_PRODUCT = {"name": "Pwned", "price": 1}
RENAME = {"name": "Pwned"}
IF_MATCH = ("If-Match", '"v9"')
IF_NONE_MATCH = ("If-None-Match", '"v1"')
NO_CURSOR_OR_KEY = {
    Attack.FOREIGN_CURSOR: NOT_A_LISTING,
    Attack.IDEMPOTENCY_KEY: NOT_IDEMPOTENT,
}

MATRIX: dict[tuple[str, str], Row | Public] = {
    ("GET", "/api/v1/health"): Public("liveness only"),
    ("GET", "/.well-known/jwks.json"): Public("the public signing keys, the same for everyone"),
    ("GET", "/api/v1/openapi.json"): Public("the API's description, the same for everyone"),
    ("GET", "/api/v1/docs"): Public("Swagger UI, the same for everyone"),
    **{
        (route.method, route.path): Public("a seed door's description, the same for everyone")
        for route in Template.load().routes()
        if route.function == "DoorOpenApiFunction"
    },
    ("POST", TOKEN): {
        Attack.OTHER_TENANT: foreign_credentials,
        Attack.OTHER_CUSTOMER: foreign_credentials,
        Attack.TEST_ON_LIVE: foreign_credentials,
        Attack.LIVE_ON_TEST: foreign_credentials,
        Attack.GUESSED_ID: guessed_credentials,
        Attack.BODY_FIELDS: smuggled_token_fields,
        Attack.QUERY_PARAMS: smuggled_token_context("query"),
        Attack.HEADERS: smuggled_token_context("headers"),
        **NO_CURSOR_OR_KEY,
    },
    ("POST", REFRESH): {
        Attack.OTHER_TENANT: OWN_CREDENTIAL,
        Attack.OTHER_CUSTOMER: OWN_CREDENTIAL,
        Attack.TEST_ON_LIVE: OWN_CREDENTIAL,
        Attack.LIVE_ON_TEST: OWN_CREDENTIAL,
        Attack.GUESSED_ID: guessed_refresh_tokens,
        Attack.BODY_FIELDS: smuggled_refresh_fields,
        Attack.QUERY_PARAMS: smuggled_refresh_context("query"),
        Attack.HEADERS: smuggled_refresh_context("headers"),
        **NO_CURSOR_OR_KEY,
    },
    ("POST", REVOKE): {
        Attack.OTHER_TENANT: revoking(any_foreign),
        Attack.OTHER_CUSTOMER: revoking(any_foreign),
        Attack.TEST_ON_LIVE: revoking(any_foreign),
        Attack.LIVE_ON_TEST: revoking(any_foreign),
        Attack.GUESSED_ID: revoking(lambda w, a: w.tenant_admin, guessed=True),
        Attack.BODY_FIELDS: smuggled_revoke_fields,
        Attack.QUERY_PARAMS: revoking(lambda w, a: w.tenant_admin, query=True),
        Attack.HEADERS: revoke_with_tenant_header,
        **NO_CURSOR_OR_KEY,
    },
    ("POST", PRODUCTS): create_row(OnCreate(PRODUCT, PRODUCTS)),
    ("POST", f"{PRODUCTS}/batch"): create_row(OnCreate(PRODUCT, f"{PRODUCTS}/batch", batch=True)),
    ("GET", PRODUCTS): listing_row(OnListing(PRODUCT)),
    ("GET", f"{PRODUCTS}/{{product_id}}"): resource_row(
        OnResource(PRODUCT, "GET", precondition=IF_NONE_MATCH)
    ),
    ("PUT", f"{PRODUCTS}/{{product_id}}"): resource_row(
        OnResource(
            PRODUCT, "PUT", body=PUT_PRODUCT, precondition=IF_MATCH, links=(TO_CATEGORY, TO_VARIANT)
        )
    ),
    ("PATCH", f"{PRODUCTS}/{{product_id}}"): resource_row(
        OnResource(
            PRODUCT, "PATCH", body=RENAME, precondition=IF_MATCH, links=(TO_CATEGORY, TO_VARIANT)
        )
    ),
    ("DELETE", f"{PRODUCTS}/{{product_id}}"): resource_row(
        OnResource(PRODUCT, "DELETE", precondition=IF_MATCH)
    ),
    ("POST", f"{PRODUCTS}/{{product_id}}/inventory"): resource_row(
        OnResource(
            PRODUCT,
            "POST",
            suffix="/inventory",
            body={"operation": "set", "quantity": 999},
            precondition=IF_MATCH,
            links=(TO_STOCK_VARIANT,),
            idempotent=True,
        )
    ),
    ("POST", CATEGORIES): create_row(OnCreate(CATEGORY, CATEGORIES)),
    ("GET", CATEGORIES): listing_row(OnListing(CATEGORY)),
    ("GET", f"{CATEGORIES}/{{category_id}}"): resource_row(
        OnResource(CATEGORY, "GET", precondition=IF_NONE_MATCH)
    ),
    ("PUT", f"{CATEGORIES}/{{category_id}}"): resource_row(
        OnResource(CATEGORY, "PUT", body=RENAME, precondition=IF_MATCH, links=(TO_PARENT,))
    ),
    ("PATCH", f"{CATEGORIES}/{{category_id}}"): resource_row(
        OnResource(CATEGORY, "PATCH", body=RENAME, precondition=IF_MATCH, links=(TO_PARENT,))
    ),
    ("DELETE", f"{CATEGORIES}/{{category_id}}"): resource_row(
        OnResource(CATEGORY, "DELETE", precondition=IF_MATCH)
    ),
    **{
        ("POST", f"{prefix}{DOOR_UPLOAD}"): door000_upload_row(prefix)
        for prefix in ("", "/compat/000")
    },
    **{("GET", f"{prefix}{DOOR_GET}"): door000_get_row(prefix) for prefix in ("", "/compat/000")},
    ("GET", DOOR_002): door002_row(),
    **door001_rows(),
    **door004_rows(""),
    **door004_rows("/compat/004"),
    ("GET", AUDIT): {
        Attack.OTHER_TENANT: foreign_audit,
        Attack.OTHER_CUSTOMER: foreign_audit,
        Attack.TEST_ON_LIVE: foreign_audit,
        Attack.LIVE_ON_TEST: foreign_audit,
        Attack.GUESSED_ID: guessed_audit,
        Attack.BODY_FIELDS: NO_BODY,
        Attack.QUERY_PARAMS: smuggled_audit_params,
        Attack.HEADERS: smuggled_audit_headers,
        Attack.FOREIGN_CURSOR: foreign_audit_cursor,
        Attack.IDEMPOTENCY_KEY: NOT_IDEMPOTENT,
    },
}

# Seed 003's operations (its document's), also served under /compat/003: the same rows.
SEED_003_OPERATIONS = [
    ("POST", TOKEN),
    ("POST", REFRESH),
    ("GET", PRODUCTS),
    ("POST", PRODUCTS),
    ("GET", f"{PRODUCTS}/{{product_id}}"),
    ("PUT", f"{PRODUCTS}/{{product_id}}"),
    ("DELETE", f"{PRODUCTS}/{{product_id}}"),
    ("GET", CATEGORIES),
    ("GET", f"{CATEGORIES}/{{category_id}}"),
]
MATRIX.update(
    {(method, COMPAT_003 + path): MATRIX[(method, path)] for method, path in SEED_003_OPERATIONS}
)

ROUTES = Template.load().routes()


class Tables:
    """moto's DynamoDB tables, saved and put back whole, as moto itself puts them back when a
    transaction fails. The victim's data is built once per mode; each case starts from it."""

    def __init__(self) -> None:
        region = dynamodb_client().meta.region_name
        self._backend = dynamodb_backends[DEFAULT_ACCOUNT_ID][region]
        self.empty = self.save()
        self.worlds: dict[Mode, tuple[World, dict[str, Any]]] = {}

    def save(self) -> dict[str, Any]:
        return copy.deepcopy(self._backend.tables)

    def restore(self, saved: dict[str, Any]) -> None:
        self._backend.tables = copy.deepcopy(saved)

    def world(self, api: Api, mode: Mode) -> World:
        if mode not in self.worlds:
            self.restore(self.empty)
            world = build_world(api, mode)
            self.worlds[mode] = (world, self.save())
        world, saved = self.worlds[mode]
        self.restore(saved)
        return replace(world, api=api, secrets=set(world.secrets), _tokens=dict(world._tokens))


@pytest.fixture(scope="module")
def aws(template: Template, key_file: Path) -> Iterator[Tables]:
    """Overrides conftest's `aws` for this module: the same environment and tables, on one
    moto for the module rather than one per test, so that the victim's data is built once per
    mode instead of once per case (the matrix runs in a third of the time)."""
    with pytest.MonkeyPatch.context() as patch, moto_tables(template, key_file, patch):
        yield Tables()


def matrix_cases() -> list[Any]:
    """One case per route of the template and attack that applies to it; a route without a
    row becomes a case that fails."""
    cases = []
    for route in ROUTES:
        key = (route.method, route.path)
        name = f"{route.method} {route.path}"
        row = MATRIX.get(key)
        if row is None:
            cases.append(pytest.param(key, None, id=f"{name}[no row]"))
        elif isinstance(row, Public):
            cases.append(pytest.param(key, None, id=f"{name}[public]"))
        else:
            cases.extend(
                pytest.param(key, attack, id=f"{name}[{attack}]")
                for attack, entry in row.items()
                if callable(entry)
            )
    return cases


def test_every_route_has_a_row() -> None:
    """Every route of template.yaml is in the matrix, every row answers every attack kind
    (a case, or why it does not apply), and only unauthenticated routes are public."""
    routes = {(route.method, route.path): route for route in ROUTES}
    assert set(MATRIX) == set(routes)
    for key, row in MATRIX.items():
        if isinstance(row, Public):
            assert not routes[key].authorized, f"{key} needs a token: it cannot be public"
        else:
            assert set(row) == set(Attack), (key, set(Attack) - set(row))


@pytest.mark.parametrize(("route", "attack"), matrix_cases())
def test_isolation(api: Api, aws: Tables, route: tuple[str, str], attack: Attack | None) -> None:
    row = MATRIX.get(route)
    assert row is not None, f"{route} of template.yaml has no row in the isolation matrix"
    world = aws.world(api, "test" if attack is Attack.LIVE_ON_TEST else "live")
    if isinstance(row, Public):
        public_answers_nothing_of_the_victim(world, route[1])
        return
    assert attack is not None
    case = row[attack]
    assert callable(case), case
    method, path = route
    if path.startswith(f"{COMPAT_003}/"):
        world = replace(world, through=Through(COMPAT_003, method, path.removeprefix(COMPAT_003)))
    case(world, attack)
    if world.through is not None:
        assert world.through.sent, f"the case sent nothing to {method} {path}"
