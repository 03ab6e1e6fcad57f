"""Crash consistency of multi-step writes (docs/security.md, "Faults"; docs/decisions.md,
"Batch create").

A crash is a `BaseException` raised between two steps: nothing below catches it (not the
handler, not the idempotency layer, not the local gateway), just as nothing runs after a
Lambda instance dies. After each crash the catalog must be consistent: every product has its
SKU claims, listing entries and search postings, nothing points at a product that does not
exist, and every counter equals the count of the products it counts. The documented recovery
(retry with the same Idempotency-Key) must then converge to exactly the full batch.
"""

import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from common.products.models import Product
from common.settings import get_settings
from common.storage import auth_repository
from common.storage.dynamodb import dynamodb_client, from_item
from common.storage.idempotency_records import IdempotencyRecords
from common.storage.products import counters, index, journal, repository
from local_api.gateway import LambdaContext, load_handler
from local_api.template import ROOT
from tests import grants
from tests.moto_gateway import Api, make_client
from tests.support import credentials, error_code

PRODUCTS = "/api/v1/products"
BATCH = "/api/v1/products/batch"
CATEGORIES = "/api/v1/categories"
WRITE_CALLS = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}


class Crash(BaseException):
    """The Lambda instance dies here: no handler, finally-less cleanup or response follows."""


# ------------------------------------------------------------------ consistency ------------
def _scan(table: str) -> list[dict[str, Any]]:
    pages = dynamodb_client().get_paginator("scan").paginate(TableName=table)
    return [item for page in pages for item in page["Items"]]


def assert_catalog_consistent() -> list[Product]:
    """Checks every invariant of ProductsTable and returns its products."""
    items = _scan(get_settings().products_table)
    by_key = {(i["pk"]["S"], i["sk"]["S"]): i for i in items}
    products = [
        repository.product_from_item(i)
        for i in items
        if i["sk"]["S"] == repository.SK_PRODUCT and "#PRODUCT#" in i["pk"]["S"]
    ]
    by_id = {p.id: p for p in products}
    expected_counts: Counter[tuple[tuple[str, ...], str]] = Counter()
    for product in products:
        pk = repository.product_pk(product.mode, product.tenant_id, product.id)
        for sk in index.entry_items(product, pk):
            assert (pk, sk) in by_key, (product.id, sk)
        for sku in product.skus():
            claim = by_key.get((f"{product.mode}#{product.tenant_id}#SKU#{sku}", "SKU"))
            assert claim and claim["product_id"]["S"] == product.id, (product.id, sku)
        for word in product.indexed_words:
            key = index.posting_key(product.mode, product.tenant_id, word, product.id)
            assert (key["pk"], key["sk"]) in by_key, (product.id, word)
        for counted in counters.counted_in(product):
            expected_counts[counted] += 1
    for (pk, sk), item in by_key.items():
        if sk == repository.SK_SKU:
            owner = by_id.get(item["product_id"]["S"])
            assert owner and pk.rsplit("#SKU#", 1)[1] in owner.skus(), ("stray claim", pk)
        elif sk.startswith("LIST#"):
            assert repository._product_id(pk) in by_id, ("stray entry", pk, sk)
        elif "#W#" in pk:
            owner = by_id.get(item["product_id"]["S"])
            assert owner and sk.rsplit("#", 1)[0] in owner.indexed_words, ("stray posting", sk)
    # Every counter item: the attributes products move equal the products they count.
    stored_counts: Counter[tuple[tuple[str, ...], str]] = Counter()
    for counter in {counter for counter, _ in expected_counts} | _counter_items(by_key):
        item_key: dict[str, Any] = counters.item_key(counter)
        item = from_item(by_key.get((item_key["pk"]["S"], item_key["sk"]["S"]), {}))
        for attribute, value in item.items():
            if attribute == "product_count" or attribute.startswith("st_"):
                stored_counts[(counter, attribute)] = int(value)
    assert +stored_counts == +expected_counts
    return products


