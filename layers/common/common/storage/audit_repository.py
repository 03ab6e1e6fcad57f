"""Audit events in ProductsTable, beside the resources they describe (docs/data-model.md).

  pk = <mode>#<tenant>#AUDIT   sk = <occurred_at>#<event id>   one event
  gsi1pk = AUDIT#<mode>#<tenant>#<resource id>   gsi1sk = <occurred_at>#<event id>

The tenant's trail is one key range (newest first: the sort key starts with the time); one
resource's trail is one key range of gsi1, which categories also use (their partitions start
with CATEGORY#, never AUDIT#). `expires_at` is the table's TTL attribute: nothing else in the
table has it. An event is written only inside the transaction of the write it records: this
module builds the operation, the resource's repository runs it.
"""

from dataclasses import dataclass
from typing import Any

from common.audit.models import AuditEvent
from common.settings import get_settings
from common.storage import transactions
from common.storage.dynamodb import dynamodb_client, from_item, to_item, to_value

RESOURCE_INDEX = "gsi1"
_KEY_ATTRIBUTES = ("pk", "sk", "gsi1pk", "gsi1sk")


@dataclass(frozen=True)
class Page:
    events: list[AuditEvent]
    last_key: dict[str, Any] | None


def _table() -> str:
    return get_settings().products_table


def trail_partition(mode: str, tenant_id: str) -> str:
    return f"{mode}#{tenant_id}#AUDIT"


def resource_partition(mode: str, tenant_id: str, resource_id: str) -> str:
    return f"AUDIT#{mode}#{tenant_id}#{resource_id}"


def _order(event: AuditEvent) -> str:
    return f"{event.occurred_at}#{event.id}"


def _key(event: AuditEvent) -> dict[str, Any]:
    return {
        "pk": to_value(trail_partition(event.mode, event.tenant_id)),
        "sk": to_value(_order(event)),
    }


def to_stored(event: AuditEvent) -> dict[str, Any]:
    """The item of an event (DynamoDB attribute values)."""
    keys = {
        "pk": trail_partition(event.mode, event.tenant_id),
        "sk": _order(event),
        "gsi1pk": resource_partition(event.mode, event.tenant_id, event.resource.id),
        "gsi1sk": _order(event),
    }
    # Without its None members (a create's `"before": null` on every field...), which read back
    # as the models' defaults: a create's event stays nearer 1 KB, the unit writes are billed in.
    return to_item({**keys, **event.model_dump(mode="python", exclude_none=True)})


def put_request(event: AuditEvent) -> dict[str, Any]:
    """The TransactWriteItems operation that records `event`. Its key is new (the time and 96
    random bits), so it needs no condition and never fails the write it goes with."""
    return transactions.put(_table(), to_stored(event))


def delete_request(event: AuditEvent) -> dict[str, Any]:
    """Removes `event` again: only to undo a write that is being undone (a failed batch)."""
    return transactions.delete(_table(), _key(event))


def _from_item(item: dict[str, Any]) -> AuditEvent:
    values = from_item(item)
    for key in _KEY_ATTRIBUTES:
        values.pop(key, None)
    return AuditEvent.model_validate(values)


def query_page(
    mode: str,
    tenant_id: str,
    resource_id: str | None,
    limit: int,
    start_key: dict[str, Any] | None,
) -> Page:
    """`limit` events, newest first, from after `start_key`: the tenant's trail, or one
    resource's. Reads limit + 1 items (one Query, two if DynamoDB stops at 1 MB): the extra one
    says whether there is a next page. The tenant's trail is read strongly consistent; a
    resource's comes from gsi1, which may lag its writes by a moment."""
    request: dict[str, Any] = {"TableName": _table(), "ScanIndexForward": False}
    if resource_id is None:
        request["KeyConditionExpression"] = "pk = :p"
        request["ExpressionAttributeValues"] = {":p": to_value(trail_partition(mode, tenant_id))}
        request["ConsistentRead"] = True
    else:
        partition = resource_partition(mode, tenant_id, resource_id)
        request["IndexName"] = RESOURCE_INDEX
        request["KeyConditionExpression"] = "gsi1pk = :p"
        request["ExpressionAttributeValues"] = {":p": to_value(partition)}
    items: list[dict[str, Any]] = []
    while len(items) <= limit:
        request["Limit"] = limit + 1 - len(items)
        if start_key:
            request["ExclusiveStartKey"] = start_key
        response = dynamodb_client().query(**request)
        items += response.get("Items", [])
        start_key = response.get("LastEvaluatedKey")
        if not start_key:
            break
    last_key = None
    if len(items) > limit:
        attributes = _KEY_ATTRIBUTES if resource_id is not None else ("pk", "sk")
        last_key = {name: items[limit - 1][name] for name in attributes}
    return Page([_from_item(item) for item in items[:limit]], last_key)
