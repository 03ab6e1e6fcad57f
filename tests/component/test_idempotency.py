"""Idempotency-Key on create, batch and inventory (decisions.md), through the gateway on moto."""

import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from aws_lambda_powertools.utilities.idempotency import (
    BasePersistenceLayer,
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyItemAlreadyExistsError,
    IdempotencyValidationError,
)
from botocore.exceptions import ClientError

from common.auth.principal import Principal
from common.idempotency import EXPIRES_AFTER_SECONDS, KEY_PREFIX
from common.products import service
from common.products.stock import StockOperation, apply_stock_operation
from common.settings import get_settings
from common.storage.dynamodb import dynamodb_client, from_item
from common.storage.idempotency_records import IdempotencyRecords
from common.storage.keyed_writes import SEED_PREFIX, KeyTaken
from common.storage.products import repository
from tests.moto_gateway import Api, Reply, make_client, record_calls
from tests.support import error_code

PRODUCTS = "/api/v1/products"
BATCH = "/api/v1/products/batch"
LAMP = {"name": "Lamp", "price": 20, "inventory": 10, "attributes": {"color": "red"}}


def post(
    api: Api, token: str, path: str, body: Any, key: str | None = None, **headers: str
) -> Reply:
    sent = {name.replace("_", "-"): value for name, value in headers.items()}
    if key is not None:
        sent["Idempotency-Key"] = key
    return api.request("POST", path, token, body, headers=sent)


def inventory(product_id: str) -> str:
    return f"{PRODUCTS}/{product_id}/inventory"


def new_product(api: Api, token: str, **fields: Any) -> dict[str, Any]:
    reply = post(api, token, PRODUCTS, {**LAMP, **fields})
    assert reply.status == 201, reply.body
    return dict(reply.body["data"]["item"])


def product_ids(api: Api, token: str) -> list[str]:
    reply = api.request("GET", f"{PRODUCTS}?limit=100", token)
    assert reply.status == 200, reply.body
    return [item["id"] for item in reply.body["data"]["items"]]


def fetch(api: Api, token: str, product_id: str) -> dict[str, Any]:
    reply = api.request("GET", f"{PRODUCTS}/{product_id}", token)
    assert reply.status == 200, reply.body
    return dict(reply.body["data"]["item"])


def records() -> list[dict[str, Any]]:
    """The idempotency records (not the write seeds kept beside them:
    common/storage/keyed_writes.py)."""
    table = get_settings().idempotency_table
    assert table
    items = [from_item(item) for item in dynamodb_client().scan(TableName=table)["Items"]]
    return [item for item in items if not str(item["id"]).startswith(f"{SEED_PREFIX}#")]


def expire_write_seeds() -> None:
    """What 24 h do to the write seeds (storage/keyed_writes.py), before TTL runs."""
    table = get_settings().idempotency_table
    assert table
    for item in dynamodb_client().scan(TableName=table)["Items"]:
        if item["id"]["S"].startswith(f"{SEED_PREFIX}#"):
            dynamodb_client().update_item(
                TableName=table,
                Key={"id": item["id"]},
                UpdateExpression="SET expiration = :past",
                ExpressionAttributeValues={":past": {"N": str(int(time.time()) - 1)}},
            )


def edit_only_record(**values: Any) -> None:
    """Sets attributes of the one stored record, as time or a crashed invocation would."""
    (record,) = records()
    names = {f"#a{i}": name for i, name in enumerate(values)}
    dynamodb_client().update_item(
        TableName=str(get_settings().idempotency_table),
        Key={"id": {"S": record["id"]}},
        UpdateExpression="SET " + ", ".join(f"{n} = :v{n[2:]}" for n in names),
        ExpressionAttributeNames=names,
        ExpressionAttributeValues={
            f":v{i}": ({"N": str(v)} if isinstance(v, int) else {"S": str(v)})
            for i, v in enumerate(values.values())
        },
    )


