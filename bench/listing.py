"""Listing cost at catalog scale (api.md#listing): the DynamoDB work of every query shape of the
cost contract, at 1,000 and at 100,000 products in one tenant, side by side in one run.

A DynamoDB Local (in memory) gets the tables of template.yaml. One tenant is loaded with
1,000 products, written as exactly the items a product write puts (storage/products/repository.py:
product, listing entries, SKU claims, search postings; counters once at the end) with
BatchWriteItem from a few threads; every query shape runs through the local gateway (the real
authorizer and handler); then the tenant grows to 100,000 and the shapes run again.

For each shape it prints the DynamoDB items read (ScannedCount of Queries, items returned by
BatchGetItem and GetItem) with the ratio of the 100k figure to the 1k one, the calls made, the
read capacity consumed, and the handler's p50/p95 latency. The contract is on what a request
costs, its read capacity, and on its round trips: at 100k at most 1.2 times each at 1k. Items
read are shown, not checked: a walk reads up to a page of index keys from each of its ranges
(index_walk.FIRST_ROUND_KEYS), which a small catalog may not fill, so their ratio can exceed
1.2 while staying under that fixed bound (keys are small: a Query of a page of them costs
its minimum read unit).

    make bench-listing   # = python -m bench.listing [--sizes 1000 100000] [--repeat 15], ~25 min

Exits 1 when a contract shape's read capacity or calls at 100k are above --max-ratio times
those at 1k.
"""

import argparse
import random
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import boto3
from botocore.config import Config

from bench.support import bench_admin, local_stack, percentile

TENANT = "bench-tenant"
WORDS = "oak pine linen wool cotton lamp chair table shirt scarf mug bowl".split()


@dataclass
class Usage:
    """DynamoDB work of one request, from the client's own events."""

    calls: int = 0
    items: int = 0
    capacity: float = 0.0
    # Calls come from several threads: the rate-limit count's, and a listing's key ranges,
    # read at once (common/storage/at_once.py).
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def record(self, operation: str, parsed: dict[str, Any]) -> None:
        items = 0
        if operation == "Query":
            items = int(parsed.get("ScannedCount", 0))
        elif operation == "BatchGetItem":
            items = sum(len(found) for found in parsed.get("Responses", {}).values())
        elif operation == "GetItem":
            items = 1 if "Item" in parsed else 0
        consumed = parsed.get("ConsumedCapacity")
        entries = consumed if isinstance(consumed, list) else [consumed] if consumed else []
        with self.lock:
            self.calls += 1
            self.items += items
            self.capacity += sum(float(entry.get("CapacityUnits", 0)) for entry in entries)


@dataclass
class Shape:
    name: str
    query: Callable[["Catalog"], dict[str, str]]
    contract: bool = True
    seller: bool = False


@dataclass
class Catalog:
    """What the loader wrote, for choosing query values that exist."""

    categories: list[str] = field(default_factory=list)
    products: int = 0
    sample_ids: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)


def _sorted(sort: str, **filters: str) -> Callable[[Catalog], dict[str, str]]:
    return lambda catalog: {**filters, "sort": sort}


def _category(position: int, **filters: str) -> Callable[[Catalog], dict[str, str]]:
    return lambda catalog: {"category_id": catalog.categories[position], **filters}


def _created_range(catalog: Catalog) -> dict[str, str]:
    return {"created_from": catalog.created[10], "created_to": catalog.created[60]}


