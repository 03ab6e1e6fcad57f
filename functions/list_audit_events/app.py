"""GET /api/v1/audit-events — the tenant's audit trail, newest first, or one resource's
(`resource_id=`); by cursor. Tenant-wide admin clients only (docs/api.md)."""

from typing import Annotated

from common.audit import service
from common.audit.views import AuditEvent
from common.http import (
    Pagination,
    Query,
    Response,
    build_resolver,
    current_principal,
    lambda_entrypoint,
    list_response,
    ok,
)

app = build_resolver()
RESOURCE_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


@app.get("/api/v1/audit-events", responses=ok(page=AuditEvent))
def list_audit_events(
    limit: Annotated[int, Query(ge=1, le=service.MAX_LIMIT)] = service.DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(min_length=1, max_length=2048)] = None,
    resource_id: Annotated[str | None, Query(pattern=RESOURCE_ID_PATTERN)] = None,
) -> Response[str]:
    result = service.list_events(current_principal(app), limit, cursor, resource_id)
    pagination = Pagination(
        limit=result.limit,
        has_next=result.next_cursor is not None,
        has_prev=cursor is not None,
        next_cursor=result.next_cursor,
    )
    next_query = None
    if result.next_cursor:
        next_query = {"limit": str(limit), "cursor": result.next_cursor}
        if resource_id:
            next_query["resource_id"] = resource_id
    return list_response(app, [e.public() for e in result.events], pagination, next_query)


lambda_handler = lambda_entrypoint(app)
