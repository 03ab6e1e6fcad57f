"""What the API returns for an audit event, made from the stored one (audit/models.py)."""

from typing import Any

from pydantic import Field, RootModel

from common.audit.models import Actor, AuditAction, AuditResource, FieldChange
from common.representation import Output, Timestamp, read_only


class AuditDetails(RootModel[dict[str, Any]]):
    """What an operation adds to its event (a stock operation's quantity and result...)."""


class AuditEvent(Output):
    """One write by one caller to one resource (docs/decisions.md#audit)."""

    id: str = read_only()
    occurred_at: Timestamp = read_only()
    request_id: str | None = read_only("The write's request id")
    tenant_id: str = read_only()
    actor: Actor = read_only()
    action: AuditAction = read_only()
    resource: AuditResource = read_only()
    version_before: int | None = read_only()
    version_after: int | None = read_only()
    changed_fields: list[str] = read_only("Top-level fields whose value changed")
    changes: dict[str, FieldChange] = read_only(
        "Each changed field's values before and after; for `variants`, only the variants that "
        "changed, by id (added: whole in after; removed: whole in before; changed: the id and "
        "the members that changed)"
    )
    changes_truncated: bool = read_only("Some values were left out to keep the event small")
    details: AuditDetails | None = Field(description="The operation's own facts, when any")
    expires_at: Timestamp = read_only("When the event is deleted (the retention's end)")
    test: bool = read_only("Made with a test-mode key")
