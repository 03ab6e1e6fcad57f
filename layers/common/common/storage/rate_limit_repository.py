"""Request counters of rate limits: one item per (key, one-minute window), removed by TTL."""

from typing import Any

from botocore.exceptions import ClientError

from common.settings import get_settings
from common.storage.dynamodb import dynamodb_client, is_condition_failure, to_value


def _table() -> str:
    table = get_settings().rate_limit_table
    if not table:
        raise RuntimeError("RATE_LIMIT_TABLE is not set")
    return table


def count(key: str, window_start: int, cost: int, limit: int, expires_at: int) -> tuple[bool, int]:
    """Adds `cost` to the window's count unless that would pass `limit`, in one conditional
    UpdateItem (atomic, so every Lambda instance shares the count). Returns whether it was
    counted and the count after (counted) or as found (refused)."""
    try:
        response = dynamodb_client().update_item(
            TableName=_table(),
            Key={"pk": {"S": f"{key}#{window_start}"}},
            UpdateExpression="ADD #used :cost SET #expires = if_not_exists(#expires, :expires)",
            ConditionExpression="attribute_not_exists(#used) OR #used <= :room",
            ExpressionAttributeNames={"#used": "used", "#expires": "expires_at"},
            ExpressionAttributeValues={
                ":cost": to_value(cost),
                ":room": to_value(limit - cost),
                ":expires": to_value(expires_at),
            },
            ReturnValues="UPDATED_NEW",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except ClientError as error:
        if not is_condition_failure(error):
            raise
        found: dict[str, Any] = error.response.get("Item") or {}  # type: ignore[assignment]
        return False, int(found.get("used", {}).get("N", limit))
    return True, int(response["Attributes"]["used"]["N"])
