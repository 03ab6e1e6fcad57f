"""The event of a write (docs/decisions.md#audit): made by the write's use case and recorded in
the write's own transaction.

- Every successful write records one event per resource it changes: a write that fails or is
  refused leaves none, and an Idempotency-Key replay (which does not run the write again) adds
  none.
- The actor is the token's client (and its customer binding) with seed 002's `userId` header,
  as sent (at most USER_ID_MAX_LENGTH characters are kept); the request id is API Gateway's,
  the one in `meta.request_id` and `X-Request-Id`.
- `changes` holds the before and after values of the changed fields while they are small
  (FIELD_VALUE_BUDGET each, CHANGES_BUDGET in all); the others are still named in
  `changed_fields`, with `changes_truncated: true`. Of a list of items with ids (`variants`),
  only the items that changed are recorded, matched by id. An event stays far below
  DynamoDB's 400 KB, whatever the resource's size.
- Events expire after AUDIT_RETENTION_DAYS (template parameter AuditRetentionDays), by TTL.

Reading the trail is audit/service.py's: apart, so that writes do not load its cursors.
"""

import secrets
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from common.audit.models import Actor, AuditAction, AuditEvent, AuditResource, FieldChange
from common.auth.principal import Principal
from common.clock import iso_timestamp
from common.jsonio import serialize
from common.observability import logger
from common.settings import get_settings

USER_ID_MAX_LENGTH = 256
FIELD_VALUE_BUDGET = 4 * 1024  # bytes of JSON for one field's before and after
CHANGES_BUDGET = 32 * 1024  # bytes of JSON for all of them
# Public fields that every write moves or that never change: versions are their own fields.
_NOT_CHANGES = frozenset({"id", "version", "created_at", "updated_at", "test"})
_UNSET: tuple[Any, ...] = (None, [], {})
SECONDS_PER_DAY = 24 * 3600


def new_event_id(now_ns: int) -> str:
    """`aud_` + the time in microseconds (13 hex digits) + 64 random bits: ids sort by time, so
    events of the same millisecond still list in the order they were recorded."""
    return f"aud_{now_ns // 1000:013x}{secrets.token_hex(8)}"


def request_id() -> str | None:
    """The request being served: lambda_entrypoint makes API Gateway's request id the logger's
    correlation id for the whole invocation (the same value as meta.request_id)."""
    return logger.get_correlation_id()


def _changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[list[str], dict[str, FieldChange], bool]:
    names = sorted(
        name
        for name in before.keys() | after.keys()
        if name not in _NOT_CHANGES
        and before.get(name) != after.get(name)
        and not (before.get(name) in _UNSET and after.get(name) in _UNSET)
    )
    changes: dict[str, FieldChange] = {}
    spent, truncated = 0, False
    for name in names:
        change = FieldChange(**_changed_values(before.get(name), after.get(name)))
        size = len(serialize(change.model_dump()))
        if size > FIELD_VALUE_BUDGET or spent + size > CHANGES_BUDGET:
            truncated = True
            continue
        changes[name] = change
        spent += size
    return names, changes, truncated


def _identified(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(member, Mapping) and "id" in member for member in value
    )


def _changed_values(before: Any, after: Any) -> dict[str, Any]:
    """A field's before and after. For a list of items with ids (a product's variants), only
    the items added (in `after`), removed (in `before`) or changed (in both, as their id and
    the members that changed), matched by id: a stock operation on one variant of fifty records
    that variant's inventory, not all fifty variants twice (an event's size is its write cost).
    A change of order alone keeps the whole lists: the order is then what changed."""
    if not (_identified(before or []) and _identified(after or [])):
        return {"before": before, "after": after}
    old = {member["id"]: member for member in before or []}
    new = {member["id"]: member for member in after or []}
    was = [_differing(member, new.get(member["id"])) for member in before or []]
    now = [_differing(member, old.get(member["id"])) for member in after or []]
    was, now = [member for member in was if member], [member for member in now if member]
    if not was and not now:
        return {"before": before, "after": after}
    return {
        "before": was if before is not None else None,
        "after": now if after is not None else None,
    }


def _differing(member: Mapping[str, Any], other: Mapping[str, Any] | None) -> dict[str, Any]:
    """`member` whole when `other` (the same id on the other side) is absent; its id and the
    values that differ from `other`'s when both exist; nothing when they are equal."""
    if other is None:
        return dict(member)
    changed = {key: value for key, value in member.items() if other.get(key) != value}
    changed.update({key: None for key in other.keys() - member.keys()})
    return {"id": member["id"], **changed} if changed else {}


def event_for(
    principal: Principal,
    action: AuditAction,
    resource: AuditResource,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    details: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """The event of one write by `principal`: `before` and `after` are the resource's public
    views (None before a create, after a delete)."""
    names, changes, truncated = _changes(before or {}, after or {})
    now_ns = time.time_ns()
    retention = get_settings().audit_retention_days * SECONDS_PER_DAY
    user_id = principal.user_id[:USER_ID_MAX_LENGTH] if principal.user_id else None
    return AuditEvent(
        id=new_event_id(now_ns),
        occurred_at=iso_timestamp(datetime.fromtimestamp(now_ns / 1e9, UTC)),
        request_id=request_id(),
        tenant_id=principal.tenant_id,
        mode=principal.mode,
        actor=Actor(
            client_id=principal.client_id, user_id=user_id, customer_id=principal.customer_id
        ),
        action=action,
        resource=resource,
        version_before=(before or {}).get("version"),
        version_after=(after or {}).get("version"),
        changed_fields=names,
        changes=changes,
        changes_truncated=truncated,
        details=dict(details) if details else None,
        expires_at=now_ns // 1_000_000_000 + retention,
    )