class TestReplay:
    def test_create_replays_the_first_response_and_creates_once(
        self, api: Api, seller: str
    ) -> None:
        first = post(api, seller, PRODUCTS, LAMP, key="order-1042")
        again = post(api, seller, PRODUCTS, LAMP, key="order-1042")

        assert first.status == again.status == 201
        assert "idempotent-replayed" not in first.headers
        assert again.headers["idempotent-replayed"] == "true"
        # Byte for byte the first body, meta.request_id and timestamp included.
        assert again.raw == first.raw
        for header in ("etag", "location", "content-type"):
            assert again.headers[header] == first.headers[header]
        # X-Request-Id names this delivery; the body keeps the original request's id.
        assert again.headers["x-request-id"] != first.headers["x-request-id"]
        assert product_ids(api, seller) == [first.body["data"]["item"]["id"]]

    def test_header_name_is_case_insensitive(self, api: Api, seller: str) -> None:
        first = post(api, seller, PRODUCTS, LAMP, idempotency_key="k-1")
        again = post(api, seller, PRODUCTS, LAMP, IDEMPOTENCY_KEY="k-1")
        assert again.headers["idempotent-replayed"] == "true" and again.raw == first.raw
        assert len(product_ids(api, seller)) == 1

    def test_the_body_is_compared_as_json(self, api: Api, seller: str) -> None:
        first = post(api, seller, PRODUCTS, LAMP, key="k-json")
        respelled = (
            b'{ "attributes": {"color": "red"}, "inventory": 10.0,\n'
            b'  "price": 20.00, "name": "Lamp" }'
        )
        again = api.request(
            "POST",
            PRODUCTS,
            seller,
            raw_body=respelled,
            headers={"Content-Type": "application/json", "Idempotency-Key": "k-json"},
        )
        assert again.status == 201 and again.headers["idempotent-replayed"] == "true"
        assert again.raw == first.raw

    def test_batch_replays_and_creates_once(self, api: Api, seller: str) -> None:
        batch = [{**LAMP, "name": "Lamp 1"}, {**LAMP, "name": "Lamp 2"}]
        first = post(api, seller, BATCH, batch, key="upload-7")
        again = post(api, seller, BATCH, batch, key="upload-7")

        assert first.status == again.status == 201, first.body
        assert again.headers["idempotent-replayed"] == "true" and again.raw == first.raw
        assert sorted(product_ids(api, seller)) == sorted(first.body["data"]["product_ids"])

    def test_large_batch_responses_are_stored_and_replayed(self, api: Api, seller: str) -> None:
        batch = [{**LAMP, "name": f"Lamp {i}", "description": "d" * 2000} for i in range(100)]
        first = post(api, seller, BATCH, batch, key="big-upload")
        again = post(api, seller, BATCH, batch, key="big-upload")

        assert first.status == 201 and len(first.raw) > 200_000
        assert again.headers["idempotent-replayed"] == "true" and again.raw == first.raw
        assert len(product_ids(api, seller)) == 100

    def test_reserve_is_not_applied_twice(self, api: Api, keeper: str) -> None:
        product = new_product(api, keeper)
        body = {"operation": "reserve", "quantity": 3}
        first = post(api, keeper, inventory(product["id"]), body, key="reserve-1042")
        again = post(api, keeper, inventory(product["id"]), body, key="reserve-1042")

        assert first.status == again.status == 200, first.body
        assert again.headers["idempotent-replayed"] == "true" and again.raw == first.raw
        assert again.headers["etag"] == first.headers["etag"] == '"v2"'
        stored = fetch(api, keeper, product["id"])
        assert stored["inventory"] == {"available": 7, "reserved": 3, "total": 10}
        assert stored["version"] == 2

    def test_without_the_header_every_request_runs(self, api: Api, seller: str) -> None:
        first = post(api, seller, PRODUCTS, LAMP)
        again = post(api, seller, PRODUCTS, LAMP)
        assert first.status == again.status == 201
        assert "idempotent-replayed" not in again.headers
        assert first.body["data"]["item"]["id"] != again.body["data"]["item"]["id"]
        assert records() == []

    def test_the_record_is_kept_24_hours_and_names_nobody(self, api: Api, seller: str) -> None:
        post(api, seller, PRODUCTS, LAMP, key="order-1042")
        (record,) = records()
        assert record["status"] == "COMPLETED"
        assert abs(int(record["expiration"]) - (time.time() + EXPIRES_AFTER_SECONDS)) < 60
        # The id is a hash of the scoped key: no tenant, client or key in clear text.
        prefix, digest = record["id"].split("#")
        assert prefix == KEY_PREFIX and len(digest) == 64
        assert "order-1042" not in str(record) and "tenant-a" not in str(record["id"])


