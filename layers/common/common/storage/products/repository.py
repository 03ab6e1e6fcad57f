"""Products table access. Every key starts with the mode and tenant, so no query can cross them.

  pk = <mode>#<tenant>#PRODUCT#<id>   sk = PRODUCT          the product (and its index keys)
  pk = <mode>#<tenant>#PRODUCT#<id>   sk = LIST#...         its listing entries (index.py)
  pk = <mode>#<tenant>#SKU#<sku>      sk = SKU              SKU claim: unique per tenant+mode
  pk = <mode>#<tenant>#W#<ab>         sk = <word>#<id>      search posting (index.py)
  pk = <mode>#<tenant>#P...#STATS     sk = STATS            exact counts (counters.py)

A product write, its SKU claims, listing entries, search postings, counters and audit event
(common/audit) change in one transaction, so a SKU is never claimed twice, never left claimed
by a deleted product, the index never disagrees with the product for long, counts are exact,
and the audit trail has every write and nothing else.
See docs/data-model.md for the access patterns and their cost.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from common.products.models import Product
from common.products.words import product_words
from common.settings import get_settings
from common.storage import audit_repository, transactions
from common.storage.dynamodb import dynamodb_client, from_item, from_value, to_item, to_value
from common.storage.errors import ConditionFailed
from common.storage.keyed_writes import KeyTaken
from common.storage.products import counters, index
from common.storage.products.parsed import ParsedProducts
from common.storage.transactions import MAX_BATCH_GET, MAX_TRANSACTION_OPS, Op, batch_get, execute

if TYPE_CHECKING:
    # only written here (a product's reader never makes one)
    from common.audit.models import AuditEvent

# Re-exported: product writes (products/batch.py) go through this module, so tests can wrap
# them; listing sizes its reads by MAX_BATCH_GET.
__all__ = ["MAX_BATCH_GET", "MAX_TRANSACTION_OPS", "Op", "execute"]

SK_PRODUCT, SK_SKU = "PRODUCT", "SKU"
# Attributes of a stored product that only serve keys and indexes, never the model.
INDEX_ATTRIBUTES = frozenset(
    {"pk", "sk", "tpk", "cpk", "s_created", "s_updated", "s_price", "s_name", "s_stock"}
)


class VersionMismatch(ConditionFailed):
    """The stored product is not at the expected version (or no longer exists). `item`: the
    stored item as the condition found it, when the operation asked DynamoDB for it."""


class StockChanged(Exception):
    """A stock write found the product changed since it was read: `current` is the product
    as it is now (None when DynamoDB did not say: read it again)."""

    def __init__(self, current: Product | None) -> None:
        super().__init__("stock changed")
        self.current = current


class SkuTaken(ConditionFailed):
    def __init__(self, sku: str) -> None:
        super().__init__(sku)
        self.sku = sku


class CategoryMissing(ConditionFailed):
    def __init__(self, category_id: str) -> None:
        super().__init__(category_id)
        self.category_id = category_id


def _table() -> str:
    return get_settings().products_table


def tenant_partition(mode: str, tenant_id: str) -> str:
    return f"{mode}#{tenant_id}"


def product_pk(mode: str, tenant_id: str, product_id: str) -> str:
    """The partition of a product: its item and its listing entries."""
    return f"{tenant_partition(mode, tenant_id)}#PRODUCT#{product_id}"


def _product_key(mode: str, tenant_id: str, product_id: str) -> dict[str, Any]:
    return {"pk": to_value(product_pk(mode, tenant_id, product_id)), "sk": to_value(SK_PRODUCT)}


def _sku_key(mode: str, tenant_id: str, sku: str) -> dict[str, Any]:
    return {
        "pk": to_value(f"{tenant_partition(mode, tenant_id)}#SKU#{sku}"),
        "sk": to_value(SK_SKU),
    }


# What a listing reads of a product item: the model's fields but its search words, and the
# variants' stock (product_from_item puts it back into the variants).
SHOWN_ATTRIBUTES = tuple(sorted(set(Product.model_fields) - {"indexed_words"} | {"variant_stock"}))


def product_values(product: Product) -> dict[str, Any]:
    """The stored item, as Python values. Variant stock is kept in a map by variant id, so
    stock operations address it by path in a single UpdateItem, without reading first."""
    keys = {
        "pk": product_pk(product.mode, product.tenant_id, product.id),
        "sk": SK_PRODUCT,
        **index.product_index_attributes(product),
    }
    values = product.model_dump(mode="python", exclude={"variants"}, exclude_none=True)
    values["variants"] = [
        v.model_dump(exclude={"inventory"}, exclude_none=True) for v in product.variants
    ]
    values["variant_stock"] = _variant_stock(product)
    return {**keys, **values}


def _variant_stock(product: Product) -> dict[str, dict[str, int]]:
    """The variants' counters as stored: a map by variant id, which stock operations set."""
    return {v.id: v.inventory.model_dump() for v in product.variants}


