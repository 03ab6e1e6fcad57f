"""Attacks on the audit trail (GET /api/v1/audit-events)."""

from tests.component.isolation.canonical import (
    TENANT_HEADERS,
    refused_smuggling,
    smuggled_headers,
    smuggled_query,
)
from tests.component.isolation.world import (
    ATTACKER_TENANT,
    AUDIT,
    CURSOR_REFUSED,
    VICTIM_CUSTOMER,
    VICTIM_TENANT,
    Attack,
    Attempt,
    Who,
    World,
    altered,
    assert_error,
    assert_listing_empty,
    assert_no_leak,
    comparable,
    made_up_like,
    stored,
    with_query,
)


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
