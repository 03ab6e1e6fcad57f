"""Attacks on the auth routes: the token grant, the refresh grant and revocation."""

import secrets
from collections.abc import Callable
from functools import partial
from typing import Any, Literal
from urllib.parse import urlencode

from common.auth.tokens import verify_access_token
from tests.component.isolation.canonical import (
    TENANT_HEADERS,
    assert_field_refused,
    assert_unknown_named,
    refused_smuggling,
    smuggled_headers,
    smuggled_query,
)
from tests.component.isolation.world import (
    ATTACKER_TENANT,
    NEIGHBOUR_CUSTOMER,
    REFRESH,
    REVOKE,
    TOKEN,
    VICTIM_CUSTOMER,
    VICTIM_TENANT,
    Attack,
    Attempt,
    Case,
    Who,
    World,
    altered,
    assert_indistinguishable,
    assert_no_leak,
    assert_same_answer,
    claims,
    made_up_like,
    real_client,
    stored,
    with_query,
)

OWN_CREDENTIAL = (
    "a refresh token is its own client's credential: it names no tenant, customer or mode "
    "another principal could swap (made-up tokens: guessed-id; a smuggled tenant, customer or "
    "mode: body-fields, query-params, headers)"
)


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


def any_foreign(world: World, attack: Attack) -> Who:
    return world.attackers(attack)[0]