def product_from_item(item: dict[str, Any]) -> Product:
    values = from_item(item)
    for key in INDEX_ATTRIBUTES:
        values.pop(key, None)
    stock = values.pop("variant_stock", {})
    # Plain dicts: the whole product validates in one call (pydantic-core), not model by model.
    values["variants"] = [
        {**variant, "inventory": stock.get(variant["id"], {})}
        for variant in values.get("variants", [])
    ]
    return Product.model_validate(values)


# Listings' products, parsed once per stored version by a warm instance (parsed.py).
listed_product = ParsedProducts(product_from_item)


def get(mode: str, tenant_id: str, product_id: str) -> Product | None:
    """The product, or None: a product of an unfinished batch does not exist yet."""
    response = dynamodb_client().get_item(
        TableName=_table(), Key=_product_key(mode, tenant_id, product_id), ConsistentRead=True
    )
    if "Item" not in response:
        return None
    product = product_from_item(response["Item"])
    return None if product.pending_batch else product


# ------------------------------------------------------------------ writes ------------------
# (storage/transactions.py runs them: `execute` is looked up here, so tests can wrap it)
# Each product indexes at most this many words for search (name, SKUs, tags, description).
MAX_INDEXED_WORDS = 50
# A single product write's counters: tenant, customer (twice if it moves) and two categories.
_COUNTER_RESERVE = 6
# Every product write records one audit event in its transaction.
AUDIT_OPS_PER_WRITE = 1


def _put(item: dict[str, Any], condition: dict[str, Any] | None = None) -> dict[str, Any]:
    return transactions.put(_table(), to_item(item), condition)


def _delete(key: dict[str, Any], condition: dict[str, Any] | None = None) -> dict[str, Any]:
    return transactions.delete(_table(), key, condition)


def _claim(product: Product, sku: str) -> Op:
    item = {
        "pk": f"{tenant_partition(product.mode, product.tenant_id)}#SKU#{sku}",
        "sk": SK_SKU,
        "product_id": product.id,
    }
    return Op(_put(item, {"ConditionExpression": "attribute_not_exists(pk)"}), SkuTaken(sku))


def _release(product: Product, sku: str) -> Op:
    # Only this product's own claim is ever released.
    condition = {
        "ConditionExpression": "product_id = :id",
        "ExpressionAttributeValues": {":id": to_value(product.id)},
    }
    return Op(_delete(_sku_key(product.mode, product.tenant_id, sku), condition), VersionMismatch())


def _version_condition(expected: int) -> dict[str, Any]:
    return {
        "ConditionExpression": "#version = :expected",
        "ExpressionAttributeNames": {"#version": "version"},
        "ExpressionAttributeValues": {":expected": to_value(expected)},
    }


def _entry_ops(old: Product | None, new: Product | None) -> list[Op]:
    """Puts of the new listing entries; deletes of the old ones the new state has no more.
    The product's own condition guards them: they are only ever written with it."""
    product = new or old
    assert product is not None
    pk = product_pk(product.mode, product.tenant_id, product.id)
    before = index.entry_items(old, pk) if old else {}
    after = index.entry_items(new, pk) if new else {}
    ops = [Op(_put(item), VersionMismatch()) for item in after.values()]
    gone = [sk for sk in before if sk not in after]
    return ops + [
        Op(_delete({"pk": to_value(pk), "sk": to_value(sk)}), VersionMismatch()) for sk in gone
    ]


def _sku_ops(old: Product | None, new: Product | None) -> list[Op]:
    before, after = (old.skus() if old else set()), (new.skus() if new else set())
    ops = [_release(old, sku) for sku in sorted(before - after)] if old else []
    return ops + ([_claim(new, sku) for sku in sorted(after - before)] if new else [])


