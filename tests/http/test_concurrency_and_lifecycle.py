"""Concurrent writers on DynamoDB Local, persistence across restarts, and Ctrl-C."""

import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from tests.http.conftest import Http, start_local_api, stop_local_api
from tests.http.contract import checked_session


def test_concurrent_patches_lose_no_update(http: Http, new_client: Any) -> None:
    token = http.token(new_client(customer_id="cust-1"))
    item = http.call("POST", "/api/v1/products", token, {"name": "Busy", "price": 5}).json()
    path = f"/api/v1/products/{item['data']['item']['id']}"
    writers = 8

    def patch(n: int) -> int:
        return http.call("PATCH", path, token, {"attributes": {f"k{n}": n}}).status_code

    with ThreadPoolExecutor(max_workers=writers) as pool:
        statuses = list(pool.map(patch, range(writers)))

    final = http.call("GET", path, token).json()["data"]["item"]
    applied = {key for key in final["attributes"]}
    ok = statuses.count(200)
    # Every 200 is visible in the final state; a writer that gave up said so (409), never silently.
    assert set(statuses) <= {200, 409}
    assert len(applied) == ok and final["version"] == 1 + ok
    assert ok >= writers // 2


def test_concurrent_if_match_writers_one_wins(http: Http, new_client: Any) -> None:
    token = http.token(new_client(customer_id="cust-1"))
    item = http.call("POST", "/api/v1/products", token, {"name": "Race", "price": 5}).json()
    path = f"/api/v1/products/{item['data']['item']['id']}"

    def patch(n: int) -> int:
        # Every price differs from the stored 5: a PATCH that changes nothing is a no-op,
        # answered 200 from the version it read (decisions.md, PUT and PATCH).
        return http.call("PATCH", path, token, {"price": n + 10}, If_Match='"v1"').status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(patch, range(6)))

    assert statuses.count(200) == 1 and statuses.count(412) == 5
    assert http.call("GET", path, token).json()["data"]["item"]["version"] == 2


def _port_closed(url: str) -> bool:
    host, port = url.removeprefix("http://").split(":")
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, int(port))) != 0


def test_data_persists_across_restarts_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    local_dir = tmp_path / "local"
    first = start_local_api(local_dir)
    client = first.demo_client()
    session = Http(first.url)
    token = session.token(client)
    created = session.call("POST", "/api/v1/products", token, {"name": "Kept", "price": 1})
    product_id = created.json()["data"]["item"]["id"]

    assert stop_local_api(first) == 0
    assert _port_closed(first.url) and _port_closed(first.dynamodb_endpoint)

    second = start_local_api(local_dir)
    try:
        assert second.demo_client() == client  # the same demo credentials
        again = Http(second.url)
        reply = again.call("GET", f"/api/v1/products/{product_id}", again.token(client))
        assert reply.status_code == 200 and reply.json()["data"]["item"]["name"] == "Kept"
    finally:
        assert stop_local_api(second) == 0
    try:
        checked_session().get(f"{second.url}/api/v1/health", timeout=1)
        raise AssertionError("the API still answers after Ctrl-C")
    except requests.ConnectionError:
        pass
