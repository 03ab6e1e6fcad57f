"""Product events (decisions.md#product-events): stream records -> CloudEvents -> EventBridge.

Pure mapping, unit-testable without AWS; functions/product_events publishes what this returns.

  INSERT of a product                          -> product.created
  MODIFY that changes stock (stock/variant_stock) -> product.stock_changed
  MODIFY that changes anything else            -> product.updated
  (a write that changes both emits both; version/updated_at alone count as an update)
  REMOVE of a product                          -> product.deleted
  MODIFY that publishes a product of a batch   -> product.created
  (a product of an unfinished batch does not exist yet: its INSERT and REMOVE say nothing)

Only product items (sk = PRODUCT) produce events; SKU claims, categories, slugs and counters
are skipped. The CloudEvents 1.0 envelope goes in the entry's Detail:

  {"specversion": "1.0", "id": "<stream eventID>:<type>", "source": "products-api",
   "type": "product.updated", "time": ..., "subject": <product id>, "tenantid": ..., "mode": ...,
   "sequence": <stream sequence number>, "datacontenttype": "application/json",
   "data": {"product": <public view or null>, "previous": <public view or null>,
            "changed_fields": [...], "truncated": false}}

The id is the same every time the same stream record is delivered (Lambda retries, bisected
batches), so consumers deduplicate on it: delivery is at least once.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from common.clock import iso_timestamp
from common.jsonio import plain, serialize
from common.products.models import Product
from common.storage.dynamodb import from_item
from common.storage.products.repository import INDEX_ATTRIBUTES, SK_PRODUCT, product_from_item

SOURCE = "products-api"
CREATED, UPDATED, DELETED = "product.created", "product.updated", "product.deleted"
STOCK_CHANGED = "product.stock_changed"
EVENT_TYPES = (CREATED, UPDATED, DELETED, STOCK_CHANGED)

# Stored attributes that hold stock, and those every write moves.
# s_stock is the stock index's copy of units available (storage/products/index.py).
_STOCK_ATTRIBUTES = frozenset({"stock", "variant_stock", "s_stock"})
_KEY_ATTRIBUTES = INDEX_ATTRIBUTES - {"s_stock"} | {"indexed_words"}

# EventBridge limits: an entry (and a whole PutEvents request) at most 256 KB, 10 entries a call.
MAX_ENTRY_BYTES = 256 * 1024
MAX_ENTRIES_PER_CALL = 10
_TIME_BYTES = 14  # what EventBridge counts for an entry's Time


def changed_fields(
    previous: Mapping[str, Any] | None, current: Mapping[str, Any] | None
) -> list[str]:
    """Top-level public fields whose values differ (every field of a created/deleted product)."""
    before, after = previous or {}, current or {}
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def _event_types(name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    if "pending_batch" in new or (name == "REMOVE" and "pending_batch" in old):
        return []
    if "pending_batch" in old:  # published: the product exists from now on
        return [CREATED]
    if name == "INSERT":
        return [CREATED]
    if name == "REMOVE":
        return [DELETED]
    old_values = {k: v for k, v in from_item(dict(old)).items() if k not in _KEY_ATTRIBUTES}
    new_values = {k: v for k, v in from_item(dict(new)).items() if k not in _KEY_ATTRIBUTES}
    differs = {
        k for k in old_values.keys() | new_values.keys() if old_values.get(k) != new_values.get(k)
    }
    if not differs:
        return []
    stock = differs & _STOCK_ATTRIBUTES
    other = differs - _STOCK_ATTRIBUTES - {"version", "updated_at"}
    types = [UPDATED] if other or not stock else []
    return [*types, STOCK_CHANGED] if stock else types


def _time(record: Mapping[str, Any], product: Product) -> str:
    created = record.get("dynamodb", {}).get("ApproximateCreationDateTime")
    if created is None:
        return product.updated_at
    return iso_timestamp(datetime.fromtimestamp(float(created), UTC))


def events_from_record(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The CloudEvents of one stream record (Lambda's DynamoDB stream format): none for items
    that are not products or for a MODIFY that changed nothing."""
    stream = record.get("dynamodb", {})
    keys = stream.get("Keys", {})
    if keys.get("sk", {}).get("S") != SK_PRODUCT:
        return []
    name = record["eventName"]
    old_image, new_image = stream.get("OldImage"), stream.get("NewImage")
    old = product_from_item(old_image) if old_image else None
    new = product_from_item(new_image) if new_image else None
    subject = new or old
    if subject is None:  # a stream without images (KEYS_ONLY): nothing to say
        raise ValueError("the stream record has no image: the stream must be NEW_AND_OLD_IMAGES")
    types = _event_types(name, old_image or {}, new_image or {})
    product = plain(new.public()) if new else None
    previous = plain(old.public()) if old and not old.pending_batch else None
    data = {
        "product": product,
        "previous": previous,
        "changed_fields": changed_fields(previous, product),
        "truncated": False,
    }
    return [
        {
            "specversion": "1.0",
            "id": f"{record['eventID']}:{kind}",
            "source": SOURCE,
            "type": kind,
            "time": _time(record, subject),
            "subject": subject.id,
            "tenantid": subject.tenant_id,
            "mode": subject.mode,
            "sequence": stream.get("SequenceNumber"),
            "datacontenttype": "application/json",
            "data": data,
        }
        for kind in types
    ]


