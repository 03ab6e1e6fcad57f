"""Reading the audit trail: a tenant's events, or one resource's, a page at a time (the keys
are storage/audit_repository.py's). Apart from the writes' operations, so that the repositories
of products and categories, which record events, do not load the event models: a function that
only reads products never creates them (cold starts, docs/performance.md)."""

from typing import Any, NamedTuple

from common.audit.models import AuditEvent
from common.storage import audit_repository
from common.storage.dynamodb import dynamodb_client, from_item, to_value

RESOURCE_INDEX = "gsi1"
_KEY_ATTRIBUTES = ("pk", "sk", "gsi1pk", "gsi1sk")


class Page(NamedTuple):
    events: list[AuditEvent]
    last_key: dict[str, Any] | None


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
    request: dict[str, Any] = {"TableName": audit_repository.table(), "ScanIndexForward": False}
    if resource_id is None:
        request["KeyConditionExpression"] = "pk = :p"
        request["ExpressionAttributeValues"] = {
            ":p": to_value(audit_repository.trail_partition(mode, tenant_id))
        }
        request["ConsistentRead"] = True
    else:
        partition = audit_repository.resource_partition(mode, tenant_id, resource_id)
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
