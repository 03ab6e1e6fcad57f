"""The Python client in process: the token manager (clients/python/products_api_auth) with the
generated client (products_api_client) over an httpx.MockTransport that plays the API, and the
generation script's own logic."""

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from products_api_auth import TokenError, TokenManager
from products_api_client.api.products import list_products
from products_api_client.errors import UnexpectedStatus
from products_api_client.models import ErrorEnvelope, ProductPageResponse
from products_api_client.types import Response
from scripts import generate_python_client as generation

BASE = "https://api.example.com/Prod"
TOKEN = "/api/v1/auth/token"
REFRESH = "/api/v1/auth/refresh"
REVOKE = "/api/v1/auth/revoke"
PRODUCTS = "/api/v1/products"
META = {"request_id": "req-1", "timestamp": "2026-01-01T00:00:00Z"}
# An answer: a response, or an exception the transport raises (no answer).
Reply = httpx.Response | Exception


def ok(data: Any) -> httpx.Response:
    return httpx.Response(200, json={"status": "success", "data": data, "meta": META})


def error(status: int, code: str) -> httpx.Response:
    body = {"status": "error", "meta": META,
            "error": {"code": code, "message": f"{code} happened", "details": None}}  # fmt: skip
    return httpx.Response(status, json=body)


def grant(n: int, expires_in: int = 3600) -> httpx.Response:
    return ok({"access_token": f"at{n}", "refresh_token": f"rt{n}", "expires_in": expires_in,
               "token_type": "Bearer", "scope": "products:read"})  # fmt: skip


def empty_page() -> httpx.Response:
    pagination = {"limit": 20, "has_next": False, "has_prev": False, "next_cursor": None}
    return ok({"items": [], "pagination": pagination})


class FakeApi:
    """Answers each request from a list of replies per path, and records what was sent."""

    def __init__(self, routes: dict[str, list[Reply]]) -> None:
        self.routes = routes
        self.sent: list[httpx.Request] = []
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/Prod")
        # A copy: a request sent again (after a 401) is the same object, its header changed.
        sent = httpx.Request(request.method, request.url, headers=request.headers.copy(),
                             content=request.content)  # fmt: skip
        with self.lock:
            self.sent.append(sent)
            reply = self.routes[path].pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply

    def paths(self) -> list[str]:
        return [request.url.path.removeprefix("/Prod") for request in self.sent]

    def body(self, index: int) -> Any:
        return json.loads(self.sent[index].content)

    def bearer(self, index: int) -> str | None:
        value = self.sent[index].headers.get("Authorization")
        return None if value is None else str(value)


def manager_of(api: FakeApi, clock: Callable[[], float] = lambda: 1000.0) -> TokenManager:
    return TokenManager(BASE, "cli_1", "sk", clock=clock,
                        httpx_args={"transport": httpx.MockTransport(api)})  # fmt: skip


def listed(manager: TokenManager) -> Response[ErrorEnvelope | ProductPageResponse]:
    return list_products.sync_detailed(client=manager.client())


def test_the_first_request_gets_a_token_with_the_client_credentials() -> None:
    api = FakeApi({TOKEN: [grant(1)], PRODUCTS: [empty_page(), empty_page()]})
    manager = manager_of(api)
    client = manager.client()
    for _ in range(2):
        answer = list_products.sync_detailed(client=client)
        assert answer.status_code == 200 and isinstance(answer.parsed, ProductPageResponse)
    assert api.paths() == [TOKEN, PRODUCTS, PRODUCTS]  # one grant, reused
    assert api.body(0) == {"grant_type": "client_credentials", "client_id": "cli_1",
                           "client_secret": "sk"}  # fmt: skip
    assert api.bearer(0) is None
    assert api.bearer(1) == api.bearer(2) == "Bearer at1"
    assert (manager.refresh_token, manager.scope) == ("rt1", "products:read")
    assert (manager.expires_at, manager.refresh_at) == (4600.0, 4300.0)


def test_the_token_is_refreshed_skew_seconds_before_expiry_and_rotates() -> None:
    now = [1000.0]
    api = FakeApi({TOKEN: [grant(1)], REFRESH: [grant(2), grant(3)]})
    manager = manager_of(api, clock=lambda: now[0])
    assert manager.token() == "at1"
    now[0] = 1000.0 + 3600 - 301  # more than 5 minutes left
    assert manager.token() == "at1"
    now[0] += 2  # less than 5 minutes left
    assert manager.token() == "at2"
    assert api.paths() == [TOKEN, REFRESH]
    assert api.body(1) == {"grant_type": "refresh_token", "refresh_token": "rt1"}
    manager.refresh_at = 0  # due: the rotated refresh token is the one sent
    assert manager.token() == "at3" and api.body(2)["refresh_token"] == "rt2"


def test_a_short_lived_token_is_renewed_at_half_its_lifetime() -> None:
    now = [0.0]
    api = FakeApi({TOKEN: [grant(1, expires_in=60)], REFRESH: [grant(2, expires_in=60)]})
    manager = manager_of(api, clock=lambda: now[0])
    assert manager.token() == "at1" and manager.refresh_at == 30.0
    now[0] = 29.9
    assert manager.token() == "at1"
    now[0] = 30.0
    assert manager.token() == "at2"


