"""The audit trail over HTTP, on DynamoDB Local: writes record events in their transactions,
a tenant-wide admin pages through them, nobody else reads them."""

import secrets
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.http.conftest import Http

AUDIT = "/api/v1/audit-events"
STAFF = ["products:read", "products:write", "inventory:write", "categories:write"]


def trail(http: Http, token: str, query: str = "") -> Any:
    reply = http.call("GET", f"{AUDIT}{query}", token)
    assert reply.status_code == 200, reply.text
    return reply.json()["data"]


def test_writes_are_audited_and_paged_for_admins(http: Http, new_client: Any) -> None:
    tenant = f"audit-{secrets.token_hex(4)}"
    staff = new_client(tenant_id=tenant, customer_id="cust-1", scopes=STAFF)
    seller = http.token(staff)
    admin = http.token(new_client(tenant_id=tenant, scopes=["admin"]))

    created = http.call(
        "POST", "/api/v1/products", seller, {"name": "Lamp", "price": 20, "inventory": 5},
        userId="jane@example.com",
    )  # fmt: skip
    assert created.status_code == 201, created.text
    product = created.json()["data"]["item"]
    path = f"/api/v1/products/{product['id']}"
    patched = http.call("PATCH", path, seller, {"price": 25}, If_Match='"v1"')
    assert patched.status_code == 200, patched.text
    reserve = {"operation": "reserve", "quantity": 2}
    reserved = http.call("POST", f"{path}/inventory", seller, reserve)
    assert reserved.status_code == 200, reserved.text
    category = http.call("POST", "/api/v1/categories", admin, {"name": "Lamps"})  # tenant-wide
    assert category.status_code == 201, category.text
    refused = http.call("PATCH", path, seller, {"price": 1}, If_Match='"v1"')
    assert refused.status_code == 412  # refused: no event
    assert http.call("DELETE", path, seller).status_code == 200

    events = trail(http, admin, "?limit=100")["items"]
    assert [event["action"] for event in events] == [
        "product.deleted",
        "category.created",
        "inventory.reserved",
        "product.updated",
        "product.created",
    ]
    first = events[-1]
    assert first["actor"] == {
        "client_id": staff["client_id"],
        "user_id": "jane@example.com",
        "customer_id": "cust-1",
    }
    assert first["request_id"] == created.headers["X-Request-Id"]
    assert first["tenant_id"] == tenant and first["test"] is False
    update = events[-2]
    assert (update["version_before"], update["version_after"]) == (1, 2)
    assert update["changed_fields"] == ["price"]
    assert update["changes"] == {"price": {"before": 20, "after": 25}}
    assert events[-3]["details"] == reserve
    assert (events[0]["version_before"], events[0]["version_after"]) == (3, None)

    # Pages of two, newest first; the product's own trail through its filter.
    seen, query = [], "?limit=2"
    while True:
        page = trail(http, admin, query)
        seen += [event["id"] for event in page["items"]]
        if not page["pagination"]["has_next"]:
            break
        query = f"?limit=2&cursor={page['pagination']['next_cursor']}"
    assert seen == [event["id"] for event in events]
    mine = trail(http, admin, f"?resource_id={product['id']}")["items"]
    assert [event["id"] for event in mine] == [
        e["id"] for e in events if e["resource"]["id"] == product["id"]
    ]

    # Nobody else reads it: the seller (no admin) is refused, another tenant's admin sees
    # its own empty trail and cannot use this one's cursor.
    forbidden = http.call("GET", AUDIT, seller)
    assert forbidden.status_code == 403 and forbidden.json()["error"]["code"] == "forbidden"
    stranger = http.token(new_client(tenant_id=f"other-{secrets.token_hex(4)}", scopes=["admin"]))
    assert trail(http, stranger, f"?resource_id={product['id']}")["items"] == []
    cursor = trail(http, admin, "?limit=1")["pagination"]["next_cursor"]
    foreign = http.call("GET", f"{AUDIT}?limit=1&cursor={cursor}", stranger)
    assert foreign.status_code == 400 and foreign.json()["error"]["code"] == "validation_error"


def test_concurrent_stock_operations_each_record_one_event(http: Http, new_client: Any) -> None:
    """Reserves racing on one product: every success is one event with its own versions, and
    the versions chain without a gap."""
    tenant = f"audit-{secrets.token_hex(4)}"
    seller = http.token(new_client(tenant_id=tenant, customer_id="cust-1", scopes=STAFF))
    admin = http.token(new_client(tenant_id=tenant, scopes=["admin"]))
    body = {"name": "Hot", "price": 9, "inventory": 10}
    product = http.call("POST", "/api/v1/products", seller, body).json()["data"]["item"]
    path = f"/api/v1/products/{product['id']}/inventory"

    def reserve(_: int) -> int:
        return http.call("POST", path, seller, {"operation": "reserve", "quantity": 1}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(reserve, range(14)))

    assert statuses.count(200) == 10 and statuses.count(400) == 4
    events = trail(http, admin, f"?resource_id={product['id']}&limit=100")["items"]
    reserves = [event for event in events if event["action"] == "inventory.reserved"]
    assert len(reserves) == 10
    versions = sorted((event["version_before"], event["version_after"]) for event in reserves)
    assert versions == [(v, v + 1) for v in range(1, 11)]
