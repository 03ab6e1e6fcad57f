"""Every error code this slice can produce, and isolation attempts, over HTTP."""

import base64
import time
from typing import Any

import pytest

from tests.http.conftest import Http, LocalApi
from tests.support import credentials, mint_token

PRODUCT = {"name": "Desk Lamp", "price": 39.5, "inventory": 3}


@pytest.fixture(scope="module")
def seller(http: Http, new_client: Any) -> str:
    return http.token(new_client(customer_id="cust-1"))


@pytest.fixture(scope="module")
def lamp(http: Http, seller: str) -> dict[str, Any]:
    reply = http.call("POST", "/api/v1/products", seller, PRODUCT)
    assert reply.status_code == 201
    return dict(reply.json()["data"]["item"])


def code(reply: Any) -> str:
    body = reply.json()
    assert body["status"] == "error" and body["meta"]["request_id"]
    return str(body["error"]["code"])


@pytest.mark.parametrize(
    ("method", "path_kind", "body", "headers", "status", "expected"),
    [
        ("POST", "list", {"name": "x", "price": -1}, {}, 400, "validation_error"),
        ("POST", "list", {"name": "x", "price": 1, "version": 9}, {}, 400, "validation_error"),
        ("GET", "list?limit=1000", None, {}, 400, "validation_error"),
        ("GET", "list?cursor=forged.cursor", None, {}, 400, "validation_error"),
        ("POST", "list", {"name": "x", "price": 1, "customer_id": "c2"}, {}, 400,
         "invalid_product_data"),
        ("GET", "missing", None, {}, 404, "not_found"),
        ("PATCH", "item", {"price": 2}, {"If-Match": '"v99"'}, 412, "precondition_failed"),
        ("GET", "list", None, {"tenantId": "tenant-z"}, 403, "forbidden"),
    ],
)  # fmt: skip
def test_error_codes(
    http: Http,
    seller: str,
    lamp: dict[str, Any],
    method: str,
    path_kind: str,
    body: Any,
    headers: dict[str, str],
    status: int,
    expected: str,
) -> None:
    path = {
        "list": "/api/v1/products",
        "item": f"/api/v1/products/{lamp['id']}",
        "missing": "/api/v1/products/prod_nothing",
    }[path_kind.split("?", maxsplit=1)[0]]
    query = "?" + path_kind.split("?")[1] if "?" in path_kind else ""
    reply = http.session.request(
        method,
        f"{http.base}{path}{query}",
        json=body,
        headers={"Authorization": f"Bearer {seller}", **headers},
        timeout=30,
    )
    assert reply.status_code == status, reply.text
    assert code(reply) == expected
    assert reply.headers["Content-Type"] == "application/json"


def test_invalid_json_and_media_type(http: Http, seller: str) -> None:
    auth = {"Authorization": f"Bearer {seller}"}
    broken = http.session.post(
        f"{http.base}/api/v1/products",
        data=b'{"name": ',
        headers={**auth, "Content-Type": "application/json"},
        timeout=30,
    )
    text = http.session.post(
        f"{http.base}/api/v1/products",
        data=b"name",
        headers={**auth, "Content-Type": "text/plain"},
        timeout=30,
    )
    assert broken.status_code == 400 and code(broken) == "invalid_json"
    assert text.status_code == 415 and code(text) == "unsupported_media_type"


def test_token_errors(http: Http, local_api: LocalApi, new_client: Any) -> None:
    past = int(time.time()) - 7200
    expired = mint_token(local_api.key_file, iat=past, nbf=past, exp=past + 3600)
    reader = http.token(new_client(customer_id="cust-1", scopes=["products:read"]))

    assert code(http.call("GET", "/api/v1/products", expired)) == "token_expired"
    assert code(http.call("GET", "/api/v1/products", "not.a.jwt")) == "unauthorized"
    assert code(http.call("GET", "/api/v1/products")) == "unauthorized"
    bad_login = http.call(
        "POST",
        "/api/v1/auth/token",
        body=credentials({"client_id": "cli_x", "client_secret": "y"}),
    )
    assert bad_login.status_code == 401 and code(bad_login) == "unauthorized"
    denied = http.call("POST", "/api/v1/products", reader, PRODUCT)
    assert denied.status_code == 403 and code(denied) == "forbidden"


@pytest.mark.parametrize(
    "intruder",
    [
        {"tenant_id": "tenant-b", "customer_id": "cust-1"},
        {"tenant_id": "tenant-b", "scopes": ["admin"]},
        {"tenant_id": "tenant-a", "customer_id": "cust-2"},
        {"tenant_id": "tenant-a", "customer_id": "cust-1", "mode": "test"},
    ],
    ids=["other-tenant", "other-tenant-admin", "other-customer", "test-mode"],
)
def test_isolation(http: Http, new_client: Any, lamp: dict[str, Any], intruder: Any) -> None:
    token = http.token(new_client(**intruder))
    path = f"/api/v1/products/{lamp['id']}"
    for method, body in [("GET", None), ("PATCH", {"name": "pwned"}), ("DELETE", None)]:
        reply = http.call(method, path, token, body)
        assert reply.status_code == 404 and code(reply) == "not_found"
        assert "Desk Lamp" not in reply.text
    listed = http.call("GET", "/api/v1/products?limit=100", token).json()["data"]["items"]
    assert lamp["id"] not in {item["id"] for item in listed}


def test_body_tenant_is_never_trusted(http: Http, seller: str) -> None:
    reply = http.call("POST", "/api/v1/products", seller, {**PRODUCT, "tenant_id": "tenant-b"})
    assert reply.status_code == 400 and code(reply) == "validation_error"


def test_the_attackers_findings_over_http(http: Http, seller: str, new_client: Any) -> None:
    """docs/security.md, "The outside attacker's report": on DynamoDB Local, which refuses a
    key over 2,048 bytes as DynamoDB does."""
    huge = b'{"grant_type": "client_credentials", "client_id": ' + b"9" * 4_301 + b"}"
    json_type = {"Content-Type": "application/json"}
    token_body = http.session.post(
        f"{http.base}/api/v1/auth/token", data=huge, headers=json_type, timeout=30
    )
    product_body = http.session.post(
        f"{http.base}/api/v1/products",
        data=b'{"name": "n", "price": ' + b"9" * 4_301 + b"}",
        headers={**json_type, "Authorization": f"Bearer {seller}"},
        timeout=30,
    )
    long_id = base64.b64encode(b"c" * 3_000 + b":secret").decode()
    basic = http.call(
        "POST",
        "/api/v1/auth/token",
        body={"grant_type": "client_credentials"},
        Authorization=f"Basic {long_id}",
    )
    owner = new_client()
    guesses = [
        http.call("POST", "/api/v1/auth/token", body={**credentials(owner), "client_secret": "x"})
        for _ in range(21)
    ]

    assert token_body.status_code == 400 and code(token_body) == "invalid_json"
    assert product_body.status_code == 400 and code(product_body) == "invalid_json"
    assert basic.status_code == 400 and code(basic) == "validation_error"
    assert {reply.status_code for reply in guesses} == {401}
    assert http.call("POST", "/api/v1/auth/token", body=credentials(owner)).status_code == 200
