"""Product events: ProductsTable stream records -> CloudEvents on EventBridge (docs/decisions.md).

moto does not run stream consumers, so each test makes real writes through the API, reads the
item before and after with GetItem, builds the stream record DynamoDB would have sent
(NEW_AND_OLD_IMAGES) and invokes the real handler. A rule on the moto bus forwards every event
to an SQS queue, where the tests read what was published.
"""

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from itertools import count
from types import ModuleType
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from botocore.exceptions import ClientError

from common.clock import iso_timestamp
from common.products import events as product_events
from common.settings import get_settings
from common.storage.dynamodb import dynamodb_client, to_item
from local_api.gateway import LambdaContext, load_module
from local_api.template import Template
from tests.moto_gateway import Api, make_client

BUS = "products-api-events-test"
STREAM_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/ProductsTable/stream/2025-01-15T09:00"
PRODUCT = {"name": "Lamp", "price": 20, "inventory": 10, "tags": ["home"]}
_sequence = count(1)


# ------------------------------------------------------------------ helpers -----------------
def product_item(product_id: str, mode: str = "live", tenant: str = "tenant-a") -> Any:
    key = {"pk": {"S": f"{mode}#{tenant}#PRODUCT#{product_id}"}, "sk": {"S": "PRODUCT"}}
    response = dynamodb_client().get_item(TableName=get_settings().products_table, Key=key)
    return response.get("Item")


def stream_record(
    name: str, old: dict[str, Any] | None, new: dict[str, Any] | None, event_id: str = ""
) -> dict[str, Any]:
    """The record Lambda delivers for one write of a NEW_AND_OLD_IMAGES stream."""
    image = new or old
    assert image is not None
    sequence = next(_sequence)
    body: dict[str, Any] = {
        "ApproximateCreationDateTime": 1736937000 + sequence,
        "Keys": {"pk": image["pk"], "sk": image["sk"]},
        "SequenceNumber": f"{4_000_000_000_000_000_000 + sequence:022d}",
        "SizeBytes": 512,
        "StreamViewType": "NEW_AND_OLD_IMAGES",
    }
    if new is not None:
        body["NewImage"] = new
    if old is not None:
        body["OldImage"] = old
    return {
        "eventID": event_id or f"{sequence:032x}",
        "eventName": name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "dynamodb": body,
        "eventSourceARN": STREAM_ARN,
    }


