"""Load test (docs/performance.md#load-test): a shop's traffic mix from locust against the local
API, then invariant checks.

    make load                                   # 20 users, spawn rate 5/s, 60 s
    LOAD_USERS=10 LOAD_SECONDS=30 make load     # LOAD_SPAWN_RATE, LOAD_WARMUP, LOAD_KEEP too
    PYTHONPATH=layers/common:. .venv/bin/python -m bench.load.runner [--users 20] [--seconds 60]

It starts its own local API (python -m local_api, as `make run` does) on a free port, with
DynamoDB Local and everything else under a temporary directory (never .local), waits for
/api/v1/health, creates two clients in its DynamoDB (the shop's, bound to one customer, and a
tenant-wide admin, both with a rate limit the run cannot reach), and seeds a catalog through
the API: a category, 200 products, 3 hot products with 1,000,000 units and a scarce one with
25 (it runs out: reserves then get 400 inventory_error). Then locust
(bench/load/locustfile.py, in .venv-load) runs headless, loopback only, bounded in users and
time; then the checks, read through the API:

- stock: for each hot product, initial = available + reserved + committed units, reserved and
  available as the successful operations the users recorded make them, the version one more per
  operation, and the audit trail holding one event per successful operation (same request ids,
  counts and units), none extra;
- no lost update: each shared product PATCHed with If-Match has one version per successful
  PATCH (2..final, no version made twice), the last PATCH's mark, one audit event per PATCH;
- every product a user created is gettable and listed (the listing holds the catalog exactly);
- the stock index: `low_stock=100` lists exactly the products with at most 100 available.

Prints requests/s, p50/p99 per request kind and overall, for the whole run and after the
first LOAD_WARMUP seconds (20: the users spawning and most of the local API's cold starts),
the responses by status, and the checks; exits 1 on any 5xx, any unexpected answer (a
failure in locust's terms) or broken check. The API and DynamoDB Local are stopped whatever
happens.
"""

import argparse
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from types import FrameType
from typing import Any

import requests

from bench.support import percentile
from common.storage.products.index import STOCK_INDEX_LEVEL
from local_api import process as local_api
from local_api.template import ROOT

LOCUST = ROOT / ".venv-load" / "bin" / "locust"
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
TENANT, CUSTOMER = "load-shop", "shop-1"
UNREACHABLE_RATE_LIMIT = 10_000_000  # requests a minute
HOT_STOCK, SCARCE_STOCK, HOT_PRODUCTS, PATCH_TARGETS = 1_000_000, 25, 3, 4
ADJECTIVES = ["classic", "rustic", "modern", "vintage", "compact", "deluxe"]
MATERIALS = ["oak", "linen", "ceramic", "steel", "cotton", "walnut", "glass", "wool"]
NOUNS = ["lamp", "chair", "mug", "blanket", "table", "vase", "shelf", "bowl", "rug", "clock"]
ACTIONS = {
    "reserve": "inventory.reserved",
    "release": "inventory.released",
    "commit": "inventory.committed",
}


class Api:
    def __init__(self, url: str) -> None:
        self.url, self.session = url, requests.Session()

    def call(self, method: str, path: str, token: str | None = None, **kw: Any) -> Any:
        """The JSON body of a 2xx answer; anything else raises."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        reply = self.session.request(
            method, f"{self.url}/api/v1{path}", headers=headers, timeout=60, **kw
        )
        if not reply.ok:
            raise RuntimeError(f"{method} {path}: {reply.status_code} {reply.text[:500]}")
        return reply.json()

    def token(self, client: dict[str, Any]) -> str:
        grant = {"grant_type": "client_credentials", **credentials(client)}
        return str(self.call("POST", "/auth/token", json=grant)["data"]["access_token"])

    def pages(self, path: str, token: str, params: dict[str, str]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        cursor = None
        while True:
            body = self.call(
                "GET", path, token, params={**params, **({"cursor": cursor} if cursor else {})}
            )
            items += body["data"]["items"]
            cursor = body["data"]["pagination"]["next_cursor"]
            if not cursor:
                return items


def credentials(client: dict[str, Any]) -> dict[str, str]:
    return {"client_id": client["client_id"], "client_secret": client["client_secret"]}


def create_clients(local_dir: Path, dynamodb: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The shop's client (one customer's) and a tenant-wide admin, written to DynamoDB."""
    os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = dynamodb
    from common.auth.service import create_client
    from local_api.environment import configure_environment

    configure_environment(local_dir)  # the API's table names and key file; tables exist
    shop = create_client(
        TENANT,
        customer_id=CUSTOMER,
        scopes=["products:read", "products:write", "inventory:write"],
        rate_limit=UNREACHABLE_RATE_LIMIT,
        name="load shop",
    )
    admin = create_client(
        TENANT, scopes=["admin"], rate_limit=UNREACHABLE_RATE_LIMIT, name="load admin"
    )
    return shop, admin


