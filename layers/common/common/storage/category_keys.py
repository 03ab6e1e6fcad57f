"""Category keys in the products table, shared by the category code and by product writes
(which keep `product_count` exact in the same transaction as the product:
storage/products/counters.py)."""

from typing import Any

from common.storage.dynamodb import to_value

SK_CATEGORY = "CATEGORY"
_SK_STATS = "STATS"


def category_key(mode: str, tenant_id: str, category_id: str) -> dict[str, Any]:
    return {
        "pk": to_value(f"{mode}#{tenant_id}#CATEGORY#{category_id}"),
        "sk": to_value(SK_CATEGORY),
    }


def customer_counters_key(mode: str, tenant_id: str, customer_id: str) -> dict[str, Any]:
    """The item of the customer's product counters (storage/products/counters.py, CUSTOMER). Its
    `k_<category id>` attributes count the customer's products in each category: a
    customer-bound client's `product_count`. Spelled here, not imported from counters.py, so
    that category functions do not load the products package (its models) at cold start;
    tests/component/test_categories_api.py checks that both name the same item."""
    return {
        "pk": to_value(f"{mode}#{tenant_id}#P#C#{customer_id}#{_SK_STATS}"),
        "sk": to_value(_SK_STATS),
    }
