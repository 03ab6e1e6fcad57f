from typing import Literal

AuditEventAction = Literal[
    "category.created",
    "category.deleted",
    "category.updated",
    "inventory.adjusted",
    "inventory.committed",
    "inventory.released",
    "inventory.reserved",
    "inventory.set",
    "product.created",
    "product.deleted",
    "product.updated",
]

AUDIT_EVENT_ACTION_VALUES: set[AuditEventAction] = {
    "category.created",
    "category.deleted",
    "category.updated",
    "inventory.adjusted",
    "inventory.committed",
    "inventory.released",
    "inventory.reserved",
    "inventory.set",
    "product.created",
    "product.deleted",
    "product.updated",
}


def check_audit_event_action(value: str) -> AuditEventAction:
    if value in AUDIT_EVENT_ACTION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {AUDIT_EVENT_ACTION_VALUES!r}")