def _posting_ops(
    old: Product | None, new: Product | None, budget: int
) -> tuple[list[Op], list[str]]:
    """Search postings to add and remove within what is left of the transaction, and the
    words indexed once they are written. Adds come first: a missing posting hides a product
    from a search, a stale one costs only a read (every match is checked against the product)."""
    product = new or old
    assert product is not None
    indexed = list(old.indexed_words) if old else []
    wanted = product_words(new)[:MAX_INDEXED_WORDS] if new else []
    adds = [word for word in wanted if word not in indexed][: max(budget, 0)]
    removes = [word for word in indexed if word not in wanted][: max(budget - len(adds), 0)]
    ops = []
    for word in adds:
        posting = {
            **index.posting_key(product.mode, product.tenant_id, word, product.id),
            "product_id": product.id,
        }
        ops.append(Op(_put(posting), VersionMismatch()))
    for word in removes:
        key = index.posting_key(product.mode, product.tenant_id, word, product.id)
        ops.append(Op(_delete(to_item(key)), VersionMismatch()))
    return ops, [word for word in indexed if word not in removes] + adds


def write_ops(old: Product | None, new: Product | None, room: int = 0) -> list[Op]:
    """The operations of one product write without its counters (batches add theirs once) and
    its audit event, the product's own put or delete first. Room is kept for both, and for
    `room` more operations of the same transaction."""
    rest = _entry_ops(old, new) + _sku_ops(old, new)
    budget = MAX_TRANSACTION_OPS - _COUNTER_RESERVE - AUDIT_OPS_PER_WRITE - len(rest) - 1 - room
    postings, indexed = _posting_ops(old, new, budget)
    if new is None:
        assert old is not None
        key = _product_key(old.mode, old.tenant_id, old.id)
        main = Op(_delete(key, _version_condition(old.version)), VersionMismatch())
    else:
        item = {**product_values(new), "indexed_words": indexed}
        condition = (
            _version_condition(old.version)
            if old
            else {"ConditionExpression": "attribute_not_exists(pk)"}
        )
        main = Op(_put(item, condition), VersionMismatch())
    return [main, *rest, *postings]


def publish_op(product: Product) -> Op:
    """Makes a product of a batch visible: removes its pending mark, only if it still has it
    (its condition fails once the sweeper has discarded the product)."""
    assert product.pending_batch is not None
    request = {
        "Update": {
            "TableName": _table(),
            "Key": _product_key(product.mode, product.tenant_id, product.id),
            "UpdateExpression": "REMOVE pending_batch",
            "ConditionExpression": "pending_batch = :batch",
            "ExpressionAttributeValues": {":batch": to_value(product.pending_batch)},
        }
    }
    return Op(request, VersionMismatch())


def as_inserted(product: Product) -> Product:
    """The product as its insert stored it (with the words it indexed): what undoing that
    insert must remove."""
    return product_from_item(write_ops(None, product)[0].request["Put"]["Item"])


def counter_ops(changes: Sequence[tuple[Product | None, Product | None]]) -> list[Op]:
    """The counter updates of several product writes, one per counter item (a transaction may
    touch an item only once): exact totals by scope, status and category (docs/api.md#listing)."""
    deltas: dict[tuple[str, ...], dict[str, int]] = {}
    for old, new in changes:
        for product, sign in ((old, -1), (new, +1)):
            if product is None:
                continue
            for item_key, attribute in counters.counted_in(product):
                bucket = deltas.setdefault(item_key, {})
                bucket[attribute] = bucket.get(attribute, 0) + sign
    ops = []
    for item_key, all_moves in sorted(deltas.items()):
        moves = {name: delta for name, delta in all_moves.items() if delta}
        if not moves:
            continue
        request = counters.update_request(item_key, moves)
        # Only a category's counters have a condition: that the category exists.
        ops.append(Op(request, CategoryMissing(item_key[-1])))
    return ops


def audit_op(event: "AuditEvent") -> Op:
    """The put of a write's audit event. It has no condition, so never fails the write."""
    return Op(audit_repository.put_request(event))


def unaudit_op(event: "AuditEvent") -> Op:
    """Removes the audit event of a write that is being undone (a failed batch)."""
    return Op(audit_repository.delete_request(event))


def _write(
    old: Product | None,
    new: Product | None,
    audit: "AuditEvent",
    record: dict[str, Any] | None = None,
) -> None:
    first = _record_ops(record)
    ops = write_ops(old, new, room=len(first))
    execute([*first, *ops, *counter_ops([(old, new)]), audit_op(audit)])


