"""The moto harness behaves as DynamoDB where the tests depend on it (tests/moto_gateway.py)."""

import sys
import threading
from collections.abc import Iterator

import pytest

from common.storage.dynamodb import dynamodb_client


@pytest.fixture
def frequent_thread_switches() -> Iterator[None]:
    """Switches threads every microsecond, so that a race shows in a few hundred calls."""
    usual = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(usual)


def test_concurrent_reads_of_one_table_never_fail(frequent_thread_switches: None) -> None:
    # Given a table with a GSI, as the listing's reads meet it
    client = dynamodb_client()
    client.create_table(
        TableName="race",
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": name, "AttributeType": "S"} for name in ("pk", "sk", "gsi1pk")
        ],
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "gsi1",
                "KeySchema": [{"AttributeName": "gsi1pk", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    for n in range(500):
        client.put_item(
            TableName="race",
            Item={"pk": {"S": f"p{n}"}, "sk": {"S": "x"}, "gsi1pk": {"S": "all"}},
        )
    errors: list[RuntimeError] = []

    def query_the_index() -> None:
        for _ in range(40):
            try:
                client.query(
                    TableName="race",
                    IndexName="gsi1",
                    KeyConditionExpression="gsi1pk = :all",
                    ExpressionAttributeValues={":all": {"S": "all"}},
                    Limit=5,
                )
            except RuntimeError as error:  # moto's own, raised through the client
                errors.append(error)

    def get_missing_items() -> None:
        for n in range(1500):
            client.get_item(TableName="race", Key={"pk": {"S": f"gone{n}"}, "sk": {"S": "x"}})

    # When a GSI Query and GetItems of missing items run at once
    threads = [threading.Thread(target=query_the_index), threading.Thread(target=get_missing_items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then no call fails (unserialized, moto raises "dictionary changed size during iteration")
    assert errors == []