SORTS = ("created_at", "updated_at", "price", "name")
SHAPES = [
    *(Shape(f"all, sort={s}", _sorted(s)) for s in SORTS),
    Shape("customer-bound client, newest first", lambda c: {}, seller=True),
    *(Shape(f"category, sort={s}", _category(1, sort=s)) for s in SORTS),
    *(Shape(f"status=active, sort={s}", _sorted(s, status="active")) for s in SORTS),
    Shape("category + status", _category(5, status="active")),
    Shape("price range, sort=price", _sorted("price", price_min="100", price_max="200")),
    Shape("created range, sort=created_at", _created_range),
    Shape("low_stock=20", lambda c: {"low_stock": "20"}),
    Shape("sku", lambda c: {"sku": "BENCH-17,BENCH-500"}),
    Shape("product_ids (20)", lambda c: {"product_ids": ",".join(c.sample_ids[:20])}),
    Shape("search: rare word + common word", lambda c: {"search": "oak limited"}),
    Shape("search: prefix of a rare word", lambda c: {"search": "limi"}),
    Shape("other filter: tags (budget)", lambda c: {"tags": "rare-tag"}, contract=False),
    Shape("other filter: country (budget)", _sorted("price", country_code="DE"), contract=False),
    Shape("page=5 without cursor", lambda c: {"page": "5"}, contract=False),
]


def product_body(index: int, categories: list[str], rng: random.Random) -> dict[str, Any]:
    words = rng.sample(WORDS, 3)
    if index < 10:  # "limited" is in 10 products whatever the catalog size
        words.append("limited")
    return {
        "customer_id": f"cust-{index % 20}",
        "name": " ".join(words).title(),
        "price": Decimal(rng.randint(100, 99_999)) / 100,
        "category_id": categories[index % len(categories)] if index % 2 else None,
        "status": "draft" if index % 10 == 0 else "active",
        "sku": f"BENCH-{index}",
        "tags": ["rare-tag"] if index == 3 else ["bench"],
        "location": {"country_code": "DE" if index % 50 == 0 else "US"},
        "inventory": rng.randint(0, 500),
    }


def load(start: int, stop: int, catalog: Catalog, threads: int = 4) -> float:
    """Writes products [start, stop) as their items, in BatchWriteItem calls of 25."""
    from common.products.inputs import ProductInput
    from common.products.service import build_product
    from common.settings import get_settings
    from common.storage.dynamodb import dynamodb_client
    from common.storage.products import repository

    admin = bench_admin(TENANT)
    rng = random.Random(start)
    began = time.perf_counter()
    puts: list[dict[str, Any]] = []
    products = []
    for index in range(start, stop):
        product = build_product(
            admin, ProductInput.model_validate(product_body(index, catalog.categories, rng))
        )
        products.append(product)
        for op in repository.write_ops(None, product):
            puts.append({"PutRequest": {"Item": op.request["Put"]["Item"]}})
        if len(catalog.sample_ids) < 100 and index % 7 == 0:
            catalog.sample_ids.append(product.id)
        if len(catalog.created) < 100:
            catalog.created.append(product.created_at)
    table = get_settings().products_table

    # Bulk writes get a patient client of their own: DynamoDB Local pauses now and then.
    loader = boto3.client(
        "dynamodb",
        config=Config(retries={"mode": "standard", "max_attempts": 10}, read_timeout=120),
    )

    def write(chunk: list[Any]) -> None:
        pending: Any = {table: chunk}
        while pending:
            response = loader.batch_write_item(RequestItems=pending)
            pending = response.get("UnprocessedItems") or {}

    chunks = [puts[i : i + 25] for i in range(0, len(puts), 25)]
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(write, chunks))
    # The counters, as the products' transactions would have moved them.
    for op in repository.counter_ops([(None, p) for p in products]):
        dynamodb_client().update_item(
            **{k: v for k, v in op.request["Update"].items() if k != "ConditionExpression"}
        )
    catalog.products = stop
    return time.perf_counter() - began