def seed(api: Api, shop: str, admin: str, count: int) -> dict[str, Any]:
    """A category, `count` products; the first are hot, then one scarce, then PATCH targets."""
    rng = random.Random(7)
    category = api.call("POST", "/categories", admin, json={"name": "Home"})["data"]["item"]["id"]
    products = []
    for i in range(count):
        words = [rng.choice(ADJECTIVES), rng.choice(MATERIALS), rng.choice(NOUNS)]
        product: dict[str, Any] = {
            "name": " ".join(words).title(),
            "description": f"A {' '.join(words)} for the load test",
            "price": round(rng.uniform(5, 300), 2),
            "currency": "USD",
            "status": "draft" if rng.random() < 0.1 else "active",
            "tags": words[1:],
            "inventory": rng.randint(0, 200),
        }
        if i < HOT_PRODUCTS + 1:
            product |= {"status": "active", "name": f"Bestseller {i}", "tags": ["hot"]}
            product["inventory"] = HOT_STOCK if i < HOT_PRODUCTS else SCARCE_STOCK
        if rng.random() < 0.5:
            product["category_id"] = category
        products.append(product)
    ids: list[str] = []
    for start in range(0, count, 100):
        batch = api.call("POST", "/products/batch", shop, json=products[start : start + 100])
        ids += batch["data"]["product_ids"]
    hot = ids[: HOT_PRODUCTS + 1]
    return {
        "category_id": category,
        "hot": hot,
        "initial_stock": {pid: products[i]["inventory"] for i, pid in enumerate(hot)},
        "patch": ids[HOT_PRODUCTS + 1 : HOT_PRODUCTS + 1 + PATCH_TARGETS],
        "catalog": ids[HOT_PRODUCTS + 1 :],
        "search_words": ADJECTIVES + MATERIALS + NOUNS,
    }


def run_locust(
    config: dict[str, Any], work: Path, users: int, spawn_rate: float, seconds: int
) -> tuple[int, str]:
    (work / "config.json").write_text(json.dumps(config))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["LOAD_CONFIG"] = str(work / "config.json")
    command = [
        str(LOCUST), "-f", str(LOCUSTFILE), "--headless", "--host", config["host"],
        "--users", str(users), "--spawn-rate", str(spawn_rate), "--run-time", f"{seconds}s",
        # Users finish the task they are in (a checkout's commit), so the ledger is complete.
        "--stop-timeout", "30", "--only-summary",
    ]  # fmt: skip
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=seconds + 120, check=False
    )
    (work / "locust.log").write_text(done.stdout + done.stderr)
    return done.returncode, done.stdout + done.stderr


Check = tuple[str, bool, str]


def combined(label: str, *parts: tuple[bool, str]) -> Check:
    """One line of several facts; those that do not hold are marked."""
    text = "; ".join(detail if good else f"{detail} [BROKEN]" for good, detail in parts)
    return label, all(good for good, _ in parts), text


