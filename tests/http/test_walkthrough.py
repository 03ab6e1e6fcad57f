"""The README's walk-through over HTTP: token -> create -> get -> list -> update -> delete."""

from typing import Any

from tests.http.conftest import Http, LocalApi
from tests.support import credentials


def test_demo_client_full_lifecycle(local_api: LocalApi, http: Http) -> None:
    client = local_api.demo_client()
    grant = http.call(
        "POST",
        "/api/v1/auth/token",
        body=credentials(client),
    )
    assert grant.status_code == 200
    token = grant.json()["data"]["access_token"]

    created = http.call(
        "POST",
        "/api/v1/products",
        token,
        {"name": "Serenity Candle", "price": 24.99, "inventory": 45, "tags": ["relaxation"]},
    )
    assert created.status_code == 201
    assert created.headers["X-Request-Id"] == created.json()["meta"]["request_id"]
    item: dict[str, Any] = created.json()["data"]["item"]
    assert item["customer_id"] == "demo-customer" and item["price"] == 24.99
    path = f"/api/v1/products/{item['id']}"

    fetched = http.call("GET", path, token)
    assert fetched.status_code == 200 and fetched.json()["data"]["item"] == item
    assert http.call("GET", path, token, If_None_Match=fetched.headers["ETag"]).status_code == 304

    listed = http.call("GET", "/api/v1/products?limit=5", token).json()["data"]
    assert item["id"] in [p["id"] for p in listed["items"]]

    patched = http.call("PATCH", path, token, {"price": 19.99}, If_Match=fetched.headers["ETag"])
    assert patched.status_code == 200 and patched.json()["data"]["item"]["price"] == 19.99
    assert patched.headers["ETag"] == '"v2"'

    replaced = http.call("PUT", path, token, {"name": "Serenity Candle L", "price": 34.99})
    assert replaced.status_code == 200 and replaced.json()["data"]["item"]["version"] == 3

    deleted = http.call("DELETE", path, token, If_Match='"v3"')
    assert deleted.status_code == 200
    assert deleted.json()["data"]["item"] == {"id": item["id"], "deleted": True}
    assert http.call("GET", path, token).status_code == 404

    refreshed = http.call(
        "POST",
        "/api/v1/auth/refresh",
        body={"refresh_token": grant.json()["data"]["refresh_token"]},
    )
    assert refreshed.status_code == 200
    new = refreshed.json()["data"]
    assert http.call("GET", "/api/v1/products", new["access_token"]).status_code == 200
    revoked = http.call(
        "POST", "/api/v1/auth/revoke", new["access_token"], {"token": new["refresh_token"]}
    )
    assert revoked.status_code == 200
    again = http.call("POST", "/api/v1/auth/refresh", body={"refresh_token": new["refresh_token"]})
    assert again.status_code == 401


def test_public_endpoints(http: Http) -> None:
    health = http.call("GET", "/api/v1/health")
    jwks = http.call("GET", "/.well-known/jwks.json")
    assert health.status_code == 200 and health.json()["status"] == "success"
    assert jwks.status_code == 200 and jwks.json()["keys"][0]["alg"] == "ES256"
