"""The audit trail (decisions.md#audit): every write records one event in its own transaction, and
tenant-wide admins read the trail at GET /api/v1/audit-events, newest first, by cursor."""

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from common.audit import events as audit_events
from common.products.events import events_from_record
from common.settings import get_settings
from common.storage.dynamodb import dynamodb_client
from common.storage.products import repository as product_repository
from local_api.gateway import LambdaContext, load_module
from local_api.template import Template
from tests.component import test_faults
from tests.component.test_faults import FAULTS, Faults
from tests.moto_gateway import Api, Reply, make_client
from tests.support import error_code

# test_faults' fixture: every write to ProductsTable fails below boto3, as it is told.
faults = test_faults.faults

AUDIT = "/api/v1/audit-events"
PRODUCTS = "/api/v1/products"
CATEGORIES = "/api/v1/categories"
STAFF = ["products:read", "products:write", "inventory:write", "categories:write"]
DAY = 24 * 3600


@pytest.fixture
def admin(api: Api) -> str:
    """A tenant-wide admin of tenant-a (live): the one kind of client that reads the trail."""
    return api.token_for(make_client(scopes=["admin"]))


@pytest.fixture
def staff(api: Api) -> tuple[str, str]:
    """A customer-bound client of tenant-a that writes products and stock (and has
    categories:write, which a customer binding leaves for reading only)."""
    client = make_client(customer_id="cust-1", scopes=STAFF)
    return api.token_for(client), client["client_id"]


def trail(api: Api, token: str | None, **query: Any) -> Reply:
    path = AUDIT
    if query:
        path += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return api.request("GET", path, token)


def events(api: Api, admin: str, **query: Any) -> list[dict[str, Any]]:
    reply = trail(api, admin, limit=100, **query)
    assert reply.status == 200, reply.body
    assert reply.body["data"]["pagination"]["has_next"] is False
    return list(reply.body["data"]["items"])


def stored_events() -> list[dict[str, Any]]:
    """Every audit item of the table, whatever its tenant and mode."""
    items = dynamodb_client().scan(TableName=get_settings().products_table)["Items"]
    return [item for item in items if item["pk"]["S"].endswith("#AUDIT")]


def create_product(api: Api, token: str, **fields: Any) -> tuple[dict[str, Any], Reply]:
    reply = api.request("POST", PRODUCTS, token, {"name": "Lamp", "price": 20, **fields})
    assert reply.status == 201, reply.body
    return reply.body["data"]["item"], reply


# ------------------------------------------------------------------ one event per write ------
def test_a_create_records_who_what_and_when(api: Api, admin: str, staff: tuple[str, str]) -> None:
    token, client_id = staff
    before = time.time()
    reply = api.request(
        "POST",
        PRODUCTS,
        token,
        {"name": "Lamp", "price": 20, "inventory": 3, "tags": ["home"]},
        headers={"userId": "jane@example.com"},
    )
    assert reply.status == 201, reply.body
    product = reply.body["data"]["item"]

    [event] = events(api, admin)

    assert event["id"].startswith("aud_") and len(event["id"]) == 4 + 13 + 16
    assert event["action"] == "product.created"
    assert event["resource"] == {"type": "product", "id": product["id"]}
    assert event["actor"] == {
        "client_id": client_id,
        "user_id": "jane@example.com",
        "customer_id": "cust-1",
    }
    assert event["tenant_id"] == "tenant-a" and event["test"] is False
    assert event["request_id"] == reply.headers["x-request-id"]
    assert event["request_id"] == reply.body["meta"]["request_id"]
    assert (event["version_before"], event["version_after"]) == (None, 1)
    assert {"name", "price", "inventory", "tags", "customer_id"} <= set(event["changed_fields"])
    assert not {"id", "version", "created_at", "updated_at"} & set(event["changed_fields"])
    assert event["changes"]["price"] == {"before": None, "after": 20}
    assert event["changes"]["tags"] == {"before": None, "after": ["home"]}
    assert event["changes_truncated"] is False and event["details"] is None
    assert event["occurred_at"].endswith("Z") and event["occurred_at"] >= product["created_at"]
    # Kept for the retention (template parameter AuditRetentionDays, 365 days by default).
    [item] = stored_events()
    expires_at = int(item["expires_at"]["N"])
    assert before + 365 * DAY - 5 <= expires_at <= time.time() + 365 * DAY + 5
    assert event["expires_at"].startswith(time.strftime("%Y-%m-%d", time.gmtime(expires_at)))
    # Stored without its nulls (every field's "before" here): the answer above has them back.
    assert '"NULL"' not in json.dumps(item)


