"""The audit trail as admins read it (docs/decisions.md#audit); the events are made by the
writes (audit/events.py).

- Only tenant-wide admin clients read the trail: a client without `admin`, or bound to one
  customer (the trail names every customer's resources), gets 403. A trail never crosses
  tenants or modes: its keys start with them, and cursors are signed for them.
"""

from typing import Any, NamedTuple

from common.audit.models import AuditEvent
from common.auth.principal import Principal
from common.cursor import decode_cursor, encode_cursor
from common.errors import Forbidden, InvalidCursor
from common.storage import audit_repository, audit_trail

DEFAULT_LIMIT, MAX_LIMIT = 20, 100


class AuditPage(NamedTuple):
    events: list[AuditEvent]
    limit: int
    next_cursor: str | None


def _require_reader(principal: Principal) -> None:
    if not principal.is_admin:
        raise Forbidden("The audit trail needs the 'admin' scope")
    if principal.customer_id is not None:
        raise Forbidden("The audit trail is readable by tenant-wide admin clients only")


def _scope(principal: Principal, resource_id: str | None) -> str:
    return f"audit|{principal.tenant_id}|{principal.mode}|{resource_id or '*'}"


def _start_key(principal: Principal, resource_id: str | None, cursor: str) -> dict[str, Any]:
    position = decode_cursor(cursor, _scope(principal, resource_id))
    key = position.get("key")
    expected = audit_repository.trail_partition(principal.mode, principal.tenant_id)
    if not isinstance(key, dict) or key.get("pk") != {"S": expected}:
        raise InvalidCursor(details=[{"field": "cursor", "message": "Malformed cursor"}])
    return key


def list_events(
    principal: Principal,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
    resource_id: str | None = None,
) -> AuditPage:
    """The tenant's (and mode's) events, newest first, or one resource's; `limit` a page, a
    cursor to go on. Reads limit + 1 items whatever the trail's length."""
    _require_reader(principal)
    start_key = _start_key(principal, resource_id, cursor) if cursor else None
    page = audit_trail.query_page(
        principal.mode, principal.tenant_id, resource_id, limit, start_key
    )
    next_cursor = None
    if page.last_key:
        next_cursor = encode_cursor({"key": page.last_key}, _scope(principal, resource_id))
    return AuditPage(page.events, limit, next_cursor)
