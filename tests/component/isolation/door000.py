"""Attacks through seed 000's door: its upload and get."""

from typing import Any, Literal

from tests.component.isolation.canonical import smuggled_headers, smuggled_query
from tests.component.isolation.world import (
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
    Row,
    Who,
    World,
    altered,
    assert_error,
    assert_no_leak,
    comparable,
    made_up_like,
    stored,
    with_query,
)
from tests.moto_gateway import Reply

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
