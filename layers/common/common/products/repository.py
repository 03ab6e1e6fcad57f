"""Products table access. Every key starts with the mode and tenant, so no query can cross them.

  pk  = <mode>#<tenant>#PRODUCT#<id>   sk = PRODUCT          get/put/delete one product
  GSI1: <mode>#<tenant>                / <created_at>#<id>    tenant listing, newest first
  GSI2: <mode>#<tenant>#C#<customer>   / <created_at>#<id>    one customer's listing
See docs/data-model.md for the access patterns and their cost.
"""

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from common.products.models import Product
from common.settings import get_settings
from common.storage.dynamodb import (
    dynamodb_client,
    from_item,
    is_condition_failure,
    to_item,
    to_value,
)

SK_PRODUCT = "PRODUCT"
_KEY_ATTRIBUTES = ("pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk")


class VersionMismatch(Exception):
    """The stored product is not at the expected version (or no longer exists)."""


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


def _to_item(product: Product) -> dict[str, Any]:
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
    return to_item({**keys, **product.model_dump(mode="python")})


def _from_item(item: dict[str, Any]) -> Product:
    values = from_item(item)
    for key in _KEY_ATTRIBUTES:
        values.pop(key, None)
    return Product.model_validate(values)


def get(mode: str, tenant_id: str, product_id: str) -> Product | None:
    response = dynamodb_client().get_item(
        TableName=_table(), Key=_product_key(mode, tenant_id, product_id), ConsistentRead=True
    )
    return _from_item(response["Item"]) if "Item" in response else None


def insert(product: Product) -> None:
    dynamodb_client().put_item(
        TableName=_table(),
        Item=_to_item(product),
        ConditionExpression="attribute_not_exists(pk)",
    )


def replace(product: Product, expected_version: int) -> None:
    """Writes the new state only if the stored one is still at expected_version (one round trip)."""
    try:
        dynamodb_client().put_item(
            TableName=_table(),
            Item=_to_item(product),
            ConditionExpression="#version = :expected",
            ExpressionAttributeNames={"#version": "version"},
            ExpressionAttributeValues={":expected": to_value(expected_version)},
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            raise VersionMismatch() from exc
        raise


def delete(product: Product) -> None:
    try:
        dynamodb_client().delete_item(
            TableName=_table(),
            Key=_product_key(product.mode, product.tenant_id, product.id),
            ConditionExpression="#version = :expected",
            ExpressionAttributeNames={"#version": "version"},
            ExpressionAttributeValues={":expected": to_value(product.version)},
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            raise VersionMismatch() from exc
        raise


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
        return Page(products=[_from_item(item) for item in items[:limit]], last_key=last_key)
    # A Query stops at 1 MB: then the page is short, but more items may follow.
    return Page(
        products=[_from_item(item) for item in items], last_key=response.get("LastEvaluatedKey")
    )
