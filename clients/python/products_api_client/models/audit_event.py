from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.audit_event_action import AuditEventAction, check_audit_event_action

if TYPE_CHECKING:
    from ..models.actor import Actor
    from ..models.audit_details import AuditDetails
    from ..models.audit_event_changes import AuditEventChanges
    from ..models.audit_resource import AuditResource


T = TypeVar("T", bound="AuditEvent")


@_attrs_define
class AuditEvent:
    """One write by one caller to one resource (docs/decisions.md#audit).

    Attributes:
        action (AuditEventAction):
        actor (Actor):
        changed_fields (list[str]): Top-level fields whose value changed
        changes (AuditEventChanges): Each changed field's values before and after; for `variants`, only the variants
            that changed, by id (added: whole in after; removed: whole in before; changed: the id and the members that
            changed)
        changes_truncated (bool): Some values were left out to keep the event small
        details (AuditDetails | None): The operation's own facts, when any
        expires_at (datetime.datetime): When the event is deleted (the retention's end)
        id (str):
        occurred_at (datetime.datetime):
        request_id (None | str): The write's request id
        resource (AuditResource):
        tenant_id (str):
        test (bool): Made with a test-mode key
        version_after (int | None):
        version_before (int | None):
    """

    action: AuditEventAction
    actor: Actor
    changed_fields: list[str]
    changes: AuditEventChanges
    changes_truncated: bool
    details: AuditDetails | None
    expires_at: datetime.datetime
    id: str
    occurred_at: datetime.datetime
    request_id: str | None
    resource: AuditResource
    tenant_id: str
    test: bool
    version_after: int | None
    version_before: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_details import AuditDetails

        action: str = self.action

        actor = self.actor.to_dict()

        changed_fields = self.changed_fields

        changes = self.changes.to_dict()

        changes_truncated = self.changes_truncated

        details: dict[str, Any] | None
        if isinstance(self.details, AuditDetails):
            details = self.details.to_dict()
        else:
            details = self.details

        expires_at = self.expires_at.isoformat()

        id = self.id

        occurred_at = self.occurred_at.isoformat()

        request_id: str | None
        request_id = self.request_id

        resource = self.resource.to_dict()

        tenant_id = self.tenant_id

        test = self.test

        version_after: int | None
        version_after = self.version_after

        version_before: int | None
        version_before = self.version_before

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "actor": actor,
                "changed_fields": changed_fields,
                "changes": changes,
                "changes_truncated": changes_truncated,
                "details": details,
                "expires_at": expires_at,
                "id": id,
                "occurred_at": occurred_at,
                "request_id": request_id,
                "resource": resource,
                "tenant_id": tenant_id,
                "test": test,
                "version_after": version_after,
                "version_before": version_before,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.actor import Actor
        from ..models.audit_details import AuditDetails
        from ..models.audit_event_changes import AuditEventChanges
        from ..models.audit_resource import AuditResource

        d = dict(src_dict)
        action = check_audit_event_action(d.pop("action"))

        actor = Actor.from_dict(d.pop("actor"))

        changed_fields = cast(list[str], d.pop("changed_fields"))

        changes = AuditEventChanges.from_dict(d.pop("changes"))

        changes_truncated = d.pop("changes_truncated")

        def _parse_details(data: object) -> AuditDetails | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                details_type_0 = AuditDetails.from_dict(data)

                return details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditDetails | None, data)

        details = _parse_details(d.pop("details"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        id = d.pop("id")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        def _parse_request_id(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("request_id"))

        resource = AuditResource.from_dict(d.pop("resource"))

        tenant_id = d.pop("tenant_id")

        test = d.pop("test")

        def _parse_version_after(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        version_after = _parse_version_after(d.pop("version_after"))

        def _parse_version_before(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        version_before = _parse_version_before(d.pop("version_before"))

        audit_event = cls(
            action=action,
            actor=actor,
            changed_fields=changed_fields,
            changes=changes,
            changes_truncated=changes_truncated,
            details=details,
            expires_at=expires_at,
            id=id,
            occurred_at=occurred_at,
            request_id=request_id,
            resource=resource,
            tenant_id=tenant_id,
            test=test,
            version_after=version_after,
            version_before=version_before,
        )

        audit_event.additional_properties = d
        return audit_event

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