def test_updates_record_versions_and_exactly_the_changed_fields(
    api: Api, admin: str, staff: tuple[str, str]
) -> None:
    token, _ = staff
    product, _ = create_product(api, token, tags=["home"])
    path = f"{PRODUCTS}/{product['id']}"

    patched = api.request("PATCH", path, token, {"price": 25})
    replaced = api.request("PUT", path, token, {"name": "Desk lamp", "price": 25, "tags": None})
    assert patched.status == 200 and replaced.status == 200, (patched.body, replaced.body)

    put, patch, _ = events(api, admin)  # newest first
    assert patch["action"] == put["action"] == "product.updated"
    assert (patch["version_before"], patch["version_after"]) == (1, 2)
    assert patch["changed_fields"] == ["price"]
    assert patch["changes"] == {"price": {"before": 20, "after": 25}}
    assert patch["request_id"] == patched.headers["x-request-id"]
    assert (put["version_before"], put["version_after"]) == (2, 3)
    assert put["changed_fields"] == ["name", "tags"]  # price unchanged; null cleared the tags
    assert put["changes"]["tags"] == {"before": ["home"], "after": []}


def test_a_delete_records_the_last_version(api: Api, admin: str, staff: tuple[str, str]) -> None:
    token, _ = staff
    product, _ = create_product(api, token, sku="LAMP-1")
    reply = api.request("DELETE", f"{PRODUCTS}/{product['id']}", token)
    assert reply.status == 200, reply.body

    deleted, created = events(api, admin)

    assert created["action"] == "product.created"
    assert deleted["action"] == "product.deleted"
    assert (deleted["version_before"], deleted["version_after"]) == (1, None)
    assert deleted["changes"]["sku"] == {"before": "LAMP-1", "after": None}
    assert deleted["request_id"] == reply.headers["x-request-id"]


@pytest.mark.parametrize(
    ("body", "action", "inventory"),
    [
        ({"operation": "adjust", "quantity": -2}, "inventory.adjusted", (8, 0)),
        ({"operation": "set", "quantity": 4}, "inventory.set", (4, 0)),
        ({"operation": "reserve", "quantity": 3}, "inventory.reserved", (7, 3)),
    ],
)
def test_stock_operations_are_audited(
    api: Api,
    admin: str,
    staff: tuple[str, str],
    body: dict[str, Any],
    action: str,
    inventory: tuple[int, int],
) -> None:
    token, _ = staff
    product, _ = create_product(api, token, inventory=10)
    reply = api.request("POST", f"{PRODUCTS}/{product['id']}/inventory", token, body)
    assert reply.status == 200, reply.body

    event, _ = events(api, admin)

    available, reserved = inventory
    assert event["action"] == action
    assert event["resource"] == {"type": "product", "id": product["id"]}
    assert (event["version_before"], event["version_after"]) == (1, 2)
    assert event["details"] == body
    assert "inventory" in event["changed_fields"]
    assert event["changes"]["inventory"] == {
        "before": {"available": 10, "reserved": 0, "total": 10},
        "after": {"available": available, "reserved": reserved, "total": available + reserved},
    }


def test_release_and_commit_of_a_variant_are_audited(
    api: Api, admin: str, staff: tuple[str, str]
) -> None:
    token, _ = staff
    product, _ = create_product(api, token, variants=[{"name": "Red", "inventory": 5}])
    variant = product["variants"][0]["id"]
    path = f"{PRODUCTS}/{product['id']}/inventory"
    for operation in ("reserve", "release", "reserve", "commit"):
        body = {"operation": operation, "quantity": 2, "variant_id": variant}
        assert api.request("POST", path, token, body).status == 200

    commit, reserve, release, *_ = events(api, admin)

    assert [commit["action"], reserve["action"], release["action"]] == [
        "inventory.committed",
        "inventory.reserved",
        "inventory.released",
    ]
    assert (commit["version_before"], commit["version_after"]) == (4, 5)
    assert commit["details"] == {"operation": "commit", "quantity": 2, "variant_id": variant}
    after = commit["changes"]["variants"]["after"][0]["inventory"]
    assert after == {"available": 3, "reserved": 0, "total": 3}


