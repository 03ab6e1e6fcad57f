"""Attacks on the canonical product and category routes: one resource by id, the creates and
the listings, and the row each kind of route gets in the matrix."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tests.component.isolation.world import (
    ATTACKER_TENANT,
    CATEGORIES,
    CATEGORY,
    CURSOR_REFUSED,
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
    Kind,
    Make,
    Row,
    Who,
    World,
    altered,
    assert_error,
    assert_indistinguishable,
    assert_listing_empty,
    assert_no_leak,
    assert_same_answer,
    comparable,
    landed_with,
    made_up_like,
    may_write,
    refused_as,
    refused_unchanged,
    stored,
    with_query,
    with_writers,
)
from tests.moto_gateway import Reply


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


# ------------------------------------------------------------------------------ rows ---
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
