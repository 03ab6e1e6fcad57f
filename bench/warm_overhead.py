"""Warm overhead (docs/api.md): what the project's own code adds to a warm request on top of its
DynamoDB calls; the targets are under 1 ms at the median for single reads and stock
operations (SINGLE_MS), under 2 ms for every other kind (OTHER_MS).

A DynamoDB Local (in memory) gets the tables of template.yaml; the local gateway runs the real
authorizer and handlers in this process, with powertools' Logger and Metrics on (their output
goes to a null stream, as Lambda hands stdout to CloudWatch). For each request kind, after a few
warm-up requests (the first is the instance's cold start), every request's handler invocation
is timed, and so is every DynamoDB call it makes: the boto3 call as a whole (serializing,
sending, parsing), timed around the shared client's `_make_api_call`. A request's overhead is
its invocation time minus its DynamoDB time (the time at least one call was in flight: the
rate-limit count runs beside the route's calls): routing, validation, models, auth context, rate
limit headers, the envelope, logging and metrics. The authorizer is a Lambda of its own and
API Gateway caches its answers, so it is not part of a request's handler time.

    make bench-warm
    PYTHONPATH=layers/common:. .venv/bin/python -m bench.warm_overhead [--requests 200]
        [--only "GET products"] [--profile] [--waits] [--latency MS] [--calls]

`--only` measures the kinds whose name starts with it (and, for a seed door, the canonical
request it is compared with); `--profile` prints where each measured kind's replayed time goes
(cProfile, top functions by own time), to find what to cut next (the replayed column is then
left empty: profiled times are not own code's); `--waits` adds a column: replayed, with each
DynamoDB call's time slept (see measure_replayed); `--latency MS` adds another: the handler's
whole time, replayed with every DynamoDB call answered after MS ms, as a remote DynamoDB does
(this machine's DynamoDB Local shares its 2 cores with the handler, so calls in flight at once
slow each other down here; on DynamoDB they do not); `--calls` adds one more: the Python
function calls a replayed request makes (cProfile's count), the same in every run however
busy the machine, to compare code with when the times are too noisy to.

Prints, per request kind, the p50 and p90 of the invocation, of its DynamoDB time and of the
overhead, the DynamoDB calls per request, the replayed p50 and, for the kinds that list
products, the replayed p50 with nothing kept (`anew`: each request parses and shows its
products, as for products a warm instance has not listed yet); exits 1 when a p50 overhead
exceeds its kind's target.
"""

import argparse
import contextlib
import copy
import cProfile
import io
import itertools
import json
import pstats
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from bench.support import create_item, described_product, local_stack, percentile

TENANT = "bench-warm"
SINGLE_MS, OTHER_MS = 1.0, 2.0  # the targets (docs/api.md#performance-targets)
BATCH_SIZE = 100  # the most a batch create takes


@dataclass
class Sample:
    total_ms: float
    dynamodb_ms: float
    calls: int

    @property
    def overhead_ms(self) -> float:
        return self.total_ms - self.dynamodb_ms


@dataclass
class RequestKind:
    """One kind of request: `request(n)` gives the n-th request's method, path, body, headers."""

    name: str
    function: str
    request: Callable[[int], tuple[str, str, Any, dict[str, str]]]
    # A seed door's request names the canonical request it translates to: the door must add
    # no DynamoDB call to it (but `extra_calls` documented ones), and its own code is shown as
    # the difference.
    canonical: str | None = None
    extra_calls: int = 0
    # SINGLE_MS for single reads and stock operations; a door has its canonical request's.
    target_ms: float = OTHER_MS
    token: str | None = None  # another tenant's (the described catalog's); else the bench's
    # A batch's target is per product: its own code is divided by the products it creates.
    products: int = 1
    requests: int | None = None  # at most this many (a batch of 100 takes a second here)
    samples: list[Sample] = field(default_factory=list)
    # Own code with DynamoDB answered from memory (see measure_replayed); empty when the
    # kind's calls did not repeat as recorded.
    replayed_ms: list[float] = field(default_factory=list)
    waited_ms: list[float] = field(default_factory=list)  # replayed with its waits (--waits)
    remote_ms: list[float] = field(default_factory=list)  # the handler, at --latency per call
    # Replayed with nothing kept: each request parses and shows its products anew, as a warm
    # instance does for products it has not listed yet (storage/products/parsed.py). Only for
    # kinds that list products (`lists`).
    anew_ms: list[float] = field(default_factory=list)
    lists: bool = False
    python_calls: float | None = None  # per replayed request (--calls)


