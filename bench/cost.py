"""Cost per request (docs/performance.md#cost-per-request): the DynamoDB capacity each kind of
request consumes, and what a million of them cost on demand.

DynamoDB Local in memory gets the tables of template.yaml; the local gateway runs the real
handlers in this process. Every DynamoDB call the handlers make goes through the shared client,
to which this bench (only) adds `ReturnConsumedCapacity: INDEXES`, and it sums the read and
write units each request consumed, per table and index. A request's Lambda cost is its measured
handler time (the median of the run, rounded up to the 1 ms Lambda bills) at its function's
MemorySize; API Gateway's is per request; DynamoDB's per unit (on-demand: one write request
unit per WCU, one read request unit per RCU). The rate-limit count every bearer request makes
is a row of its own, and is in each row's units too.

    make bench-cost
    PYTHONPATH=layers/common:. .venv/bin/python -m bench.cost [--requests 20]

Prices: us-east-1, on demand, arm64 (USD): PRICES below, with the page they come from.
"""

import argparse
import contextlib
import io
import json
import math
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bench.capacity_model import WriteModel
from bench.support import create_item, described_product, local_stack
from common.storage.products.index import STOCK_INDEX_LEVEL

TENANT = "bench-cost"
# USD, us-east-1 (aws.amazon.com/{lambda,api-gateway,dynamodb}/pricing, 2026-12).
PRICES = {
    "lambda_gb_second": 0.0000133334,  # arm64
    "lambda_request": 0.20 / 1e6,
    "api_request": 3.50 / 1e6,  # REST API, first 333 million a month
    "write_unit": 0.625 / 1e6,  # on-demand write request unit
    "read_unit": 0.125 / 1e6,  # on-demand read request unit
}
# The calls that report consumed capacity: write units, or read units.
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
READS = {"GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"}


@dataclass
class Kind:
    name: str
    function: str
    method: str
    path: str
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    bearer: bool = True
    # At most this many requests (the token grant allows 20 a minute per client).
    most: int | None = None
    reads: list[float] = field(default_factory=list)
    writes: list[float] = field(default_factory=list)
    millis: list[float] = field(default_factory=list)
    by_index: Counter[str] = field(default_factory=Counter)
    # By DynamoDB's billing rules (bench/capacity_model.py): per request, and where they go.
    modelled: list[float] = field(default_factory=list)
    modelled_by_index: Counter[str] = field(default_factory=Counter)