def test_a_stock_operation_on_one_variant_records_that_variant_only(
    api: Api, admin: str, staff: tuple[str, str]
) -> None:
    # Given a product with three variants
    token, _ = staff
    sizes = [{"name": size, "sku": f"TEE-{size}", "inventory": 5} for size in ("S", "M", "L")]
    product, _ = create_product(api, token, variants=sizes)
    medium = product["variants"][1]["id"]

    # When one unit of the medium is reserved
    body = {"operation": "reserve", "quantity": 1, "variant_id": medium}
    assert api.request("POST", f"{PRODUCTS}/{product['id']}/inventory", token, body).status == 200

    # Then the event names the variants, and holds the medium's id and inventory alone
    event, _ = events(api, admin)
    assert event["changed_fields"] == ["inventory", "variants"]
    assert event["changes"]["variants"] == {
        "before": [{"id": medium, "inventory": {"available": 5, "reserved": 0, "total": 5}}],
        "after": [{"id": medium, "inventory": {"available": 4, "reserved": 1, "total": 5}}],
    }


def test_a_batch_records_one_event_per_product(api: Api, admin: str) -> None:
    token = api.token_for(make_client(customer_id="cust-1"))
    bodies = [{"name": f"Item {i}", "price": 1 + i} for i in range(3)]
    reply = api.request("POST", f"{PRODUCTS}/batch", token, bodies)
    assert reply.status == 201, reply.body

    found = events(api, admin)

    by_product = {event["resource"]["id"]: event for event in found}
    assert set(by_product) == set(reply.body["data"]["product_ids"])
    for index, product_id in enumerate(reply.body["data"]["product_ids"]):
        event = by_product[product_id]
        assert event["action"] == "product.created"
        assert event["details"] == {"batch_size": 3, "batch_index": index}
        assert event["request_id"] == reply.headers["x-request-id"]


def test_category_writes_are_audited(api: Api, admin: str) -> None:
    created = api.request("POST", CATEGORIES, admin, {"name": "Lamps"})
    assert created.status == 201, created.body
    category = created.body["data"]["item"]
    path = f"{CATEGORIES}/{category['id']}"
    renamed = api.request("PATCH", path, admin, {"name": "Desk lamps", "slug": "desk-lamps"})
    assert renamed.status == 200, renamed.body
    assert api.request("DELETE", path, admin).status == 200

    deleted, updated, inserted = events(api, admin)

    assert [inserted["action"], updated["action"], deleted["action"]] == [
        "category.created",
        "category.updated",
        "category.deleted",
    ]
    for event in (inserted, updated, deleted):
        assert event["resource"] == {"type": "category", "id": category["id"]}
        assert event["actor"]["customer_id"] is None
    assert inserted["changes"]["slug"] == {"before": None, "after": "lamps"}
    assert updated["changed_fields"] == ["name", "slug"]
    assert (updated["version_before"], updated["version_after"]) == (1, 2)
    assert (deleted["version_before"], deleted["version_after"]) == (2, None)


def test_counter_moves_are_not_a_categorys_own_changes(api: Api, admin: str) -> None:
    """A product added to a category moves its product_count: that is the product's write."""
    category = api.request("POST", CATEGORIES, admin, {"name": "Lamps"}).body["data"]["item"]
    body = {"category_id": category["id"], "customer_id": "cust-1"}
    product, _ = create_product(api, admin, **body)

    latest, first = events(api, admin)

    assert latest["resource"] == {"type": "product", "id": product["id"]}
    assert first["resource"]["type"] == "category"
    assert "product_count" not in first["changed_fields"]


def test_an_idempotent_replay_records_nothing_more(
    api: Api, admin: str, staff: tuple[str, str]
) -> None:
    token, _ = staff
    headers = {"Idempotency-Key": "order-1042"}
    body = {"name": "Lamp", "price": 20, "inventory": 5}
    first = api.request("POST", PRODUCTS, token, body, headers=headers)
    again = api.request("POST", PRODUCTS, token, body, headers=headers)
    assert first.status == again.status == 201
    assert again.headers.get("idempotent-replayed") == "true"
    path = f"{PRODUCTS}/{first.body['data']['item']['id']}/inventory"
    reserve = {"operation": "reserve", "quantity": 1}
    for _ in range(2):
        reply = api.request("POST", path, token, reserve, headers={"Idempotency-Key": "r-1"})
        assert reply.status == 200, reply.body

    found = events(api, admin)

    assert [event["action"] for event in found] == ["inventory.reserved", "product.created"]


