"""A shop's traffic on the Products API, for locust (make load; bench/load/runner.py seeds the
catalog, runs this file and checks the invariants).

Each user is one storefront/back-office session of the shop's backend. They share the shop's
access token, as a backend caches its client-credentials token until it expires (a grant per
session would run into the grant limit: 20 a minute per client, and the runner's own grant
makes 21 with 20 users); a user asks for a new one when answered 401. What it does, by
weight: browse the newest products and follow the cursor, search, filter, read products
(revalidating with If-None-Match when it has an ETag), create products, edit shared products
with If-Match (a 412 when another user got there first), and check out: reserve units of a
few hot products, then commit or release them.

Every write whose outcome the invariants need is written to the ledger (LOAD_CONFIG's
"ledger" file) when locust quits: each successful stock operation (its request id, and whether
it was an Idempotency-Key replay), each successful PATCH (the version it made, its mark), each
created product, and every response's status per request kind.

Runs in the load test's own virtualenv (.venv-load): nothing of the project is imported.
"""

import json
import os
import random
import time
import uuid
from collections import Counter, defaultdict
from typing import Any

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

CONFIG: dict[str, Any] = json.loads(open(os.environ["LOAD_CONFIG"]).read())  # noqa: SIM115
API = "/api/v1"
# Answers that are outcomes, not failures: the stock rules (a scarce product runs out), a
# stock write that kept losing races, a stale If-Match, the rate limit.
EXPECTED_ERRORS = {
    (400, "inventory_error"),
    (409, "conflict"),
    (412, "precondition_failed"),
    (429, "rate_limit_exceeded"),
}
RETRIED = {0, 409, 429}  # a stock operation is retried with its Idempotency-Key
SORTS = ["created_at", "updated_at", "price", "name"]

ledger: dict[str, Any] = {
    "stock": defaultdict(list),  # product id -> [{operation, quantity, request_id, replayed}]
    "patches": defaultdict(list),  # product id -> [{version, mark}]
    "created": [],
    "statuses": Counter(),  # "name|status[ code]" -> count
    "unknown": [],  # writes without an answer (connection errors): their outcome is unknown
    "samples": [],  # the first unexpected answers, request and response
    "requests": [],  # [start (epoch s), name, ms, status, expected]: every request
}


class Answer:
    def __init__(self, status: int, headers: Any, body: Any) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def code(self) -> str:
        error = self.body.get("error") if isinstance(self.body, dict) else None
        return str(error.get("code")) if isinstance(error, dict) else ""

    @property
    def item(self) -> dict[str, Any]:
        return dict(self.body["data"]["item"])

    def header(self, name: str) -> str:
        return str(self.headers.get(name) or "") if self.headers else ""


