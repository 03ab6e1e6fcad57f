"""DynamoDB faults injected below boto3, so its own retries run as deployed (standard mode, 4
attempts): throttling, 5xx and read timeouts on the catalog's writes. Every write happens whole
or not at all, and the caller gets 503 `service_unavailable` with Retry-After."""

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.awsrequest import AWSPreparedRequest
from botocore.exceptions import ReadTimeoutError
from moto.dynamodb.exceptions import DynamodbException
from moto.dynamodb.responses import DynamoHandler

from common.storage.dynamodb import dynamodb_client
from tests.moto_gateway import Api, make_client
from tests.support import error_code

PRODUCTS = "/api/v1/products"
CATEGORIES = "/api/v1/categories"
WRITE_OPERATIONS = {"TransactWriteItems", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"}
BOTO3_ATTEMPTS = 4  # common/storage/dynamodb.py: retries={"mode": "standard", "max_attempts": 4}


def _error(status: int, code: str) -> Callable[[], Exception]:
    def fail() -> Exception:
        error = DynamodbException(f"com.amazonaws.dynamodb.v20120810#{code}", message=code)
        error.code = status
        return error

    return fail


def _timeout() -> Exception:
    return ReadTimeoutError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com")


FAULTS: dict[str, Callable[[], Exception]] = {
    "throttled": _error(400, "ProvisionedThroughputExceededException"),
    "server error": _error(500, "InternalServerError"),
    "read timeout": _timeout,
}


class Faults:
    """Makes every write to ProductsTable fail with one fault, counting the attempts."""

    def __init__(self) -> None:
        self.fault: Callable[[], Exception] | None = None
        self.attempts = 0

    def check(self, operation: str, body: Any) -> None:
        if self.fault is None or operation not in WRITE_OPERATIONS:
            return
        if "ProductsTable" not in json.dumps(body):
            return
        self.attempts += 1
        raise self.fault()

    def before_send(self, request: AWSPreparedRequest, **kwargs: Any) -> None:
        """Timeouts: the request never reaches DynamoDB (moto's handler runs after this)."""
        if self.fault is _timeout:
            target = request.headers.get("X-Amz-Target", b"")
            target = target.decode() if isinstance(target, bytes) else target
            operation = target.rsplit(".", 1)[-1]
            self.check(operation, str(request.body))


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Iterator[Faults]:
    injected = Faults()
    for operation in WRITE_OPERATIONS:
        method = "".join("_" + c.lower() if c.isupper() else c for c in operation).lstrip("_")
        original = getattr(DynamoHandler, method)

        def failing(self: DynamoHandler, _op: str = operation, _orig: Any = original) -> Any:
            if injected.fault is not _timeout:
                injected.check(_op, self.body)
            return _orig(self)

        monkeypatch.setattr(DynamoHandler, method, failing)
    events = dynamodb_client().meta.events
    events.register_first("before-send.dynamodb", injected.before_send)
    monkeypatch.setattr("botocore.retries.standard.ExponentialBackoff.delay_amount", lambda *a: 0)
    yield injected
    events.unregister("before-send.dynamodb", injected.before_send)


def table_snapshot() -> list[dict[str, Any]]:
    """Every item of ProductsTable: products, SKU claims, counters, search postings, stock."""
    items = dynamodb_client().scan(TableName="ProductsTable")["Items"]
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))


@pytest.fixture
def catalog(api: Api) -> dict[str, Any]:
    token = api.token_for(make_client(scopes=["admin"]))
    lamps = api.request("POST", CATEGORIES, token, {"name": "Lamps"}).body["data"]["item"]
    empty = api.request("POST", CATEGORIES, token, {"name": "Empty"}).body["data"]["item"]
    body = {
        "name": "Desk lamp",
        "price": 30,
        "sku": "LAMP-1",
        "inventory": 10,
        "category_id": lamps["id"],
        "tags": ["desk"],
        "customer_id": "cust-1",
    }
    product = api.request("POST", PRODUCTS, token, body).body["data"]["item"]
    return {"token": token, "product": product, "lamps": lamps, "empty": empty}


