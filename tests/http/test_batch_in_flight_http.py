"""An outside attacker's finding, over HTTP with real concurrency: while a large batch runs,
its own caller searches for the products already written and PATCHes them or reserves stock
on them. The batch's last SKU is taken, so it fails. Before, the undo met the changed
versions: a 500, products left behind with their SKUs claimed, a reservation later removed by
the sweeper. Now no one can see or touch a product of an unfinished batch."""

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.http.conftest import Http
from tests.http.contract import checked_session

SCOPES = ["products:read", "products:write", "inventory:write"]
WORD = "zebrabatch"
SIZE = 40


def batch(taken_sku: str) -> list[dict[str, Any]]:
    """40 products with 10 SKU-bearing variants each (five products a transaction: eight
    transactions); the last product's last SKU is `taken_sku`."""
    body: list[dict[str, Any]] = [
        {
            "name": f"{WORD} {n}",
            "price": 5,
            "variants": [
                {"name": f"v{v}", "sku": f"ZB-{n}-{v}", "inventory": 3} for v in range(10)
            ],
        }
        for n in range(SIZE)
    ]
    body[-1]["variants"][-1]["sku"] = taken_sku
    return body


def test_a_failing_batch_is_never_seen_nor_changed_and_leaves_nothing(
    http: Http, new_client: Any
) -> None:
    token = http.token(new_client(customer_id="cust-zb", scopes=SCOPES))
    other = http.call("POST", "/api/v1/products", token, {"name": "x", "price": 1, "sku": "ZB-T"})
    assert other.status_code == 201, other.text
    done = threading.Event()
    seen: set[str] = set()
    changed: list[int] = []  # statuses of the attacker's writes
    searches: list[int] = []

    def attack() -> None:
        session = checked_session()  # a client of its own, as another request would be
        headers = {"Authorization": f"Bearer {token}"}
        while not done.is_set():
            found = session.get(
                f"{http.base}/api/v1/products?search={WORD}&limit=100", headers=headers, timeout=30
            )
            assert found.status_code == 200, found.text
            searches.append(1)
            for item in found.json()["data"]["items"]:
                seen.add(item["id"])
                path = f"{http.base}/api/v1/products/{item['id']}"
                patched = session.patch(path, json={"name": "mine"}, headers=headers, timeout=30)
                reserve = {
                    "operation": "reserve",
                    "quantity": 1,
                    "variant_id": item["variants"][0]["id"],
                }
                reserved = session.post(
                    f"{path}/inventory", json=reserve, headers=headers, timeout=30
                )
                changed.extend([patched.status_code, reserved.status_code])

    with ThreadPoolExecutor(max_workers=1) as pool:
        attacker = pool.submit(attack)
        reply = http.call("POST", "/api/v1/products/batch", token, batch("ZB-T"))
        done.set()
        attacker.result()

    assert reply.status_code == 409, reply.text
    assert reply.json()["error"]["code"] == "duplicate_product"
    assert reply.json()["error"]["details"][0]["index"] == SIZE - 1
    assert len(searches) >= 2  # the attacker searched while the batch ran
    assert seen == set() and changed == []
    listing = http.call("GET", f"/api/v1/products?search={WORD}&limit=100", token).json()
    assert listing["data"]["items"] == []
    # Every SKU of the failed batch is free again: the batch goes through once fixed.
    fixed = http.call("POST", "/api/v1/products/batch", token, batch("ZB-FIXED"))
    assert fixed.status_code == 201, fixed.text
    assert len(fixed.json()["data"]["product_ids"]) == SIZE
