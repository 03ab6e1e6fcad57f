"""The DynamoDB client and item (de)serialization shared by the repositories."""

from functools import lru_cache
from typing import TYPE_CHECKING, Any

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import ClientError

from common.observability import trace_aws_calls

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
    return boto3.client("dynamodb", config=_CLIENT_CONFIG)


def to_item(values: dict[str, Any]) -> dict[str, Any]:
    """Python values -> DynamoDB attribute values; None values are left out."""
    return {key: _serializer.serialize(value) for key, value in values.items() if value is not None}


def from_item(item: dict[str, Any]) -> dict[str, Any]:
    return {key: _deserializer.deserialize(value) for key, value in item.items()}


def to_value(value: Any) -> Any:
    return _serializer.serialize(value)


def is_condition_failure(error: Exception) -> bool:
    return (
        isinstance(error, ClientError)
        and error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"
    )