def covered(spans: list[tuple[float, float]]) -> float:
    """How long at least one of `spans` (start, end) was under way: the rate-limit count runs
    beside the route's reads (common/http/admission.py), and time waited for two calls at
    once is waited once."""
    total, reached = 0.0, float("-inf")
    for start, end in sorted(spans):
        if end > reached:
            total += end - max(start, reached)
            reached = end
    return total


class DynamoDBTimer:
    """Times every call of the shared DynamoDB client, as a whole."""

    def __init__(self) -> None:
        from common.storage.dynamodb import dynamodb_client

        self.client = dynamodb_client()
        self.original = self.client._make_api_call  # type: ignore[attr-defined]
        self.spans: list[tuple[float, float]] = []

        def timed(operation: str, params: dict[str, Any]) -> Any:
            began = time.perf_counter()
            try:
                return self.original(operation, params)
            finally:
                self.spans.append((began, time.perf_counter()))

        self.client._make_api_call = timed  # type: ignore[attr-defined]

    @property
    def seconds(self) -> float:
        return covered(self.spans)

    @property
    def calls(self) -> int:
        return len(self.spans)

    def reset(self) -> None:
        self.spans = []


def request_kinds(setup: dict[str, Any]) -> list[RequestKind]:
    product, category = setup["product"], setup["category"]
    products = "/api/v1/products"
    item = f"{products}/{product}"
    # Each request renames the product to a name no request gave it before (its number n):
    # a rename to the name it has writes nothing, and the replayed passes, whose writes never
    # reach the table, would leave a cycle of names there on some recordings.
    return [
        RequestKind(
            "GET product",
            "GetProductFunction",
            lambda n: ("GET", item, None, {}),
            target_ms=SINGLE_MS,
        ),
        RequestKind(
            "GET products (limit=20)",
            "ListProductsFunction",
            lambda n: ("GET", f"{products}?limit=20", None, {}),
        ),
        RequestKind(
            "GET products (active, limit=20)",
            "ListProductsFunction",
            lambda n: ("GET", f"{products}?status=active&limit=20", None, {}),
        ),
        RequestKind(
            "GET products (described, limit=20)",
            "ListProductsFunction",
            lambda n: ("GET", f"{products}?limit=20", None, {}),
            token=setup["described"],
        ),
        RequestKind(
            "GET products (search)",
            "ListProductsFunction",
            lambda n: ("GET", f"{products}?search=oak&limit=20", None, {}),
        ),
        RequestKind(
            "GET products (page, total)",
            "ListProductsFunction",
            lambda n: ("GET", f"{products}?page=1&limit=20&include_total=true", None, {}),
        ),
        RequestKind(
            "GET products (US, page, total)",
            "ListProductsFunction",
            lambda n: (
                "GET",
                f"{products}?country_code=US&page=1&limit=20&include_total=true",
                None,
                {},
            ),
        ),
        RequestKind(
            "POST product",
            "CreateProductFunction",
            lambda n: (
                "POST",
                products,
                {"name": "Lamp", "price": 19.99, "sku": f"W-{n}", "customer_id": "cust-1"},
                {},
            ),
        ),
        RequestKind(
            "POST product (Idempotency-Key)",
            "CreateProductFunction",
            lambda n: (
                "POST",
                products,
                {"name": "Lamp", "price": 19.99, "sku": f"WK-{n}", "customer_id": "cust-1"},
                {"Idempotency-Key": f"warm-create-{n}"},
            ),
        ),
        RequestKind(
            "POST products/batch (1 product)",
            "BatchCreateProductsFunction",
            lambda n: (
                "POST",
                f"{products}/batch",
                [{"name": "Lamp", "price": 19.99, "customer_id": "cust-1"}],
                {},
            ),
        ),
        RequestKind(
            "PATCH product",
            "PatchProductFunction",
            lambda n: ("PATCH", item, {"name": f"Oak table {n}"}, {}),
        ),
        RequestKind(
            "POST inventory (adjust)",
            "ProductInventoryFunction",
            lambda n: ("POST", f"{item}/inventory", {"operation": "adjust", "quantity": 1}, {}),
            target_ms=SINGLE_MS,
        ),
        RequestKind(
            "POST inventory (Idempotency-Key)",
            "ProductInventoryFunction",
            lambda n: (
                "POST",
                f"{item}/inventory",
                {"operation": "adjust", "quantity": 1},
                {"Idempotency-Key": f"warm-{n}"},
            ),
            target_ms=SINGLE_MS,
        ),
        RequestKind(
            "GET category",
            "GetCategoryFunction",
            lambda n: ("GET", f"/api/v1/categories/{category}", None, {}),
            target_ms=SINGLE_MS,
        ),
        RequestKind(
            "GET categories",
            "ListCategoriesFunction",
            lambda n: ("GET", "/api/v1/categories", None, {}),
        ),
        # Last: its thousands of products are in the catalog of no kind measured after it.
        RequestKind(
            "POST products/batch (100 products)",
            "BatchCreateProductsFunction",
            lambda n: (
                "POST",
                f"{products}/batch",
                [
                    {"name": f"Lamp {n}-{i}", "price": 19.99, "customer_id": "cust-1"}
                    for i in range(BATCH_SIZE)
                ],
                {},
            ),
            products=BATCH_SIZE,
            requests=20,
        ),
        *door_kinds(setup),
    ]


