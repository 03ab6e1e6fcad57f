"""Products table access. Every key starts with the mode and tenant, so no query can cross them.

  pk  = <mode>#<tenant>#PRODUCT#<id>   sk = PRODUCT          get/put/delete one product
  pk  = <mode>#<tenant>#SKU#<sku>      sk = SKU              SKU claim: unique per tenant+mode
  GSI1: <mode>#<tenant>                / <created_at>#<id>    tenant listing, newest first
  GSI2: <mode>#<tenant>#C#<customer>   / <created_at>#<id>    one customer's listing

A product write, its SKU claims and its category's product_count change in one transaction,
so a SKU is never claimed twice, never left claimed by a deleted product, and counts are exact.
See docs/data-model.md for the access patterns and their cost.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from common.categories.keys import product_count_change
from common.products.models import Inventory, Product, Variant
from common.settings import get_settings
from common.storage.dynamodb import (
    dynamodb_client,
    from_item,
    is_condition_failure,
    to_item,
    to_value,
)

SK_PRODUCT, SK_SKU = "PRODUCT", "SKU"
_KEY_ATTRIBUTES = ("pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk")


class VersionMismatch(Exception):
    """The stored product is not at the expected version (or no longer exists)."""


class SkuTaken(Exception):
    def __init__(self, sku: str) -> None:
        super().__init__(sku)
        self.sku = sku


class CategoryMissing(Exception):
    def __init__(self, category_id: str) -> None:
        super().__init__(category_id)
        self.category_id = category_id


@dataclass(frozen=True)
class Page:
    products: list[Product]
    last_key: dict[str, Any] | None


def _table() -> str:
    return get_settings().products_table


def tenant_partition(mode: str, tenant_id: str) -> str:
    return f"{mode}#{tenant_id}"


def customer_partition(mode: str, tenant_id: str, customer_id: str) -> str:
    return f"{mode}#{tenant_id}#C#{customer_id}"


def _product_key(mode: str, tenant_id: str, product_id: str) -> dict[str, Any]:
    return {
        "pk": to_value(f"{tenant_partition(mode, tenant_id)}#PRODUCT#{product_id}"),
        "sk": to_value(SK_PRODUCT),
    }


def _sku_key(mode: str, tenant_id: str, sku: str) -> dict[str, Any]:
    return {
        "pk": to_value(f"{tenant_partition(mode, tenant_id)}#SKU#{sku}"),
        "sk": to_value(SK_SKU),
    }


def _to_item(product: Product) -> dict[str, Any]:
    """Variant stock is kept in a map by variant id, so stock operations address it by path
    in a single UpdateItem, without reading the product first."""
    order = f"{product.created_at}#{product.id}"
    keys = {
        "pk": f"{tenant_partition(product.mode, product.tenant_id)}#PRODUCT#{product.id}",
        "sk": SK_PRODUCT,
        "gsi1pk": tenant_partition(product.mode, product.tenant_id),
        "gsi1sk": order,
    }
    if product.customer_id:
        keys["gsi2pk"] = customer_partition(product.mode, product.tenant_id, product.customer_id)
        keys["gsi2sk"] = order
    values = product.model_dump(mode="python", exclude={"variants"}, exclude_none=True)
    values["variants"] = [
        v.model_dump(exclude={"inventory"}, exclude_none=True) for v in product.variants
    ]
    values["variant_stock"] = {v.id: v.inventory.model_dump() for v in product.variants}
    return to_item({**keys, **values})


def product_from_item(item: dict[str, Any]) -> Product:
    values = from_item(item)
    for key in _KEY_ATTRIBUTES:
        values.pop(key, None)
    stock = values.pop("variant_stock", {})
    values["variants"] = [
        Variant(**variant, inventory=Inventory(**stock.get(variant["id"], {})))
        for variant in values.get("variants", [])
    ]
    return Product.model_validate(values)


def get(mode: str, tenant_id: str, product_id: str) -> Product | None:
    response = dynamodb_client().get_item(
        TableName=_table(), Key=_product_key(mode, tenant_id, product_id), ConsistentRead=True
    )
    return product_from_item(response["Item"]) if "Item" in response else None


# ------------------------------------------------------------------ writes ------------------
@dataclass(frozen=True)
class Op:
    """One operation of a product write, with what its condition failing means."""

    request: dict[str, Any]
    on_condition_failure: Exception


def _claim(product: Product, sku: str) -> Op:
    item = to_item(
        {
            "pk": f"{tenant_partition(product.mode, product.tenant_id)}#SKU#{sku}",
            "sk": SK_SKU,
            "product_id": product.id,
        }
    )
    put = {"TableName": _table(), "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}
    return Op({"Put": put}, SkuTaken(sku))


def _release(product: Product, sku: str) -> Op:
    delete = {
        "TableName": _table(),
        "Key": _sku_key(product.mode, product.tenant_id, sku),
        # Only this product's own claim is ever released.
        "ConditionExpression": "product_id = :id",
        "ExpressionAttributeValues": {":id": to_value(product.id)},
    }
    return Op({"Delete": delete}, VersionMismatch())


def _count(product: Product, category_id: str, delta: int) -> Op:
    return Op(
        product_count_change(product.mode, product.tenant_id, category_id, delta),
        CategoryMissing(category_id),
    )


def _category_moves(old: Product | None, new: Product | None) -> list[Op]:
    before = old.category_id if old else None
    after = new.category_id if new else None
    if before == after:
        return []
    ops = []
    if before and old:
        ops.append(_count(old, before, -1))
    if after and new:
        ops.append(_count(new, after, +1))
    return ops


def _version_condition(expected: int) -> dict[str, Any]:
    return {
        "ConditionExpression": "#version = :expected",
        "ExpressionAttributeNames": {"#version": "version"},
        "ExpressionAttributeValues": {":expected": to_value(expected)},
    }


MAX_TRANSACTION_OPS = 100  # DynamoDB's limit per TransactWriteItems


def execute(ops: Sequence[Op]) -> None:
    """One request: a plain write when a single item changes, a transaction otherwise."""
    client = dynamodb_client()
    if len(ops) == 1:
        kind, request = next(iter(ops[0].request.items()))
        call: dict[str, Callable[..., Any]] = {
            "Put": client.put_item,
            "Delete": client.delete_item,
            "Update": client.update_item,
        }
        try:
            call[kind](**request)
        except ClientError as exc:
            if is_condition_failure(exc):
                raise ops[0].on_condition_failure from exc
            raise
        return
    try:
        client.transact_write_items(TransactItems=[op.request for op in ops])  # type: ignore[misc]
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "TransactionCanceledException":
            raise
        reasons = exc.response.get("CancellationReasons", [])
        for op, reason in zip(ops, reasons, strict=False):
            if reason.get("Code") == "ConditionalCheckFailed":
                raise op.on_condition_failure from exc
        raise  # a conflict with another transaction: transient, mapped to 503 upstream


def insert_ops(product: Product, count_category: bool = True) -> list[Op]:
    put = {
        "TableName": _table(),
        "Item": _to_item(product),
        "ConditionExpression": "attribute_not_exists(pk)",
    }
    ops = [Op({"Put": put}, VersionMismatch())]
    ops += [_claim(product, sku) for sku in sorted(product.skus())]
    if count_category:
        ops += _category_moves(None, product)
    return ops


def remove_ops(product: Product, count_category: bool = True) -> list[Op]:
    """Deletes an unchanged product (conditional on its version) and frees its SKUs."""
    key = _product_key(product.mode, product.tenant_id, product.id)
    request = {"TableName": _table(), "Key": key, **_version_condition(product.version)}
    ops = [Op({"Delete": request}, VersionMismatch())]
    ops += [_release(product, sku) for sku in sorted(product.skus())]
    if count_category:
        ops += _category_moves(product, None)
    return ops


def category_count_ops(products: Sequence[Product], sign: int) -> list[Op]:
    """One count change per category for several products (a transaction may not touch an
    item twice)."""
    counts: dict[str, int] = {}
    for product in products:
        if product.category_id:
            counts[product.category_id] = counts.get(product.category_id, 0) + sign
    if not products:
        return []
    first = products[0]
    return [_count(first, category, delta) for category, delta in sorted(counts.items())]


def insert(product: Product) -> None:
    execute(insert_ops(product))


def replace(current: Product, updated: Product) -> None:
    """Writes the new state only if the stored one is still at current.version; SKU claims and
    category counts follow in the same transaction."""
    put = {"TableName": _table(), "Item": _to_item(updated), **_version_condition(current.version)}
    ops = [Op({"Put": put}, VersionMismatch())]
    ops += [_release(current, sku) for sku in sorted(current.skus() - updated.skus())]
    ops += [_claim(updated, sku) for sku in sorted(updated.skus() - current.skus())]
    ops += _category_moves(current, updated)
    execute(ops)


def delete(product: Product) -> None:
    execute(remove_ops(product))


# ------------------------------------------------------------------ stock -------------------
@dataclass(frozen=True)
class StockChange:
    """An atomic stock operation: deltas to available/reserved, or a new `available`, with the
    minimum each counter must have beforehand so neither can go below zero."""

    available_delta: int = 0
    reserved_delta: int = 0
    set_available: int | None = None
    need_available: int = 0
    need_reserved: int = 0


class StockRejected(Exception):
    """The condition failed: the item as it was is attached to diagnose why."""

    def __init__(self, current: Product | None) -> None:
        super().__init__("stock condition failed")
        self.current = current


def change_stock(
    mode: str,
    tenant_id: str,
    product_id: str,
    change: StockChange,
    variant_id: str | None,
    owner: str | None,
    expected_version: int | None,
    updated_at: str,
) -> Product:
    """One UpdateItem: counters, version and updated_at move together or not at all."""
    base = "#variant_stock.#variant" if variant_id else "#stock"
    names: dict[str, str] = {"#version": "version", "#updated": "updated_at"}
    names.update(
        {"#variant_stock": "variant_stock", "#variant": variant_id}
        if variant_id
        else {"#stock": "stock"}
    )
    values: dict[str, Any] = {":one": to_value(1), ":now": to_value(updated_at)}
    sets = ["#updated = :now"]
    conditions = ["attribute_exists(pk)", f"attribute_exists({base})"]
    if not variant_id:  # a product with variants keeps its stock on them
        conditions.append("attribute_not_exists(variants[0])")
    if change.set_available is not None:
        sets.append(f"{base}.available = :set")
        values[":set"] = to_value(change.set_available)
    if change.available_delta:
        sets.append(f"{base}.available = {base}.available + :da")
        values[":da"] = to_value(change.available_delta)
    if change.reserved_delta:
        sets.append(f"{base}.reserved = {base}.reserved + :dr")
        values[":dr"] = to_value(change.reserved_delta)
    if change.need_available:
        conditions.append(f"{base}.available >= :na")
        values[":na"] = to_value(change.need_available)
    if change.need_reserved:
        conditions.append(f"{base}.reserved >= :nr")
        values[":nr"] = to_value(change.need_reserved)
    if owner is not None:
        conditions.append("customer_id = :owner")
        values[":owner"] = to_value(owner)
    if expected_version is not None:
        conditions.append("#version = :expected")
        values[":expected"] = to_value(expected_version)
    try:
        response = dynamodb_client().update_item(
            TableName=_table(),
            Key=_product_key(mode, tenant_id, product_id),
            UpdateExpression=f"SET {', '.join(sets)} ADD #version :one",
            ConditionExpression=" AND ".join(conditions),
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
            ReturnValues="ALL_NEW",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            old: dict[str, Any] | None = exc.response.get("Item")  # type: ignore[assignment]
            raise StockRejected(product_from_item(old) if old else None) from exc
        raise
    return product_from_item(response["Attributes"])


# ------------------------------------------------------------------ listing -----------------
def list_newest_first(
    mode: str,
    tenant_id: str,
    customer_id: str | None,
    limit: int,
    start_key: dict[str, Any] | None,
) -> Page:
    """One Query on the tenant (or customer) index. It reads limit + 1 items, whatever the
    catalog size: the extra one tells exactly whether a next page exists."""
    if customer_id:
        index, partition_attr = "gsi2", "gsi2pk"
        partition = customer_partition(mode, tenant_id, customer_id)
    else:
        index, partition_attr = "gsi1", "gsi1pk"
        partition = tenant_partition(mode, tenant_id)
    request: dict[str, Any] = {
        "TableName": _table(),
        "IndexName": index,
        "KeyConditionExpression": f"{partition_attr} = :partition",
        "ExpressionAttributeValues": {":partition": to_value(partition)},
        "ScanIndexForward": False,
        "Limit": limit + 1,
    }
    if start_key:
        request["ExclusiveStartKey"] = start_key
    response = dynamodb_client().query(**request)
    items = response.get("Items", [])
    key_attributes = ("pk", "sk", partition_attr, f"{index}sk")
    if len(items) > limit:
        last = items[limit - 1]
        last_key = {attr: last[attr] for attr in key_attributes}
        return Page(products=[product_from_item(item) for item in items[:limit]], last_key=last_key)
    # A Query stops at 1 MB: then the page is short, but more items may follow.
    return Page(
        products=[product_from_item(item) for item in items],
        last_key=response.get("LastEvaluatedKey"),
    )
