"""Attacks through seed 001's door: its five endpoints."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tests.component.isolation.canonical import (
    TENANT_HEADERS,
    read_only_fields,
    smuggled_headers,
    smuggled_query,
)
from tests.component.isolation.world import (
    ATTACKER_TENANT,
    IF_MATCH,
    IF_NONE_MATCH,
    NEIGHBOUR_CUSTOMER,
    NO_BODY,
    NO_CURSOR_OR_KEY,
    NOT_A_LISTING,
    NOT_IDEMPOTENT,
    PRODUCT,
    PRODUCTS,
    RENAME,
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
