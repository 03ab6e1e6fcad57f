"""The isolation matrix's world: the victim's data, the principals who attack it, the
requests they send, and what every case asserts of the answer (see the package docstring)."""

import hashlib
import json
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal
from urllib.parse import urlencode

from common.auth import service as auth_service
from common.auth.hashing import DUMMY_SECRET_HASH
from common.auth.principal import Principal
from common.auth.records import ApiClient
from common.auth.tokens import issue_access_token, verify_access_token
from common.settings import get_settings
from common.storage import auth_repository
from common.storage.dynamodb import dynamodb_client
from tests.moto_gateway import Api, Reply
from tests.support import assert_meta, credentials

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
    """The error envelope (docs/api.md#conventions), with the request id in the header too."""
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


# ------------------------------------------------------------------- rows of the matrix ---
Case = Callable[[World, Attack], None]
Row = dict[Attack, Case | str]  # a case, or why the attack does not apply

NO_BODY = "a GET takes no body"
NOT_A_LISTING = "not a listing: no cursor"
NOT_IDEMPOTENT = "no Idempotency-Key here (decisions.md: create, batch and inventory only)"
RENAME = {"name": "Pwned"}
IF_MATCH = ("If-Match", '"v9"')
IF_NONE_MATCH = ("If-None-Match", '"v1"')
NO_CURSOR_OR_KEY = {
    Attack.FOREIGN_CURSOR: NOT_A_LISTING,
    Attack.IDEMPOTENCY_KEY: NOT_IDEMPOTENT,
}