def stock_checks(
    api: Api, shop: str, admin: str, config: dict[str, Any], ledger: Any
) -> list[Check]:
    checks: list[Check] = []
    for pid in config["hot"]:
        ops = ledger["stock"].get(pid, [])
        units: Counter[str] = Counter()
        for op in ops:
            units[op["operation"]] += op["quantity"]
        item = api.call("GET", f"/products/{pid}", shop)["data"]["item"]
        available, reserved = item["inventory"]["available"], item["inventory"]["reserved"]
        initial, committed = config["initial_stock"][pid], units["commit"]
        expected = (
            initial - units["reserve"] + units["release"],
            units["reserve"] - units["release"] - committed,
        )
        events = [
            e
            for e in api.pages("/audit-events", admin, {"resource_id": pid, "limit": "100"})
            if e["action"].startswith("inventory.")
        ]
        recorded = Counter((ACTIONS[op["operation"]], op["quantity"]) for op in ops)
        audited = Counter((e["action"], e["details"]["quantity"]) for e in events)
        differences = dict((recorded - audited) + (audited - recorded))
        request_ids = {e["request_id"] for e in events}
        unaudited = [
            op["request_id"]
            for op in ops
            if not op["replayed"] and op["request_id"] not in request_ids
        ]
        chain = sorted(e["version_after"] for e in events) == list(range(2, item["version"] + 1))
        checks.append(
            combined(
                f"stock {pid} ({initial:,} units, {len(ops)} operations)",
                (
                    initial == available + reserved + committed,
                    f"{initial:,} = {available:,} available + {reserved:,} reserved"
                    f" + {committed:,} committed",
                ),
                (
                    (available, reserved) == expected,
                    f"recorded operations make {expected[0]:,}/{expected[1]:,}",
                ),
                (item["version"] == 1 + len(ops), f"version {item['version']}"),
                (
                    not differences and not unaudited and chain,
                    f"{len(events)} audit events (differences {differences}, not audited"
                    f" {unaudited[:3]}, versions 2..{item['version']} once each: {chain})",
                ),
            )
        )
    return checks


def patch_checks(
    api: Api, shop: str, admin: str, config: dict[str, Any], ledger: Any
) -> list[Check]:
    checks: list[Check] = []
    for pid in config["patch"]:
        patches = ledger["patches"].get(pid, [])
        item = api.call("GET", f"/products/{pid}", shop)["data"]["item"]
        versions = sorted(p["version"] for p in patches)
        last = max(patches, key=lambda p: p["version"])["mark"] if patches else None
        events = api.pages("/audit-events", admin, {"resource_id": pid, "limit": "100"})
        updated = sum(e["action"] == "product.updated" for e in events)
        version = item["version"]
        one_each = versions == list(range(2, version + 1))
        checks.append(
            combined(
                f"no lost update {pid} ({len(patches)} PATCHes)",
                (
                    one_each,
                    f"version {version} = 1 + PATCHes, each version made once"
                    if one_each
                    else f"version {version}, the PATCHes made versions {versions}",
                ),
                (item["attributes"].get("mark") == last, "the last PATCH's mark"),
                (updated == len(patches), f"{updated} product.updated audit events"),
            )
        )
    return checks


def create_checks(
    api: Api, shop: str, config: dict[str, Any], ledger: Any, catalog: list[dict[str, Any]]
) -> list[Check]:
    created: list[str] = ledger["created"]
    missing = []
    for pid in created:
        reply = api.session.get(
            f"{api.url}/api/v1/products/{pid}",
            headers={"Authorization": f"Bearer {shop}"},
            timeout=60,
        )
        if reply.status_code != 200:
            missing.append(f"{pid}: {reply.status_code}")
    listed = [p["id"] for p in catalog]
    expected = set(config["hot"] + config["catalog"] + created)
    missing_listed, extra = sorted(expected - set(listed)), sorted(set(listed) - expected)
    return [
        (f"every create gettable ({len(created)} created)", not missing, f"not: {missing[:5]}"),
        (
            "the listing holds the catalog and every create, once each",
            len(listed) == len(set(listed)) and set(listed) == expected,
            f"{len(listed)} listed ({len(set(listed))} distinct), {len(expected)} expected, "
            f"missing {missing_listed[:3]}, extra {extra[:3]}",
        ),
    ]


