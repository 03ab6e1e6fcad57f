"""Attacks through seed 002's door: its listing."""

from typing import Any

from tests.component.isolation.canonical import TENANT_HEADERS, smuggled_headers, smuggled_query
from tests.component.isolation.world import (
    NO_BODY,
    NOT_IDEMPOTENT,
    PRODUCT,
    VICTIM_TENANT,
    Attack,
    Attempt,
    Row,
    Who,
    World,
    altered,
    assert_no_leak,
    comparable,
    made_up_like,
    stored,
    with_query,
)
from tests.moto_gateway import Reply

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