def door_kinds(setup: dict[str, Any]) -> list[RequestKind]:
    """Each seed door's requests, next to the canonical request each translates to."""
    product = setup["product"]
    item = f"/api/v1/products/{product}"
    return [
        RequestKind(
            "seed 000 GET get (limit=20)",
            "Seed000GetFunction",
            lambda n: ("GET", "/api/products/get?limit=20", None, {}),
            canonical="GET products (limit=20)",
        ),
        RequestKind(
            "seed 000 GET get (product_id)",
            "Seed000GetFunction",
            lambda n: ("GET", f"/api/products/get?product_id={product}", None, {}),
            canonical="GET product",
        ),
        RequestKind(
            "seed 000 POST upload (1 product)",
            "Seed000UploadFunction",
            lambda n: (
                "POST",
                "/api/products/upload",
                [{"customer_id": "cust-1", "name": "Lamp", "price": 19.99}],
                {},
            ),
            canonical="POST products/batch (1 product)",
        ),
        RequestKind(
            "seed 001 GET products",
            "Seed001ListFunction",
            lambda n: ("GET", "/api/products?page=1&limit=20", None, {}),
            canonical="GET products (page, total)",
            extra_calls=1,  # the names of the categories shown (docs/decisions.md)
        ),
        RequestKind(
            "seed 001 GET product",
            "Seed001GetFunction",
            lambda n: ("GET", f"/api/products/{product}", None, {}),
            canonical="GET product",
            extra_calls=1,  # its category's name
        ),
        RequestKind(
            "seed 001 POST admin/products",
            "Seed001CreateFunction",
            lambda n: ("POST", "/api/admin/products", {"name": "Lamp", "price": 19.99}, {}),
            canonical="POST product",
        ),
        RequestKind(
            "seed 001 PATCH admin/products",
            "Seed001UpdateFunction",
            lambda n: ("PATCH", f"/api/admin/products/{product}", {"name": f"Oak desk {n}"}, {}),
            canonical="PATCH product",
            extra_calls=1,  # its category's name, in the answer
        ),
        RequestKind(
            "seed 002 GET products",
            "Seed002ListFunction",
            lambda n: (
                "GET",
                "/compat/002/api/v1/products?page=1&limit=20",
                None,
                {"tenantId": TENANT, "userId": "bench", "countryCode": "US"},
            ),
            canonical="GET products (US, page, total)",
        ),
        RequestKind(
            "seed 003 GET product",
            "GetProductFunction",
            lambda n: ("GET", f"/compat/003{item}", None, {}),
            canonical="GET product",
        ),
        RequestKind(
            "seed 004 GET products",
            "Seed004ListFunction",
            lambda n: ("GET", "/v1/products/?page=1&page_size=20", None, {}),
            canonical="GET products (page, total)",
        ),
        RequestKind(
            "seed 004 GET product",
            "Seed004GetFunction",
            lambda n: ("GET", f"/v1/products/{product}/", None, {}),
            canonical="GET product",
        ),
        RequestKind(
            "seed 004 POST products",
            "Seed004CreateFunction",
            lambda n: ("POST", "/v1/products/", {"name": "Lamp", "price": 19.99}, {}),
            canonical="POST product",
        ),
        RequestKind(
            "seed 004 PUT product",
            "Seed004UpdateFunction",
            lambda n: ("PUT", f"/v1/products/{product}/", {"name": f"Oak desk {n}"}, {}),
            canonical="PATCH product",
        ),
    ]


