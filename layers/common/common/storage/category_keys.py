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


def customer_category_counters_key(
    mode: str, tenant_id: str, customer_id: str, category_id: str
) -> dict[str, Any]:
    """The item counting one customer's products in one category (storage/products/counters.py,
    CUSTOMER_CATEGORY): a customer-bound client's `product_count` of the category, and the
    totals of its listings of the category. One item per (customer, category), not an
    attribute per category on one customer item: an item's size is what a write of it costs
    and what reading it costs, so that item would make every product write and listing of a
    customer cost more with each category it uses. Here, not in counters.py (which uses it),
    so that category functions do not load the products package (its models) at cold start."""
    return {
        "pk": to_value(f"{mode}#{tenant_id}#P#C#{customer_id}#K#{category_id}#{_SK_STATS}"),
        "sk": to_value(_SK_STATS),
    }
