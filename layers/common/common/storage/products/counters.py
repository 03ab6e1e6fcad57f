"""Exact product counts, moved with ADD in the same transaction as each product write, so a
listing's `total` is read, never counted (docs/api.md#listing).

  tenant counters             pk = <mode>#<tenant>#P#STATS                    st_<status>
  customer counters           pk = <mode>#<tenant>#P#C#<customer>#STATS       st_<status>
  customer x category         pk = <mode>#<tenant>#P#C#<customer>#K#<category>#STATS
                                   (storage/category_keys.py)    product_count, st_<status>
  category item               (storage/category_keys.py)        product_count, st_<status>

Each item has a fixed set of attributes, so a write or read of it costs the same whatever the
size of the catalog (the customer's counts by category are items of their own).

The category's counters are on the category item itself: the update's condition
(attribute_exists) is also how a product write learns its category does not exist.
"""

from collections.abc import Iterator
from typing import Any

from common.products.models import Product
from common.settings import get_settings
from common.storage import transactions
from common.storage.category_keys import category_key, customer_category_counters_key
from common.storage.dynamodb import dynamodb_client, to_value
from common.storage.products.index import scope_partition

TENANT, CUSTOMER, CATEGORY = "tenant", "customer", "category"
CUSTOMER_CATEGORY = "customer_category"
SK_STATS = "STATS"
CounterKey = tuple[str, ...]


def item_key(counter: CounterKey) -> dict[str, Any]:
    kind, mode, tenant_id, *rest = counter
    if kind == CATEGORY:
        return category_key(mode, tenant_id, rest[0])
    if kind == CUSTOMER_CATEGORY:
        return customer_category_counters_key(mode, tenant_id, rest[0], rest[1])
    customer = rest[0] if kind == CUSTOMER else None
    pk = f"{scope_partition(mode, tenant_id, customer)}#{SK_STATS}"
    return {"pk": to_value(pk), "sk": to_value(SK_STATS)}


def counted_in(product: Product) -> Iterator[tuple[CounterKey, str]]:
    """Every (counter item, attribute) that counts this product."""
    mode, tenant, status, category = (
        product.mode,
        product.tenant_id,
        product.status,
        product.category_id,
    )
    # A listing's total is the sum of the counts of the statuses it asks for (listing.py).
    yield (TENANT, mode, tenant), f"st_{status}"
    if product.customer_id:
        yield (CUSTOMER, mode, tenant, product.customer_id), f"st_{status}"
        if category:
            in_category: CounterKey = (
                CUSTOMER_CATEGORY,
                mode,
                tenant,
                product.customer_id,
                category,
            )
            yield in_category, "product_count"
            yield in_category, f"st_{status}"
    if category:
        yield (CATEGORY, mode, tenant, category), "product_count"
        yield (CATEGORY, mode, tenant, category), f"st_{status}"


def update_request(counter: CounterKey, moves: dict[str, int]) -> dict[str, Any]:
    names = {f"#a{i}": name for i, name in enumerate(moves)}
    values = {f":d{i}": to_value(delta) for i, delta in enumerate(moves.values())}
    # A product may only join a category that exists.
    condition = {"ConditionExpression": "attribute_exists(pk)"} if counter[0] == CATEGORY else {}
    return transactions.update(
        get_settings().products_table,
        item_key(counter),
        "ADD " + ", ".join(f"#a{i} :d{i}" for i in range(len(moves))),
        ExpressionAttributeNames=names,
        ExpressionAttributeValues=values,
        **condition,
    )


class Counts:
    """Some attributes of one counter item, asked by a listing. Read on their own (`read`: one
    strongly consistent GetItem), or carried by the BatchGetItem that reads the listing's
    products (repository.get_many `counts`): no call of their own, read eventually
    consistent like the page itself (docs/decisions.md, "Totals"). (A plain class: see
    common/__init__.py on records.)"""

    __slots__ = ("attributes", "counter", "found")

    def __init__(self, counter: CounterKey, attributes: tuple[str, ...]) -> None:
        self.counter = counter
        self.attributes = attributes
        self.found: dict[str, int] | None = None  # by attribute, once read

    def key(self) -> dict[str, Any]:
        return item_key(self.counter)

    def fill(self, item: dict[str, Any]) -> dict[str, int]:
        """The counts from the stored item (an absent attribute, or no item: 0)."""
        self.found = {name: int(item[name]["N"]) if name in item else 0 for name in self.attributes}
        return self.found


def read(counts: Counts) -> dict[str, int]:
    """`counts` read on their own: one strongly consistent GetItem (none for no attribute)."""
    if not counts.attributes:
        return counts.fill({})
    names = {f"#a{i}": name for i, name in enumerate(counts.attributes)}
    response = dynamodb_client().get_item(
        TableName=get_settings().products_table,
        Key=counts.key(),
        ConsistentRead=True,
        ProjectionExpression=", ".join(names),
        ExpressionAttributeNames=names,
    )
    return counts.fill(response.get("Item", {}))