# Every request of a run has a number of its own (its SKU, its Idempotency-Key): a second
# replayed pass (--waits, --latency) must not send the keys of the first again.
_REQUEST_NUMBERS = itertools.count()


def _send(gateway: Any, token: str, kind: RequestKind, n: int) -> Any:
    method, path, body, extra = kind.request(n)
    headers = [("Authorization", f"Bearer {kind.token or token}"), *extra.items()]
    payload = b""
    if body is not None:
        headers.append(("Content-Type", "application/json"))
        payload = json.dumps(body).encode()
    with contextlib.redirect_stdout(io.StringIO()):
        response = gateway.handle(method, path, headers, payload)
    assert response.status in (200, 201), (kind.name, response.status, response.body[:300])
    return response


class _Mismatch(Exception):
    """A replayed request made other calls than the recorded one."""


class _Replayer:
    """Records one request's DynamoDB calls, then answers each later request's calls with
    copies of them. A call is matched by operation and table: the rate-limit count runs beside
    the route's calls (common/http/admission.py), so its place among them is not fixed."""

    def __init__(self, original: Callable[..., Any], waits: bool, latency_ms: float | None):
        from common.storage.write_gate import hold_writes

        self.hold_writes = hold_writes  # imported here, not in every replayed (timed) call
        self.original, self.waits, self.latency_ms = original, waits, latency_ms
        self.recorded: list[tuple[str, Any, Any, float]] = []  # operation, table, answer, s
        self.pending: list[tuple[str, Any, Any, float]] = []
        self.sleeps: list[tuple[float, float]] = []  # --waits: not own code's time
        self.lock = threading.Lock()

    def record(self, operation: str, params: dict[str, Any]) -> Any:
        began = time.perf_counter()
        answer = self.original(operation, params)
        took = time.perf_counter() - began
        self.recorded.append((operation, params.get("TableName"), copy.deepcopy(answer), took))
        return answer

    def rewind(self) -> None:
        """Fresh copies of the answers, made before the clock starts."""
        self.pending[:] = [(*call[:2], copy.deepcopy(call[2]), call[3]) for call in self.recorded]
        self.sleeps.clear()

    def replay(self, operation: str, params: dict[str, Any]) -> Any:
        self.hold_writes(model=SimpleNamespace(name=operation))  # as the client's hook does
        with self.lock:
            call = (operation, params.get("TableName"))
            found = next((n for n, e in enumerate(self.pending) if e[:2] == call), None)
            if found is None:
                raise _Mismatch(operation)
            _, _, answer, seconds = self.pending.pop(found)
        if self.latency_ms is not None:
            time.sleep(self.latency_ms / 1000)
        elif self.waits:
            began = time.perf_counter()
            time.sleep(seconds)
            self.sleeps.append((began, time.perf_counter()))
        return answer