def _counter_items(by_key: dict[tuple[str, str], Any]) -> set[tuple[str, ...]]:
    """The tenant, customer and customer x category counter items present (categories are
    found by products)."""
    found: set[tuple[str, ...]] = set()
    for pk, sk in by_key:
        if sk != counters.SK_STATS or (not pk.endswith("#P#STATS") and "#P#C#" not in pk):
            continue
        mode, tenant, *rest = pk.removesuffix("#STATS").split("#")
        if rest == ["P"]:
            found.add((counters.TENANT, mode, tenant))
        elif rest[:2] == ["P", "C"] and len(rest) == 3:
            found.add((counters.CUSTOMER, mode, tenant, rest[2]))
        elif rest[:2] == ["P", "C"] and rest[3:4] == ["K"]:
            found.add((counters.CUSTOMER_CATEGORY, mode, tenant, rest[2], rest[4]))
    return found


# ------------------------------------------------------------------ crashing ---------------
@contextmanager
def crash_after_transactions(monkeypatch: pytest.MonkeyPatch, count: int) -> Iterator[list[int]]:
    """The catalog's writes (repository.execute) crash right after the `count`-th commits."""
    done: list[int] = []
    original = repository.execute

    def execute(ops: Any) -> None:
        original(ops)
        done.append(len(ops))
        if len(done) == count:
            raise Crash(f"after transaction {count}")

    with monkeypatch.context() as patch:
        patch.setattr(repository, "execute", execute)
        yield done