class Shopper(FastHttpUser):
    wait_time = between(0.05, 0.5)
    network_timeout = 60.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        self.token = str(CONFIG["token"])
        self.etags: dict[str, str] = {}

    def authenticate(self) -> None:
        grant = {
            "grant_type": "client_credentials",
            "client_id": CONFIG["client_id"],
            "client_secret": CONFIG["client_secret"],
        }
        answer = self.call("POST", "/auth/token", "POST /auth/token", json=grant, auth=False)
        if answer.status == 200:
            self.token = answer.body["data"]["access_token"]

    def call(
        self, method: str, path: str, name: str, auth: bool = True, retry: bool = True, **kw: Any
    ) -> Answer:
        headers = dict(kw.pop("headers", {}))
        if auth:
            headers["Authorization"] = f"Bearer {self.token}"
        with self.client.request(
            method, API + path, name=name, headers=headers, catch_response=True, **kw
        ) as response:
            try:
                body = response.json() if response.content else None
            except ValueError:
                body = None
            answer = Answer(response.status_code, response.headers, body)
            outcome = f"{answer.status} {answer.code}".strip()
            if answer.status == 401 and auth and retry:
                response.success()  # counted, then retried with a new token
                ledger["statuses"][f"{name}|{outcome}"] += 1
                self.authenticate()
                return self.call(method, path, name, retry=False, headers=headers, **kw)
            ledger["statuses"][f"{name}|{outcome}"] += 1
            if answer.status < 400 or (answer.status, answer.code) in EXPECTED_ERRORS:
                response.success()
            else:
                response.failure(f"HTTP {outcome or 'no answer'}")
                if len(ledger["samples"]) < 10:
                    ledger["samples"].append(
                        {
                            "request": f"{method} {API}{path}",
                            "params": kw.get("params"),
                            "body": kw.get("json"),
                            "status": answer.status,
                            "response": answer.body or str(response.error or "")[:300],
                        }
                    )
        return answer

    def remember(self, answer: Answer) -> None:
        if answer.status == 200:
            self.etags[answer.item["id"]] = answer.header("ETag")

    @task(25)
    def browse(self) -> None:
        """The newest products (or another sort), then one or two pages further by cursor."""
        params = {"limit": "20", "sort": random.choice(SORTS)}
        answer = self.call("GET", "/products", "GET /products (list)", params=params)
        for _ in range(random.randint(0, 2)):
            cursor = answer.status == 200 and answer.body["data"]["pagination"]["next_cursor"]
            if not cursor:
                return
            answer = self.call(
                "GET", "/products", "GET /products (next page)", params={**params, "cursor": cursor}
            )

    @task(15)
    def search(self) -> None:
        words = random.sample(CONFIG["search_words"], random.choice([1, 1, 2]))
        if random.random() < 0.3:  # search as you type: the last word as a prefix
            words[-1] = words[-1][: random.randint(2, 4)]
        self.call("GET", "/products", "GET /products (search)", params={"search": " ".join(words)})

    @task(15)
    def filter(self) -> None:
        low = random.choice([5, 20, 50, 100])
        params = random.choice(
            [
                {"category_id": CONFIG["category_id"], "status": "active"},
                {"category_id": CONFIG["category_id"], "sort": "price", "order": "asc"},
                {"price_min": str(low), "price_max": str(low * 3), "sort": "price"},
                {"status": "active", "sort": "name", "include_total": "true"},
                {"low_stock": "20"},
            ]
        )
        self.call("GET", "/products", "GET /products (filter)", params=params)

    @task(25)
    def view(self) -> None:
        """A product page: half the time one seen before (then revalidated half the time)."""
        seen = list(self.etags)
        if seen and random.random() < 0.5:
            product_id = random.choice(seen[-20:])
        else:
            product_id = random.choice(CONFIG["catalog"] + CONFIG["hot"])
        etag = self.etags.get(product_id)
        if etag and random.random() < 0.5:
            name, headers = "GET /products/{id} (If-None-Match)", {"If-None-Match": etag}
        else:
            name, headers = "GET /products/{id}", {}
        self.remember(self.call("GET", f"/products/{product_id}", name, headers=headers))

    @task(3)
    def create(self) -> None:
        mark = uuid.uuid4().hex[:12]
        product = {
            "name": f"{' '.join(random.sample(CONFIG['search_words'], 2)).title()} {mark}",
            "price": round(random.uniform(5, 300), 2),
            "sku": f"LOAD-{mark}",
            "inventory": random.randint(0, 100),
            "tags": ["load", "new"],
        }
        if random.random() < 0.5:
            product["category_id"] = CONFIG["category_id"]
        headers = {"Idempotency-Key": f"create-{mark}"}
        answer = self.call("POST", "/products", "POST /products", json=product, headers=headers)
        if answer.status == 201:
            ledger["created"].append(answer.item["id"])
        elif answer.status == 0:
            ledger["unknown"].append({"create": mark})

    @task(5)
    def edit(self) -> None:
        """Read a shared product, change it with If-Match; on a 412, read again and retry once."""
        product_id = random.choice(CONFIG["patch"])
        for _ in range(2):
            read = self.call("GET", f"/products/{product_id}", "GET /products/{id}")
            if read.status != 200:
                return
            mark = uuid.uuid4().hex[:12]
            answer = self.call(
                "PATCH",
                f"/products/{product_id}",
                "PATCH /products/{id}",
                json={"price": round(random.uniform(5, 300), 2), "attributes": {"mark": mark}},
                headers={"If-Match": read.header("ETag")},
            )
            if answer.status == 200:
                ledger["patches"][product_id].append(
                    {"version": answer.item["version"], "mark": mark}
                )
            if answer.status == 0:
                ledger["unknown"].append({"patch": product_id, "mark": mark})
            if answer.status != 412:
                return

    @task(12)
    def checkout(self) -> None:
        """Reserve 1-3 units of a hot product, then commit them (an order) or release them."""
        product_id = random.choice(CONFIG["hot"])
        quantity = random.randint(1, 3)
        if self.stock(product_id, "reserve", quantity):
            self.stock(product_id, random.choice(["commit", "commit", "release"]), quantity)

    def stock(self, product_id: str, operation: str, quantity: int) -> bool:
        key, unanswered = f"{operation}-{uuid.uuid4().hex}", False
        for attempt in range(4):
            answer = self.call(
                "POST",
                f"/products/{product_id}/inventory",
                f"POST /products/{{id}}/inventory ({operation})",
                json={"operation": operation, "quantity": quantity},
                headers={"Idempotency-Key": key},
            )
            if answer.status == 200:
                ledger["stock"][product_id].append(
                    {
                        "operation": operation,
                        "quantity": quantity,
                        "request_id": answer.header("X-Request-Id"),
                        "replayed": answer.header("Idempotent-Replayed") == "true",
                    }
                )
                return True
            unanswered = unanswered or answer.status == 0
            if answer.status not in RETRIED:
                break
            time.sleep(0.1 * (attempt + 1))  # gevent's sleep: locust patches the time module
        if unanswered:  # an attempt may have been applied: the ledger cannot tell
            ledger["unknown"].append({"stock": product_id, "key": key})
        return False


@events.request.add_listener
def _record(
    name: str, response_time: float, start_time: float, response: Any, exception: Any, **_: Any
) -> None:
    status = getattr(response, "status_code", 0) or 0
    ledger["requests"].append([start_time, name, response_time, status, exception is None])


@events.quitting.add_listener
def _write_ledger(environment: Any, **_: Any) -> None:
    with open(CONFIG["ledger"], "w") as out:
        json.dump(ledger, out)
