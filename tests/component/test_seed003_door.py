"""Seed 003's door (docs/seed-mapping.md): the canonical API is seed 003's, and the operations
seed 003 documents are served under /compat/003 too, by the same functions, answering the
same way."""

from typing import Any

from tests.moto_gateway import Api, make_client
from tests.support import credentials, error_code

DOOR = "/compat/003"


def test_every_documented_operation_answers_under_compat_003(api: Api) -> None:
    client = make_client(
        tenant_id="tenant-s3", scopes=["products:read", "products:write", "categories:write"]
    )
    # The token grants, public as at the root
    granted = api.request("POST", f"{DOOR}/api/v1/auth/token", json_body=credentials(client))
    assert granted.status == 200 and granted.body["status"] == "success", granted.body
    tokens = granted.body["data"]
    refresh = {"refresh_token": tokens["refresh_token"], "grant_type": "refresh_token"}
    refreshed = api.request("POST", f"{DOOR}/api/v1/auth/refresh", json_body=refresh)
    assert refreshed.status == 200, refreshed.body
    token = refreshed.body["data"]["access_token"]

    # Categories (written at the root: seed 003 documents only their reads)
    made = api.request("POST", "/api/v1/categories", token, {"name": "Electronics"})
    category = made.body["data"]["item"]
    for path in (f"{DOOR}/api/v1/categories", f"{DOOR}/api/v1/categories/{category['id']}"):
        door, root = (
            api.request("GET", path, token),
            api.request("GET", path.removeprefix(DOOR), token),
        )
        assert door.status == root.status == 200
        assert strip_meta(door.body) == strip_meta(root.body)

    # Products: create by slug, read, list, partial PUT, delete
    body = {"name": "Smart Watch", "price": 149.99, "category_id": "electronics", "inventory": 50}
    created = api.request("POST", f"{DOOR}/api/v1/products", token, body)
    assert created.status == 201, created.body
    product = created.body["data"]["item"]
    assert product["category_id"] == category["id"]
    one = f"{DOOR}/api/v1/products/{product['id']}"
    read = api.request("GET", one, token)
    assert read.status == 200 and read.body["data"]["item"] == product
    assert read.headers["etag"] == '"v1"'
    listed = api.request("GET", f"{DOOR}/api/v1/products?limit=1", token)
    assert [item["id"] for item in listed.body["data"]["items"]] == [product["id"]]
    put = api.request("PUT", one, token, {"price": 120.0})
    assert put.status == 200 and put.body["data"]["item"]["price"] == 120
    assert put.body["data"]["item"]["name"] == "Smart Watch"
    # The same product at the root
    assert api.request("GET", one.removeprefix(DOOR), token).body["data"]["item"]["version"] == 2
    deleted = api.request("DELETE", one, token)
    assert deleted.body["data"]["item"] == {"id": product["id"], "deleted": True}
    assert error_code(api.request("GET", one, token).body) == "not_found"


def test_a_link_names_the_path_the_client_called(api: Api) -> None:
    token = api.token_for(make_client(customer_id="cust-1"))
    for name in ("Lamp", "Desk"):
        api.request("POST", "/api/v1/products", token, {"name": name, "price": 5})
    listed = api.request("GET", f"{DOOR}/api/v1/products?limit=1", token)
    assert listed.headers["link"].startswith(f"<{DOOR}/api/v1/products?limit=1&cursor=")
    following = listed.headers["link"][1 : listed.headers["link"].index(">")]
    assert api.request("GET", following, token).body["data"]["items"][0]["name"] == "Lamp"


def test_only_what_seed_003_documents_is_served_there(api: Api) -> None:
    token = api.token_for(make_client(customer_id="cust-1"))
    made = api.request("POST", "/api/v1/products", token, {"name": "Lamp", "price": 5})
    one = f"{DOOR}/api/v1/products/{made.body['data']['item']['id']}"
    patch = api.request("PATCH", one, token, {"name": "Lamp 2"})
    assert patch.status == 405 and patch.headers["allow"] == "DELETE, GET, PUT"
    assert error_code(patch.body) == "method_not_allowed"
    assert api.request("POST", f"{DOOR}/api/v1/categories", token, {"name": "X"}).status == 405
    for path in ("/api/v1/audit-events", "/api/v1/auth/revoke", "/api/v1/products/x/inventory"):
        missing = api.request("POST", f"{DOOR}{path}", token, {})
        assert missing.status == 404 and error_code(missing.body) == "not_found", path


def strip_meta(body: Any) -> Any:
    return {key: value for key, value in body.items() if key != "meta"}
