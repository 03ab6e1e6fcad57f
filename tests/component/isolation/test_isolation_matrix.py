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
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends

from common.storage.dynamodb import dynamodb_client
from local_api.template import Template
from tests.component.isolation.matrix import MATRIX
from tests.component.isolation.public import Public, public_answers_nothing_of_the_victim
from tests.component.isolation.world import COMPAT_003, Attack, Mode, Through, World, build_world
from tests.moto_gateway import Api, moto_tables

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
