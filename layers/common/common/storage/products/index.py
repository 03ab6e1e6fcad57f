"""The listing and search index of products, kept in ProductsTable (docs/data-model.md).

A product is listed in two kinds of partition, each readable in four sort orders:

  scope      tenant  (tpk)  = <mode>#<tenant>#P
             customer (cpk) = <mode>#<tenant>#P#C#<customer>
  + filter   status                     -> the product item itself: <scope>#S#<status>
             category and status        -> category entry (sk = LIST#CATEGORY)

A listing without a status filter merges the ranges of the three statuses. Every one of these
items carries the sort keys s_created, s_updated, s_price, s_name (strings that end in #<id>,
so they are unique and a cursor can resume after one with a key condition) and sits in the
t_<sort> and c_<sort> GSIs (keys only). A product with at most STOCK_INDEX_LEVEL units
available also carries s_stock (that number, set by stock operations in their single
UpdateItem) for the t_stock and c_stock GSIs, which are sparse: a stock operation on a product
above the level changes no index entry (docs/decisions.md, "The stock index").

Why the status is in the product item's partition: a separate status entry cost every product
write a table item and eight index entries more (docs/performance-log.md, "The status entry
folded into the product item").

Search postings: one item per (word, product), pk = <mode>#<tenant>#W#<first two letters>,
sk = <word>#<id>: a word's products are one key range, and a prefix's are too.
All of it is written in the product's own transaction.
"""

from decimal import Decimal
from typing import Any, Literal

from common.products.models import Product
from common.products.words import MIN_PREFIX_LENGTH, fold

Sort = Literal["created_at", "updated_at", "price", "name", "available"]
Scope = Literal["t", "c"]
SORT_ATTRIBUTE: dict[str, str] = {
    "created_at": "s_created",
    "updated_at": "s_updated",
    "price": "s_price",
    "name": "s_name",
    "available": "s_stock",
}
SK_CATEGORY_ENTRY = "LIST#CATEGORY"
STATUSES = ("active", "draft", "archived")
# Name keys compare on the first characters only: enough to order any real catalog.
_NAME_KEY_LENGTH = 100
# Below every printable character, so "ab" sorts before "ab c" (a space is 0x20).
_END = "\x1f"
_PRICE_SCALE = Decimal(10) ** 4  # the most minor-unit digits of any ISO 4217 currency
_PRICE_DIGITS = 14  # 1e9 x 1e4
# The stock index lists products with at most this many units available: `low_stock` goes up
# to it, and a product above it is not in the index, so its stock operations move no entry.
STOCK_INDEX_LEVEL = 100


def index_name(scope: Scope, sort: Sort) -> str:
    return f"{scope}_{SORT_ATTRIBUTE[sort].removeprefix('s_')}"


def scope_partition(mode: str, tenant_id: str, customer_id: str | None) -> str:
    base = f"{mode}#{tenant_id}#P"
    return f"{base}#C#{customer_id}" if customer_id else base


def status_partition(scope_pk: str, status: str) -> str:
    return f"{scope_pk}#S#{status}"


def category_partition(scope_pk: str, category_id: str, status: str) -> str:
    return f"{scope_pk}#K#{category_id}#S#{status}"


def price_key(price: Decimal) -> str:
    return str(int(price * _PRICE_SCALE)).zfill(_PRICE_DIGITS)


def name_key(name: str) -> str:
    return " ".join(fold(name).split())[:_NAME_KEY_LENGTH]


def sort_keys(product: Product) -> dict[str, str]:
    """The string sort keys of a product, by attribute."""
    tail = f"#{product.id}"
    return {
        "s_created": product.created_at + tail,
        "s_updated": product.updated_at + tail,
        "s_price": price_key(product.price) + tail,
        "s_name": name_key(product.name) + _END + product.id,
    }


def sort_key(product: Product, sort: Sort) -> str:
    """How a product orders under `sort`, as a string (also for in-memory sorting)."""
    if sort == "available":
        return f"{product.inventory.available:012d}#{product.id}"
    return sort_keys(product)[SORT_ATTRIBUTE[sort]]


def _partitions(product: Product, partition_of: Any) -> dict[str, str]:
    keys = {"tpk": partition_of(scope_partition(product.mode, product.tenant_id, None))}
    if product.customer_id:
        scope = scope_partition(product.mode, product.tenant_id, product.customer_id)
        keys["cpk"] = partition_of(scope)
    return keys


def stock_key(product: Product) -> int | None:
    """The product's key in the stock index, or None when it is above the index's level."""
    available = product.inventory.available
    return available if available <= STOCK_INDEX_LEVEL else None


def product_index_attributes(product: Product) -> dict[str, Any]:
    """What the product item itself carries to be listed (by status, any sort, and stock)."""
    stock = stock_key(product)
    return {
        **_partitions(product, lambda scope: status_partition(scope, product.status)),
        **sort_keys(product),
        **({"s_stock": stock} if stock is not None else {}),
    }


def entry_items(product: Product, pk: str) -> dict[str, dict[str, Any]]:
    """The listing entries of a product, by sort key: its category entry when it has a
    category (it shares the product's partition key)."""
    category = product.category_id
    if not category:
        return {}
    return {
        SK_CATEGORY_ENTRY: {
            "pk": pk,
            "sk": SK_CATEGORY_ENTRY,
            "product_id": product.id,
            **sort_keys(product),
            **_partitions(
                product, lambda scope: category_partition(scope, category, product.status)
            ),
        }
    }


def posting_partition(mode: str, tenant_id: str, word: str) -> str:
    return f"{mode}#{tenant_id}#W#{word[:MIN_PREFIX_LENGTH]}"


def posting_key(mode: str, tenant_id: str, word: str, product_id: str) -> dict[str, str]:
    return {"pk": posting_partition(mode, tenant_id, word), "sk": f"{word}#{product_id}"}
