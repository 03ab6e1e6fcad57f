"""Auth table: API clients, refresh tokens (stored by digest) and refresh-token families.

Keys (docs/data-model.md):
  CLIENT#<client_id> / CLIENT         a client; GSI1 TENANT#<tenant> / CLIENT#<created>#<id>
  REFRESH#<sha256> / REFRESH          one refresh token; expires by TTL
  FAMILY#<family_id> / FAMILY         the chain of rotated refresh tokens of one grant
"""

from typing import Any

from common.auth.records import ApiClient, RefreshToken, TokenFamily
from common.settings import get_settings
from common.storage import transactions
from common.storage.dynamodb import dynamodb_client, from_item, to_item, to_value
from common.storage.errors import ConditionFailed
from common.storage.transactions import Op, execute

SK_CLIENT, SK_REFRESH, SK_FAMILY = "CLIENT", "REFRESH", "FAMILY"


class _NotWritten(ConditionFailed):
    """The write's condition did not hold: the caller answers False."""


def _table() -> str:
    return get_settings().auth_table


def _key(pk: str, sk: str) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def _get(key: dict[str, Any]) -> dict[str, Any] | None:
    response = dynamodb_client().get_item(TableName=_table(), Key=key, ConsistentRead=True)
    return from_item(response["Item"]) if "Item" in response else None


def put_client(client: ApiClient) -> None:
    item = {
        "pk": f"CLIENT#{client.client_id}",
        "sk": SK_CLIENT,
        "gsi1pk": f"TENANT#{client.tenant_id}",
        "gsi1sk": f"CLIENT#{client.created_at}#{client.client_id}",
        **client.model_dump(),
    }
    condition = {"ConditionExpression": "attribute_not_exists(pk)"}
    execute([Op(transactions.put(_table(), to_item(item), condition))])


def get_client(client_id: str) -> ApiClient | None:
    item = _get(_key(f"CLIENT#{client_id}", SK_CLIENT))
    return ApiClient.model_validate(item) if item else None


def list_clients(tenant_id: str) -> list[ApiClient]:
    clients: list[ApiClient] = []
    paginator = dynamodb_client().get_paginator("query")
    for page in paginator.paginate(
        TableName=_table(),
        IndexName="gsi1",
        KeyConditionExpression="gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
        ExpressionAttributeValues={
            ":pk": to_value(f"TENANT#{tenant_id}"),
            ":prefix": to_value("CLIENT#"),
        },
    ):
        clients.extend(ApiClient.model_validate(from_item(item)) for item in page["Items"])
    return clients


def mark_client_revoked(client_id: str, revoked_at: str) -> bool:
    return _update_client(
        client_id,
        "SET #status = :revoked, revoked_at = if_not_exists(revoked_at, :at)",
        {"#status": "status"},
        {":revoked": "revoked", ":at": revoked_at},
    )


def set_client_rate_limit(client_id: str, rate_limit: int) -> bool:
    return _update_client(
        client_id, "SET #limit = :limit", {"#limit": "rate_limit"}, {":limit": rate_limit}
    )


def _update_client(
    client_id: str, expression: str, names: dict[str, str], values: dict[str, Any]
) -> bool:
    """Updates an existing client; False when there is no such client."""
    request = transactions.update(
        _table(),
        _key(f"CLIENT#{client_id}", SK_CLIENT),
        expression,
        ConditionExpression="attribute_exists(pk)",
        ExpressionAttributeNames=names,
        ExpressionAttributeValues={name: to_value(value) for name, value in values.items()},
    )
    try:
        execute([Op(request, _NotWritten())])
    except _NotWritten:
        return False
    return True


def get_refresh_token(digest: str) -> RefreshToken | None:
    item = _get(_key(f"REFRESH#{digest}", SK_REFRESH))
    return RefreshToken.model_validate(item) if item else None


def get_family(family_id: str) -> TokenFamily | None:
    item = _get(_key(f"FAMILY#{family_id}", SK_FAMILY))
    return TokenFamily.model_validate(item) if item else None


def _refresh_item(token: RefreshToken) -> dict[str, Any]:
    return to_item({"pk": f"REFRESH#{token.digest}", "sk": SK_REFRESH, **token.model_dump()})


def start_family(family: TokenFamily, first_token: RefreshToken) -> None:
    """A new grant: its family and first refresh token, written together."""
    family_item = to_item(
        {"pk": f"FAMILY#{family.family_id}", "sk": SK_FAMILY, **family.model_dump()}
    )
    execute(
        [
            Op(transactions.put(_table(), family_item)),
            Op(transactions.put(_table(), _refresh_item(first_token))),
        ]
    )


def rotate_refresh_token(old_digest: str, used_at: int, new_token: RefreshToken) -> bool:
    """Marks the old token used and stores its successor, atomically. False when the old token
    was already used (a replay or a concurrent refresh) or its family was revoked meanwhile."""
    table = _table()
    mark_used = transactions.update(
        table,
        _key(f"REFRESH#{old_digest}", SK_REFRESH),
        "SET used_at = :at",
        ConditionExpression="attribute_exists(pk) AND attribute_not_exists(used_at)",
        ExpressionAttributeValues={":at": to_value(used_at)},
    )
    family_live = {
        "ConditionCheck": {
            "TableName": table,
            "Key": _key(f"FAMILY#{new_token.family_id}", SK_FAMILY),
            "ConditionExpression": "revoked = :no",
            "ExpressionAttributeValues": {":no": to_value(False)},
        }
    }
    try:
        execute(
            [
                Op(mark_used, _NotWritten()),
                Op(family_live, _NotWritten()),
                Op(transactions.put(table, _refresh_item(new_token))),
            ]
        )
    except _NotWritten:
        return False
    return True


def revoke_family(family_id: str, revoked_at: int) -> None:
    dynamodb_client().update_item(
        TableName=_table(),
        Key=_key(f"FAMILY#{family_id}", SK_FAMILY),
        UpdateExpression="SET revoked = :yes, revoked_at = :at",
        ExpressionAttributeValues={":yes": to_value(True), ":at": to_value(revoked_at)},
    )
