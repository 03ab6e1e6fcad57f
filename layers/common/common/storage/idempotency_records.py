"""powertools' idempotency records (common/idempotency.py), on the shared botocore client.

powertools' own `DynamoDBPersistenceLayer` imports boto3 at its module's top: boto3's session,
s3transfer and multiprocessing, ~55 ms of the cold start of every function with an
Idempotency-Key route, for a client this project makes without boto3 (common/storage/
dynamodb.py). This is the same store on `BasePersistenceLayer`, powertools' extension point
for a store of one's own: the same attributes (powertools' defaults: `id`, `expiration`,
`in_progress_expiration`, `status`, `data`, `validation`), the same conditions and the same
exceptions, so powertools' handler runs unchanged on it. tests/component/test_idempotency.py
checks its records against powertools' own layer, on one table.

A keyed create or stock operation puts its record in its own transaction, claiming the key
(common/idempotency.py `_claiming_key`, storage/keyed_writes.py `completing_record`): its
first attempt does not come here, but for `record_of`, the record's id and payload hash as
powertools makes them. When that attempt finds the key taken, powertools runs with this store
as for any route, and it differs in two ways:
- powertools' update of the record is left out when the write completed it, in its
  transaction, with the very response the route returned;
- a failing request's delete spares a record that is no longer in progress: its write is
  done, and a retry must get its response rather than do it again.

Its writes are not held by the write gate (common/storage/write_gate.py): the in-progress
record is a keyed request's first write, and held it would put the rate-limit count's round
trip before everything else instead of beside the route's first read. The route's own writes
are still held; a refused request's record is deleted as any failed request's is
(docs/decisions.md#rate-limits).
"""

import time
from typing import TYPE_CHECKING, Any, cast

from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyItemAlreadyExistsError,
    IdempotencyItemNotFoundError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import (
    STATUS_CONSTANTS,
    DataRecord,
)
from botocore.exceptions import ClientError

from common.storage.dynamodb import from_item, is_condition_failure
from common.storage.keyed_writes import (
    RECORD_NAMES,
    WRITABLE,
    record_put_in_progress,
    recorded_by_write,
    writable_values,
)
from common.storage.write_gate import unheld

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


class IdempotencyRecords(BasePersistenceLayer):
    def __init__(self, table_name: str, client: "DynamoDBClient") -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.table_name = table_name
        self.client = client

    def record_of(self, data: dict[str, Any]) -> tuple[str, str]:
        """The id and payload hash powertools gives the record of `data` (configured)."""
        record_id = self._get_hashed_idempotency_key(data)
        if record_id is None:  # raise_on_no_idempotency_key raises first
            raise ValueError("No idempotency key in the data")
        return record_id, self._get_hashed_payload(data)

    def holds(self, record_id: str) -> bool:
        """Whether the record exists (one consistent read): after a keyed write's route
        refused, whether an earlier attempt of the key wrote (common/idempotency.py)."""
        try:
            self._get_record(record_id)
        except IdempotencyItemNotFoundError:
            return False
        return True

    def _get_record(self, idempotency_key: str) -> DataRecord:
        answer = self.client.get_item(
            TableName=self.table_name, Key=_key(idempotency_key), ConsistentRead=True
        )
        if "Item" not in answer:
            raise IdempotencyItemNotFoundError
        return _data_record(answer["Item"])

    def _put_record(self, data_record: DataRecord) -> None:
        validation = data_record.payload_hash if self.payload_validation_enabled else ""
        item: dict[str, Any] = {
            **_key(data_record.idempotency_key),
            "expiration": {"N": str(data_record.expiry_timestamp)},
            "status": {"S": data_record.status},
        }
        if data_record.in_progress_expiry_timestamp is not None:
            item["in_progress_expiration"] = {"N": str(data_record.in_progress_expiry_timestamp)}
        if validation:
            item["validation"] = {"S": validation}
        try:
            with unheld():
                self.client.put_item(
                    TableName=self.table_name,
                    Item=item,
                    ConditionExpression=WRITABLE,
                    ExpressionAttributeNames=RECORD_NAMES,
                    ExpressionAttributeValues=writable_values(time.time()),
                    # The record in the way comes back with the refusal: no second read.
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                )
        except ClientError as error:
            if not is_condition_failure(error):
                raise
            existing = cast("dict[str, Any] | None", error.response.get("Item"))
            if existing is None:
                raise IdempotencyItemAlreadyExistsError() from error
            stored = _data_record(existing)
            # Same key, other request: IdempotencyValidationError, as powertools' layer raises.
            self._validate_payload(data_payload=data_record, stored_data_record=stored)
            self._save_to_cache(data_record=stored)
            raise IdempotencyItemAlreadyExistsError(old_data_record=stored) from error
        record_put_in_progress(data_record.idempotency_key)

    def _update_record(self, data_record: DataRecord) -> None:
        if recorded_by_write(data_record.idempotency_key, data_record.response_data):
            return  # completed in the write's own transaction (storage/keyed_writes.py)
        names = {"#data": "data", "#expiry": "expiration", "#status": "status"}
        values: dict[str, Any] = {
            ":data": {"S": data_record.response_data},
            ":expiry": {"N": str(data_record.expiry_timestamp)},
            ":status": {"S": data_record.status},
        }
        update = "SET #data = :data, #expiry = :expiry, #status = :status"
        if self.payload_validation_enabled:
            update += ", #validation = :validation"
            names["#validation"] = "validation"
            values[":validation"] = {"S": data_record.payload_hash}
        with unheld():
            self.client.update_item(
                TableName=self.table_name,
                Key=_key(data_record.idempotency_key),
                UpdateExpression=update,
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
            )

    def _delete_record(self, data_record: DataRecord) -> None:
        try:
            with unheld():
                self.client.delete_item(
                    TableName=self.table_name,
                    Key=_key(data_record.idempotency_key),
                    ConditionExpression="#status = :in_progress",
                    ExpressionAttributeNames={"#status": "status"},
                    ExpressionAttributeValues={
                        ":in_progress": {"S": STATUS_CONSTANTS["INPROGRESS"]}
                    },
                )
        except ClientError as error:
            if not is_condition_failure(error):
                raise


def _key(idempotency_key: str) -> dict[str, Any]:
    return {"id": {"S": idempotency_key}}


def _data_record(item: dict[str, Any]) -> DataRecord:
    values = from_item(item)
    in_progress_expiry = values.get("in_progress_expiration")
    return DataRecord(
        idempotency_key=values["id"],
        status=values["status"],
        expiry_timestamp=int(values["expiration"]),
        in_progress_expiry_timestamp=(
            int(in_progress_expiry) if in_progress_expiry is not None else None
        ),
        response_data=values.get("data", ""),
        payload_hash=values.get("validation", ""),
    )
