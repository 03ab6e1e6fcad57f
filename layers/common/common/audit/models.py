"""An audit event: one write by one caller to one resource (docs/decisions.md#audit).

{"id": "aud_…", "occurred_at": ISO-8601 Z, "request_id": API Gateway's request id,
 "tenant_id": …, "test": bool,
 "actor": {"client_id": …, "user_id": seed 002's userId header or null,
           "customer_id": the client's customer binding or null},
 "action": "product.created" | "product.updated" | "product.deleted"
         | "inventory.adjusted" | "inventory.set" | "inventory.reserved"
         | "inventory.released" | "inventory.committed"
         | "category.created" | "category.updated" | "category.deleted",
 "resource": {"type": "product" | "category", "id": …},
 "version_before": int | null, "version_after": int | null,
 "changed_fields": [top-level field names whose public value changed],
 "changes": {field: {"before": …, "after": …}}, "changes_truncated": bool,
 "details": {…} | null, "expires_at": ISO-8601 Z}
"""

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from common.clock import iso_timestamp

if TYPE_CHECKING:
    from common.audit import views

ResourceType = Literal["product", "category"]
AuditAction = Literal[
    "product.created",
    "product.updated",
    "product.deleted",
    "inventory.adjusted",
    "inventory.set",
    "inventory.reserved",
    "inventory.released",
    "inventory.committed",
    "category.created",
    "category.updated",
    "category.deleted",
]


class Actor(BaseModel):
    model_config = ConfigDict(frozen=True)

    client_id: str
    user_id: str | None = None
    customer_id: str | None = None


class AuditResource(BaseModel):
    model_config = ConfigDict(frozen=True)

    type: ResourceType
    id: str


class FieldChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    before: Any = None
    after: Any = None


class AuditEvent(BaseModel):
    """A stored audit event. `public()` is its representation in responses."""

    model_config = ConfigDict(frozen=True)

    id: str
    occurred_at: str
    request_id: str | None = None
    tenant_id: str
    mode: Literal["live", "test"]
    actor: Actor
    action: AuditAction
    resource: AuditResource
    version_before: int | None = None
    version_after: int | None = None
    changed_fields: list[str]
    changes: dict[str, FieldChange]
    changes_truncated: bool = False
    details: dict[str, Any] | None = None
    # Epoch seconds: DynamoDB's TTL deletes the event once the retention has passed.
    expires_at: int

    def public(self) -> "views.AuditEvent":
        from common.audit import views  # imported here: views reads this module

        body = self.model_dump(exclude={"mode", "expires_at"})
        body["test"] = self.mode == "test"
        body["expires_at"] = iso_timestamp(datetime.fromtimestamp(self.expires_at, UTC))
        return views.AuditEvent.model_validate(body)