def _record_ops(record: dict[str, Any] | None) -> list[Op]:
    """A keyed request's record written in the write's transaction (storage/keyed_writes.py
    completing_record), first: a key another attempt wrote is KeyTaken, whatever else changed
    since."""
    return [Op(record, KeyTaken())] if record else []


def insert(product: Product, audit: "AuditEvent", record: dict[str, Any] | None = None) -> None:
    """A new product with everything it holds and its audit event, in one transaction, with
    the keyed request's `record` (`_record_ops`)."""
    _write(None, product, audit, record)


def replace(current: Product, updated: Product, audit: "AuditEvent") -> None:
    """Writes the new state only if the stored one is still at current.version; SKU claims,
    listing entries, search postings, counters and the audit event follow in the same
    transaction."""
    _write(current, updated, audit)


def delete(product: Product, audit: "AuditEvent") -> None:
    """Deletes an unchanged product (conditional on its version), with everything it holds."""
    _write(product, None, audit)


# ------------------------------------------------------------------ stock -------------------
def write_stock(
    current: Product,
    updated: Product,
    audit: "AuditEvent",
    record: dict[str, Any] | None = None,
) -> None:
    """The stock of `updated` (product or variant counters, its stock index key, the version)
    if the stored product is still exactly `current`, and the audit event, in one transaction.
    The counters are computed from `current` (products/stock.py), so the version condition is
    what keeps them from going below zero under concurrency; a failed condition is
    StockChanged, with the product as it is now (DynamoDB returns it with the cancellation):
    compute again from that. `updated_at` stays: it dates catalog changes, and listings sort
    by it. With the keyed request's `record` (`_record_ops`)."""
    values = {
        ":stock": to_value(updated.stock.model_dump()),
        ":variant_stock": to_value(_variant_stock(updated)),
        ":version": to_value(updated.version),
        ":expected": to_value(current.version),
    }
    update_expression = "SET #stock = :stock, variant_stock = :variant_stock, #version = :version"
    # Above the stock index's level the product leaves the index (REMOVE of an absent
    # attribute writes no index entry): its stock operations then move nothing there.
    stock_key = index.stock_key(updated)
    if stock_key is None:
        update_expression += " REMOVE s_stock"
    else:
        update_expression += ", s_stock = :s_stock"
        values[":s_stock"] = to_value(stock_key)
    update = {
        "Update": {
            "TableName": _table(),
            "Key": _product_key(current.mode, current.tenant_id, current.id),
            "UpdateExpression": update_expression,
            "ConditionExpression": "#version = :expected",
            "ExpressionAttributeNames": {"#stock": "stock", "#version": "version"},
            "ExpressionAttributeValues": values,
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
    }
    try:
        execute([*_record_ops(record), Op(update, VersionMismatch()), audit_op(audit)])
    except VersionMismatch as stale:
        raise StockChanged(product_from_item(stale.item) if stale.item else None) from stale


# ------------------------------------------------------------------ listing -----------------
class IndexEntry(NamedTuple):
    """One key of a listing index: where the product is, and where the listing is."""

    product_id: str
    sort_value: str | int


class IndexRange(NamedTuple):
    """A key range of one listing index partition (storage/products/index.py)."""

    index_name: str
    partition_attribute: str
    partition: str
    sort_attribute: str
    low: str | int | None = None  # inclusive bounds
    high: str | int | None = None
    descending: bool = True


def _product_id(pk: str) -> str:
    return pk.rsplit("#", 1)[-1]


def _query_request(
    where: IndexRange, limit: int, start_key: dict[str, Any] | None
) -> dict[str, Any]:
    names = {"#p": where.partition_attribute}
    values: dict[str, Any] = {":p": to_value(where.partition)}
    condition = "#p = :p"
    if where.low is not None or where.high is not None:
        names["#s"] = where.sort_attribute
    if where.low is not None and where.high is not None:
        condition += " AND #s BETWEEN :lo AND :hi"
        values.update({":lo": to_value(where.low), ":hi": to_value(where.high)})
    elif where.low is not None:
        condition += " AND #s >= :lo"
        values[":lo"] = to_value(where.low)
    elif where.high is not None:
        condition += " AND #s <= :hi"
        values[":hi"] = to_value(where.high)
    request: dict[str, Any] = {
        "TableName": _table(),
        "IndexName": where.index_name,
        "KeyConditionExpression": condition,
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
        "ScanIndexForward": not where.descending,
        "Limit": limit,
    }
    if start_key:
        request["ExclusiveStartKey"] = start_key
    return request


def query_index(
    where: IndexRange, limit: int, start_key: dict[str, Any] | None = None
) -> tuple[list[IndexEntry], dict[str, Any] | None]:
    """One Query of at most `limit` keys; the key to continue from, if DynamoDB has more."""
    response = dynamodb_client().query(**_query_request(where, limit, start_key))
    entries = []
    for item in response.get("Items", []):
        value = from_value(item[where.sort_attribute])
        sort_value = int(value) if where.sort_attribute == "s_stock" else str(value)
        entries.append(IndexEntry(_product_id(item["pk"]["S"]), sort_value))
    return entries, response.get("LastEvaluatedKey")


def count_index(where: IndexRange, budget: int) -> int:
    """How many keys a range holds, counted with Select=COUNT a page (1 MB) at a time, up to
    about `budget` (include_total on listings without counters)."""
    counted, start_key = 0, None
    while counted < budget:
        request = _query_request(where, budget - counted, start_key)
        response = dynamodb_client().query(**request, Select="COUNT")
        counted += response.get("Count", 0)
        start_key = response.get("LastEvaluatedKey")
        if not start_key:
            break
    return counted


def get_many(
    mode: str,
    tenant_id: str,
    product_ids: Sequence[str],
    consistent: bool = False,
    include_pending: bool = False,
    to_show: bool = False,
    counts: counters.Counts | None = None,
) -> dict[str, Product]:
    """The products that exist among `product_ids` (storage/transactions.py batch_get).
    `consistent`: strongly consistent reads. `include_pending`: also the products of
    unfinished batches (for the batch itself and its sweeper; to everyone else they do not
    exist yet). `to_show`: without what no response shows (index keys, search words), for
    listings: less to read and parse, and parsed once per stored version by a warm instance
    (parsed.py); such a product is never written back. `counts`: a
    counter item read in the same BatchGetItem, into `counts.found`."""
    keys = [_product_key(mode, tenant_id, pid) for pid in dict.fromkeys(product_ids)]
    found: dict[str, Product] = {}
    attributes: Sequence[str] = SHOWN_ATTRIBUTES if to_show else ()
    counter_key: dict[str, Any] | None = None
    if counts is not None:
        counter_key = counts.key()
        keys.append(counter_key)
        if attributes:  # with the keys, to tell the counter item from the products
            attributes = (*attributes, "pk", "sk", *counts.attributes)
        counts.fill({})  # what an absent counter item counts
    parse = listed_product if to_show else product_from_item
    for item in batch_get(_table(), keys, consistent, attributes):
        if counts is not None and _is_item_of(item, counter_key):
            counts.fill(item)
            continue
        product = parse(item)
        if include_pending or not product.pending_batch:
            found[product.id] = product
    return found


def _is_item_of(item: dict[str, Any], key: dict[str, Any] | None) -> bool:
    return key is not None and item.get("pk") == key["pk"] and item.get("sk") == key["sk"]


def sku_owners(mode: str, tenant_id: str, skus: Sequence[str]) -> list[str]:
    """The ids of the products that claim these SKUs (product or variant SKUs)."""
    keys = [_sku_key(mode, tenant_id, sku) for sku in dict.fromkeys(skus)]
    return [item["product_id"]["S"] for item in batch_get(_table(), keys)] if keys else []


def postings(
    mode: str, tenant_id: str, word: str, prefix: bool, limit: int, after: str | None
) -> tuple[list[str], str | None]:
    """Product ids of one search word (or of every word starting with a prefix), in key
    order, from after `after`; and the key to continue from when there may be more."""
    request: dict[str, Any] = {
        "TableName": _table(),
        "KeyConditionExpression": "pk = :p AND begins_with(sk, :w)",
        "ExpressionAttributeValues": {
            ":p": to_value(index.posting_partition(mode, tenant_id, word)),
            ":w": to_value(word if prefix else f"{word}#"),
        },
        "ProjectionExpression": "sk",
        "Limit": limit,
    }
    if after:
        partition = index.posting_partition(mode, tenant_id, word)
        request["ExclusiveStartKey"] = {"pk": to_value(partition), "sk": to_value(after)}
    response = dynamodb_client().query(**request)
    keys = [item["sk"]["S"] for item in response.get("Items", [])]
    more = response.get("LastEvaluatedKey")
    return [key.rsplit("#", 1)[-1] for key in keys], (more["sk"]["S"] if more else None)
