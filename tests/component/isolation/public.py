"""The public routes: what they answer holds nothing of the victim's."""

from dataclasses import dataclass

from tests.component.isolation.canonical import refused_smuggling, smuggled_headers, smuggled_query
from tests.component.isolation.world import (
    VICTIM_CUSTOMER,
    VICTIM_TENANT,
    Attempt,
    World,
    assert_no_leak,
    with_query,
)


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