def measure_replayed(
    gateway: Any,
    token: str,
    kind: RequestKind,
    requests: int,
    profile: bool = False,
    waits: bool = False,
    latency_ms: float | None = None,
    anew: bool = False,
    count_calls: bool = False,
) -> None:
    """Own code alone: one request's DynamoDB answers are recorded, then every further
    request of the kind gets copies of them, call by call, without botocore or a socket (its
    serializing and parsing, and the garbage they leave for our code's time, are gone). The
    copies are made before the clock starts. Far steadier than invocation minus DynamoDB time on
    a shared machine, so before/after comparisons use it.

    `waits`: each answer comes after sleeping as long as its call took when recorded, and the
    sleeps are not counted (kind.waited_ms): own code as in the measured column, minus
    botocore and DynamoDB Local. That it matches the measured column shows what the gap
    between measured and replayed is: the process idling while it waits, and code after each
    wake-up running slower (docs/performance.md, "What the measured-replayed gap is").

    `latency_ms`: each answer comes after that many ms, and the handler's whole time is kept
    (kind.remote_ms): what a request takes when DynamoDB is a remote service answering in that
    time, calls in flight at once overlapping as they do there.

    `anew`: the listed products a warm instance keeps are forgotten before each request
    (kind.anew_ms). The recording request tells whether the kind lists products (kind.lists).

    `count_calls`: the Python function calls per request, counted by cProfile
    (kind.python_calls); its times are not kept."""
    from common.storage.dynamodb import dynamodb_client
    from common.storage.products.repository import listed_product

    client = dynamodb_client()
    original = client._make_api_call  # type: ignore[attr-defined]
    calls = _Replayer(original, waits, latency_ms)
    function = gateway.functions[kind.function]
    invoke = function.invoke
    times: list[float] = []
    profiler = cProfile.Profile() if profile or count_calls else None

    def timed(event: dict[str, Any]) -> Any:
        calls.rewind()
        if anew:
            listed_product.clear()
        client._make_api_call = calls.replay  # type: ignore[attr-defined]
        began = time.perf_counter()
        try:
            return profiler.runcall(invoke, event) if profiler else invoke(event)
        finally:
            times.append((time.perf_counter() - began - covered(calls.sleeps)) * 1000)
            client._make_api_call = original  # type: ignore[attr-defined]

    try:
        client._make_api_call = calls.record  # type: ignore[attr-defined]
        listed_product.clear()
        _send(gateway, token, kind, next(_REQUEST_NUMBERS))
        kind.lists = len(listed_product) > 0
        client._make_api_call = original  # type: ignore[attr-defined]
        function.invoke = timed
        for _ in range(requests):
            _send(gateway, token, kind, next(_REQUEST_NUMBERS))
    except (_Mismatch, AssertionError):
        return  # the calls depend on more than the request's kind: no replayed figure
    finally:
        function.invoke = invoke
        client._make_api_call = original  # type: ignore[attr-defined]
    if profiler and count_calls:
        kind.python_calls = pstats.Stats(profiler).total_calls / requests  # type: ignore[attr-defined]
    elif profiler:
        _print_profile(kind, requests, profiler)
    elif latency_ms is not None:
        kind.remote_ms.extend(times)
    elif anew:
        kind.anew_ms.extend(times)
    else:
        (kind.waited_ms if waits else kind.replayed_ms).extend(times)


def _print_profile(kind: RequestKind, requests: int, profiler: cProfile.Profile) -> None:
    print(f"\n--- {kind.name}: replayed, {requests} requests (times include the profiler)")
    stats = pstats.Stats(profiler).sort_stats("tottime")
    stats.print_stats(25)
    stats.print_callers(12)


