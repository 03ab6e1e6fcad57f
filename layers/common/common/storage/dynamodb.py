"""The DynamoDB client and item (de)serialization shared by the repositories."""

from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import boto3
from boto3.dynamodb.types import DYNAMODB_CONTEXT, TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import ClientError

from common.observability import trace_aws_calls
from common.storage.write_gate import hold_writes

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

# boto3's own "standard" retry mode: exponential backoff with jitter on throttling and 5xx.
_CLIENT_CONFIG = Config(
    retries={"mode": "standard", "max_attempts": 4},
    connect_timeout=2,
    read_timeout=5,
)
_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


@lru_cache(maxsize=1)
def dynamodb_client() -> "DynamoDBClient":
    """Created on first use, not at import; AWS_ENDPOINT_URL_DYNAMODB points it elsewhere."""
    trace_aws_calls()
    client = boto3.client("dynamodb", config=_CLIENT_CONFIG)
    client.meta.events.register("before-call.dynamodb", hold_writes)
    return client


def to_item(values: dict[str, Any]) -> dict[str, Any]:
    """Python values -> DynamoDB attribute values; None values are left out."""
    return {key: to_value(value) for key, value in values.items() if value is not None}


def from_item(item: dict[str, Any]) -> dict[str, Any]:
    return {key: _from_value(value) for key, value in item.items()}


_create_decimal = DYNAMODB_CONTEXT.create_decimal


def _from_value(value: dict[str, Any]) -> Any:
    """TypeDeserializer.deserialize, with the types items hold most first: boto3's looks its
    method up by name for every value, a fifth of a product read's own time (most of it in
    free-form attributes). A key test per type is cheaper than unpacking the one-key value
    (a described product's item: 11 -> 6 µs). tests/pure/test_dynamodb_values.py checks they
    agree."""
    if "S" in value:
        return value["S"]
    if "N" in value:
        return _create_decimal(value["N"])
    if "M" in value:
        return {key: _from_value(member) for key, member in value["M"].items()}
    if "L" in value:
        return [_from_value(member) for member in value["L"]]
    if "BOOL" in value:
        return value["BOOL"]
    # Null (to_item leaves None out), sets, binary: boto3's
    return _deserializer.deserialize(value)  # type: ignore[arg-type]


def to_value(value: Any) -> Any:
    """TypeSerializer.serialize, with the types items hold most first: boto3's tries each type's
    test in turn for every value (a described product's item: 128 µs, 5 times this).
    Null, bool, sets, binary and what boto3 refuses (floats) are left to boto3.
    tests/pure/test_dynamodb_values.py checks they agree."""
    kind = type(value)
    if kind is str:
        return {"S": value}
    if kind is dict:
        return {"M": {key: to_value(member) for key, member in value.items()}}
    if kind is list:
        return {"L": [to_value(member) for member in value]}
    if kind is int or kind is Decimal:  # as boto3's _serialize_n: 38 digits at most
        number = str(_create_decimal(value))
        if number in ("Infinity", "NaN"):
            raise TypeError("Infinity and NaN not supported")
        return {"N": number}
    return _serializer.serialize(value)  # null and bool are boto3's first two tests


def is_condition_failure(error: Exception) -> bool:
    return (
        isinstance(error, ClientError)
        and error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"
    )