def stock_index_checks(api: Api, shop: str, catalog: list[dict[str, Any]]) -> list[Check]:
    """The stock index lists exactly the products at or under its level once the writes end
    (the scarce product moved in it under concurrent reserves; the hot ones never entered)."""
    level = str(STOCK_INDEX_LEVEL)
    expected = {p["id"] for p in catalog if p["inventory"]["available"] <= STOCK_INDEX_LEVEL}
    listed = [p["id"] for p in api.pages("/products", shop, {"low_stock": level, "limit": "100"})]
    missing, extra = sorted(expected - set(listed)), sorted(set(listed) - expected)
    return [
        (
            f"low_stock={level} lists the products with at most {level} available",
            len(listed) == len(set(listed)) and not missing and not extra,
            f"{len(listed)} listed, {len(expected)} expected, missing {missing[:3]}, "
            f"extra {extra[:3]}",
        )
    ]


def count_checks(api: Api, shop: str, admin: str, catalog: list[dict[str, Any]]) -> list[Check]:
    """The counters are exact once the writes end: each counted listing's `total` is what it
    lists. The shop's (its customer's counters, and its counts by category) against its
    catalog; the admin's by category (the category item) against the admin's own listing."""
    filters: list[dict[str, str]] = [{}, {"status": "active"}]
    categories = sorted({p["category_id"] for p in catalog if p.get("category_id")})
    filters += [{"category_id": category} for category in categories]
    facts = []
    for params in filters:
        label = ", ".join(f"{k}={v}" for k, v in params.items()) or "all"
        shop_total = _total(api, shop, params)
        expected = sum(all(p.get(k) == v for k, v in params.items()) for p in catalog)
        facts.append((shop_total == expected, f"shop {label}: {shop_total} of {expected}"))
        if "category_id" in params:
            admin_total = _total(api, admin, params)
            listed = len(api.pages("/products", admin, {**params, "limit": "100"}))
            facts.append((admin_total == listed, f"admin {label}: {admin_total} of {listed}"))
    return [combined("listing totals are the products listed (the counters)", *facts)]


def _total(api: Api, token: str, params: dict[str, str]) -> int:
    body = api.call("GET", "/products", token, params={**params, "limit": "1"})
    return int(body["data"]["pagination"]["total"])


def report_requests(requests: list[list[Any]], skip_seconds: float, title: str) -> None:
    """Requests/s, p50 and p99 per request kind and overall, of the requests that started
    skip_seconds or more after the first one."""
    first, last = min(r[0] for r in requests), max(r[0] for r in requests)
    window = [r for r in requests if r[0] >= first + skip_seconds]
    seconds = max(last - first - skip_seconds, 1e-9)
    kinds: dict[str, list[list[Any]]] = {}
    for r in sorted(window, key=lambda r: r[1]):
        kinds.setdefault(r[1], []).append(r)
    print(f"\n{title} ({seconds:.0f} s)")
    print(f"{'request':<42}{'count':>7}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'unexpected':>12}")
    print("-" * 87)
    for name, rows in [*kinds.items(), ("all requests", window)]:
        times = [r[2] for r in rows]
        print(
            f"{name:<42}{len(rows):>7}{len(rows) / seconds:>8.1f}{percentile(times, 0.5):>9.0f}"
            f"{percentile(times, 0.99):>9.0f}{sum(not r[4] for r in rows):>12}"
        )