@contextmanager
def crash_before_the_response_is_recorded(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The request's writes are done; the instance dies before powertools stores its
    response in the idempotency record."""

    def crash(*args: Any, **kwargs: Any) -> None:
        raise Crash("before the idempotency record is completed")

    with monkeypatch.context() as patch, pytest.raises(Crash):
        patch.setattr(IdempotencyRecords, "save_success", crash)
        yield


def expire_in_progress_records() -> None:
    """What the passage of time does to a crashed request's lock: the in-progress record
    outlives the invocation only by its remaining time (common/idempotency.py)."""
    table = get_settings().idempotency_table
    assert table
    for item in _scan(table):
        if item.get("status", {}).get("S") == "INPROGRESS":
            dynamodb_client().update_item(
                TableName=table,
                Key={"id": item["id"]},
                UpdateExpression="SET in_progress_expiration = :past",
                ExpressionAttributeValues={":past": {"N": str(int(time.time() * 1000) - 1)}},
            )


@pytest.fixture
def shop(api: Api) -> dict[str, Any]:
    admin = api.token_for(make_client(scopes=["admin"]))
    category = api.request("POST", CATEGORIES, admin, {"name": "Bulbs"}).body["data"]["item"]
    seller = api.token_for(
        make_client(
            customer_id="cust-1", scopes=["products:read", "products:write", "inventory:write"]
        )
    )
    return {"admin": admin, "seller": seller, "category": category}


def bulk(shop: dict[str, Any], count: int = 60) -> list[dict[str, Any]]:
    return [
        {
            "name": f"Bulb model {n}",
            "price": 2 + n,
            "sku": f"BULB-{n}",
            "tags": ["bulb", f"series-{n % 3}"],
            "category_id": shop["category"]["id"],
            "inventory": n,
        }
        for n in range(count)
    ]


def post_batch(api: Api, shop: dict[str, Any], body: Any, key: str | None = "batch-1") -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return api.request("POST", BATCH, shop["seller"], body, headers=headers)


def transactions_of_a_batch(api: Api, shop: dict[str, Any], monkeypatch: Any) -> int:
    with crash_after_transactions(monkeypatch, 10_000) as done:
        reply = post_batch(api, shop, bulk(shop), key="counting")
    assert reply.status == 201, reply.body
    return len(done)


def test_a_large_batch_spans_several_transactions(
    api: Api, shop: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The premise of the tests below: 60 products with SKUs, tags and a category."""
    assert transactions_of_a_batch(api, shop, monkeypatch) >= 4
    assert len(assert_catalog_consistent()) == 60


# ------------------------------------------------------------------ batch ------------------
@pytest.mark.parametrize("crash_after", [1, 2, 3])
def test_a_crash_between_transactions_leaves_whole_products_and_a_retry_finishes_the_batch(
    api: Api, shop: dict[str, Any], monkeypatch: pytest.MonkeyPatch, crash_after: int
) -> None:
    body = bulk(shop)
    # The crashed invocation had minutes left (the local context says 10 s: a loaded machine
    # could outlast that before the lock is checked).
    monkeypatch.setattr(LambdaContext, "get_remaining_time_in_millis", lambda self: 600_000)
    with crash_after_transactions(monkeypatch, crash_after), pytest.raises(Crash):
        post_batch(api, shop, body)

    left = assert_catalog_consistent()
    assert 0 < len(left) < len(body)  # each whole, with its claims, entries, postings, counts

    # While the crashed invocation's time is not up, the key is still locked.
    locked = post_batch(api, shop, body)
    assert locked.status == 409 and error_code(locked.body) == "conflict"
    assert locked.headers["retry-after"] == "1"

    expire_in_progress_records()
    retried = post_batch(api, shop, body)

    assert retried.status == 201, retried.body
    ids = retried.body["data"]["product_ids"]
    assert len(set(ids)) == len(body) and {p.id for p in left} <= set(ids)
    assert [item["sku"] for item in retried.body["data"]["items"]] == [b["sku"] for b in body]
    products = assert_catalog_consistent()
    assert sorted(p.id for p in products) == sorted(ids)  # exactly the batch, no duplicates
    listing = api.request("GET", f"{PRODUCTS}?limit=100&include_total=true", shop["seller"])
    assert listing.body["data"]["pagination"]["total"] == len(body)
    category = api.request("GET", f"{CATEGORIES}/{shop['category']['id']}", shop["admin"])
    assert category.body["data"]["item"]["product_count"] == len(body)
    for item, sent in zip(retried.body["data"]["items"], body, strict=True):
        stored = api.request("GET", f"{PRODUCTS}/{item['id']}", shop["seller"]).body
        assert stored["data"]["item"]["inventory"]["available"] == sent["inventory"]

    replay = post_batch(api, shop, body)
    assert replay.status == 201 and replay.headers["idempotent-replayed"] == "true"
    assert replay.body == retried.body


def test_a_crash_after_the_last_transaction_is_finished_by_the_retry(
    api: Api, shop: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Everything was written; the instance died before the response was recorded."""
    body = bulk(shop, 5)
    with crash_before_the_response_is_recorded(monkeypatch):
        post_batch(api, shop, body)
    first = assert_catalog_consistent()
    assert len(first) == 5

    expire_in_progress_records()
    retried = post_batch(api, shop, body)

    assert retried.status == 201, retried.body
    assert sorted(retried.body["data"]["product_ids"]) == sorted(p.id for p in first)
    assert len(assert_catalog_consistent()) == 5
    created = {item["id"]: item["created_at"] for item in retried.body["data"]["items"]}
    assert created == {p.id: p.created_at for p in first}  # the stored products, unchanged


def test_a_retry_that_fails_also_undoes_what_the_crashed_attempt_left(
    api: Api, shop: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """All or nothing holds across attempts: the batch's last SKU was taken meanwhile."""
    body = bulk(shop)
    with crash_after_transactions(monkeypatch, 1), pytest.raises(Crash):
        post_batch(api, shop, body)
    assert assert_catalog_consistent()
    other = api.request(
        "POST", PRODUCTS, shop["seller"], {"name": "Other", "price": 1, "sku": "BULB-59"}
    )
    assert other.status == 201

    expire_in_progress_records()
    retried = post_batch(api, shop, body)

    assert retried.status == 409 and error_code(retried.body) == "duplicate_product"
    assert retried.body["error"]["details"][0]["field"] == "[59].sku"
    assert [p.id for p in assert_catalog_consistent()] == [other.body["data"]["item"]["id"]]


def test_reusing_the_key_for_another_body_after_a_crash_abandons_the_first_part(
    api: Api, shop: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another body is another request (a client error: keys name one request). It gets its
    own ids; the crashed attempt's part stays pending, seen by no one, until the sweeper
    discards it; and the first body's key now belongs to the second request (422)."""
    body = bulk(shop)
    with crash_after_transactions(monkeypatch, 1), pytest.raises(Crash):
        post_batch(api, shop, body)
    first = {p.id for p in assert_catalog_consistent()}
    expire_in_progress_records()

    other = post_batch(api, shop, [{"name": "Extra", "price": 1}])
    original = post_batch(api, shop, body)

    assert other.status == 201, other.body
    assert other.body["data"]["product_ids"][0] not in first
    assert original.status == 422 and error_code(original.body) == "idempotency_key_reused"
    assert {p.id for p in assert_catalog_consistent()} == first | set(
        other.body["data"]["product_ids"]
    )
    assert sweep(now=time.time() + journal.DEADLINE_SECONDS + 1) == 1
    assert [p.id for p in assert_catalog_consistent()] == other.body["data"]["product_ids"]


def journals() -> list[dict[str, Any]]:
    """The batch journals in ProductsTable (storage/products/journal.py)."""
    items = _scan(get_settings().products_table)
    return [from_item(item) for item in items if item["pk"]["S"] == journal.PARTITION]


def sweep(now: float | None = None) -> int:
    """The scheduled sweeper, as Lambda runs it (its calls checked against its policy)."""
    handler = load_handler(ROOT / "functions" / "sweep_batches", "app.lambda_handler")
    with grants.invoking("SweepBatchesFunction"), clock_at(now):
        result = handler({"source": "aws.events"}, LambdaContext("SweepBatchesFunction"))
    return int(result["batches_finished"])


@contextmanager
def clock_at(now: float | None) -> Iterator[None]:
    """The journals' clock at `now` (epoch seconds), or as it is."""
    with pytest.MonkeyPatch.context() as patch:
        if now is not None:
            patch.setattr(journal, "now", lambda: int(now))
        yield


@pytest.mark.parametrize("crash_after", [1, 2, 3])
def test_without_a_key_the_sweeper_undoes_what_a_crash_left(
    api: Api, shop: dict[str, Any], monkeypatch: pytest.MonkeyPatch, crash_after: int
) -> None:
    """Given an un-keyed batch whose instance died after transaction `crash_after`, when the
    sweeper runs after the journal's deadline, then nothing of the batch is left, and nothing
    of it was ever seen: no product, no audit event."""
    with crash_after_transactions(monkeypatch, crash_after), pytest.raises(Crash):
        post_batch(api, shop, bulk(shop), key=None)
    left = assert_catalog_consistent()
    assert 0 < len(left) < 60
    (pending,) = journals()
    assert len(pending["product_ids"]) == 60  # the whole batch, written or not
    assert {p.id for p in left} <= set(pending["product_ids"])
    assert_invisible(api, shop, left)

    assert sweep() == 0  # before the deadline the batch may still be running
    assert len(assert_catalog_consistent()) == len(left)
    assert sweep(now=time.time() + journal.DEADLINE_SECONDS + 1) == 1

    assert assert_catalog_consistent() == [] and journals() == []
    category = api.request("GET", f"{CATEGORIES}/{shop['category']['id']}", shop["admin"])
    assert category.body["data"]["item"]["product_count"] == 0
    trail = api.request("GET", "/api/v1/audit-events?limit=100", shop["admin"]).body
    assert [e["action"] for e in trail["data"]["items"]] == ["category.created"]
    # The SKUs are free again: the batch can be sent once more.
    assert post_batch(api, shop, bulk(shop), key=None).status == 201
    assert journals() == []


def assert_invisible(api: Api, shop: dict[str, Any], products: list[Product]) -> None:
    """Products of an unfinished batch do not exist for anyone: reads, lists, searches, SKU
    lookups and writes all answer as for a made-up id."""
    seller, admin = shop["seller"], shop["admin"]
    for product in products[:3]:
        path = f"{PRODUCTS}/{product.id}"
        assert api.request("GET", path, admin).status == 404
        assert api.request("PATCH", path, seller, {"name": "Mine now"}).status == 404
        assert api.request("PUT", path, seller, {"name": "Mine", "price": 1}).status == 404
        stock = {"operation": "reserve", "quantity": 1}
        assert api.request("POST", f"{path}/inventory", seller, stock).status == 404
        assert api.request("DELETE", path, seller).status == 404
        assert product.sku
        by_sku = api.request("GET", f"{PRODUCTS}?sku={product.sku}", admin).body
        assert by_sku["data"]["items"] == []
    ids = {p.id for p in products}
    for query in ("limit=100", "search=bulb&limit=100", f"product_ids={products[0].id}"):
        listed = api.request("GET", f"{PRODUCTS}?{query}", admin).body["data"]["items"]
        assert [item for item in listed if item["id"] in ids] == [], query


def test_a_crash_while_publishing_is_finished_by_the_sweeper(
    api: Api, shop: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given a batch of 100 whose instance died after the first of its publishing
    transactions (the journal then says committing), when the sweeper runs after the
    deadline, then it publishes the rest: the batch goes forward, never back, so no product
    that someone may already have seen, reserved or changed is removed."""
    body = bulk(shop, 100)
    writes = transactions_of_a_batch_without_key(api, shop, monkeypatch, body)
    assert assert_catalog_consistent() == [] and journals() == []

    with crash_after_transactions(monkeypatch, writes + 1), pytest.raises(Crash):
        post_batch(api, shop, body, key=None)
    (pending,) = journals()
    assert pending["committing"] is True
    listed = api.request("GET", f"{PRODUCTS}?limit=100", shop["admin"]).body["data"]["items"]
    assert 0 < len(listed) < 100
    # A customer reserves one of the products already published.
    path = f"{PRODUCTS}/{listed[0]['id']}/inventory"
    reserve = api.request("POST", path, shop["seller"], {"operation": "reserve", "quantity": 1})
    assert reserve.status == 200, reserve.body

    assert sweep(now=time.time() + journal.DEADLINE_SECONDS + 1) == 1

    products = assert_catalog_consistent()
    assert len(products) == 100 and all(p.pending_batch is None for p in products)
    assert journals() == []
    listing = api.request("GET", f"{PRODUCTS}?limit=100", shop["admin"]).body["data"]
    assert len(listing["items"]) == 100 and listing["pagination"]["total"] == 100
    reserved = api.request("GET", f"{PRODUCTS}/{listed[0]['id']}", shop["admin"]).body
    assert reserved["data"]["item"]["inventory"]["reserved"] == 1
    trail = api.request("GET", "/api/v1/audit-events?limit=100", shop["admin"]).body
    created = [e for e in trail["data"]["items"] if e["action"] == "product.created"]
    assert len(created) == 99  # the 100th page holds the rest
    assert {e["details"]["batch_size"] for e in created} == {100}


def transactions_of_a_batch_without_key(
    api: Api, shop: dict[str, Any], monkeypatch: pytest.MonkeyPatch, body: list[dict[str, Any]]
) -> int:
    """How many write transactions `body` takes before publishing (counted on a dry run
    whose products are then deleted again)."""
    with crash_after_transactions(monkeypatch, 10_000) as done:
        sent = post_batch(api, shop, body, key=None)
    assert sent.status == 201, sent.body
    for product_id in sent.body["data"]["product_ids"]:
        assert api.request("DELETE", f"{PRODUCTS}/{product_id}", shop["seller"]).status == 200
    publishing = -(-len(body) // 49)
    return len(done) - publishing


def test_a_finished_or_failed_batch_leaves_no_journal(
    api: Api, shop: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert post_batch(api, shop, bulk(shop), key=None).status == 201
    assert journals() == []
    # A batch whose last SKU is taken fails in its last transaction, after the first ones.
    body = [{**item, "sku": f"NEW-{n}"} for n, item in enumerate(bulk(shop))]
    body[-1]["sku"] = "BULB-0"
    failed = post_batch(api, shop, body, key=None)
    assert failed.status == 409 and failed.body["error"]["details"][0]["index"] == 59
    assert journals() == [] and len(assert_catalog_consistent()) == 60
    assert sweep(now=time.time() + journal.DEADLINE_SECONDS + 1) == 0


def test_no_one_can_see_or_change_a_product_of_a_batch_in_flight(
    api: Api, shop: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attack: while a batch runs, its caller finds an already-written product (by
    search, listing, SKU or id) and PATCHes it or reserves stock on it; the batch's last SKU
    is taken, so it fails. Before, the undo met the changed version: a 500, and products
    with claimed SKUs left behind. Now the products are invisible until the batch publishes
    them: every such request is a 404, and the failed batch leaves nothing at all."""
    taken = api.request("POST", PRODUCTS, shop["seller"], {"name": "Other", "price": 1, "sku": "X"})
    assert taken.status == 201
    body = bulk(shop)
    body[-1]["sku"] = "X"
    before = _catalog_items()
    original, attacked = repository.execute, list[bool]()

    def execute(ops: Any) -> None:
        original(ops)
        if not attacked:  # right after the batch's first transaction
            attacked.append(True)
            items = [op.request["Put"]["Item"] for op in ops if "Put" in op.request]
            written = [
                repository.product_from_item(item)
                for item in items
                if item["sk"]["S"] == repository.SK_PRODUCT
            ]
            assert written and all(p.pending_batch for p in written)
            assert_invisible(api, shop, written)

    with monkeypatch.context() as patch:
        patch.setattr(repository, "execute", execute)
        failed = post_batch(api, shop, body, key=None)

    assert attacked
    assert failed.status == 409 and error_code(failed.body) == "duplicate_product"
    assert failed.body["error"]["details"][0]["index"] == 59
    assert journals() == []
    # Nothing of the batch: no product, claim, entry, posting, count or audit event.
    assert _catalog_items() == before


def _catalog_items() -> dict[tuple[str, str], dict[str, Any]]:
    """ProductsTable's items by key, without counters at zero (a counter moved and moved
    back leaves its attribute at 0, and a counter item it made holds only zeros)."""
    items = {}
    for item in _scan(get_settings().products_table):
        values = from_item(item)
        kept = {k: v for k, v in values.items() if v != 0}
        if values["sk"] == counters.SK_STATS and kept.keys() == {"pk", "sk"}:
            continue
        items[(values["pk"], values["sk"])] = kept
    return items


def test_a_keyed_create_that_crashed_after_its_write_is_not_made_twice(
    api: Api, shop: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The product was written and the instance died before answering: the record its
    transaction put answers the retry at once, with the product."""
    body = {"name": "Lamp", "price": 3, "sku": "L-1", "category_id": shop["category"]["id"]}
    headers = {"Idempotency-Key": "create-1"}

    with crash_after_transactions(monkeypatch, 1), pytest.raises(Crash):
        api.request("POST", PRODUCTS, shop["seller"], body, headers=headers)
    (written,) = assert_catalog_consistent()

    retried = api.request("POST", PRODUCTS, shop["seller"], body, headers=headers)

    assert retried.status == 201, retried.body
    assert retried.headers.get("idempotent-replayed") == "true"
    assert retried.body["data"]["item"]["id"] == written.id
    assert [p.id for p in assert_catalog_consistent()] == [written.id]
    other = api.request(
        "POST", PRODUCTS, shop["seller"], {**body, "sku": "L-2"}, headers={"Idempotency-Key": "x"}
    )
    assert other.status == 201 and other.body["data"]["item"]["id"] != written.id


def test_a_keyed_stock_operation_that_crashed_after_its_write_is_not_applied_twice(
    api: Api, shop: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given a reserve whose transaction committed and whose instance died before answering,
    when the client retries it with the same key, then the record its transaction put
    answers at once: no lock to wait out, the units reserved once, one audit event."""
    product = api.request(
        "POST", PRODUCTS, shop["seller"], {"name": "Lamp", "price": 3, "inventory": 10}
    ).body["data"]["item"]
    path = f"{PRODUCTS}/{product['id']}/inventory"
    body, headers = {"operation": "reserve", "quantity": 4}, {"Idempotency-Key": "reserve-1"}

    with crash_after_transactions(monkeypatch, 1), pytest.raises(Crash):
        api.request("POST", path, shop["seller"], body, headers=headers)
    retried = api.request("POST", path, shop["seller"], body, headers=headers)

    assert retried.status == 200, retried.body
    assert retried.headers.get("idempotent-replayed") == "true"
    assert retried.body["data"]["item"]["inventory"] == {"available": 6, "reserved": 4, "total": 10}
    assert retried.body["data"]["item"]["version"] == product["version"] + 1
    trail = f"/api/v1/audit-events?resource_id={product['id']}"
    events = api.request("GET", trail, shop["admin"]).body["data"]["items"]
    assert [e["action"] for e in events] == ["inventory.reserved", "product.created"]
    # The same body under another key is another request: it reserves again.
    again = api.request("POST", path, shop["seller"], body, headers={"Idempotency-Key": "r-2"})
    assert again.body["data"]["item"]["inventory"]["reserved"] == 8
    assert_catalog_consistent()


# ------------------------------------------------------------------ single writes ----------
def _count_writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The write calls on ProductsTable (the rate-limit and idempotency tables aside)."""
    calls: list[str] = []
    client = dynamodb_client()
    original = client._make_api_call  # type: ignore[attr-defined]
    table = get_settings().products_table

    def call(operation: str, params: dict[str, Any]) -> Any:
        if operation in WRITE_CALLS and table in json.dumps(params, default=str):
            calls.append(operation)
        return original(operation, params)

    monkeypatch.setattr(client, "_make_api_call", call)
    return calls


SINGLE_WRITES: dict[str, Callable[[Api, dict[str, Any]], Any]] = {
    "create product": lambda api, c: api.request(
        "POST",
        PRODUCTS,
        c["seller"],
        {
            "name": "Lamp",
            "price": 3,
            "sku": "L-2",
            "category_id": c["category"]["id"],
            "tags": ["x"],
        },
    ),
    "replace product": lambda api, c: api.request(
        "PUT",
        f"{PRODUCTS}/{c['product']['id']}",
        c["seller"],
        {"name": "Lamp two", "price": 4, "sku": "L-3", "tags": ["y"]},
    ),
    "patch product": lambda api, c: api.request(
        "PATCH",
        f"{PRODUCTS}/{c['product']['id']}",
        c["seller"],
        {"status": "draft", "category_id": None},
    ),
    "delete product": lambda api, c: api.request(
        "DELETE", f"{PRODUCTS}/{c['product']['id']}", c["seller"]
    ),
    "stock": lambda api, c: api.request(
        "POST",
        f"{PRODUCTS}/{c['product']['id']}/inventory",
        c["seller"],
        {"operation": "reserve", "quantity": 2},
    ),
    "create category": lambda api, c: api.request("POST", CATEGORIES, c["admin"], {"name": "N"}),
    "move category": lambda api, c: api.request(
        "PATCH", f"{CATEGORIES}/{c['child']['id']}", c["admin"], {"parent_id": None}
    ),
    "delete category": lambda api, c: api.request(
        "DELETE", f"{CATEGORIES}/{c['child']['id']}", c["admin"]
    ),
}


@pytest.mark.parametrize("write", list(SINGLE_WRITES))
def test_every_other_catalog_write_is_one_atomic_call(
    api: Api, shop: dict[str, Any], monkeypatch: pytest.MonkeyPatch, write: str
) -> None:
    """So a crash can only come before it (nothing written) or after it (all written)."""
    product = api.request(
        "POST",
        PRODUCTS,
        shop["seller"],
        {
            "name": "Lamp",
            "price": 3,
            "sku": "L-1",
            "inventory": 5,
            "category_id": shop["category"]["id"],
        },
    ).body["data"]["item"]
    child = api.request(
        "POST", CATEGORIES, shop["admin"], {"name": "Child", "parent_id": shop["category"]["id"]}
    ).body["data"]["item"]
    context = {**shop, "product": product, "child": child}
    calls = _count_writes(monkeypatch)

    reply = SINGLE_WRITES[write](api, context)

    assert reply.status in (200, 201), reply.body
    assert len(calls) == 1, calls
    assert_catalog_consistent()


# ------------------------------------------------------------------ tokens -----------------
def test_a_crash_after_a_refresh_rotation_ends_the_family_on_reuse(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rotation is one transaction (old token used + new token stored). If the response is
    lost, the client still holds only the old token: presenting it again is reuse, which
    revokes the family (RFC 6819); a new client-credentials grant starts over."""
    client = make_client(customer_id="cust-1")
    grant = api.request("POST", "/api/v1/auth/token", json_body=credentials(client)).body
    old = grant["data"]["refresh_token"]
    original = auth_repository.rotate_refresh_token

    def rotate_then_crash(*args: Any, **kwargs: Any) -> bool:
        original(*args, **kwargs)
        raise Crash("before the new token is sent")

    with monkeypatch.context() as patch:
        patch.setattr(auth_repository, "rotate_refresh_token", rotate_then_crash)
        with pytest.raises(Crash):
            api.request(
                "POST",
                "/api/v1/auth/refresh",
                json_body={"grant_type": "refresh_token", "refresh_token": old},
            )

    again = api.request(
        "POST",
        "/api/v1/auth/refresh",
        json_body={"grant_type": "refresh_token", "refresh_token": old},
    )
    assert again.status == 401 and error_code(again.body) == "unauthorized"
    items = [from_item(i) for i in _scan(get_settings().auth_table)]
    families = [i for i in items if str(i["pk"]).startswith("FAMILY#")]
    tokens = [i for i in items if str(i["pk"]).startswith("REFRESH#")]
    assert len(families) == 1 and families[0]["revoked"] is True
    assert len(tokens) == 2 and {t["family_id"] for t in tokens} == {families[0]["family_id"]}
    fresh = api.request("POST", "/api/v1/auth/token", json_body=credentials(client))
    assert fresh.status == 200


def test_a_crash_during_key_rotation_is_finished_by_secrets_managers_retry() -> None:
    """createSecret stores the new key as AWSPENDING; a crash before finishSecret leaves the
    current keys in use. Secrets Manager retries the rotation with the same token: the steps
    are idempotent, so it ends with the new key current and the old one still verifying."""
    import boto3

    from common.auth.keys import parse_key_document, rotate_key_document
    from local_api.gateway import load_handler
    from local_api.template import ROOT

    secrets = boto3.client("secretsmanager")
    initial = rotate_key_document(None, keep_for=__import__("datetime").timedelta(hours=2))
    arn = secrets.create_secret(Name="keys", SecretString=json.dumps(initial))["ARN"]
    handler = load_handler(ROOT / "functions/rotate_signing_keys", "app.lambda_handler")
    context = LambdaContext(function_name="RotateSigningKeysFunction")

    def step(name: str) -> None:
        handler({"Step": name, "SecretId": arn, "ClientRequestToken": "t" * 32}, context)

    def current() -> dict[str, Any]:
        value = secrets.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")
        return dict(json.loads(value["SecretString"]))

    step("createSecret")  # ... and the instance dies
    assert current() == initial
    pending = secrets.get_secret_value(SecretId=arn, VersionStage="AWSPENDING")["SecretString"]

    for name in ("createSecret", "setSecret", "testSecret", "finishSecret"):  # the retry
        step(name)

    rotated = current()
    assert json.dumps(rotated) == pending or rotated == json.loads(pending)  # not made twice
    assert [k["kid"] for k in rotated["keys"]][1] == initial["keys"][0]["kid"]
    assert parse_key_document(rotated).active.kid == rotated["keys"][0]["kid"]