def measure(gateway: Any, token: str, kind: RequestKind, requests: int, warmup: int) -> None:
    timer = DynamoDBTimer()
    function = gateway.functions[kind.function]
    original = function.invoke
    last: list[Sample] = []

    def timed(event: dict[str, Any]) -> Any:
        timer.reset()
        began = time.perf_counter()
        try:
            return original(event)
        finally:
            total = time.perf_counter() - began
            last.append(Sample(total * 1000, timer.seconds * 1000, timer.calls))

    function.invoke = timed
    try:
        for n in range(warmup + requests):
            last.clear()
            _send(gateway, token, kind, next(_REQUEST_NUMBERS))
            if n >= warmup:
                kind.samples.extend(last)
    finally:
        function.invoke = original
        timer.client._make_api_call = timer.original  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--only", default="", help="the kinds whose name starts with this")
    parser.add_argument("--profile", action="store_true", help="cProfile the replayed requests")
    parser.add_argument(
        "--waits", action="store_true", help="also replay with each call's time slept"
    )
    parser.add_argument(
        "--latency", type=float, help="also the handler's time at this many ms per call"
    )
    parser.add_argument(
        "--calls", action="store_true", help="also the Python calls per replayed request"
    )
    args = parser.parse_args()

    with local_stack(metrics=True) as (_, gateway):
        from common.auth import service as auth_service

        def admin_token(tenant: str) -> str:
            # A limit the bench cannot reach: a 429 would end the run, not measure it.
            client = auth_service.create_client(tenant, scopes=["admin"], rate_limit=1_000_000)
            return auth_service.grant_client_credentials(
                client["client_id"], client["client_secret"]
            ).access_token

        token = admin_token(TENANT)
        setup = _seed_catalog(gateway, token, admin_token(f"{TENANT}-described"))
        kinds = _selected(request_kinds(setup), args.only)
        for kind in side_by_side(kinds):
            requests = min(args.requests, kind.requests or args.requests)
            measure(gateway, token, kind, requests, args.warmup)
            measure_replayed(gateway, token, kind, requests, args.profile)
            if kind.lists and not args.profile:
                measure_replayed(gateway, token, kind, requests, anew=True)
            if args.waits:
                measure_replayed(gateway, token, kind, requests, waits=True)
            if args.latency is not None:
                measure_replayed(gateway, token, kind, requests, latency_ms=args.latency)
            if args.calls:
                measure_replayed(gateway, token, kind, requests, count_calls=True)
    return report(kinds, args.requests)


def _selected(kinds: list[RequestKind], prefix: str) -> list[RequestKind]:
    """The kinds named from `prefix`, and the canonical kinds of the doors among them."""
    chosen = {kind.name for kind in kinds if kind.name.startswith(prefix)}
    chosen |= {str(kind.canonical) for kind in kinds if kind.name in chosen and kind.canonical}
    return [kind for kind in kinds if kind.name in chosen]


def _seed_catalog(gateway: Any, token: str, described_token: str) -> dict[str, Any]:
    """A category and 30 small products of the bench's tenant, the product the item requests
    use, and 20 products as shops describe them (texts, tags, images, three variants:
    bench/support.py) in a tenant of their own, which no other request kind sees."""

    def post(path: str, body: dict[str, Any], as_tenant: str = token) -> dict[str, Any]:
        return create_item(gateway, as_tenant, path, body)

    category = post("/api/v1/categories", {"name": "Furniture"})
    product: dict[str, Any] = {}
    for n in range(30):
        product = post(
            "/api/v1/products",
            {
                "name": f"Oak table {n}",
                "description": "Solid oak, oiled",
                "price": 100 + n,
                "sku": f"OAK-{n}",
                "customer_id": "cust-1",
                "category_id": category["id"],
                "tags": ["oak", "table"],
                "location": {"country_code": "US"},
                "inventory": 1_000_000,
                "variants": [],
            },
        )
    tees = post("/api/v1/categories", {"name": "Tees"}, described_token)
    for n in range(20):
        described = described_product(tees["id"])
        described["sku"] = f"TEE-{n}"
        for variant in described["variants"]:
            variant["sku"] = f"TEE-{n}-{variant['name']}"
        post("/api/v1/products", described, described_token)
    return {"product": product["id"], "category": category["id"], "described": described_token}


