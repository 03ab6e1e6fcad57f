"""Category keys in the products table, shared by the category code and by product writes
(which keep `product_count` exact in the same transaction as the product)."""

from typing import Any

from common.settings import get_settings
from common.storage.dynamodb import to_value

SK_CATEGORY = "CATEGORY"


def category_key(mode: str, tenant_id: str, category_id: str) -> dict[str, Any]:
    return {
        "pk": to_value(f"{mode}#{tenant_id}#CATEGORY#{category_id}"),
        "sk": to_value(SK_CATEGORY),
    }


def product_count_change(mode: str, tenant_id: str, category_id: str, delta: int) -> dict[str, Any]:
    """A TransactWriteItems operation that moves the category's product_count by delta. It
    fails its condition when the category does not exist, which is how a product write learns
    that its category_id is invalid, atomically."""
    return {
        "Update": {
            "TableName": get_settings().products_table,
            "Key": category_key(mode, tenant_id, category_id),
            "UpdateExpression": "ADD product_count :delta",
            "ConditionExpression": "attribute_exists(pk)",
            "ExpressionAttributeValues": {":delta": to_value(delta)},
        }
    }
