"""Category keys in the products table, shared by the category code and by product writes
(which keep `product_count` exact in the same transaction as the product: products/counters.py)."""

from typing import Any

from common.storage.dynamodb import to_value

SK_CATEGORY = "CATEGORY"


def category_key(mode: str, tenant_id: str, category_id: str) -> dict[str, Any]:
    return {
        "pk": to_value(f"{mode}#{tenant_id}#CATEGORY#{category_id}"),
        "sk": to_value(SK_CATEGORY),
    }