def entry_size(entry: Mapping[str, Any]) -> int:
    """An entry's size as EventBridge counts it (Time, Source, DetailType, Detail, Resources)."""
    size = _TIME_BYTES if "Time" in entry else 0
    for field in ("Source", "DetailType", "Detail"):
        size += len(str(entry.get(field, "")).encode())
    return size + sum(len(r.encode()) for r in entry.get("Resources", []))


def _stub(view: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if view is None:
        return None
    return {k: view.get(k) for k in ("id", "version", "updated_at")}


def to_entry(event: Mapping[str, Any], bus_name: str) -> dict[str, Any]:
    """The PutEvents entry of an event. One too large for EventBridge drops `previous`, then
    `product`, to their ids and versions, with `truncated: true`: consumers read the product
    from the API when they need the rest."""
    data = event["data"]
    attempts = [
        data,
        {**data, "previous": _stub(data["previous"]), "truncated": True},
        {
            **data,
            "previous": _stub(data["previous"]),
            "product": _stub(data["product"]),
            "truncated": True,
        },
    ]
    for attempt in attempts:
        entry = {
            "Source": event["source"],
            "DetailType": event["type"],
            "Detail": serialize({**event, "data": attempt}),
            "EventBusName": bus_name,
            "Time": datetime.fromisoformat(event["time"]),
        }
        if entry_size(entry) <= MAX_ENTRY_BYTES:
            return entry
    raise ValueError(f"event {event['id']} does not fit in an EventBridge entry")


def chunks(
    entries: Sequence[tuple[int, dict[str, Any]]],
) -> Iterable[list[tuple[int, dict[str, Any]]]]:
    """PutEvents calls in order: at most 10 entries and 256 KB each."""
    chunk: list[tuple[int, dict[str, Any]]] = []
    size = 0
    for item in entries:
        item_size = entry_size(item[1])
        if chunk and (len(chunk) == MAX_ENTRIES_PER_CALL or size + item_size > MAX_ENTRY_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(item)
        size += item_size
    if chunk:
        yield chunk


class PutEventsClient(Protocol):
    def put_events(self, *, Entries: list[dict[str, Any]]) -> Mapping[str, Any]: ...  # noqa: N803


class PublishError(Exception):
    """A call to PutEvents failed as a whole (throttling or outage, after the SDK's retries)."""


def publish(
    client: PutEventsClient,
    records: Sequence[Sequence[dict[str, Any]]],
    errors: tuple[type[Exception], ...] = (PublishError,),
) -> dict[int, str]:
    """Publishes each record's entries, in record order. Returns record index -> why it failed.

    Once a call reports a failure nothing later is sent: those records fail too ("held back"),
    so no event overtakes an earlier one that will be retried. Lambda retries from the first
    failed record anyway, so sending them would only make duplicates.
    """
    flat = [(index, entry) for index, entries in enumerate(records) for entry in entries]
    failed: dict[int, str] = {}
    for chunk in chunks(flat):
        if failed:
            for index, _ in chunk:
                failed.setdefault(index, "held back: an earlier event of the batch failed")
            continue
        try:
            response = client.put_events(Entries=[entry for _, entry in chunk])
        except errors as exc:
            for index, _ in chunk:
                failed.setdefault(index, f"PutEvents failed: {exc}")
            continue
        if not response.get("FailedEntryCount"):
            continue
        for (index, _), result in zip(chunk, response.get("Entries", []), strict=False):
            if result.get("ErrorCode"):
                failed.setdefault(index, f"{result['ErrorCode']}: {result.get('ErrorMessage')}")
    return failed
