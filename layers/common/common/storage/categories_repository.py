"""Categories in the products table. Every write that must hold with another is one
TransactWriteItems, so counts, slugs, the tree and the audit trail never disagree with the
categories.

  pk = <mode>#<tenant>#CATEGORY#<id>   sk = CATEGORY   one category (keys.category_key)
  pk = <mode>#<tenant>#SLUG#<slug>     sk = SLUG       the claim of a slug: {category_id}
  pk = <mode>#<tenant>#CATEGORY_STATS  sk = STATS      {count, root_count}
  pk = <mode>#<tenant>#CATEGORY_TREE   sk = TREE       {version}: bumped by every parent change
  GSI1: CATEGORY#<mode>#<tenant>                          / <created_at>#<id>  all, oldest first
  GSI2: CATEGORY_PARENT#<mode>#<tenant>#<parent id|ROOT>  / <created_at>#<id>  one parent's children
The index partitions start with a type, not with the mode: product index keys start with the
mode, so no tenant id can make the two meet. See docs/data-model.md.
"""

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from common.categories.models import Category
from common.settings import get_settings
from common.storage import audit_repository, transactions
from common.storage.category_keys import (
    SK_CATEGORY,
    category_key,
    customer_category_counters_key,
)
from common.storage.dynamodb import dynamodb_client, from_item, to_item, to_value
from common.storage.errors import ConditionFailed, Contended, Throttled
from common.storage.transactions import MAX_BATCH_GET, Op, batch_get, execute

if TYPE_CHECKING:  # only written here (a category's reader never makes one)
    from common.audit.models import AuditEvent

SK_SLUG, SK_STATS, SK_TREE = "SLUG", "STATS", "TREE"
# Listing filters: every category, or the top-level ones; any other value is a parent's id.
ALL, ROOT = "*", "ROOT"
_KEY_ATTRIBUTES = ("pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk")
# Contended and Throttled (storage/errors.py) are raised as they are: the service maps them.
__all__ = ["Contended", "Throttled"]


class VersionMismatch(ConditionFailed):
    """The stored category is not at the expected version (or no longer exists)."""


class SlugTaken(ConditionFailed):
    """Another category of the tenant holds the slug."""


class ParentMissing(ConditionFailed):
    """The parent category does not exist (in this tenant and mode)."""


class TreeChanged(ConditionFailed):
    """Another parent change committed since the tree was read: re-check for cycles."""


class _Occupied(ConditionFailed):
    """The category's own condition failed; what that means depends on the write."""


class NotEmpty(Exception):
    """The category still has products or children."""

    def __init__(self, product_count: int, child_count: int) -> None:
        super().__init__(f"{product_count} products, {child_count} children")
        self.product_count = product_count
        self.child_count = child_count


class Page(NamedTuple):
    categories: list[Category]
    last_key: dict[str, Any] | None


class Stats(NamedTuple):
    all_count: int
    root_count: int


def _table() -> str:
    return get_settings().products_table


def _prefix(mode: str, tenant_id: str) -> str:
    return f"{mode}#{tenant_id}"


def _key(pk: str, sk: str) -> dict[str, Any]:
    return {"pk": to_value(pk), "sk": to_value(sk)}


def slug_key(mode: str, tenant_id: str, slug: str) -> dict[str, Any]:
    return _key(f"{_prefix(mode, tenant_id)}#SLUG#{slug}", SK_SLUG)


def stats_key(mode: str, tenant_id: str) -> dict[str, Any]:
    return _key(f"{_prefix(mode, tenant_id)}#CATEGORY_STATS", SK_STATS)


def tree_key(mode: str, tenant_id: str) -> dict[str, Any]:
    return _key(f"{_prefix(mode, tenant_id)}#CATEGORY_TREE", SK_TREE)


def all_partition(mode: str, tenant_id: str) -> str:
    return f"CATEGORY#{mode}#{tenant_id}"