def report(kinds: list[RequestKind], requests: int) -> int:
    header = (
        f"{'request (warm)':34} {'handler p50/p90 ms':>19} {'DynamoDB p50/p90':>17} "
        f"{'calls':>5} {'own code p50/p90 ms':>20} {'replayed p50':>13} {'anew p50':>9}"
        + (f" {'+ waits p50':>12}" if any(kind.waited_ms for kind in kinds) else "")
        + (f" {'remote p50':>11}" if any(kind.remote_ms for kind in kinds) else "")
        + (f" {'py calls':>9}" if any(kind.python_calls for kind in kinds) else "")
    )
    print(f"\n{header}\n{'-' * len(header)}")
    by_name = {kind.name: kind for kind in kinds}
    failed, per_product = [], []
    for kind in kinds:
        target = by_name[kind.canonical].target_ms if kind.canonical else kind.target_ms
        totals = [s.total_ms for s in kind.samples]
        dynamo = [s.dynamodb_ms for s in kind.samples]
        own = [s.overhead_ms for s in kind.samples]
        calls = statistics.median(s.calls for s in kind.samples)
        p50 = percentile(own, 0.5)
        replayed_p50 = percentile(kind.replayed_ms, 0.5) if kind.replayed_ms else None
        replayed = "-" if replayed_p50 is None else f"{replayed_p50:.2f}"
        anew = f"{percentile(kind.anew_ms, 0.5):.2f}" if kind.anew_ms else "-"
        # The optional columns: --waits, --latency, --calls
        extra = f" {percentile(kind.waited_ms, 0.5):12.2f}" if kind.waited_ms else ""
        extra += f" {percentile(kind.remote_ms, 0.5):11.2f}" if kind.remote_ms else ""
        extra += f" {kind.python_calls:9,.0f}" if kind.python_calls else ""
        each = "" if kind.products == 1 else " per product"
        flag = f"  > {target:g} ms{each}" if p50 / kind.products > target else ""
        if kind.products > 1:
            replayed_each = "-" if replayed_p50 is None else f"{replayed_p50 / kind.products:.2f}"
            per_product.append(
                f"{kind.name}: own code {p50 / kind.products:.2f} ms{each} "
                f"(replayed {replayed_each})"
            )
        if flag:
            failed.append(kind.name)
        print(
            f"{kind.name:34} {percentile(totals, 0.5):8.2f} / {percentile(totals, 0.9):7.2f} "
            f"{percentile(dynamo, 0.5):8.2f} / {percentile(dynamo, 0.9):6.2f} {calls:5.0f} "
            f"{p50:10.2f} / {percentile(own, 0.9):7.2f} {replayed:>13} {anew:>9}{extra}{flag}"
        )
    for line in per_product:
        print(f"  {line}")
    failed += report_doors(kinds)
    print(
        f"\n{len(kinds)} request kinds, {requests} warm requests each (a batch of 100: "
        f"fewer), Python {sys.version.split()[0]}; targets: own code p50 < {SINGLE_MS:g} ms "
        f"for single reads and stock operations, < {OTHER_MS:g} ms for the rest (a batch's "
        "per product)" + (f"; over it: {', '.join(failed)}" if failed else "; all within")
    )
    return 1 if failed else 0


def side_by_side(kinds: list[RequestKind]) -> list[RequestKind]:
    """The order to measure in: each door request right after its canonical request, on the
    same catalog (the creates measured in between add products a filtered listing walks)."""
    ordered = []
    for kind in kinds:
        if kind.canonical is None:
            ordered += [kind, *(door for door in kinds if door.canonical == kind.name)]
    return ordered


def report_doors(kinds: list[RequestKind]) -> list[str]:
    """Each door request against its canonical request, measured in the same run: the
    difference of their own-code medians, and whether the door made a DynamoDB call more."""
    by_name = {kind.name: kind for kind in kinds}
    doors = [kind for kind in kinds if kind.canonical]
    if not doors:
        return []
    header = f"{'seed door (warm)':34} {'same as':34} {'own code p50 +ms':>16} {'calls':>11}"
    print(f"\n{header}\n{'-' * len(header)}")
    failed = []
    for door in doors:
        canonical = by_name[str(door.canonical)]
        extra = percentile([s.overhead_ms for s in door.samples], 0.5) - percentile(
            [s.overhead_ms for s in canonical.samples], 0.5
        )
        calls = [statistics.median(s.calls for s in k.samples) for k in (door, canonical)]
        flag = "  more calls" if calls[0] > calls[1] + door.extra_calls else ""
        if flag:
            failed.append(f"{door.name} (DynamoDB calls)")
        documented = f" (+{door.extra_calls} documented)" if door.extra_calls else ""
        print(
            f"{door.name:34} {canonical.name:34} {extra:+16.2f} "
            f"{calls[0]:5.0f} / {calls[1]:3.0f}{documented}{flag}"
        )
    return failed


if __name__ == "__main__":
    sys.exit(main())
