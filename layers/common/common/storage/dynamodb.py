"""The DynamoDB client and item (de)serialization shared by the repositories.

The client is botocore's, as boto3 would make it, without importing boto3
(common/aws_clients.py), with storage/dynamodb_wire.py's parser, validator and serializer,
which pass plain attribute values through rather than rebuilding each one. Values are read
and written as boto3's TypeSerializer/TypeDeserializer do; boto3's own are imported only for
the types no item of ours holds (sets, binary).
"""

from collections.abc import Mapping
from decimal import Clamped, Context, Decimal, Inexact, Overflow, Rounded, Underflow
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from botocore.config import Config
from botocore.exceptions import ClientError

from common.aws_clients import STANDARD_RETRIES, new_client
from common.storage import dynamodb_wire
from common.storage.write_gate import hold_writes

if TYPE_CHECKING:
    from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
    from mypy_boto3_dynamodb import DynamoDBClient

# DynamoDB answers in milliseconds: a call that hangs is retried well inside the function's time.
CLIENT_CONFIG = STANDARD_RETRIES.merge(Config(connect_timeout=2, read_timeout=5))
# boto3.dynamodb.types.DYNAMODB_CONTEXT: DynamoDB's numbers, exact or refused.
DYNAMODB_CONTEXT = Context(
    Emin=-128, Emax=126, prec=38, traps=[Clamped, Overflow, Inexact, Rounded, Underflow]
)


@lru_cache(maxsize=1)
def dynamodb_client() -> "DynamoDBClient":
    """Created on first use, not at import; AWS_ENDPOINT_URL_DYNAMODB points it elsewhere."""
    client = cast("DynamoDBClient", new_client("dynamodb", CLIENT_CONFIG))
    dynamodb_wire.install(client)
    client.meta.events.register("before-call.dynamodb", hold_writes)
    return client


def to_item(values: dict[str, Any]) -> dict[str, Any]:
    """Python values -> DynamoDB attribute values; None values are left out."""
    return {key: to_value(value) for key, value in values.items() if value is not None}


def from_item(item: dict[str, Any]) -> dict[str, Any]:
    return {key: from_value(value) for key, value in item.items()}


_create_decimal = DYNAMODB_CONTEXT.create_decimal


def from_value(value: Mapping[str, Any]) -> Any:  # noqa: PLR0911 - a return per type
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
        return {key: from_value(member) for key, member in value["M"].items()}
    if "L" in value:
        return [from_value(member) for member in value["L"]]
    if "BOOL" in value:
        return value["BOOL"]
    if "NULL" in value:  # to_item leaves None out; other writers may not
        return None
    return _boto3_types()[1].deserialize(value)  # type: ignore[arg-type]


def to_value(value: Any) -> Any:  # noqa: PLR0911 - a return per type
    """TypeSerializer.serialize, with the types items hold most first: boto3's tries each type's
    test in turn for every value (a described product's item: 128 µs, 5 times this).
    Sets, binary and what boto3 refuses (floats) are left to boto3.
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
    if kind is bool:
        return {"BOOL": value}
    if value is None:
        return {"NULL": True}
    return _boto3_types()[0].serialize(value)


@lru_cache(maxsize=1)
def _boto3_types() -> tuple["TypeSerializer", "TypeDeserializer"]:
    """boto3's own, for sets and binary values (and its refusals): imported only then."""
    from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

    return TypeSerializer(), TypeDeserializer()


def is_condition_failure(error: Exception) -> bool:
    return (
        isinstance(error, ClientError)
        and error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"
    )