def parent_partition(mode: str, tenant_id: str, parent_id: str | None) -> str:
    """The parent's id (or ROOT) comes last and contains no '#', so the value is unambiguous."""
    return f"CATEGORY_PARENT#{mode}#{tenant_id}#{parent_id or ROOT}"


def _to_item(category: Category) -> dict[str, Any]:
    order = f"{category.created_at}#{category.id}"
    keys = {
        "pk": f"{_prefix(category.mode, category.tenant_id)}#CATEGORY#{category.id}",
        "sk": SK_CATEGORY,
        "gsi1pk": all_partition(category.mode, category.tenant_id),
        "gsi1sk": order,
        "gsi2pk": parent_partition(category.mode, category.tenant_id, category.parent_id),
        "gsi2sk": order,
    }
    return to_item({**keys, **category.model_dump(mode="python")})


def _from_item(item: dict[str, Any]) -> Category:
    values = from_item(item)
    for key in _KEY_ATTRIBUTES:
        values.pop(key, None)
    return Category.model_validate(values)


# ------------------------------------------------------------------ operations ------------
def _update(key: dict[str, Any], expression: str, **extra: Any) -> dict[str, Any]:
    return transactions.update(_table(), key, expression, **extra)


def _count_change(mode: str, tenant_id: str, count: int, root_count: int) -> dict[str, Any]:
    """Moves the tenant's category counters (the item is created on first use)."""
    return _update(
        stats_key(mode, tenant_id),
        "ADD #count :count, root_count :root",
        ExpressionAttributeNames={"#count": "count"},
        ExpressionAttributeValues={":count": to_value(count), ":root": to_value(root_count)},
    )


def _child_count_change(mode: str, tenant_id: str, parent_id: str, delta: int) -> dict[str, Any]:
    """Moves a parent's child_count; fails its condition when the parent does not exist."""
    return _update(
        category_key(mode, tenant_id, parent_id),
        "ADD child_count :delta",
        ConditionExpression="attribute_exists(pk)",
        ExpressionAttributeValues={":delta": to_value(delta)},
    )


def _claim_slug(category: Category) -> dict[str, Any]:
    item = {
        **slug_key(category.mode, category.tenant_id, category.slug),
        "category_id": to_value(category.id),
    }
    return transactions.put(_table(), item, {"ConditionExpression": "attribute_not_exists(pk)"})


def _release_slug(category: Category) -> dict[str, Any]:
    condition = {
        "ConditionExpression": "category_id = :id",
        "ExpressionAttributeValues": {":id": to_value(category.id)},
    }
    return transactions.delete(
        _table(), slug_key(category.mode, category.tenant_id, category.slug), condition
    )


# ------------------------------------------------------------------ reads -----------------
def id_of_slug(mode: str, tenant_id: str, slug: str) -> str | None:
    """The id of the category with this slug, if there is one (its slug claim says)."""
    response = dynamodb_client().get_item(
        TableName=_table(), Key=slug_key(mode, tenant_id, slug), ConsistentRead=True
    )
    item = response.get("Item")
    return str(item["category_id"]["S"]) if item else None


def get(
    mode: str, tenant_id: str, category_id: str, customer_id: str | None = None
) -> Category | None:
    """The category, or None. With `customer_id`, its `product_count` counts that customer's
    products only (docs/decisions.md#categories), read in the same round trip: one
    consistent BatchGetItem of the category and the customer's counter item for it."""
    key = category_key(mode, tenant_id, category_id)
    if customer_id is None:
        response = dynamodb_client().get_item(TableName=_table(), Key=key, ConsistentRead=True)
        return _from_item(response["Item"]) if "Item" in response else None
    counter = customer_category_counters_key(mode, tenant_id, customer_id, category_id)
    items = {item["pk"]["S"]: item for item in batch_get(_table(), [key, counter], True)}
    if key["pk"]["S"] not in items:
        return None
    own = _number(items.get(counter["pk"]["S"], {}), "product_count")
    return _from_item(items[key["pk"]["S"]]).model_copy(update={"product_count": own})


