"""The Python client (clients/python) against a fake session: token manager, retries, errors."""

import json
import threading
from typing import Any

import pytest
import requests
from requests.structures import CaseInsensitiveDict

from products_api_client import (
    NotFound,
    PreconditionFailed,
    ProductsClient,
    RateLimited,
    RetryPolicy,
    TokenManager,
    TransportError,
    Unauthorized,
    ValidationError,
)
from products_api_client._http import parse_retry_after

BASE = "https://api.example.com/Prod"
Reply = requests.Response | Exception


def response(status: int, body: Any = None, **headers: str) -> requests.Response:
    reply = requests.Response()
    reply.status_code = status
    reply.reason = "Reason"
    reply._content = b"" if body is None else json.dumps(body).encode()
    reply.headers = CaseInsensitiveDict({"Content-Type": "application/json", **headers})
    return reply


def ok(data: Any, status: int = 200) -> requests.Response:
    return response(status, {"status": "success", "data": data, "meta": {"request_id": "r"}})


def error(status: int, code: str, **headers: str) -> requests.Response:
    body = {
        "status": "error",
        "error": {"code": code, "message": f"{code} happened", "details": [{"field": "x"}]},
        "meta": {"request_id": "req-1", "timestamp": "2026-01-01T00:00:00Z"},
    }
    return response(status, body, **headers)


def grant(n: int, expires_in: int = 3600) -> requests.Response:
    return ok({"access_token": f"at{n}", "refresh_token": f"rt{n}", "expires_in": expires_in,
               "token_type": "Bearer", "scope": "products:read"})  # fmt: skip


