"""The local API runs the template's Schedule events (local_api/scheduler.py), as EventBridge
does when deployed: the batch sweeper is invoked on its rate."""

import dataclasses
import time
from typing import Any

import pytest

from common.settings import get_settings
from common.storage.dynamodb import dynamodb_client
from common.storage.products import journal
from common.storage.products.journal import Journal
from local_api.scheduler import Scheduler
from local_api.template import Template, rate_seconds
from tests.moto_gateway import Api, make_client


@pytest.mark.parametrize(
    ("expression", "seconds"),
    [
        ("rate(5 minutes)", 300),
        ("rate(1 minute)", 60),
        ("rate(2 hours)", 7200),
        ("rate(1 day)", 86400),
    ],
)
def test_rate_expressions(expression: str, seconds: int) -> None:
    assert rate_seconds(expression) == seconds


def test_cron_expressions_are_refused_rather_than_ignored() -> None:
    with pytest.raises(ValueError, match="Only rate"):
        rate_seconds("cron(0 12 * * ? *)")


def test_the_sweeper_is_the_templates_one_schedule(template: Template) -> None:
    (schedule,) = template.schedules()
    assert (schedule.function, schedule.every_seconds) == ("SweepBatchesFunction", 300)
    assert schedule.code_uri.name == "sweep_batches"


def test_the_scheduler_runs_the_sweeper_on_its_rate(api: Api, template: Template) -> None:
    """Given the journal of a batch that died after writing a product (pending), past its
    deadline, when the scheduler ticks, then the sweeper discards the product and the
    journal."""
    seller = api.token_for(make_client(customer_id="cust-1"))
    created = api.request("POST", "/api/v1/products", seller, {"name": "Lamp", "price": 3})
    product: dict[str, Any] = created.body["data"]["item"]
    crashed = Journal(
        id="bat_0123456789abcdef01234567",
        deadline=int(time.time()) - 1,
        tenant_id="tenant-a",
        mode="live",
        client_id="cli_batch",
        customer_id="cust-1",
        product_ids=[product["id"], "prod_000000000000000000000000"],
    )
    dynamodb_client().put_item(**journal.put_request(crashed)["Put"])
    product_key = {
        "pk": {"S": f"live#tenant-a#PRODUCT#{product['id']}"},
        "sk": {"S": "PRODUCT"},
    }
    dynamodb_client().update_item(
        TableName=get_settings().products_table,
        Key=product_key,
        UpdateExpression="SET pending_batch = :batch",
        ExpressionAttributeValues={":batch": {"S": crashed.id}},
    )
    (schedule,) = template.schedules()

    scheduler = Scheduler([dataclasses.replace(schedule, every_seconds=0.05)], isolated=False)
    scheduler.start()
    try:
        deadline = time.monotonic() + 10
        while journal.overdue() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        scheduler.stop()

    assert journal.overdue() == []
    table = get_settings().products_table
    assert "Item" not in dynamodb_client().get_item(TableName=table, Key=product_key)
    key = {"pk": {"S": journal.PARTITION}, "sk": {"S": crashed.id}}
    assert "Item" not in dynamodb_client().get_item(TableName=table, Key=key)