class CapacityMeter:
    """The shared DynamoDB client, asking each call for its consumed capacity; and, for
    writes, pricing the items written by DynamoDB's billing rules (bench/capacity_model.py)."""

    def __init__(self, tables: dict[str, dict[str, Any]]) -> None:
        from common.storage.dynamodb import dynamodb_client

        self.client = dynamodb_client()
        self.original = self.client._make_api_call  # type: ignore[attr-defined]
        self.models = {name: WriteModel(definition) for name, definition in tables.items()}
        self.reset()

        def metered(operation: str, params: dict[str, Any]) -> Any:
            if operation in WRITES | READS:
                params = {**params, "ReturnConsumedCapacity": "INDEXES"}
            written = self._written(operation, params) if operation in WRITES else []
            before = [self._read(table, key) for table, key, _ in written]
            response = self.original(operation, params)
            for (table, key, transactional), old in zip(written, before, strict=True):
                new = self._read(table, key)
                for part, units in self._model(table).units(old, new, transactional).items():
                    self.modelled[f"{self._logical(table)}/{part}"] += units
            consumed = response.get("ConsumedCapacity", [])
            for entry in consumed if isinstance(consumed, list) else [consumed]:
                self._add(entry, operation in WRITES)
            return response

        self.client._make_api_call = metered  # type: ignore[attr-defined]

    def _logical(self, table: str) -> str:
        return next(name for name in self.models if table.endswith(name))

    def _model(self, table: str) -> WriteModel:
        return self.models[self._logical(table)]

    def _written(self, operation: str, params: dict[str, Any]) -> list[tuple[str, Any, bool]]:
        """(table, key, in a transaction) of every item the write call names."""
        if operation == "TransactWriteItems":
            found = []
            for entry in params["TransactItems"]:
                ((_, action),) = entry.items()
                table = action["TableName"]
                key = action.get("Key") or self._model(table).key_of(action["Item"])
                found.append((table, key, True))
            return found
        if operation == "BatchWriteItem":
            found = []
            for table, requests in params["RequestItems"].items():
                for request in requests:
                    if "DeleteRequest" in request:
                        key = request["DeleteRequest"]["Key"]
                    else:
                        key = self._model(table).key_of(request["PutRequest"]["Item"])
                    found.append((table, key, False))
            return found
        table = params["TableName"]
        key = params.get("Key") or self._model(table).key_of(params["Item"])
        return [(table, key, False)]

    def _read(self, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
        began = time.perf_counter()  # the meter's own reads are not the request's time
        found = self.original("GetItem", {"TableName": table, "Key": key, "ConsistentRead": True})
        self.own_seconds += time.perf_counter() - began
        item: dict[str, Any] | None = found.get("Item")
        return item

    def _add(self, entry: dict[str, Any], write: bool) -> None:
        # A transaction's condition checks are write units too (they are in its total).
        if write:
            self.writes += entry.get("CapacityUnits", 0.0)
        else:
            self.reads += entry.get("CapacityUnits", 0.0)
        table = entry.get("TableName", "?").split("-")[-1]
        parts = {"table": entry.get("Table", {})}
        for kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
            parts.update(entry.get(kind, {}))
        for name, units in parts.items():
            total = units.get("CapacityUnits", 0.0)
            if total:
                self.units[f"{table}/{name}"] += total

    def reset(self) -> None:
        self.reads = self.writes = 0.0
        self.units: Counter[str] = Counter()
        self.modelled: Counter[str] = Counter()
        self.own_seconds = 0.0

    def close(self) -> None:
        self.client._make_api_call = self.original  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Catalog:
    """The products the kinds read and change (ids), made by _catalog()."""

    category: str
    product: str  # the Lamp-sized "Oak table", a customer's product (cust-1)
    tenant_wide: str  # the same without a customer: listed in the tenant's scope only
    described: str  # a described_product() (bench/support.py)
    variant: str  # its first variant, the one the stock operation reserves
    low: str  # a customer's product at the stock index's level: in that index (low_stock)
    # A customer with products in WIDE_CATEGORIES categories: what its counters cost to write
    # and to read must not grow with them (flat in the catalog's size).
    wide_category: str


WIDE_CUSTOMER = "cust-wide"
WIDE_CATEGORIES = 200


def kinds(catalog: Catalog, client: dict[str, str]) -> list[Kind]:
    product, category = catalog.product, catalog.category
    products, item = "/api/v1/products", f"/api/v1/products/{product}"
    described_item = f"/api/v1/products/{catalog.described}"
    lamp = {"name": "Lamp", "price": 19.99, "customer_id": "cust-1", "category_id": category}
    grant = {
        "grant_type": "client_credentials",
        "client_id": client["client_id"],
        "client_secret": client["client_secret"],
    }
    return [
        Kind("GET product", "GetProductFunction", "GET", item),
        Kind("GET products (limit=20)", "ListProductsFunction", "GET", f"{products}?limit=20"),
        Kind(
            "GET products (active, limit=20)",
            "ListProductsFunction",
            "GET",
            f"{products}?status=active&limit=20",
        ),
        Kind("GET products (search)", "ListProductsFunction", "GET", f"{products}?search=oak"),
        Kind("POST product", "CreateProductFunction", "POST", products, lamp),
        Kind(
            "POST product (Idempotency-Key)",
            "CreateProductFunction",
            "POST",
            products,
            lamp,
            headers={"Idempotency-Key": "{unique}"},
        ),
        Kind(
            "POST product (no customer)",
            "CreateProductFunction",
            "POST",
            products,
            {key: value for key, value in lamp.items() if key != "customer_id"},
        ),
        Kind(
            "POST product (3 variants)",
            "CreateProductFunction",
            "POST",
            products,
            {
                **lamp,
                "variants": [
                    {"name": size, "sku": None, "price": 19.99, "inventory": 5}
                    for size in ("S", "M", "L")
                ],
            },
        ),
        Kind(
            "POST product (described, no variants)",
            "CreateProductFunction",
            "POST",
            products,
            {**described_product(category), "sku": None, "variants": []},
        ),
        Kind(
            f"POST product (customer in {WIDE_CATEGORIES} categ.)",
            "CreateProductFunction",
            "POST",
            products,
            {**lamp, "customer_id": WIDE_CUSTOMER, "category_id": catalog.wide_category},
        ),
        Kind(
            f"GET products (customer in {WIDE_CATEGORIES} c., 1 c.)",
            "ListProductsFunction",
            "GET",
            f"{products}?customer_id={WIDE_CUSTOMER}&category_id={catalog.wide_category}",
        ),
        Kind("PUT product", "ReplaceProductFunction", "PUT", item, {"name": "{unique}"}),
        Kind("PATCH product (name)", "PatchProductFunction", "PATCH", item, {"name": "{unique}"}),
        Kind(
            "POST inventory (reserve)",
            "ProductInventoryFunction",
            "POST",
            f"{item}/inventory",
            {"operation": "reserve", "quantity": 1},
        ),
        Kind(
            "POST inventory (reserve, Idempotency-Key)",
            "ProductInventoryFunction",
            "POST",
            f"{item}/inventory",
            {"operation": "reserve", "quantity": 1},
            headers={"Idempotency-Key": "{unique}"},
        ),
        Kind(
            "POST inventory (reserve, no customer)",
            "ProductInventoryFunction",
            "POST",
            f"/api/v1/products/{catalog.tenant_wide}/inventory",
            {"operation": "reserve", "quantity": 1},
        ),
        Kind(
            "POST inventory (reserve, ≤ 100 left)",
            "ProductInventoryFunction",
            "POST",
            f"/api/v1/products/{catalog.low}/inventory",
            {"operation": "reserve", "quantity": 1},
        ),
        Kind(
            "POST inventory (reserve, described)",
            "ProductInventoryFunction",
            "POST",
            f"{described_item}/inventory",
            {"operation": "reserve", "quantity": 1, "variant_id": catalog.variant},
        ),
        Kind(
            "PATCH product (described, name)",
            "PatchProductFunction",
            "PATCH",
            described_item,
            {"name": "{unique}"},
        ),
        Kind(
            "POST inventory (adjust)",
            "ProductInventoryFunction",
            "POST",
            f"{item}/inventory",
            {"operation": "adjust", "quantity": 1},
        ),
        Kind(
            "POST products/batch (100)",
            "BatchCreateProductsFunction",
            "POST",
            f"{products}/batch",
            [lamp] * 100,
        ),
        Kind("DELETE product", "DeleteProductFunction", "DELETE", "{new_product}"),
        Kind(
            "POST category",
            "CreateCategoryFunction",
            "POST",
            "/api/v1/categories",
            {"name": "{unique}"},
        ),
        Kind(
            "POST auth/token",
            "AuthTokenFunction",
            "POST",
            "/api/v1/auth/token",
            grant,
            bearer=False,
            most=15,
        ),
        # A public route: no authorizer, no rate-limit count. A bearer request's count is the
        # RateLimitTable's units in its row.
        Kind("GET health (public)", "HealthFunction", "GET", "/api/v1/health", bearer=False),
    ]


def _send(gateway: Any, kind: Kind, token: str, n: int, create: Any) -> tuple[int, bytes]:
    path, body, unique = kind.path, kind.body, f"{n}-{time.monotonic_ns()}"
    if path == "{new_product}":
        path = f"/api/v1/products/{create()}"
    if isinstance(body, dict) and body.get("name") == "{unique}":
        body = {"name": f"Name {unique}"}
    headers = [
        ("Content-Type", "application/json"),
        *((name, unique if value == "{unique}" else value) for name, value in kind.headers.items()),
    ]
    if kind.bearer:
        headers.append(("Authorization", f"Bearer {token}"))
    payload = b"" if body is None else json.dumps(body).encode()
    with contextlib.redirect_stdout(io.StringIO()):
        response = gateway.handle(kind.method, path, headers, payload)
    return response.status, response.body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    if args.requests + 2 > STOCK_INDEX_LEVEL:  # the low product's reserves must not run out
        parser.error(f"--requests: at most {STOCK_INDEX_LEVEL - 2}")
    with local_stack() as (template, gateway):
        from common.auth import service as auth_service

        client = auth_service.create_client(TENANT, scopes=["admin"], rate_limit=1_000_000)
        token = auth_service.grant_client_credentials(
            client["client_id"], client["client_secret"]
        ).access_token
        measured = kinds(_catalog(gateway, token), client)

        def create() -> str:
            made = Kind("", "", "POST", "/api/v1/products", {"name": "Gone", "price": 1})
            status, body = _send(gateway, made, token, 0, create)
            assert status == 201, body[:300]
            return str(json.loads(body)["data"]["item"]["id"])

        meter = CapacityMeter(template.table_definitions())
        try:
            for kind in measured:
                _measure(gateway, kind, token, args.requests, meter, create)
        finally:
            meter.close()
        memory = {name: template.memory_size(name) for name in {k.function for k in measured}}
    _report(measured, memory, args.requests)
    return 0


def _measure(gateway: Any, kind: Kind, token: str, requests: int, meter: Any, create: Any) -> None:
    requests = min(requests, kind.most or requests)
    for n in range(requests + 2):  # two warm-ups: the first is the cold start
        if kind.path == "{new_product}":
            created = create()
            path_kind = Kind(kind.name, kind.function, kind.method, f"/api/v1/products/{created}")
        else:
            path_kind = kind
        meter.reset()
        began = time.perf_counter()
        status, body = _send(gateway, path_kind, token, n, create)
        elapsed = (time.perf_counter() - began - meter.own_seconds) * 1000
        assert status in (200, 201), (kind.name, status, body[:300])
        if n >= 2:
            kind.reads.append(meter.reads)
            kind.writes.append(meter.writes)
            kind.millis.append(elapsed)
            kind.by_index.update({k: v / requests for k, v in meter.units.items()})
            kind.modelled.append(sum(meter.modelled.values()))
            kind.modelled_by_index.update({k: v / requests for k, v in meter.modelled.items()})


def _catalog(gateway: Any, token: str) -> Catalog:
    def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
        return create_item(gateway, token, path, body)

    category = post("/api/v1/categories", {"name": "Furniture"})["id"]
    table = {"name": "Oak table", "price": 100, "customer_id": "cust-1",
             "category_id": category, "inventory": 1_000_000}  # fmt: skip
    described = post("/api/v1/products", described_product(category))
    wide = [post("/api/v1/categories", {"name": f"Wide {n}"})["id"] for n in range(WIDE_CATEGORIES)]
    for each in wide:
        post("/api/v1/products", {"name": "Peg", "price": 1, "customer_id": WIDE_CUSTOMER,
                                  "category_id": each})  # fmt: skip
    return Catalog(
        category=category,
        product=post("/api/v1/products", table)["id"],
        tenant_wide=post("/api/v1/products", {**table, "customer_id": None})["id"],
        described=described["id"],
        variant=described["variants"][0]["id"],
        # Reserves take it down one unit a request, every one a move in the stock index.
        low=post("/api/v1/products", {**table, "inventory": STOCK_INDEX_LEVEL})["id"],
        wide_category=wide[0],
    )


def _report(measured: list[Kind], memory: dict[str, int], requests: int) -> None:
    print(f"{requests} requests per kind; units are the mean per request, cost per million")
    print("WCU: by DynamoDB's billing rules (priced); Local: what DynamoDB Local reported")
    header = f"{'request':36} {'RCU':>6} {'WCU':>6} {'Local':>6} {'ms p50':>7} {'MB':>5}"
    print(f"{header} {'Lambda $':>9} {'APIGW $':>8} {'DDB $':>8} {'total $':>8}")
    for kind in measured:
        reads, writes = statistics.mean(kind.reads), statistics.mean(kind.modelled)
        local = statistics.mean(kind.writes)
        billed_ms = math.ceil(statistics.median(kind.millis))
        megabytes = memory[kind.function]
        gb_seconds = megabytes / 1024 * billed_ms / 1000
        lam = (gb_seconds * PRICES["lambda_gb_second"] + PRICES["lambda_request"]) * 1e6
        api = PRICES["api_request"] * 1e6
        ddb = (reads * PRICES["read_unit"] + writes * PRICES["write_unit"]) * 1e6
        print(
            f"{kind.name:36} {reads:6.1f} {writes:6.1f} {local:6.1f} {billed_ms:7d} {megabytes:5d} "
            f"{lam:9.2f} {api:8.2f} {ddb:8.2f} {lam + api + ddb:8.2f}"
        )
    print("\nWrite units per request by table / index, by the billing rules (and Local's):")
    for kind in measured:
        if statistics.mean(kind.modelled) >= 1:
            top = kind.modelled_by_index.most_common()
            print(f"  {kind.name}: " + ", ".join(f"{name} {units:.1f}" for name, units in top))
            reported = kind.by_index.most_common(8)
            print("    Local: " + ", ".join(f"{name} {units:.1f}" for name, units in reported))


if __name__ == "__main__":
    raise SystemExit(main())
