"""Attacks through seed 004's door: its five routes."""

from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Literal

from tests.component.isolation.canonical import (
    TENANT_HEADERS,
    read_only_fields,
    smuggled_headers,
    smuggled_query,
)
from tests.component.isolation.world import (
    NEIGHBOUR_CUSTOMER,
    NO_BODY,
    NOT_A_LISTING,
    NOT_IDEMPOTENT,
    PRODUCT,
    PRODUCTS,
    VICTIM_CUSTOMER,
    VICTIM_TENANT,
    Attack,
    Attempt,
    Case,
    Make,
    Row,
    Who,
    World,
    altered,
    assert_error,
    assert_no_leak,
    assert_same_answer,
    made_up_like,
    stored,
    with_query,
)
from tests.moto_gateway import Reply

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