class FakeSession:
    """Answers each request from a list of replies per path, and records what was sent."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.sent: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        path = url.removeprefix(BASE)
        with self.lock:
            self.sent.append({"method": method, "path": path, **kwargs})
            reply = self.routes[path].pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply

    def paths(self) -> list[str]:
        return [f"{s['method']} {s['path']}" for s in self.sent]


TOKEN = "/api/v1/auth/token"
REFRESH = "/api/v1/auth/refresh"
PRODUCTS = "/api/v1/products"


def client(session: FakeSession, sleeps: list[float] | None = None) -> ProductsClient:
    waits = sleeps if sleeps is not None else []
    return ProductsClient(
        BASE, "cli_1", "sk_live_x", session=session, sleep=waits.append,
        retry=RetryPolicy(jitter=False),
    )  # fmt: skip


def session_with(token_replies: list[Reply]) -> FakeSession:
    session = FakeSession()
    session.routes[TOKEN] = token_replies
    return session


# -- token manager ---------------------------------------------------------------------------


def test_token_manager_grants_once_and_reuses_the_token() -> None:
    session = session_with([grant(1)])
    manager = TokenManager(BASE, "cli_1", "sk", session=session, clock=lambda: 1000.0)
    assert manager.token() == "at1" and manager.token() == "at1"
    assert session.sent[0]["json"] == {
        "grant_type": "client_credentials", "client_id": "cli_1", "client_secret": "sk",
    }  # fmt: skip
    assert manager.expires_at == 4600.0 and manager.refresh_token == "rt1"


def test_token_manager_refreshes_skew_seconds_before_expiry_and_rotates() -> None:
    now = [1000.0]
    session = session_with([grant(1)])
    session.routes[REFRESH] = [grant(2), grant(3)]
    manager = TokenManager(BASE, "c", "s", session=session, clock=lambda: now[0])
    assert manager.token() == "at1"
    now[0] = 1000.0 + 3600 - 301  # still more than 5 minutes left
    assert manager.token() == "at1"
    now[0] += 2  # within the skew
    assert manager.token() == "at2"
    assert session.sent[-1]["json"] == {"grant_type": "refresh_token", "refresh_token": "rt1"}
    manager.expires_at = 0  # forced expiry: the rotated refresh token is used
    assert manager.token() == "at3"
    assert session.sent[-1]["json"]["refresh_token"] == "rt2"


def test_failed_refresh_falls_back_to_a_new_grant() -> None:
    session = session_with([grant(1), grant(9)])
    session.routes[REFRESH] = [error(401, "unauthorized")]
    manager = TokenManager(BASE, "c", "s", session=session)
    manager.token()
    manager.expires_at = 0
    assert manager.token() == "at9" and manager.refresh_token == "rt9"
    assert [s["path"] for s in session.sent] == [TOKEN, REFRESH, TOKEN]


def test_bad_credentials_raise_unauthorized() -> None:
    manager = TokenManager(BASE, "c", "s", session=session_with([error(401, "unauthorized")]))
    with pytest.raises(Unauthorized) as raised:
        manager.token()
    assert raised.value.request_id == "req-1" and raised.value.code == "unauthorized"


def test_concurrent_callers_renew_once() -> None:
    session = session_with([grant(1)])
    session.routes[REFRESH] = [grant(2)]
    manager = TokenManager(BASE, "c", "s", session=session)
    manager.token()
    manager.expires_at = 0
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(manager.token())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["at2"] * 8
    assert [s["path"] for s in session.sent] == [TOKEN, REFRESH]


def test_force_refresh_skips_when_another_caller_already_renewed() -> None:
    session = session_with([grant(1)])
    session.routes[REFRESH] = [grant(2)]
    manager = TokenManager(BASE, "c", "s", session=session)
    manager.token()
    assert manager.force_refresh(stale="at1") == "at2"
    assert manager.force_refresh(stale="at1") == "at2"  # at1 already replaced: no call
    assert len(session.sent) == 2


# -- client: 401, retries, errors ------------------------------------------------------------


def test_401_token_expired_renews_and_retries_once() -> None:
    item = {"id": "prod_1", "version": 1}
    session = session_with([grant(1)])
    session.routes[REFRESH] = [grant(2)]
    session.routes[f"{PRODUCTS}/prod_1"] = [error(401, "token_expired"), ok({"item": item})]
    assert client(session).get_product("prod_1") == item
    auth = [s["headers"]["Authorization"] for s in session.sent if s["path"].endswith("prod_1")]
    assert auth == ["Bearer at1", "Bearer at2"]


def test_a_second_401_is_raised() -> None:
    session = session_with([grant(1), grant(2)])
    session.routes[REFRESH] = [grant(2)]
    session.routes[f"{PRODUCTS}/p"] = [error(401, "unauthorized"), error(401, "unauthorized")]
    with pytest.raises(Unauthorized):
        client(session).get_product("p")
    assert session.paths().count(f"GET {PRODUCTS}/p") == 2


def test_429_and_503_back_off_honouring_retry_after() -> None:
    sleeps: list[float] = []
    session = session_with([grant(1)])
    session.routes[PRODUCTS] = [
        error(429, "rate_limit_exceeded", **{"Retry-After": "7"}),
        error(503, "service_unavailable"),
        ok({"item": {"id": "prod_1"}}, 201),
    ]
    created = client(session, sleeps).create_product({"name": "x", "price": 1})
    assert created == {"id": "prod_1"}
    assert sleeps == [7.0, 1.0]  # Retry-After, then backoff 0.5 * 2**1
    keys = {s["headers"]["Idempotency-Key"] for s in session.sent if s["path"] == PRODUCTS}
    assert len(keys) == 1  # one generated key, the same on every retry


def test_retries_are_bounded() -> None:
    sleeps: list[float] = []
    session = session_with([grant(1)])
    session.routes[PRODUCTS] = [error(429, "rate_limit_exceeded")] * 3
    with pytest.raises(RateLimited) as raised:
        client(session, sleeps).list_products()
    assert raised.value.status == 429 and sleeps == [0.5, 1.0]


def test_connection_errors_are_retried_only_when_replay_is_safe() -> None:
    boom = requests.ConnectionError("reset")
    session = session_with([grant(1)])
    session.routes[PRODUCTS] = [boom, ok({"items": [], "pagination": {"has_next": False}})]
    session.routes["/api/v1/categories"] = [boom]
    api = client(session)
    assert api.list_products().items == []  # GET: retried
    with pytest.raises(TransportError):
        api.create_category({"name": "Shoes"})  # POST without an Idempotency-Key: not retried
    assert session.paths().count("POST /api/v1/categories") == 1
    session.routes[PRODUCTS] = [boom, ok({"item": {"id": "prod_1"}}, 201)]
    assert api.create_product({"name": "x"}, idempotency_key="k-1") == {"id": "prod_1"}
    assert session.sent[-1]["headers"]["Idempotency-Key"] == "k-1"


def test_errors_map_onto_exception_classes() -> None:
    session = session_with([grant(1)])
    session.routes[f"{PRODUCTS}/p"] = [
        error(404, "not_found"),
        error(412, "precondition_failed"),
        error(400, "validation_error"),
    ]
    api = client(session)
    with pytest.raises(NotFound) as missing:
        api.get_product("p")
    assert missing.value.message == "not_found happened" and missing.value.request_id == "req-1"
    with pytest.raises(PreconditionFailed):
        api.patch_product("p", {"price": 2}, if_match='"v1"')
    with pytest.raises(ValidationError) as invalid:
        api.replace_product("p", {"name": ""})
    assert invalid.value.details == [{"field": "x"}]
    patch = session.sent[2]
    assert patch["headers"]["If-Match"] == '"v1"'
    assert patch["headers"]["Content-Type"] == "application/merge-patch+json"


def test_iterator_follows_next_cursor_and_encodes_filters() -> None:
    session = session_with([grant(1)])
    session.routes[PRODUCTS] = [
        ok(
            {"items": [{"id": 1}, {"id": 2}], "pagination": {"has_next": True, "next_cursor": "c2"}}
        ),
        ok({"items": [{"id": 3}], "pagination": {"has_next": False, "next_cursor": None}}),
    ]
    items = list(client(session).iter_products(limit=2, tags=["a", "b"], is_active=True))
    assert [i["id"] for i in items] == [1, 2, 3]
    lists = [s["params"] for s in session.sent if s["path"] == PRODUCTS]
    assert lists == [
        {"limit": "2", "tags": "a,b", "is_active": "true"},
        {"limit": "2", "tags": "a,b", "is_active": "true", "cursor": "c2"},
    ]


def test_inventory_and_batch_bodies() -> None:
    session = session_with([grant(1)])
    session.routes[f"{PRODUCTS}/p/inventory"] = [ok({"item": {"id": "p"}})]
    session.routes[f"{PRODUCTS}/batch"] = [ok({"product_ids": ["a"], "items": [{"id": "a"}]}, 201)]
    api = client(session)
    api.reserve("p", 2, variant_id="var_1")
    assert session.sent[-1]["json"] == {
        "operation": "reserve",
        "quantity": 2,
        "variant_id": "var_1",
    }
    assert session.sent[-1]["headers"]["Idempotency-Key"]
    result = api.batch_create([{"name": "a", "price": 1}])
    assert result.product_ids == ["a"] and session.sent[-1]["json"] == [{"name": "a", "price": 1}]


def test_retry_after_parsing() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