WRITES: dict[str, Callable[[Api, dict[str, Any]], Any]] = {
    "create product": lambda api, c: api.request(
        "POST",
        PRODUCTS,
        c["token"],
        {
            "name": "Floor lamp",
            "price": 90,
            "sku": "LAMP-2",
            "category_id": c["lamps"]["id"],
            "customer_id": "cust-1",
            "inventory": 3,
        },
    ),
    "replace product": lambda api, c: api.request(
        "PUT",
        f"{PRODUCTS}/{c['product']['id']}",
        c["token"],
        {"name": "Reading lamp", "price": 35, "sku": "LAMP-9", "customer_id": "cust-1"},
    ),
    "patch product": lambda api, c: api.request(
        "PATCH", f"{PRODUCTS}/{c['product']['id']}", c["token"], {"name": "Night lamp"}
    ),
    "delete product": lambda api, c: api.request(
        "DELETE", f"{PRODUCTS}/{c['product']['id']}", c["token"]
    ),
    "reserve stock": lambda api, c: api.request(
        "POST",
        f"{PRODUCTS}/{c['product']['id']}/inventory",
        c["token"],
        {"operation": "reserve", "quantity": 2},
    ),
    "batch create": lambda api, c: api.request(
        "POST",
        f"{PRODUCTS}/batch",
        c["token"],
        [
            {"name": f"Bulb {n}", "price": 2, "sku": f"BULB-{n}", "customer_id": "cust-1"}
            for n in range(3)
        ],
    ),
    "create category": lambda api, c: api.request("POST", CATEGORIES, c["token"], {"name": "New"}),
    "move category": lambda api, c: api.request(
        "PATCH", f"{CATEGORIES}/{c['empty']['id']}", c["token"], {"parent_id": c["lamps"]["id"]}
    ),
    "delete category": lambda api, c: api.request(
        "DELETE", f"{CATEGORIES}/{c['empty']['id']}", c["token"]
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("write", list(WRITES))
def test_a_failed_write_changes_nothing_and_says_retry(
    api: Api, catalog: dict[str, Any], faults: Faults, write: str, fault: str
) -> None:
    before = table_snapshot()
    faults.fault = FAULTS[fault]

    reply = WRITES[write](api, catalog)

    assert reply.status == 503, reply.body
    assert error_code(reply.body) == "service_unavailable"
    assert reply.headers["retry-after"] == "1"
    assert b"ProductsTable" not in reply.raw and b"Traceback" not in reply.raw
    assert faults.attempts >= BOTO3_ATTEMPTS  # boto3 retried before giving up
    assert table_snapshot() == before


@pytest.mark.parametrize("write", list(WRITES))
def test_the_same_write_succeeds_once_dynamodb_recovers(
    api: Api, catalog: dict[str, Any], faults: Faults, write: str
) -> None:
    """Control case: each write above does write when nothing fails."""
    before = table_snapshot()
    reply = WRITES[write](api, catalog)
    assert reply.status in (200, 201), reply.body
    assert table_snapshot() != before


def test_a_product_over_dynamodbs_item_limit_is_a_413_and_nothing_is_written(
    api: Api, catalog: dict[str, Any]
) -> None:
    before = table_snapshot()
    # Within every field's own limits (1,000-character attribute texts, 40 variants), over
    # 400 KB together.
    attributes = {f"note_{n}": "x" * 1_000 for n in range(12)}
    variants = [{"name": f"Size {n}", "attributes": attributes} for n in range(40)]
    huge = {"inventory": None, "variants": variants}
    product_path = f"{PRODUCTS}/{catalog['product']['id']}"

    created = api.request(
        "POST",
        PRODUCTS,
        catalog["token"],
        {"variants": variants, "name": "Big", "price": 1, "customer_id": "cust-1"},
    )
    patched = api.request("PATCH", product_path, catalog["token"], huge)

    for reply in (created, patched):
        assert reply.status == 413 and error_code(reply.body) == "validation_error"
        assert "400 KB" in reply.body["error"]["message"]
    assert table_snapshot() == before


def test_an_unexpected_dynamodb_error_is_a_500_envelope_not_a_lambda_failure(
    api: Api, catalog: dict[str, Any], faults: Faults
) -> None:
    """A non-retryable error nobody expects (here AccessDenied, as after a bad deploy)."""
    faults.fault = _error(400, "AccessDeniedException")
    reply = WRITES["patch product"](api, catalog)
    assert reply.status == 500 and error_code(reply.body) == "internal_error"
    assert b"ProductsTable" not in reply.raw and b"AccessDenied" not in reply.raw