class TestReuse:
    def test_same_key_with_another_body_is_422(self, api: Api, seller: str) -> None:
        first = post(api, seller, PRODUCTS, LAMP, key="order-1042")
        other = post(api, seller, PRODUCTS, {**LAMP, "price": 21}, key="order-1042")

        assert other.status == 422
        assert error_code(other.body) == "idempotency_key_reused"
        assert "idempotent-replayed" not in other.headers
        assert product_ids(api, seller) == [first.body["data"]["item"]["id"]]
        # The first response is still what the key replays.
        again = post(api, seller, PRODUCTS, LAMP, key="order-1042")
        assert again.raw == first.raw

    def test_same_key_with_another_if_match_is_422(self, api: Api, keeper: str) -> None:
        product = new_product(api, keeper)
        body = {"operation": "reserve", "quantity": 1}
        path = inventory(product["id"])
        assert post(api, keeper, path, body, key="r-1", if_match='"v1"').status == 200
        other = post(api, keeper, path, body, key="r-1", if_match='"v2"')
        assert other.status == 422 and error_code(other.body) == "idempotency_key_reused"


class TestScope:
    @pytest.mark.parametrize(
        "other",
        [
            {"tenant_id": "tenant-a", "customer_id": "cust-1"},  # another client, same customer
            {"tenant_id": "tenant-b", "customer_id": "cust-1"},
            {"tenant_id": "tenant-a", "customer_id": "cust-1", "mode": "test"},
        ],
    )
    def test_other_callers_never_see_a_key(
        self, api: Api, seller: str, other: dict[str, Any]
    ) -> None:
        stranger = api.token_for(make_client(**other))
        mine = post(api, seller, PRODUCTS, LAMP, key="shared-key")
        theirs = post(api, stranger, PRODUCTS, LAMP, key="shared-key")

        assert mine.status == theirs.status == 201
        assert "idempotent-replayed" not in theirs.headers
        assert mine.body["data"]["item"]["id"] != theirs.body["data"]["item"]["id"]
        assert len(records()) == 2

    def test_routes_and_products_have_their_own_keys(self, api: Api, keeper: str) -> None:
        one, two = new_product(api, keeper), new_product(api, keeper)
        body = {"operation": "reserve", "quantity": 2}
        for product in (one, two):
            reply = post(api, keeper, inventory(product["id"]), body, key="same")
            assert reply.status == 200 and "idempotent-replayed" not in reply.headers
            assert fetch(api, keeper, product["id"])["inventory"]["reserved"] == 2
        created = post(api, keeper, PRODUCTS, LAMP, key="same")
        batch = post(api, keeper, BATCH, [LAMP], key="same")
        assert created.status == batch.status == 201
        assert "idempotent-replayed" not in batch.headers
        assert len(records()) == 4


class TestFailuresAreNotStored:
    def test_a_4xx_runs_again_once_the_problem_is_fixed(self, api: Api, keeper: str) -> None:
        product = new_product(api, keeper)
        path, body = inventory(product["id"]), {"operation": "reserve", "quantity": 15}

        refused = post(api, keeper, path, body, key="reserve-15")
        assert refused.status == 400 and error_code(refused.body) == "inventory_error"
        assert records() == []

        assert post(api, keeper, path, {"operation": "adjust", "quantity": 5}).status == 200
        retried = post(api, keeper, path, body, key="reserve-15")
        assert retried.status == 200 and "idempotent-replayed" not in retried.headers
        assert retried.body["data"]["item"]["inventory"]["reserved"] == 15

    def test_an_invalid_body_leaves_the_key_free(self, api: Api, seller: str) -> None:
        invalid = post(api, seller, PRODUCTS, {**LAMP, "price": -1}, key="k")
        assert invalid.status == 400 and error_code(invalid.body) == "validation_error"
        fixed = post(api, seller, PRODUCTS, LAMP, key="k")
        assert fixed.status == 201 and "idempotent-replayed" not in fixed.headers

    def test_a_503_runs_again(self, api: Api, seller: str, monkeypatch: pytest.MonkeyPatch) -> None:
        real = service.create_product
        calls: list[int] = []

        def throttled_once(*args: Any, **kwargs: Any) -> Any:
            calls.append(1)
            if len(calls) == 1:
                error = {"Error": {"Code": "ThrottlingException", "Message": "slow down"}}
                raise ClientError(error, "TransactWriteItems")  # type: ignore[arg-type]
            return real(*args, **kwargs)

        monkeypatch.setattr(service, "create_product", throttled_once)
        unavailable = post(api, seller, PRODUCTS, LAMP, key="k-503")
        assert unavailable.status == 503 and unavailable.headers["retry-after"] == "1"
        assert records() == []

        retried = post(api, seller, PRODUCTS, LAMP, key="k-503")
        assert retried.status == 201 and "idempotent-replayed" not in retried.headers
        assert len(calls) == 2 and len(product_ids(api, seller)) == 1