@pytest.mark.parametrize(
    "refused",
    [error(401, "unauthorized"), httpx.ConnectError("reset"), httpx.Response(502, text="")],
    ids=["reused refresh token", "no answer", "undocumented answer"],
)
def test_a_failed_refresh_falls_back_to_the_client_credentials(refused: Reply) -> None:
    api = FakeApi({TOKEN: [grant(1), grant(2)], REFRESH: [refused]})
    manager = manager_of(api)
    manager.token()
    manager.refresh_at = 0
    assert manager.token() == "at2" and manager.refresh_token == "rt2"
    assert api.paths() == [TOKEN, REFRESH, TOKEN]


def test_a_refused_grant_raises_token_error() -> None:
    api = FakeApi({TOKEN: [error(401, "unauthorized"), httpx.Response(502, text="boom")]})
    manager = manager_of(api)
    with pytest.raises(TokenError) as refused:
        listed(manager)
    assert (refused.value.status, refused.value.code) == (401, "unauthorized")
    assert refused.value.message == "unauthorized happened"
    with pytest.raises(TokenError) as broken:
        manager.token()
    assert (broken.value.status, broken.value.code, broken.value.message) == (
        502, "http_502", "boom",
    )  # fmt: skip
    assert PRODUCTS not in api.paths()


def test_a_401_renews_the_token_and_sends_the_request_again_once() -> None:
    api = FakeApi({
        TOKEN: [grant(1)],
        REFRESH: [grant(2), grant(3)],
        PRODUCTS: [error(401, "token_expired"), empty_page(),
                  error(401, "unauthorized"), error(401, "unauthorized")],
    })  # fmt: skip
    manager = manager_of(api)
    answer = listed(manager)
    assert answer.status_code == 200 and isinstance(answer.parsed, ProductPageResponse)
    assert api.paths() == [TOKEN, PRODUCTS, REFRESH, PRODUCTS]
    assert (api.bearer(1), api.bearer(3)) == ("Bearer at1", "Bearer at2")
    # Refused again after the renewal: the 401 is the answer (no loop).
    again = listed(manager)
    assert again.status_code == 401 and api.paths()[4:] == [PRODUCTS, REFRESH, PRODUCTS]


def test_a_burst_of_401s_renews_once() -> None:
    api = FakeApi({TOKEN: [grant(1)], REFRESH: [grant(2)]})
    manager = manager_of(api)
    stale = manager.token()
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(manager.force_refresh(stale=stale)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["at2"] * 8 and api.paths() == [TOKEN, REFRESH]


def test_revoke_revokes_the_refresh_token_and_forgets_both() -> None:
    api = FakeApi(
        {TOKEN: [grant(1), grant(2)], REVOKE: [ok({"revoked": True}), error(403, "forbidden")]}
    )
    manager = manager_of(api)
    manager.token()
    manager.revoke()
    assert api.paths() == [TOKEN, REVOKE] and api.bearer(1) == "Bearer at1"
    assert api.body(1) == {"token": "rt1", "token_type_hint": "refresh_token"}
    assert manager.access_token is None and manager.refresh_token is None
    manager.revoke()  # nothing to revoke
    assert len(api.sent) == 2
    manager.token()
    with pytest.raises(TokenError) as refused:
        manager.revoke()
    assert refused.value.code == "forbidden"


def test_client_passes_its_arguments_to_the_authenticated_client() -> None:
    seen: list[httpx.Request] = []
    api = FakeApi({TOKEN: [grant(1)], PRODUCTS: [httpx.Response(418, text="teapot")]})
    manager = manager_of(api)
    client = manager.client(
        headers={"X-Trace": "t-1"},
        raise_on_unexpected_status=True,
        httpx_args={"event_hooks": {"request": [seen.append]}},
    )
    with pytest.raises(UnexpectedStatus, match="Unexpected status code: 418"):
        list_products.sync_detailed(client=client)
    assert [request.headers["X-Trace"] for request in seen] == ["t-1"]
    assert seen[0].headers["Authorization"] == "Bearer at1"
    manager.close()


# -- generation (scripts/generate_python_client.py; the generator itself runs in make lint) -------


def test_the_generator_reads_a_self_referring_schema_as_any_json_value() -> None:
    document = json.loads(generation.DOCUMENT.read_text())
    assert generation.self_referring(document) == ["AttributeValue"]
    given = generation.client_document(document)
    schemas, originals = given["components"]["schemas"], document["components"]["schemas"]
    assert schemas["AttributeValue"] == {"description": originals["AttributeValue"]["description"]}
    assert generation.self_referring(given) == [] and generation.consts_in_unions(given) == []
    assert schemas["Product"] == originals["Product"]


def test_a_const_beside_other_union_members_is_found() -> None:
    schema = {"properties": {"a": {"anyOf": [{"type": "string"}, {"const": 0}]},
                             "b": {"anyOf": [{"const": "x"}, {"type": "null"}]}}}  # fmt: skip
    assert generation.consts_in_unions(schema) == ["/properties/a/anyOf"]


def test_drift_names_every_difference(tmp_path: Path) -> None:
    committed, generated = tmp_path / "committed", tmp_path / "generated"
    for tree in (committed, generated):
        (tree / "models" / "__pycache__").mkdir(parents=True)
        (tree / "same.py").write_text("x = 1\n")
    (committed / "models" / "__pycache__" / "old.pyc").write_text("ignored")
    (committed / "gone.py").write_text("")
    (generated / "models" / "new.py").write_text("")
    (committed / "models" / "m.py").write_text("a = 1\n")
    (generated / "models" / "m.py").write_text("a = 2\n")
    assert generation.drift(committed, committed) == []
    lines = generation.drift(committed, generated)
    assert lines[:2] == ["only committed: gone.py", "only generated: models/new.py"]
    assert "-a = 1" in lines and "+a = 2" in lines