def test_a_long_user_id_is_kept_to_its_first_256_characters(
    api: Api, admin: str, staff: tuple[str, str]
) -> None:
    token, _ = staff
    reply = api.request(
        "POST", PRODUCTS, token, {"name": "Lamp", "price": 2}, headers={"userId": "u" * 300}
    )
    assert reply.status == 201
    [event] = events(api, admin)
    assert event["actor"]["user_id"] == "u" * audit_events.USER_ID_MAX_LENGTH


def test_large_values_are_named_but_not_copied(api: Api, admin: str) -> None:
    """An event stays small whatever the resource's size: values over the budget are left out
    of `changes`, still named in `changed_fields`."""
    notes = {f"note{i}": "x" * 900 for i in range(10)}  # ~9 KB: over one field's budget
    product, _ = create_product(api, admin, customer_id="cust-1", attributes=notes)
    [event] = events(api, admin)
    assert "attributes" in event["changed_fields"]
    assert "attributes" not in event["changes"] and event["changes_truncated"] is True
    assert event["changes"]["name"] == {"before": None, "after": "Lamp"}
    [item] = stored_events()
    assert len(json.dumps(item)) < audit_events.CHANGES_BUDGET + 4096
    assert product["attributes"] == notes


# ------------------------------------------------------------------ atomicity ----------------
def test_the_event_is_written_in_the_writes_own_transaction(
    api: Api, staff: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    token, _ = staff
    client = dynamodb_client()
    calls: list[list[dict[str, Any]]] = []
    real = client.transact_write_items

    def spy(**request: Any) -> Any:
        calls.append(request["TransactItems"])
        return real(**request)

    monkeypatch.setattr(client, "transact_write_items", spy)
    product, _ = create_product(api, token, inventory=4)
    path = f"{PRODUCTS}/{product['id']}"
    assert api.request("PATCH", path, token, {"price": 3}).status == 200
    reserve = {"operation": "reserve", "quantity": 1}
    assert api.request("POST", f"{path}/inventory", token, reserve).status == 200
    assert api.request("DELETE", path, token).status == 200

    assert len(calls) == 4
    for items in calls:
        keys = [next(iter(op.values())) for op in items]
        audits = [k for k in keys if k.get("Item", {}).get("pk", {}).get("S", "").endswith("AUDIT")]
        products = [k for k in keys if (k.get("Item") or k.get("Key"))["sk"]["S"] == "PRODUCT"]
        assert len(audits) == 1 and len(products) == 1


@pytest.mark.parametrize(
    ("method", "suffix", "body", "headers", "status"),
    [
        ("POST", "", {"name": "Twin", "price": 1, "sku": "LAMP-1"}, {}, 409),  # SKU taken
        ("PATCH", "/{id}", {"price": 9}, {"If-Match": '"v7"'}, 412),
        ("PATCH", "/{id}", {"category_id": "cat_" + "0" * 24}, {}, 400),  # no such category
        ("POST", "/{id}/inventory", {"operation": "reserve", "quantity": 99}, {}, 400),
        ("DELETE", "/{id}", None, {"If-Match": '"v7"'}, 412),
    ],
)
def test_a_refused_write_records_nothing(
    api: Api,
    admin: str,
    staff: tuple[str, str],
    method: str,
    suffix: str,
    body: Any,
    headers: dict[str, str],
    status: int,
) -> None:
    token, _ = staff
    product, _ = create_product(api, token, sku="LAMP-1", inventory=2)
    path = PRODUCTS + suffix.replace("{id}", product["id"])

    reply = api.request(method, path, token, body, headers=headers)

    assert reply.status == status, reply.body
    assert [event["action"] for event in events(api, admin)] == ["product.created"]
    assert len(stored_events()) == 1


def test_a_failed_batch_leaves_no_event_behind(
    api: Api, admin: str, staff: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch spans several transactions; the last one fails (a SKU taken), and the earlier
    ones are undone: their audit events with them."""
    token, _ = staff
    create_product(api, token, sku="TAKEN")
    monkeypatch.setattr(product_repository, "MAX_TRANSACTION_OPS", 20)
    bodies = [{"name": f"Item {i}", "price": 1, "sku": f"B-{i}"} for i in range(9)]
    bodies.append({"name": "Last", "price": 1, "sku": "TAKEN"})
    written: list[int] = []
    real = product_repository.execute

    def counting(ops: Any) -> None:
        written.append(len(ops))
        real(ops)

    monkeypatch.setattr(product_repository, "execute", counting)

    reply = api.request("POST", f"{PRODUCTS}/batch", token, bodies)

    assert reply.status == 409, reply.body
    assert len(written) > 2  # several transactions, then their undoing
    assert [event["action"] for event in events(api, admin)] == ["product.created"]
    assert len(stored_events()) == 1


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_write_dynamodb_fails_records_nothing(
    api: Api,
    admin: str,
    staff: tuple[str, str],
    faults: Faults,
    fault: str,
) -> None:
    token, _ = staff
    product, _ = create_product(api, token, inventory=5)
    path = f"{PRODUCTS}/{product['id']}"
    faults.fault = FAULTS[fault]

    replies = [
        api.request("POST", PRODUCTS, token, {"name": "Other", "price": 1}),
        api.request("PATCH", path, token, {"price": 7}),
        api.request("POST", f"{path}/inventory", token, {"operation": "set", "quantity": 1}),
        api.request("DELETE", path, token),
        api.request("POST", CATEGORIES, admin, {"name": "Lamps"}),  # categories: tenant-wide
    ]

    assert [reply.status for reply in replies] == [503] * 5
    faults.fault = None
    assert [event["action"] for event in events(api, admin)] == ["product.created"]


# ------------------------------------------------------------------ reading the trail --------
@pytest.mark.parametrize(
    "client",
    [
        {"customer_id": "cust-1", "scopes": STAFF},  # no admin scope
        {"scopes": STAFF},  # tenant-wide, without admin
        {"customer_id": "cust-1", "scopes": ["admin"]},  # admin, but bound to one customer
    ],
)
def test_only_tenant_wide_admins_read_the_trail(
    api: Api, staff: tuple[str, str], client: dict[str, Any]
) -> None:
    create_product(api, staff[0])
    reply = trail(api, api.token_for(make_client(**client)))
    assert reply.status == 403 and error_code(reply.body) == "forbidden"
    assert set(reply.body) == {"status", "error", "meta"}
    assert "aud_" not in reply.raw.decode()


def test_no_token_is_a_401(api: Api) -> None:
    reply = trail(api, None)
    assert reply.status == 401 and error_code(reply.body) == "unauthorized"


@pytest.mark.parametrize(
    "client",
    [
        {"tenant_id": "tenant-b", "scopes": ["admin"]},
        {"tenant_id": "tenant-a", "scopes": ["admin"], "mode": "test"},
    ],
)
def test_other_tenants_and_modes_see_none_of_it(
    api: Api, admin: str, staff: tuple[str, str], client: dict[str, Any]
) -> None:
    product, _ = create_product(api, staff[0])
    other = api.token_for(make_client(**client))
    for query in ({}, {"resource_id": product["id"]}):
        reply = trail(api, other, **query)
        assert reply.status == 200, reply.body
        assert reply.body["data"]["items"] == []
        assert reply.body["data"]["pagination"]["next_cursor"] is None
        assert product["id"] not in reply.raw.decode()
    # Its own writes are its own trail, never the other's.
    own, _ = create_product(api, other, customer_id="cust-9")
    [event] = events(api, other)
    assert event["resource"]["id"] == own["id"]
    assert [e["resource"]["id"] for e in events(api, admin)] == [product["id"]]


def test_a_tenantid_header_naming_another_tenant_is_a_403(api: Api, admin: str) -> None:
    reply = api.request("GET", AUDIT, admin, headers={"tenantId": "tenant-b"})
    assert reply.status == 403 and error_code(reply.body) == "forbidden"


def test_pages_newest_first_by_cursor(api: Api, admin: str, staff: tuple[str, str]) -> None:
    token, _ = staff
    ids = [create_product(api, token, name=f"Item {i}")[0]["id"] for i in range(5)]

    seen: list[str] = []
    reply = trail(api, admin, limit=2)
    pages = 0
    while True:
        assert reply.status == 200, reply.body
        data = reply.body["data"]
        pages += 1
        seen += [event["resource"]["id"] for event in data["items"]]
        pagination = data["pagination"]
        assert pagination["limit"] == 2 and pagination["has_prev"] is (pages > 1)
        if not pagination["has_next"]:
            assert pagination["next_cursor"] is None and "link" not in reply.headers
            break
        cursor = pagination["next_cursor"]
        assert reply.headers["link"] == f'<{AUDIT}?limit=2&cursor={cursor}>; rel="next"'
        reply = trail(api, admin, limit=2, cursor=cursor)

    assert pages == 3 and seen == list(reversed(ids))  # each once, newest first


def test_a_page_reads_limit_plus_one_items(
    api: Api, admin: str, staff: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cost of a page does not grow with the trail: one Query of limit + 1 items."""
    for i in range(6):
        create_product(api, staff[0], name=f"Item {i}")
    client = dynamodb_client()
    queries: list[dict[str, Any]] = []
    real = client.query

    def spy(**request: Any) -> Any:
        queries.append(request)
        return real(**request)

    monkeypatch.setattr(client, "query", spy)
    reply = trail(api, admin, limit=2)

    assert reply.status == 200 and len(reply.body["data"]["items"]) == 2
    [query] = queries
    assert query["Limit"] == 3 and query["ScanIndexForward"] is False
    assert query["ConsistentRead"] is True and "FilterExpression" not in query


def test_resource_id_filters_to_one_resource(api: Api, admin: str, staff: tuple[str, str]) -> None:
    token, _ = staff
    lamp, _ = create_product(api, token, inventory=5)
    other, _ = create_product(api, token, name="Chair")
    path = f"{PRODUCTS}/{lamp['id']}"
    assert api.request("PATCH", path, token, {"price": 30}).status == 200
    reserve = {"operation": "reserve", "quantity": 1}
    assert api.request("POST", f"{path}/inventory", token, reserve).status == 200
    assert api.request("PATCH", f"{PRODUCTS}/{other['id']}", token, {"price": 4}).status == 200

    found = events(api, admin, resource_id=lamp["id"])
    assert [event["action"] for event in found] == [
        "inventory.reserved",
        "product.updated",
        "product.created",
    ]
    assert {event["resource"]["id"] for event in found} == {lamp["id"]}

    first = trail(api, admin, limit=2, resource_id=lamp["id"])
    cursor = first.body["data"]["pagination"]["next_cursor"]
    link = first.headers["link"]
    assert f"resource_id={lamp['id']}" in link and "cursor=" in link
    second = trail(api, admin, limit=2, resource_id=lamp["id"], cursor=cursor)
    assert second.status == 200, second.body
    assert [e["action"] for e in second.body["data"]["items"]] == ["product.created"]
    assert second.body["data"]["pagination"]["has_next"] is False
    assert events(api, admin, resource_id="prod_" + "0" * 24) == []


def test_a_cursor_belongs_to_its_tenant_mode_and_query(
    api: Api, admin: str, staff: tuple[str, str]
) -> None:
    token, _ = staff
    lamp, _ = create_product(api, token)
    for price in (2, 3):
        patched = api.request("PATCH", f"{PRODUCTS}/{lamp['id']}", token, {"price": price})
        assert patched.status == 200, patched.body
    cursor = trail(api, admin, limit=1).body["data"]["pagination"]["next_cursor"]
    by_resource = trail(api, admin, limit=1, resource_id=lamp["id"])
    resource_cursor = by_resource.body["data"]["pagination"]["next_cursor"]
    refused = [{"field": "cursor", "message": "Cursor does not belong to this query"}]

    for who in (
        api.token_for(make_client(tenant_id="tenant-b", scopes=["admin"])),
        api.token_for(make_client(scopes=["admin"], mode="test")),
    ):
        reply = trail(api, who, limit=1, cursor=cursor)
        assert reply.status == 400 and reply.body["error"]["details"] == refused
        assert lamp["id"] not in reply.raw.decode()
    other_query = trail(api, admin, limit=1, cursor=cursor, resource_id=lamp["id"])
    assert other_query.status == 400 and other_query.body["error"]["details"] == refused
    unfiltered = trail(api, admin, limit=1, cursor=resource_cursor)
    assert unfiltered.status == 400 and unfiltered.body["error"]["details"] == refused
    forged = cursor[:-2] + ("AA" if cursor[-2:] != "AA" else "BB")
    tampered = trail(api, admin, limit=1, cursor=forged)
    assert tampered.status == 400 and error_code(tampered.body) == "validation_error"
    assert trail(api, admin, limit=1, cursor=cursor).status == 200  # the cursor itself is good


@pytest.mark.parametrize(
    "query",
    [
        {"limit": 0},
        {"limit": 101},
        {"limit": "ten"},
        {"resource_id": "prod%23x"},
        {"resource_id": "x" * 65},
        {"cursor": "not-a-cursor"},
    ],
)
def test_bad_parameters_are_a_400(api: Api, admin: str, query: dict[str, Any]) -> None:
    reply = trail(api, admin, **query)
    assert reply.status == 400 and error_code(reply.body) == "validation_error", reply.body


# ------------------------------------------------------------------ storage ------------------
def test_products_table_expires_audit_events_by_ttl(template: Template) -> None:
    table = template.resources["ProductsTable"]["Properties"]
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert template.parameter_default("AuditRetentionDays") == 365
    variables = template.globals["Environment"]["Variables"]
    assert variables["AUDIT_RETENTION_DAYS"] == {"Ref": "AuditRetentionDays"}


def test_retention_follows_the_setting(
    api: Api, admin: str, staff: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUDIT_RETENTION_DAYS", "30")
    get_settings.cache_clear()
    create_product(api, staff[0])
    [item] = stored_events()
    assert abs(int(item["expires_at"]["N"]) - (time.time() + 30 * DAY)) < 10


def test_no_other_item_of_the_table_can_expire(api: Api, admin: str) -> None:
    """TTL deletes whatever has expires_at: only audit events may have it."""
    category = api.request("POST", CATEGORIES, admin, {"name": "Lamps"}).body["data"]["item"]
    body = {"sku": "L-1", "tags": ["desk"], "category_id": category["id"], "customer_id": "c"}
    create_product(api, admin, **body)
    items = dynamodb_client().scan(TableName=get_settings().products_table)["Items"]
    expiring = {item["pk"]["S"] for item in items if "expires_at" in item}
    assert expiring == {"live#tenant-a#AUDIT"}
    assert len(items) > 8  # products, entries, claims, postings, counters, categories, events


# ------------------------------------------------------------------ the stream consumer ------
@pytest.fixture
def events_function(template: Template, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    props = template.resources["ProductEventsFunction"]["Properties"]
    module = load_module(template.root / props["CodeUri"], "app.lambda_handler")
    sent: list[Any] = []

    class Client:
        def put_events(self, *, Entries: list[dict[str, Any]]) -> Any:  # noqa: N803
            sent.append(Entries)
            return {"FailedEntryCount": 0, "Entries": [{"EventId": "e"} for _ in Entries]}

    monkeypatch.setattr(module, "events_client", Client)
    monkeypatch.setenv("EVENT_BUS_NAME", "products-api-events-test")
    yield module, sent


def test_the_stream_consumer_ignores_audit_events(
    api: Api, admin: str, staff: tuple[str, str], events_function: Any
) -> None:
    """Writing an event (INSERT) and its expiry by TTL (REMOVE by the TTL service) publish
    nothing: product events come from product items only."""
    create_product(api, staff[0])
    [item] = stored_events()
    records: list[dict[str, Any]] = []
    for name, old, new in (("INSERT", None, item), ("REMOVE", item, None)):
        image: dict[str, Any] = {
            "Keys": {"pk": item["pk"], "sk": item["sk"]},
            "SequenceNumber": f"{len(records) + 1:022d}",
            "StreamViewType": "NEW_AND_OLD_IMAGES",
            "ApproximateCreationDateTime": 1736937000,
        }
        if new:
            image["NewImage"] = new
        if old:
            image["OldImage"] = old
        record = {"eventID": f"{len(records):032x}", "eventName": name, "dynamodb": image}
        if name == "REMOVE":  # what DynamoDB's TTL deletes carry
            record["userIdentity"] = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
        records.append(
            {
                **record,
                "eventVersion": "1.1",
                "eventSource": "aws:dynamodb",
                "awsRegion": "us-east-1",
                "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/ProductsTable/"
                "stream/2025-01-15T09:00",
            }
        )
        assert events_from_record(records[-1]) == []

    function, sent = events_function
    result = function.lambda_handler(
        {"Records": records}, LambdaContext(function_name="ProductEventsFunction")
    )

    assert result == {"batchItemFailures": []}
    assert sent == []