class Published:
    """What reached the moto bus: every PutEvents call of the function goes to moto (which
    checks the bus exists and returns its answer), and the entries it accepted are kept."""

    def __init__(self, function: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
        boto3.client("events", region_name="us-east-1").create_event_bus(Name=BUS)
        self.client = function.events_client()
        self.real_put = self.client.put_events
        self.accepted: list[dict[str, Any]] = []
        self.calls: list[int] = []
        self.refuse: set[int] = set()  # positions in the next call that EventBridge refuses
        monkeypatch.setattr(self.client, "put_events", self.put_events)

    def put_events(self, *, Entries: list[dict[str, Any]]) -> Any:  # noqa: N803
        self.calls.append(len(Entries))
        refused, self.refuse = self.refuse, set()
        sent = [entry for i, entry in enumerate(Entries) if i not in refused]
        response = self.real_put(Entries=sent) if sent else {"Entries": []}
        assert response.get("FailedEntryCount", 0) == 0, response
        self.accepted.extend(sent)
        results = iter(response["Entries"])
        entries = [
            {"ErrorCode": "InternalFailure", "ErrorMessage": "try again"}
            if i in refused
            else next(results)
            for i in range(len(Entries))
        ]
        return {"FailedEntryCount": len(refused), "Entries": entries}

    def drain(self) -> list[dict[str, Any]]:
        """The entries published since the last call, oldest first."""
        found, self.accepted = self.accepted, []
        for entry in found:
            assert entry["EventBusName"] == BUS and entry["Source"] == "products-api"
        return found

    def details(self) -> list[dict[str, Any]]:
        return [json.loads(entry["Detail"]) for entry in self.drain()]


@pytest.fixture
def function(template: Template) -> Iterator[ModuleType]:
    props = template.resources["ProductEventsFunction"]["Properties"]
    module = load_module(template.root / props["CodeUri"], "app.lambda_handler")
    module.events_client.cache_clear()
    yield module
    module.events_client.cache_clear()


@pytest.fixture
def published(function: ModuleType, monkeypatch: pytest.MonkeyPatch) -> Published:
    monkeypatch.setenv("EVENT_BUS_NAME", BUS)
    return Published(function, monkeypatch)


Invoke = Callable[..., dict[str, Any]]


@pytest.fixture
def invoke(function: ModuleType, published: Published) -> Invoke:
    def call(*records: dict[str, Any]) -> dict[str, Any]:
        context = LambdaContext(function_name="ProductEventsFunction")
        result: dict[str, Any] = function.lambda_handler({"Records": list(records)}, context)
        return result

    return call


@pytest.fixture
def token(api: Api) -> str:
    scopes = ["products:read", "products:write", "inventory:write", "categories:write"]
    return api.token_for(make_client(customer_id="cust-1", scopes=scopes))


def create(
    api: Api, token: str, tenant: str = "tenant-a", **fields: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    reply = api.request("POST", "/api/v1/products", token, {**PRODUCT, **fields})
    assert reply.status == 201, reply.body
    item = reply.body["data"]["item"]
    return item, product_item(item["id"], "test" if item["test"] else "live", tenant)


# ------------------------------------------------------------------ event types -------------
def test_created_event_envelope(api: Api, token: str, invoke: Invoke, published: Published) -> None:
    product, item = create(api, token)
    record = stream_record("INSERT", None, item)

    assert invoke(record) == {"batchItemFailures": []}

    [entry] = published.drain()
    assert entry["DetailType"] == "product.created"
    detail = json.loads(entry["Detail"])
    assert detail["specversion"] == "1.0"
    assert detail["id"] == f"{record['eventID']}:product.created"
    assert detail["type"] == "product.created" and detail["source"] == "products-api"
    assert detail["subject"] == product["id"]
    assert (detail["tenantid"], detail["mode"]) == ("tenant-a", "live")
    assert detail["datacontenttype"] == "application/json"
    written = datetime.fromtimestamp(record["dynamodb"]["ApproximateCreationDateTime"], UTC)
    assert detail["time"] == iso_timestamp(written)
    assert entry["Time"] == written
    assert detail["sequence"] == record["dynamodb"]["SequenceNumber"]
    data = detail["data"]
    assert data["previous"] is None and data["truncated"] is False
    assert data["product"] == product  # the same public view the API returned
    assert "tenant_id" not in data["product"] and "variant_stock" not in data["product"]
    assert {"id", "name", "price", "inventory"} <= set(data["changed_fields"])
    assert data["changed_fields"] == sorted(data["changed_fields"])


def test_update_carries_previous_values_and_changed_fields(
    api: Api, token: str, invoke: Invoke, published: Published
) -> None:
    product, before = create(api, token)
    reply = api.request(
        "PATCH",
        f"/api/v1/products/{product['id']}",
        token,
        {"price": 25, "tags": ["home", "sale"]},
        headers={"Content-Type": "application/merge-patch+json"},
    )
    assert reply.status == 200, reply.body
    after = product_item(product["id"])

    assert invoke(stream_record("MODIFY", before, after)) == {"batchItemFailures": []}

    [detail] = published.details()
    assert detail["type"] == "product.updated"
    data = detail["data"]
    assert data["changed_fields"] == ["price", "tags", "updated_at", "version"]
    assert (data["previous"]["price"], data["product"]["price"]) == (20, 25)
    assert data["previous"]["tags"] == ["home"] and data["product"]["tags"] == ["home", "sale"]
    assert (data["previous"]["version"], data["product"]["version"]) == (1, 2)
    assert data["product"] == reply.body["data"]["item"]


def test_stock_operation_is_a_stock_change_only(
    api: Api, token: str, invoke: Invoke, published: Published
) -> None:
    product, before = create(api, token)
    reply = api.request(
        "POST",
        f"/api/v1/products/{product['id']}/inventory",
        token,
        {"operation": "reserve", "quantity": 3},
    )
    assert reply.status == 200, reply.body
    after = product_item(product["id"])

    invoke(stream_record("MODIFY", before, after))

    [detail] = published.details()
    assert detail["type"] == "product.stock_changed"
    data = detail["data"]
    assert data["changed_fields"] == [
        "inventory",
        "version",
    ]  # updated_at dates catalog changes only
    assert data["previous"]["inventory"] == {"available": 10, "reserved": 0, "total": 10}
    assert data["product"]["inventory"] == {"available": 7, "reserved": 3, "total": 10}


def test_variant_stock_changes_are_stock_changes(
    api: Api, token: str, invoke: Invoke, published: Published
) -> None:
    variants = [{"name": "Red", "sku": "LAMP-R", "inventory": 4}]
    product, before = create(api, token, inventory=None, variants=variants)
    variant_id = product["variants"][0]["id"]
    reply = api.request(
        "POST",
        f"/api/v1/products/{product['id']}/inventory",
        token,
        {"operation": "adjust", "quantity": -1, "variant_id": variant_id},
    )
    assert reply.status == 200, reply.body

    invoke(stream_record("MODIFY", before, product_item(product["id"])))

    [detail] = published.details()
    assert detail["type"] == "product.stock_changed"
    assert detail["data"]["product"]["variants"][0]["inventory"]["available"] == 3
    assert "variants" in detail["data"]["changed_fields"]


def test_a_write_changing_stock_and_more_emits_both(
    api: Api, token: str, invoke: Invoke, published: Published
) -> None:
    product, before = create(api, token)
    reply = api.request(
        "PATCH",
        f"/api/v1/products/{product['id']}",
        token,
        {"name": "Desk lamp", "inventory": 4},
        headers={"Content-Type": "application/merge-patch+json"},
    )
    assert reply.status == 200, reply.body
    record = stream_record("MODIFY", before, product_item(product["id"]))

    invoke(record)

    details = published.details()
    assert sorted(d["type"] for d in details) == ["product.stock_changed", "product.updated"]
    assert {d["id"] for d in details} == {
        f"{record['eventID']}:product.updated",
        f"{record['eventID']}:product.stock_changed",
    }
    for detail in details:
        assert detail["data"]["changed_fields"] == ["inventory", "name", "updated_at", "version"]


def test_deleted_event_has_the_last_state_as_previous(
    api: Api, token: str, invoke: Invoke, published: Published
) -> None:
    product, before = create(api, token)
    reply = api.request("DELETE", f"/api/v1/products/{product['id']}", token)
    assert reply.status == 200, reply.body
    assert product_item(product["id"]) is None

    invoke(stream_record("REMOVE", before, None))

    [detail] = published.details()
    assert detail["type"] == "product.deleted" and detail["subject"] == product["id"]
    assert detail["data"]["product"] is None
    assert detail["data"]["previous"] == product


def test_test_mode_is_visible(api: Api, invoke: Invoke, published: Published) -> None:
    token = api.token_for(make_client(tenant_id="tenant-b", customer_id="cust-9", mode="test"))
    product, item = create(api, token, tenant="tenant-b")
    assert product["test"] is True

    invoke(stream_record("INSERT", None, item))

    [detail] = published.details()
    assert (detail["tenantid"], detail["mode"]) == ("tenant-b", "test")
    assert detail["data"]["product"]["test"] is True


def test_only_product_items_produce_events(
    api: Api, token: str, invoke: Invoke, published: Published
) -> None:
    _, item = create(api, token, sku="LAMP-1")
    admin = api.token_for(make_client(scopes=["admin"]))  # categories: tenant-wide clients
    category = api.request("POST", "/api/v1/categories", admin, {"name": "Lighting"})
    assert category.status == 201, category.body
    table = get_settings().products_table
    everything = dynamodb_client().scan(TableName=table)["Items"]
    others = [i for i in everything if i["sk"]["S"] != "PRODUCT"]
    assert {i["sk"]["S"] for i in others} >= {"SKU", "CATEGORY"}

    records = [stream_record("INSERT", None, other) for other in others]
    assert invoke(*records) == {"batchItemFailures": []}
    assert published.drain() == []

    invoke(*records, stream_record("INSERT", None, item))
    assert [d["type"] for d in published.details()] == ["product.created"]


def test_a_batch_product_exists_for_consumers_once_it_is_published(
    api: Api, token: str, invoke: Invoke, published: Published
) -> None:
    """A product of an unfinished batch is written pending and either published (the
    pending mark removed) or discarded: consumers hear of it once, as created, when it is
    published, and never of one a failed batch discarded."""
    product, published_item = create(api, token)
    pending_item = {**published_item, "pending_batch": {"S": "bat_0123"}}

    invoke(
        stream_record("INSERT", None, pending_item),
        stream_record("REMOVE", pending_item, None),
    )
    assert published.drain() == []

    invoke(stream_record("MODIFY", pending_item, published_item))
    [detail] = published.details()
    assert detail["type"] == "product.created" and detail["subject"] == product["id"]
    assert detail["data"]["previous"] is None and detail["data"]["product"] == product


def test_unchanged_item_produces_nothing(api: Api, token: str) -> None:
    _, item = create(api, token)
    assert product_events.events_from_record(stream_record("MODIFY", item, item)) == []


# ------------------------------------------------------------------ delivery ----------------
def test_the_id_is_stable_for_a_redelivered_record(
    api: Api, token: str, invoke: Invoke, published: Published
) -> None:
    _, item = create(api, token)
    record = stream_record("INSERT", None, item)

    invoke(record)
    invoke(record)  # Lambda retried the batch

    first, second = published.details()
    assert first == second
    other = stream_record("INSERT", None, item)
    assert product_events.events_from_record(other)[0]["id"] != first["id"]


def test_a_batch_is_published_in_calls_of_ten(
    api: Api, token: str, invoke: Invoke, published: Published
) -> None:
    records = [stream_record("INSERT", None, create(api, token)[1]) for _ in range(23)]

    assert invoke(*records) == {"batchItemFailures": []}
    assert published.calls == [10, 10, 3]
    assert len(published.drain()) == 23


def test_refused_entries_fail_their_records_and_hold_back_later_calls(
    api: Api, token: str, invoke: Invoke, published: Published
) -> None:
    records = [stream_record("INSERT", None, create(api, token)[1]) for _ in range(12)]
    published.refuse = {3}  # EventBridge refuses the 4th entry of the first call

    response = invoke(*records)

    failed = [f["itemIdentifier"] for f in response["batchItemFailures"]]
    sequence = [r["dynamodb"]["SequenceNumber"] for r in records]
    # The refused record, and the two of the next call, which was not sent.
    assert failed == [sequence[3], sequence[10], sequence[11]]
    assert published.calls == [10]
    assert len(published.drain()) == 9

    # Lambda retries from the first failure: the same ids again, for consumers to drop.
    assert invoke(*records[3:]) == {"batchItemFailures": []}
    retried = {d["id"] for d in published.details()}
    assert len(retried) == 9 and f"{records[3]['eventID']}:product.created" in retried


def test_a_bad_record_fails_and_holds_back_the_rest(
    api: Api, token: str, invoke: Invoke, published: Published
) -> None:
    good = [stream_record("INSERT", None, create(api, token)[1]) for _ in range(3)]
    broken_item = {**good[1]["dynamodb"]["NewImage"], "price": {"S": "not a number"}}
    broken = stream_record("INSERT", None, broken_item)

    response = invoke(good[0], broken, good[1], good[2])

    failed = [f["itemIdentifier"] for f in response["batchItemFailures"]]
    assert failed == [
        broken["dynamodb"]["SequenceNumber"],
        good[1]["dynamodb"]["SequenceNumber"],
        good[2]["dynamodb"]["SequenceNumber"],
    ]
    assert [d["subject"] for d in published.details()] == [
        good[0]["dynamodb"]["NewImage"]["id"]["S"]
    ]


def test_put_events_errors_fail_the_whole_batch(
    api: Api, token: str, invoke: Invoke, published: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [stream_record("INSERT", None, create(api, token)[1]) for _ in range(2)]

    def put_events(**kwargs: Any) -> Any:
        raise ClientError({"Error": {"Code": "ThrottlingException"}}, "PutEvents")

    monkeypatch.setattr(published.client, "put_events", put_events)

    with pytest.raises(BatchProcessingError):  # every record failed: Lambda retries the batch
        invoke(*records)


# ------------------------------------------------------------------ size ------------------
def test_an_entry_too_large_is_truncated() -> None:
    big = "x" * 60_000
    values = {
        "pk": "live#t#PRODUCT#prod_1",
        "sk": "PRODUCT",
        "id": "prod_1",
        "tenant_id": "t",
        "mode": "live",
        "name": "Big",
        "price": 1,
        "attributes": {f"a{i}": big for i in range(3)},
        "stock": {"available": 1, "reserved": 0},
        "version": 1,
        "created_at": "2025-01-15T10:30:00.000Z",
        "updated_at": "2025-01-15T10:30:00.000Z",
    }
    old = to_item(values)
    new = to_item({**values, "name": "Bigger", "version": 2})
    [event] = product_events.events_from_record(stream_record("MODIFY", old, new))

    entry = product_events.to_entry(event, BUS)

    assert product_events.entry_size(entry) <= product_events.MAX_ENTRY_BYTES
    data = json.loads(entry["Detail"])["data"]
    assert data["truncated"] is True
    assert data["previous"] == {"id": "prod_1", "version": 1, "updated_at": values["updated_at"]}
    assert data["product"]["name"] == "Bigger"  # the new state is kept whole
    assert data["changed_fields"] == ["name", "version"]
    # A small event is sent whole.
    small = product_events.to_entry({**event, "data": {**event["data"], "previous": None}}, BUS)
    assert json.loads(small["Detail"])["data"]["truncated"] is False


def test_calls_stay_under_the_request_size_limit() -> None:
    entry = {"Source": "products-api", "DetailType": "x", "Detail": "y" * 100_000}
    sizes = [len(chunk) for chunk in product_events.chunks([(i, entry) for i in range(5)])]
    assert sizes == [2, 2, 1]


# ------------------------------------------------------------------ template ----------------
def test_stream_consumer_is_configured_for_partial_failures_and_a_dlq(template: Template) -> None:
    function = template.resources["ProductEventsFunction"]["Properties"]
    stream = function["Events"]["Stream"]
    assert stream["Type"] == "DynamoDB"
    props = stream["Properties"]
    assert props["Stream"] == {"Fn::GetAtt": ["ProductsTable", "StreamArn"]}
    assert props["StartingPosition"] == "LATEST"
    assert props["BisectBatchOnFunctionError"] is True
    assert 0 < props["MaximumRetryAttempts"] <= 10
    assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert props["DestinationConfig"]["OnFailure"]["Destination"] == {
        "Fn::GetAtt": ["ProductEventsDLQ", "Arn"]
    }
    dlq = template.resources["ProductEventsDLQ"]
    assert dlq["Type"] == "AWS::SQS::Queue"
    assert dlq["Properties"]["SqsManagedSseEnabled"] is True
    stream_spec = template.resources["ProductsTable"]["Properties"]["StreamSpecification"]
    assert stream_spec == {"StreamViewType": "NEW_AND_OLD_IMAGES"}


def test_stream_consumer_permissions_are_scoped(template: Template) -> None:
    function = template.resources["ProductEventsFunction"]["Properties"]
    statements = [s for p in function["Policies"] for s in p["Statement"]]
    granted = {
        (action, json.dumps(s["Resource"], sort_keys=True))
        for s in statements
        for action in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
    }
    assert granted == {
        ("events:PutEvents", json.dumps({"Fn::GetAtt": ["ProductsEventBus", "Arn"]})),
        ("sqs:SendMessage", json.dumps({"Fn::GetAtt": ["ProductEventsDLQ", "Arn"]})),
    }
    assert function["Environment"]["Variables"] == {"EVENT_BUS_NAME": {"Ref": "ProductsEventBus"}}
    assert template.resources["ProductsEventBus"]["Type"] == "AWS::Events::EventBus"
    # No other function can publish.
    for name, other in template.resources_of_type("AWS::Serverless::Function").items():
        if name == "ProductEventsFunction":
            continue
        for policy in other["Properties"].get("Policies", []):
            for statement in policy["Statement"]:
                action = statement["Action"]
                assert "events:PutEvents" not in ([action] if isinstance(action, str) else action)
    outputs = template.document["Outputs"]
    assert outputs["ProductsEventBusName"]["Value"] == {"Ref": "ProductsEventBus"}