def refuse(monkeypatch: pytest.MonkeyPatch, method: str) -> None:
    """Makes one operation of the idempotency store fail as a throttled DynamoDB would."""

    def fail(self: IdempotencyRecords, data_record: Any) -> None:
        error = {"Error": {"Code": "ThrottlingException", "Message": "slow down"}}
        raise ClientError(error, method)  # type: ignore[arg-type]

    monkeypatch.setattr(IdempotencyRecords, method, fail)


class TestStoreFailures:
    def test_a_store_outage_before_the_work_is_503(
        self, api: Api, seller: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        refuse(monkeypatch, "_put_record")
        reply = post(api, seller, BATCH, [LAMP], key="k")
        assert reply.status == 503 and reply.headers["retry-after"] == "1"
        assert product_ids(api, seller) == []

    def test_the_caller_gets_the_result_when_the_record_cannot_be_completed(
        self, api: Api, seller: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A batch's record is completed after its writes (a single create's and a stock
        operation's are put by their transaction: TestTheRecordPutByTheWrite)."""
        refuse(monkeypatch, "_update_record")
        reply = post(api, seller, BATCH, [LAMP], key="k")
        assert reply.status == 201, reply.body
        # The record stays in progress until the invocation's deadline: no second run.
        assert post(api, seller, BATCH, [LAMP], key="k").status == 409
        assert len(product_ids(api, seller)) == 1

    def test_the_caller_gets_the_error_when_the_record_cannot_be_deleted(
        self, api: Api, seller: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        refuse(monkeypatch, "_delete_record")
        unknown = {**LAMP, "category_id": f"cat_{'0' * 24}"}
        reply = post(api, seller, BATCH, [unknown], key="k")
        assert reply.status == 400 and error_code(reply.body) == "invalid_category_id"


class TestLifetime:
    def test_an_expired_record_runs_again(self, api: Api, seller: str) -> None:
        first = post(api, seller, PRODUCTS, LAMP, key="old")
        edit_only_record(expiration=int(time.time()) - 1)  # 24 h went by; TTL not run yet
        expire_write_seeds()  # they expire no later than the record

        again = post(api, seller, PRODUCTS, LAMP, key="old")
        assert again.status == 201 and "idempotent-replayed" not in again.headers
        assert again.body["data"]["item"]["id"] != first.body["data"]["item"]["id"]
        (record,) = records()
        assert int(record["expiration"]) > time.time() + EXPIRES_AFTER_SECONDS - 60

    def test_a_stock_operation_whose_key_expired_is_applied_again(
        self, api: Api, keeper: str
    ) -> None:
        """Its receipt expires with the record: after 24 h the key is a new request, and the
        receipt left by the first one does not cancel it."""
        product = new_product(api, keeper)
        body = {"operation": "reserve", "quantity": 2}
        assert post(api, keeper, inventory(product["id"]), body, key="old").status == 200
        edit_only_record(expiration=int(time.time()) - 1)
        expire_write_seeds()

        again = post(api, keeper, inventory(product["id"]), body, key="old")

        assert again.status == 200 and "idempotent-replayed" not in again.headers
        assert again.body["data"]["item"]["inventory"]["reserved"] == 4

    def test_a_request_in_progress_is_409(self, api: Api, seller: str) -> None:
        post(api, seller, PRODUCTS, LAMP, key="busy")
        in_a_minute = int((time.time() + 60) * 1000)
        edit_only_record(status="INPROGRESS", in_progress_expiration=in_a_minute, data="")

        busy = post(api, seller, PRODUCTS, LAMP, key="busy")
        assert busy.status == 409 and error_code(busy.body) == "conflict"
        assert busy.headers["retry-after"] == "1"
        assert len(product_ids(api, seller)) == 1

    def test_a_timed_out_request_frees_its_key(
        self, api: Api, seller: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A batch that died before its write leaves its record in progress; once its
        invocation's time is up, the retry runs: one product. (A create or stock operation
        puts no record before its write: TestTheRecordPutByTheWrite.)"""
        with monkeypatch.context() as patch:
            patch.setattr(repository, "execute", _die)
            with pytest.raises(_Died):
                post(api, seller, BATCH, [LAMP], key="crashed")
        (record,) = records()
        assert record["status"] == "INPROGRESS"
        assert post(api, seller, BATCH, [LAMP], key="crashed").status == 409
        edit_only_record(in_progress_expiration=int((time.time() - 1) * 1000))

        again = post(api, seller, BATCH, [LAMP], key="crashed")
        assert again.status == 201 and "idempotent-replayed" not in again.headers
        assert product_ids(api, seller) == again.body["data"]["product_ids"]


class _Died(BaseException):
    """The Lambda instance dies: nothing catches it (powertools deletes no record)."""


def _die(*args: Any, **kwargs: Any) -> None:
    raise _Died()


class TestKeyFormat:
    @pytest.mark.parametrize(
        "key", ["", " ", "x" * 256, "clé-unique", "tab\there", " padded", "line\x7f"]
    )
    def test_an_invalid_key_is_400(self, api: Api, seller: str, key: str) -> None:
        reply = post(api, seller, PRODUCTS, LAMP, key=key)
        assert reply.status == 400 and error_code(reply.body) == "validation_error"
        assert reply.body["error"]["details"][0]["field"] == "Idempotency-Key"
        assert product_ids(api, seller) == []

    @pytest.mark.parametrize("key", ["x" * 255, "a", "7f1c2a9e-reserve order #1042"])
    def test_valid_keys(self, api: Api, seller: str, key: str) -> None:
        assert post(api, seller, PRODUCTS, LAMP, key=key).status == 201

    def test_two_different_keys_in_one_request_are_400(self, api: Api, seller: str) -> None:
        reply = api.gateway.handle(
            "POST",
            PRODUCTS,
            [
                ("Authorization", f"Bearer {seller}"),
                ("Content-Type", "application/json"),
                ("Idempotency-Key", "one"),
                ("Idempotency-Key", "two"),
            ],
            b'{"name": "Lamp", "price": 20}',
        )
        assert reply.status == 400
        assert b'"field":"Idempotency-Key"' in reply.body


class TestRecordsArePowertoolsOwn:
    """common/storage/idempotency_records.py replaces powertools' DynamoDB store (which imports
    boto3) on the same table: records written by either are read by the other, so a deployment
    that swaps one for the other replays, refuses and locks the same keys."""

    @pytest.fixture
    def stores(self) -> tuple[BasePersistenceLayer, BasePersistenceLayer]:
        table = get_settings().idempotency_table
        assert table
        theirs = DynamoDBPersistenceLayer(table_name=table, boto3_client=dynamodb_client())
        ours = IdempotencyRecords(table, dynamodb_client())
        config = IdempotencyConfig(event_key_jmespath="key", payload_validation_jmespath="body")
        for store in (theirs, ours):
            store.configure(config, key_prefix=KEY_PREFIX)
        return theirs, ours

    @pytest.mark.parametrize("writer", [0, 1], ids=["powertools writes", "ours writes"])
    def test_each_reads_the_others_records(
        self, stores: tuple[BasePersistenceLayer, BasePersistenceLayer], writer: int
    ) -> None:
        # Given a request completed through one store, and another still in progress
        written, reader = stores[writer], stores[1 - writer]
        done = {"key": "done", "body": {"quantity": 2}}
        running = {"key": "running", "body": {"quantity": 3}}
        written.save_inprogress(data=done, remaining_time_in_millis=30_000)
        written.save_success(data=done, result={"status_code": 201})
        written.save_inprogress(data=running, remaining_time_in_millis=30_000)

        # When the other store meets them
        record = reader.get_record(data=done)
        with pytest.raises(IdempotencyItemAlreadyExistsError) as locked:
            reader.save_inprogress(data=running, remaining_time_in_millis=30_000)
        with pytest.raises(IdempotencyValidationError):
            reader.save_inprogress(
                data={**done, "body": {"quantity": 5}}, remaining_time_in_millis=30_000
            )

        # Then it replays the first, finds the second locked and refuses the key's reuse
        assert record is not None and record.status == "COMPLETED"
        assert record.response_json_as_dict() == {"status_code": 201}
        stored = locked.value.old_data_record
        assert stored is not None and stored.status == "INPROGRESS"
        assert stored.in_progress_expiry_timestamp is not None

    def test_both_write_the_same_item(
        self, stores: tuple[BasePersistenceLayer, BasePersistenceLayer]
    ) -> None:
        # Given the same request recorded by each store under its own key
        for store, key in zip(stores, ("theirs", "ours"), strict=True):
            data = {"key": key, "body": {"quantity": 1}}
            store.save_inprogress(data=data, remaining_time_in_millis=30_000)
            store.save_success(data=data, result={"status_code": 200})

        # Then the two items hold the same attributes, and the same values but for the key
        # and the clock (the expiries are seconds and milliseconds from now)
        theirs, ours = records()
        assert theirs.keys() == ours.keys()
        clock = {"id", "expiration", "in_progress_expiration"}
        assert {name: theirs[name] for name in theirs.keys() - clock} == {
            name: ours[name] for name in ours.keys() - clock
        }
        assert abs(theirs["expiration"] - ours["expiration"]) <= 1


class TestAKeyedStockOperation:
    """A keyed stock operation makes the calls of one without a key: its product's read, then
    its transaction, which puts its record (storage/keyed_writes.py completing_record)."""

    def test_a_write_between_the_read_and_the_transaction_is_not_lost(
        self, api: Api, keeper: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Given a keyed reservation whose product is reserved by another request between the
        # reservation's read and its transaction
        product = new_product(api, keeper)
        settings = get_settings()
        other = Principal(
            tenant_id="tenant-a",
            client_id="another-client",
            customer_id="cust-1",
            scopes=frozenset({"inventory:write"}),
            mode="live",
        )
        done: list[Any] = []

        def call(operation: str, params: dict[str, Any]) -> None:
            table = params.get("TableName")
            if operation == "GetItem" and table == settings.products_table and not done:
                done.append(None)
                two = StockOperation(operation="reserve", quantity=2)
                # another request: its own thread, so none of this one's context
                with ThreadPoolExecutor(max_workers=1) as elsewhere:
                    reserved = elsewhere.submit(
                        apply_stock_operation, other, product["id"], two, None
                    )
                    done[0] = reserved.result()

        record_calls(monkeypatch, on_call=call)
        # When the keyed reservation goes on from the product as it read it
        body = {"operation": "reserve", "quantity": 3}
        reply = post(api, keeper, inventory(product["id"]), body, key="between")
        # Then both reservations hold: the keyed one was computed again from the newer product
        assert done[0].version == 2 and reply.status == 200, reply.body
        assert reply.body["data"]["item"]["version"] == 3
        stored = fetch(api, keeper, product["id"])
        assert stored["inventory"] == {"available": 5, "reserved": 5, "total": 10}
        assert stored["version"] == 3

    @pytest.mark.parametrize("since", ["version moved", "stock gone", "product deleted"])
    def test_a_retry_replays_what_the_operation_would_now_refuse(
        self, api: Api, keeper: str, since: str
    ) -> None:
        """The first attempt's own write (or a later one) makes the route fail on a retry
        (its If-Match is now stale, the units are reserved, the product is gone): the retry
        must still be answered with the first response, not the route's error."""
        # Given a keyed reservation of the last units, at the version the caller saw
        product = new_product(api, keeper, inventory=3)
        body = {"operation": "reserve", "quantity": 3}
        path = inventory(product["id"])
        seen = {"if_match": '"v1"'} if since == "version moved" else {}
        first = post(api, keeper, path, body, key="lost-answer", **seen)
        assert first.status == 200, first.body
        # and whatever happened since
        if since == "product deleted":
            gone = api.request("DELETE", f"{PRODUCTS}/{product['id']}", keeper)
            assert gone.status == 200, gone.body
        # When the caller retries it, its answer lost
        again = post(api, keeper, path, body, key="lost-answer", **seen)
        # Then it gets the first answer, and nothing more was reserved
        assert again.status == 200 and again.headers["idempotent-replayed"] == "true"
        assert again.raw == first.raw

    def test_a_refusal_reads_the_record_once_and_leaves_the_key_free(
        self, api: Api, keeper: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        product = new_product(api, keeper, inventory=3)
        table = get_settings().idempotency_table
        calls = record_calls(monkeypatch)
        # When a keyed reservation asks for more than there is, under a key never used
        too_many = post(api, keeper, inventory(product["id"]), RESERVE | {"quantity": 4}, "k")
        # Then it is refused after one read of its record (absent), and writes none
        assert too_many.status == 400 and error_code(too_many.body) == "inventory_error"
        assert [op for op, params in calls if params.get("TableName") == table] == ["GetItem"]
        assert records() == []

    def test_a_request_in_progress_is_409_and_changes_nothing(self, api: Api, keeper: str) -> None:
        product = new_product(api, keeper)
        body = {"operation": "reserve", "quantity": 3}
        post(api, keeper, inventory(product["id"]), body, key="busy-stock")
        in_a_minute = int((time.time() + 60) * 1000)
        edit_only_record(status="INPROGRESS", in_progress_expiration=in_a_minute, data="")

        busy = post(api, keeper, inventory(product["id"]), body, key="busy-stock")

        assert busy.status == 409 and error_code(busy.body) == "conflict"
        assert fetch(api, keeper, product["id"])["inventory"]["reserved"] == 3


RESERVE = {"operation": "reserve", "quantity": 3}


class KeyedWrite:
    """A request whose one transaction puts its record: a reservation or a create."""

    def __init__(self, api: Api, token: str, kind: str) -> None:
        self.api, self.token, self.kind = api, token, kind
        # The repository function that makes the request's transaction.
        self.writer = "write_stock" if kind == "reserve" else "insert"
        self.product = new_product(api, token) if kind == "reserve" else None

    def send(self, key: str, other_body: bool = False) -> Reply:
        if self.product is None:
            body = {**LAMP, "name": "Another lamp"} if other_body else LAMP
            return post(self.api, self.token, PRODUCTS, body, key=key)
        body = {**RESERVE, "quantity": 4} if other_body else RESERVE
        return post(self.api, self.token, inventory(self.product["id"]), body, key=key)

    def assert_applied_once(self, reply: Reply) -> None:
        """The reply names the one write made: 3 units reserved once, or the one product."""
        item = reply.body["data"]["item"]
        if self.product is None:
            assert product_ids(self.api, self.token) == [item["id"]]
            return
        assert item["inventory"]["reserved"] == 3
        stored = fetch(self.api, self.token, self.product["id"])
        assert stored["inventory"]["reserved"] == 3 and stored["version"] == 2


class TestTheRecordPutByTheWrite:
    """A keyed stock operation's or create's transaction puts the request's record, completed
    with the response (storage/keyed_writes.py completing_record), on powertools' own
    condition: no record call of its own, before or after, and whatever happens around the
    write, it is applied once and answered the same."""

    @pytest.fixture(params=["reserve", "create"])
    def write(self, request: pytest.FixtureRequest, api: Api, keeper: str) -> KeyedWrite:
        return KeyedWrite(api, keeper, request.param)

    def test_the_record_is_put_in_the_transaction(
        self, write: KeyedWrite, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        table = get_settings().idempotency_table
        calls = record_calls(monkeypatch)

        reply = write.send("in-write")

        assert reply.status in (200, 201), reply.body
        # No call to the record's table but the transaction; a create reads nothing first (no
        # write seed, no product), a reservation its product
        assert [op for op, params in calls if params.get("TableName") == table] == []
        products = get_settings().products_table
        reads = [op for op, params in calls if params.get("TableName") == products]
        assert reads == (["GetItem"] if write.kind == "reserve" else [])
        (transaction,) = [params for op, params in calls if op == "TransactWriteItems"]
        put = transaction["TransactItems"][0]["Put"]
        assert put["TableName"] == table
        assert put["ConditionExpression"].startswith("attribute_not_exists(#id) OR")
        # The record holds the response as sent, for 24 hours, and the request's hash
        (record,) = records()
        assert record["status"] == "COMPLETED" and len(record["validation"]) == 64
        assert json.loads(record["data"])["body"] == reply.raw.decode()
        assert abs(int(record["expiration"]) - (time.time() + EXPIRES_AFTER_SECONDS)) < 60
        again = write.send("in-write")
        assert again.headers["idempotent-replayed"] == "true" and again.raw == reply.raw
        write.assert_applied_once(again)

    def test_the_same_key_with_another_body_is_422_and_writes_nothing(
        self, write: KeyedWrite
    ) -> None:
        first = write.send("reused")
        # When the key comes again with another request: its transaction is cancelled on the
        # record, and powertools compares the requests
        other = write.send("reused", other_body=True)
        assert other.status == 422 and error_code(other.body) == "idempotency_key_reused"
        write.assert_applied_once(first)

    def test_an_attempt_that_finds_the_key_taken_answers_from_the_record(
        self, write: KeyedWrite, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """No record is in progress while an attempt runs, so a duplicate sent meanwhile is
        not told 409: both run, and the one whose transaction comes second is cancelled on
        the record the other put, and replays that one's answer."""
        # Given another attempt of the same request that put its record first
        table = get_settings().idempotency_table
        taken: list[str] = []

        def call(operation: str, params: dict[str, Any]) -> None:
            if operation == "TransactWriteItems" and not taken:
                item = dict(params["TransactItems"][0]["Put"]["Item"])
                stored = {**json.loads(item["data"]["S"]), "body": '{"first":"attempt"}'}
                item["data"] = {"S": json.dumps(stored)}
                taken.append(item["id"]["S"])
                dynamodb_client().put_item(TableName=str(table), Item=item)

        record_calls(monkeypatch, on_call=call)
        # When this attempt's transaction comes
        reply = write.send("twice")
        # Then it wrote nothing, and answers with the other attempt's response
        assert taken and reply.headers["idempotent-replayed"] == "true"
        assert reply.raw == b'{"first":"attempt"}'
        if write.product is None:
            assert product_ids(write.api, write.token) == []
        else:
            assert fetch(write.api, write.token, write.product["id"])["version"] == 1

    def test_a_key_freed_before_the_put_runs_again_and_writes_once(
        self, write: KeyedWrite, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """After KeyTaken the request puts its record first; when that put finds no record
        (it expired meanwhile), the route runs again, and its transaction completes the
        record it put in progress."""
        # Given a record that is in the way of the transaction, and gone by the put
        table = str(get_settings().idempotency_table)
        steps: list[str] = []

        def call(operation: str, params: dict[str, Any]) -> None:
            if operation == "TransactWriteItems" and not steps:
                item = {**params["TransactItems"][0]["Put"]["Item"], "data": {"S": "{}"}}
                dynamodb_client().put_item(TableName=table, Item=item)
                steps.append(item["id"]["S"])
            elif operation == "PutItem" and params.get("TableName") == table and len(steps) == 1:
                steps.append("put")
                dynamodb_client().delete_item(TableName=table, Key={"id": {"S": steps[0]}})

        calls = record_calls(monkeypatch, on_call=call)
        # When the request runs
        reply = write.send("freed-meanwhile")
        # Then its second transaction completed the record it put, and the write is made once
        assert reply.status in (200, 201) and "idempotent-replayed" not in reply.headers
        transactions = [params for op, params in calls if op == "TransactWriteItems"]
        assert [list(t["TransactItems"][0]) for t in transactions] == [["Put"], ["Update"]]
        (record,) = records()
        assert record["status"] == "COMPLETED"
        assert json.loads(record["data"])["body"] == reply.raw.decode()
        write.assert_applied_once(reply)

    def test_a_death_before_the_write_leaves_the_key_free(
        self, write: KeyedWrite, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An invocation that dies (powertools deletes nothing) before its transaction has
        put no record: the retry runs at once, where a record put in progress would answer
        409 until the invocation's time ran out."""
        with monkeypatch.context() as patch:
            patch.setattr(repository, write.writer, _die)
            with pytest.raises(_Died):
                write.send("died")
        assert records() == []

        retried = write.send("died")
        assert retried.status in (200, 201) and "idempotent-replayed" not in retried.headers
        write.assert_applied_once(retried)

    def test_a_transaction_sent_again_after_its_answer_was_lost_applies_once(
        self, write: KeyedWrite, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Given a transaction that committed and is sent again (its answer lost on the way)
        resent: list[BaseException] = []

        def execute_twice(ops: Any) -> None:
            real_execute(ops)
            try:
                real_execute(ops)
            except KeyTaken as cancelled:
                resent.append(cancelled)
                raise

        real_execute = repository.execute
        monkeypatch.setattr(repository, "execute", execute_twice)
        # When the second one is cancelled on the record the first one put
        reply = write.send("resent")
        # Then the caller gets what the first one wrote (from the record), written once
        assert len(resent) == 1
        assert reply.status in (200, 201), reply.body
        assert json.loads(records()[0]["data"])["body"] == reply.raw.decode()
        write.assert_applied_once(reply)

    def test_a_failure_after_the_write_keeps_the_record(
        self, write: KeyedWrite, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Given a request that fails after its transaction committed
        real_write = getattr(repository, write.writer)

        def write_then_fail(*args: Any) -> None:
            real_write(*args)
            raise RuntimeError("after the write")

        with monkeypatch.context() as patch:
            patch.setattr(repository, write.writer, write_then_fail)
            assert write.send("kept").status == 500
        # When the client retries with the same key
        retried = write.send("kept")
        # Then the record the write completed answers it: applied once, not again
        assert retried.status in (200, 201) and retried.headers["idempotent-replayed"] == "true"
        write.assert_applied_once(retried)

    def test_a_failure_before_the_write_frees_the_key(
        self, write: KeyedWrite, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def fail(*args: Any) -> None:
            raise RuntimeError("before the write")

        with monkeypatch.context() as patch:
            patch.setattr(repository, write.writer, fail)
            assert write.send("freed").status == 500
        assert records() == []

        retried = write.send("freed")
        assert retried.status in (200, 201) and "idempotent-replayed" not in retried.headers
        write.assert_applied_once(retried)
