"""One-off changes of the stored layout for tables written by an earlier release
(docs/data-model.md, "Why no status entry"); run by `scripts/admin migrate-status-entries`.

Until 2026-12-05 a product item sat in its tenant's (and customer's) all-statuses listing
partition, next to a status entry (sk = LIST#STATUS) in its status's partition. Now the product
item sits in its status's partition and there is no status entry. The new code lists legacy
products correctly (their status entries are in the partitions it reads), but a legacy
product's status entry would keep its old sort keys after the product's next write: this
moves each product to its entry's partitions and deletes the entry, in one transaction. A
product the new code already rewrote keeps its partitions; only its stale entry goes.

A Scan, filtered to the status entries: an operator's command, never a request path.
"""

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from common.settings import get_settings
from common.storage.dynamodb import dynamodb_client

LEGACY_STATUS_ENTRY = "LIST#STATUS"


@dataclass
class Migrated:
    moved: int = 0  # products moved to their status partitions, entry deleted
    stale: int = 0  # entries of products already rewritten by the new code, deleted


def migrate_status_entries() -> Migrated:
    table, client, done = get_settings().products_table, dynamodb_client(), Migrated()
    request: dict[str, Any] = {
        "TableName": table,
        "FilterExpression": "sk = :entry",
        "ExpressionAttributeValues": {":entry": {"S": LEGACY_STATUS_ENTRY}},
    }
    while True:
        page = client.scan(**request)
        for entry in page.get("Items", []):
            if _move(client, table, entry):
                done.moved += 1
            else:
                client.delete_item(TableName=table, Key={"pk": entry["pk"], "sk": entry["sk"]})
                done.stale += 1
        if "LastEvaluatedKey" not in page:
            return done
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _move(client: Any, table: str, entry: dict[str, Any]) -> bool:
    """The product takes its entry's partitions if it still has the legacy one (the entry's
    without `#S#<status>`); False when it has not (rewritten since, or deleted)."""
    partitions = {name: entry[name] for name in ("tpk", "cpk") if name in entry}
    assignments = ", ".join(f"{name} = :{name}" for name in partitions)
    values = {f":{name}": value for name, value in partitions.items()}
    legacy = entry["tpk"]["S"].rsplit("#S#", 1)[0]
    update = {
        "TableName": table,
        "Key": {"pk": entry["pk"], "sk": {"S": "PRODUCT"}},
        "UpdateExpression": f"SET {assignments}",
        "ConditionExpression": "tpk = :legacy",
        "ExpressionAttributeValues": {**values, ":legacy": {"S": legacy}},
    }
    delete = {"TableName": table, "Key": {"pk": entry["pk"], "sk": entry["sk"]}}
    try:
        client.transact_write_items(TransactItems=[{"Update": update}, {"Delete": delete}])
    except ClientError as error:
        reasons = error.response.get("CancellationReasons") or [{}]
        if reasons[0].get("Code") == "ConditionalCheckFailed":
            return False
        raise  # a conflict or throttling: nothing was written, running it again resumes
    return True
