"""Audit events in ProductsTable, beside the resources they describe (docs/data-model.md).

  pk = <mode>#<tenant>#AUDIT   sk = <occurred_at>#<event id>   one event
  gsi1pk = AUDIT#<mode>#<tenant>#<resource id>   gsi1sk = <occurred_at>#<event id>

The tenant's trail is one key range (newest first: the sort key starts with the time); one
resource's trail is one key range of gsi1, which categories also use (their partitions start
with CATEGORY#, never AUDIT#). `expires_at` is the table's TTL attribute: nothing else in the
table has it. An event is written only inside the transaction of the write it records: this
module builds the operation, the resource's repository runs it. Reading the trail:
storage/audit_trail.py.
"""

from typing import TYPE_CHECKING, Any

from common.settings import get_settings
from common.storage import transactions
from common.storage.dynamodb import to_item, to_value

if TYPE_CHECKING:  # the writes only read an event's fields (reads: storage/audit_trail.py)
    from common.audit.models import AuditEvent


def table() -> str:
    return get_settings().products_table


def trail_partition(mode: str, tenant_id: str) -> str:
    return f"{mode}#{tenant_id}#AUDIT"


def resource_partition(mode: str, tenant_id: str, resource_id: str) -> str:
    return f"AUDIT#{mode}#{tenant_id}#{resource_id}"


def _order(event: "AuditEvent") -> str:
    return f"{event.occurred_at}#{event.id}"


def _key(event: "AuditEvent") -> dict[str, Any]:
    return {
        "pk": to_value(trail_partition(event.mode, event.tenant_id)),
        "sk": to_value(_order(event)),
    }


def to_stored(event: "AuditEvent") -> dict[str, Any]:
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


def put_request(event: "AuditEvent") -> dict[str, Any]:
    """The TransactWriteItems operation that records `event`. Its key is new (the time and 96
    random bits), so it needs no condition and never fails the write it goes with."""
    return transactions.put(table(), to_stored(event))


def delete_request(event: "AuditEvent") -> dict[str, Any]:
    """Removes `event` again: only to undo a write that is being undone (a failed batch)."""
    return transactions.delete(table(), _key(event))