def machine() -> str:
    memory = next(
        (
            int(line.split()[1]) / 2**20
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0.0,
    )
    return (
        f"{os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()} "
        f"{platform.machine()}, load average {os.getloadavg()[0]:.2f} at the start"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", "20")))
    parser.add_argument(
        "--spawn-rate", type=float, default=float(os.environ.get("LOAD_SPAWN_RATE", "5"))
    )
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", "60")))
    parser.add_argument(
        "--warmup",
        type=int,
        default=int(os.environ.get("LOAD_WARMUP", "20")),
        help="also report the requests after this many seconds (0: the whole run only)",
    )
    parser.add_argument("--products", type=int, default=200)
    parser.add_argument(
        "--keep",
        type=Path,
        default=os.environ.get("LOAD_KEEP") or None,
        help="a directory to keep the ledger and the logs in (LOAD_KEEP)",
    )
    args = parser.parse_args()
    if not LOCUST.exists():
        parser.error(f"{LOCUST} is missing: make load installs it (requirements-load.txt)")
    print(f"machine: {machine()}", flush=True)

    def _stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    # Even when started with SIGINT ignored (a background job): the API is stopped on the way out.
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    with tempfile.TemporaryDirectory(prefix="products-load-") as tmp:
        work = Path(tmp)
        api_log = work / "local-api.log"
        api = local_api.start(work / "local", "--no-demo-client", log=api_log)
        try:
            return run(args, work, api.url, api.dynamodb_endpoint, api_log)
        finally:
            local_api.stop(api)
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                for name in ("config.json", "ledger.json", "local-api.log", "locust.log"):
                    if (work / name).exists():
                        shutil.copy(work / name, args.keep / name)


def run(args: argparse.Namespace, work: Path, url: str, dynamodb: str, api_log: Path) -> int:
    api = Api(url)
    shop_client, admin_client = create_clients(work / "local", dynamodb)
    shop, admin = api.token(shop_client), api.token(admin_client)
    config = seed(api, shop, admin, args.products)
    config |= {
        "host": url,
        **credentials(shop_client),
        "token": shop,  # the users' shared token (locustfile.py); they grant anew on a 401
        "ledger": str(work / "ledger.json"),
    }
    print(
        f"local API at {url}; seeded {args.products} products ({len(config['hot'])} hot); "
        f"locust: {args.users} users, spawn rate {args.spawn_rate}/s, {args.seconds} s",
        flush=True,
    )
    code, output = run_locust(config, work, args.users, args.spawn_rate, args.seconds)
    if not (work / "ledger.json").exists():
        print(output[-5000:])
        print(f"locust exited {code} without its ledger")
        return 1
    ledger = json.loads((work / "ledger.json").read_text())
    report_requests(ledger["requests"], 0, "the whole run: spawning, cold starts included")
    if args.warmup:
        report_requests(ledger["requests"], args.warmup, f"after the first {args.warmup} s")
    statuses: Counter[str] = Counter()
    for key, count in ledger["statuses"].items():
        statuses[key.split("|")[1]] += count
    server_errors = sum(
        n for status, n in statuses.items() if status.startswith("5") or status == "0"
    )
    print("\nresponses: " + ", ".join(f"{s}: {n:,}" for s, n in sorted(statuses.items())))
    for key, count in sorted(ledger["statuses"].items()):
        if not key.split("|")[1].startswith("2"):
            print(f"  {key.replace('|', ': ')} x {count:,}")
    print(f"5xx or no answer: {server_errors}")
    for sample in ledger.get("samples", []):
        print(f"  unexpected: {json.dumps(sample)[:600]}")
    # The whole catalog as the shop lists it, once: what the create and stock index checks compare.
    catalog = api.pages("/products", shop, {"limit": "100"})
    checks = (
        stock_checks(api, shop, admin, config, ledger)
        + patch_checks(api, shop, admin, config, ledger)
        + create_checks(api, shop, config, ledger, catalog)
        + stock_index_checks(api, shop, catalog)
        + count_checks(api, shop, admin, catalog)
        + [
            (
                "every write answered",
                not ledger["unknown"],
                f"unknown outcomes: {ledger['unknown'][:3]}",
            )
        ]
    )
    print("\ninvariants:")
    for label, good, detail in checks:
        print(f"  {'ok    ' if good else 'BROKEN'} {label}: {detail}")
    failures = sum(not r[4] for r in ledger["requests"])
    broken = sum(not good for _, good, _ in checks)
    print(f"\n{server_errors} 5xx, {failures} unexpected answers, {broken} broken invariants")
    if server_errors or failures or broken:
        print("\nlocust's output (end):\n" + output[-3000:])
        print("\nlocal API log (end):\n" + api_log.read_text()[-3000:])
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted; the local API and DynamoDB Local are stopped", file=sys.stderr)
        sys.exit(130)
