"""The cold-start target's bare handler (docs/api.md): its whole init creates a DynamoDB client."""

from typing import Any

import boto3

client = boto3.client("dynamodb")


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"statusCode": 200}