def measure(
    gateway: Any, token: str, seller: str, catalog: Catalog, repeat: int
) -> dict[str, tuple[Usage, list[float]]]:
    from common.storage.dynamodb import dynamodb_client

    client = dynamodb_client()
    usage = Usage()

    def count(model: Any, parsed: dict[str, Any], **kwargs: Any) -> None:
        usage.record(model.name, parsed)

    def total_capacity(params: dict[str, Any], **kwargs: Any) -> None:
        params["ReturnConsumedCapacity"] = "TOTAL"

    client.meta.events.register("after-call.dynamodb", count)
    client.meta.events.register("provide-client-params.dynamodb", total_capacity)
    function = gateway.functions["ListProductsFunction"]
    timings: list[float] = []
    original = function.invoke

    def timed(event: dict[str, Any]) -> Any:
        began = time.perf_counter()
        try:
            return original(event)
        finally:
            timings.append((time.perf_counter() - began) * 1000)

    function.invoke = timed
    results = {}
    try:
        for shape in SHAPES:
            path = f"/api/v1/products?{urlencode({**shape.query(catalog), 'limit': '20'})}"
            headers = [("Authorization", f"Bearer {seller if shape.seller else token}")]
            timings.clear()
            for run in range(repeat + 1):
                usage.calls = usage.items = 0
                usage.capacity = 0.0
                response = gateway.handle("GET", path, headers, b"")
                assert response.status == 200, (shape.name, response.body[:300])
                if run == 0:
                    first = Usage(usage.calls, usage.items, usage.capacity)
            results[shape.name] = (first, timings[1:])
    finally:
        function.invoke = original
        client.meta.events.unregister("after-call.dynamodb", count)
        client.meta.events.unregister("provide-client-params.dynamodb", total_capacity)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1_000, 100_000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--max-ratio", type=float, default=1.2)
    args = parser.parse_args()

    with local_stack() as (_, gateway):
        from common.auth import service as auth_service
        from common.categories import service as categories
        from common.categories.models import CategoryInput

        admin = bench_admin(TENANT)
        catalog = Catalog(
            categories=[
                categories.create_category(admin, CategoryInput(name=f"Category {i}")).id
                for i in range(10)
            ]
        )

        def token_for(**kwargs: Any) -> str:
            # A limit the bench cannot reach: a 429 would end the run, not measure it.
            client = auth_service.create_client(tenant_id=TENANT, rate_limit=1_000_000, **kwargs)
            grant = auth_service.grant_client_credentials(
                client["client_id"], client["client_secret"]
            )
            return grant.access_token

        admin_token, seller_token = token_for(scopes=["admin"]), token_for(customer_id="cust-3")
        small, large = args.sizes
        print(f"loading {small:,} products ...", flush=True)
        seconds = load(0, small, catalog)
        print(f"  {seconds:.0f} s")
        before = measure(gateway, admin_token, seller_token, catalog, args.repeat)
        print(f"loading {large - small:,} more products ...", flush=True)
        seconds = load(small, large, catalog)
        print(f"  {seconds:.0f} s")
        after = measure(gateway, admin_token, seller_token, catalog, args.repeat)

    return report(before, after, small, large, args.max_ratio)


def report(
    before: dict[str, tuple[Usage, list[float]]],
    after: dict[str, tuple[Usage, list[float]]],
    small: int,
    large: int,
    max_ratio: float,
) -> int:
    latency = f"p50 / p95 ms at {large:,}"
    header = (
        f"{'query shape (limit=20)':40} {'items read':>15} {'ratio':>6} {'calls':>9} "
        f"{'RCU':>13} {latency:>26}"
    )
    print(f"\n{small:,} -> {large:,} products in one tenant\n{header}\n{'-' * len(header)}")
    failed = []
    for shape in SHAPES:
        (u1, _), (u2, t2) = before[shape.name], after[shape.name]
        ratio = u2.items / u1.items if u1.items else float("inf")
        grew = u2.capacity > max_ratio * u1.capacity or u2.calls > max_ratio * u1.calls
        mark = "" if shape.contract else "  (budget)"
        if shape.contract and grew:
            failed.append(shape.name)
            mark = "  OVER"
        print(
            f"{shape.name:40} {u1.items:>6} -> {u2.items:<6} {ratio:>6.2f} "
            f"{u1.calls:>3} -> {u2.calls:<3} {u1.capacity:>5.1f} -> {u2.capacity:<5.1f} "
            f"{percentile(t2, 0.5):>12.1f} / {percentile(t2, 0.95):<6.1f}{mark}"
        )
    grown = ", ".join(failed) or "none"
    print(f"\ncontract shapes whose RCU or calls grew over {max_ratio}x: {grown}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