def get_many(mode: str, tenant_id: str, category_ids: Sequence[str]) -> dict[str, Category]:
    """The categories that exist among `category_ids` (at most 100: a page of products names
    no more), in one BatchGetItem; keys DynamoDB leaves unprocessed are asked again."""
    unique = list(dict.fromkeys(category_ids))[:MAX_BATCH_GET]
    keys = [category_key(mode, tenant_id, c) for c in unique]
    categories = [_from_item(item) for item in batch_get(_table(), keys)]
    return {category.id: category for category in categories}


def _number(item: dict[str, Any], attribute: str) -> int:
    value = item.get(attribute)
    return int(value["N"]) if value and "N" in value else 0


def stats(mode: str, tenant_id: str) -> Stats:
    response = dynamodb_client().get_item(
        TableName=_table(), Key=stats_key(mode, tenant_id), ConsistentRead=True
    )
    item = response.get("Item", {})
    return Stats(all_count=_number(item, "count"), root_count=_number(item, "root_count"))


def count(mode: str, tenant_id: str, parent: str) -> int:
    """Exactly how many categories a listing has: from the counters, one consistent read."""
    if parent in (ALL, ROOT):
        totals = stats(mode, tenant_id)
        return totals.all_count if parent == ALL else totals.root_count
    response = dynamodb_client().get_item(
        TableName=_table(),
        Key=category_key(mode, tenant_id, parent),
        ConsistentRead=True,
        ProjectionExpression="child_count",
    )
    return _number(response.get("Item", {}), "child_count")


def customer_product_counts(
    mode: str, tenant_id: str, customer_id: str, category_ids: list[str]
) -> dict[str, int]:
    """How many of the customer's products each category has: the `product_count` of the
    customer's counter item for each category, moved in every product write's transaction
    (storage/products/counters.py). One consistent BatchGetItem (a page names at most 100
    categories), of that attribute and the key only."""
    keys = {
        category_id: customer_category_counters_key(mode, tenant_id, customer_id, category_id)
        for category_id in dict.fromkeys(category_ids)
    }
    items = batch_get(_table(), list(keys.values()), True, ("pk", "product_count"))
    found = {item["pk"]["S"]: _number(item, "product_count") for item in items}
    return {category_id: found.get(key["pk"]["S"], 0) for category_id, key in keys.items()}


def tree_version(mode: str, tenant_id: str) -> int:
    response = dynamodb_client().get_item(
        TableName=_table(), Key=tree_key(mode, tenant_id), ConsistentRead=True
    )
    return _number(response.get("Item", {}), "version")


# ------------------------------------------------------------------ writes ----------------
def insert(category: Category, audit: "AuditEvent") -> None:
    """The category, its slug claim, the counters, its parent's child_count and the audit
    event, atomically."""
    mode, tenant = category.mode, category.tenant_id
    condition = {"ConditionExpression": "attribute_not_exists(pk)"}
    ops = [
        # Its own condition failing is an id collision: 96 random bits make it a retry.
        Op(transactions.put(_table(), _to_item(category), condition), Contended()),
        Op(_claim_slug(category), SlugTaken()),
        Op(_count_change(mode, tenant, 1, 0 if category.parent_id else 1)),
    ]
    if category.parent_id:
        parent = _child_count_change(mode, tenant, category.parent_id, 1)
        ops.append(Op(parent, ParentMissing()))
    execute([*ops, Op(audit_repository.put_request(audit))])


