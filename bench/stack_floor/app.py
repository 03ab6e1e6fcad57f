"""The cold start's floor for this project's fixed stack (docs/performance.md, "Cold start"):
a DynamoDB client made as the functions make theirs (botocore's, without boto3:
common/aws_clients.py) plus what every function of ours needs before its own code:
powertools' Logger and REST resolver with validation, and one pydantic model, imported as the
functions import them (the `common` package defers powertools' package `__init__`s,
which would otherwise load every resolver and event class: ~50 ms the functions never pay)."""

# ruff: noqa: I001  (common must come before powertools, as in every function)
from typing import Any

import botocore.session
import common  # noqa: F401  (its __init__ only registers the deferred packages)
from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from pydantic import BaseModel

client = botocore.session.get_session().create_client("dynamodb")
logger = Logger(service="stack-floor")
app = APIGatewayRestResolver(enable_validation=True)


class Item(BaseModel):
    id: str
    name: str


@app.get("/items/<item_id>")
def get_item(item_id: str) -> Item:
    return Item(id=item_id, name="floor")


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