def _update_expression(current: Category, updated: Category) -> dict[str, Any]:
    """SETs the writable fields, version and updated_at; never touches the counters, which
    other transactions move while this one is prepared."""
    names = {"#name": "name", "#version": "version"}
    values: dict[str, Any] = {
        ":name": updated.name,
        ":slug": updated.slug,
        ":version": updated.version,
        ":expected": current.version,
        ":updated_at": updated.updated_at,
        ":gsi2pk": parent_partition(updated.mode, updated.tenant_id, updated.parent_id),
    }
    sets = [
        "#name = :name",
        "slug = :slug",
        "#version = :version",
        "updated_at = :updated_at",
        "gsi2pk = :gsi2pk",
    ]
    removes = []
    for attribute in ("parent_id", "description"):
        value = getattr(updated, attribute)
        if value is None:
            removes.append(attribute)
        else:
            sets.append(f"{attribute} = :{attribute}")
            values[f":{attribute}"] = value
    expression = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else "")
    return {
        "UpdateExpression": expression,
        "ConditionExpression": "#version = :expected",
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": {name: to_value(value) for name, value in values.items()},
    }


def _tree_change(mode: str, tenant_id: str, read_version: int) -> dict[str, Any]:
    condition = "#version = :read" if read_version else "attribute_not_exists(pk)"
    values = {":next": to_value(read_version + 1)}
    if read_version:
        values[":read"] = to_value(read_version)
    return _update(
        tree_key(mode, tenant_id),
        "SET #version = :next",
        ConditionExpression=condition,
        ExpressionAttributeNames={"#version": "version"},
        ExpressionAttributeValues=values,
    )


def update(
    current: Category,
    updated: Category,
    read_tree_version: int | None = None,
    *,
    audit: "AuditEvent",
) -> None:
    """Writes the new state if the stored one is still at current.version. A new slug is
    claimed and the old one released; a new parent is counted (it must exist), the old one
    uncounted, and the tree version (read before the cycle check) must not have moved. The
    audit event goes in the same transaction."""
    mode, tenant = current.mode, current.tenant_id
    # Any condition but these failing: the category (or what it was read with) changed.
    key = category_key(mode, tenant, current.id)
    request = {
        "Update": {"TableName": _table(), "Key": key, **_update_expression(current, updated)}
    }
    ops = [Op(request, VersionMismatch())]
    if updated.slug != current.slug:
        ops += [
            Op(_claim_slug(updated), SlugTaken()),
            Op(_release_slug(current), VersionMismatch()),
        ]
    if updated.parent_id != current.parent_id:
        if read_tree_version is None:
            raise ValueError("a parent change needs the tree version read before its check")
        if current.parent_id:
            old_parent = _child_count_change(mode, tenant, current.parent_id, -1)
            ops.append(Op(old_parent, VersionMismatch()))
        if updated.parent_id:
            parent = _child_count_change(mode, tenant, updated.parent_id, 1)
            ops.append(Op(parent, ParentMissing()))
        root_delta = (0 if updated.parent_id else 1) - (0 if current.parent_id else 1)
        if root_delta:
            ops.append(Op(_count_change(mode, tenant, 0, root_delta)))
        ops.append(Op(_tree_change(mode, tenant, read_tree_version), TreeChanged()))
    execute([*ops, Op(audit_repository.put_request(audit))])


def delete(category: Category, audit: "AuditEvent") -> None:
    """Deletes the category only if it is still at the version read and has no products and
    no children (decided by the condition, atomically with every product and child write),
    releasing its slug, uncounting it and recording the audit event."""
    mode, tenant = category.mode, category.tenant_id
    condition = {
        "ConditionExpression": (
            "#version = :expected AND product_count = :zero AND child_count = :zero"
        ),
        "ExpressionAttributeNames": {"#version": "version"},
        "ExpressionAttributeValues": {
            ":expected": to_value(category.version),
            ":zero": to_value(0),
        },
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
    }
    key = category_key(mode, tenant, category.id)
    ops = [
        Op(transactions.delete(_table(), key, condition), _Occupied()),
        Op(_release_slug(category), VersionMismatch()),
        Op(_count_change(mode, tenant, -1, 0 if category.parent_id else -1)),
    ]
    if category.parent_id:
        old_parent = _child_count_change(mode, tenant, category.parent_id, -1)
        ops.append(Op(old_parent, VersionMismatch()))
    try:
        execute([*ops, Op(audit_repository.put_request(audit))])
    except _Occupied as failure:
        # Only to word the answer: the decision was the condition's.
        stored = _from_item(failure.item) if failure.item else get(mode, tenant, category.id)
        if stored is None or stored.version != category.version:
            raise VersionMismatch() from None
        raise NotEmpty(stored.product_count, stored.child_count) from None


# ------------------------------------------------------------------ listings --------------
def _listing(mode: str, tenant_id: str, parent: str) -> tuple[str, str, str]:
    """(index, partition attribute, partition value) of a listing."""
    if parent == ALL:
        return "gsi1", "gsi1pk", all_partition(mode, tenant_id)
    return "gsi2", "gsi2pk", parent_partition(mode, tenant_id, None if parent == ROOT else parent)


def _query(
    mode: str,
    tenant_id: str,
    parent: str,
    wanted: int,
    start_key: dict[str, Any] | None,
    keys_only: bool = False,
) -> Iterator[dict[str, Any]]:
    """Items of a listing in creation order, from start_key on, until `wanted` were read.
    Continues past DynamoDB's 1 MB pages, so a page is only short at the end."""
    index, partition_attr, partition = _listing(mode, tenant_id, parent)
    request: dict[str, Any] = {
        "TableName": _table(),
        "IndexName": index,
        "KeyConditionExpression": "#partition = :partition",
        "ExpressionAttributeNames": {"#partition": partition_attr},
        "ExpressionAttributeValues": {":partition": to_value(partition)},
        "ScanIndexForward": True,
    }
    if keys_only:
        request["ProjectionExpression"] = f"pk, sk, #partition, {index}sk"
    while wanted > 0:
        request["Limit"] = wanted
        if start_key:
            request["ExclusiveStartKey"] = start_key
        response = dynamodb_client().query(**request)
        items = response.get("Items", [])
        wanted -= len(items)
        yield from items
        start_key = response.get("LastEvaluatedKey")
        if not start_key:
            return


def _index_key(item: dict[str, Any], parent: str) -> dict[str, Any]:
    index = "gsi1" if parent == ALL else "gsi2"
    return {attr: item[attr] for attr in ("pk", "sk", f"{index}pk", f"{index}sk")}


def list_page(
    mode: str, tenant_id: str, parent: str, limit: int, start_key: dict[str, Any] | None
) -> Page:
    """`limit` categories from start_key on; reads limit + 1 items, whatever the tenant's
    size: the extra one tells exactly whether a next page exists."""
    items = list(_query(mode, tenant_id, parent, limit + 1, start_key))
    last_key = _index_key(items[limit - 1], parent) if len(items) > limit else None
    return Page(categories=[_from_item(item) for item in items[:limit]], last_key=last_key)


def skip(mode: str, tenant_id: str, parent: str, count: int) -> dict[str, Any] | None:
    """The position after the first `count` categories of a listing (page numbers without a
    cursor: O(count) keys read), or None when the listing has no more than that."""
    last = None
    read = 0
    for item in _query(mode, tenant_id, parent, count, None, keys_only=True):
        last, read = item, read + 1
    if last is None or read < count:
        return None
    return _index_key(last, parent)


def descendants(mode: str, tenant_id: str, category_id: str, limit: int) -> list[str] | None:
    """The ids of a category's sub-categories at every depth, breadth first; None when there
    are more than `limit` (a listing then filters by category instead of merging indexes).
    Reads one key per sub-category: `limit + 1` at most."""
    found: list[str] = []
    frontier = [category_id]
    while frontier:
        parent = frontier.pop(0)
        for item in _query(mode, tenant_id, parent, limit + 1 - len(found), None, keys_only=True):
            found.append(item["pk"]["S"].rsplit("#", 1)[-1])
            frontier.append(found[-1])
            if len(found) > limit:
                return None
    return found
