"""A DynamoDB call's own time in botocore's client against the layer's, side by side: the
client's work around the network (validating, serializing, signing, the User-Agent, parsing),
for the items of a storefront's products (docs/performance.md, "Items on the wire").

No DynamoDB and no socket: both clients get each answer from a `before-send` handler, as
moto does, so what is timed is the client alone. The payloads are built by the layer's own
code: bench/support.py's described product as the repository stores it; a listing's page of
20 as BatchGetItem answers it, with the attributes a listing reads; a create's transaction as
the repository writes it. botocore's client is made as boto3 would make it, with the layer's
client configuration; the layer's is `dynamodb_client()` (common/storage/dynamodb.py). The two
take turns, round after round, in one process.

    make bench-wire
    PYTHONPATH=layers/common:. .venv/bin/python -m bench.dynamodb_wire [--rounds 30]
"""

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

for name, value in {
    "PRODUCTS_TABLE": "bench-products",  # the settings' table names
    "AUTH_TABLE": "bench-auth",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "bench",  # signed as for real, sent nowhere
    "AWS_SECRET_ACCESS_KEY": "bench",
}.items():
    os.environ.setdefault(name, value)

import botocore.session  # noqa: E402 - after the environment the settings and clients read
from botocore.awsrequest import AWSResponse  # noqa: E402

from bench.support import bench_admin, described_product  # noqa: E402
from common.jsonio import deserialize  # noqa: E402
from common.products.inputs import ProductInput  # noqa: E402
from common.products.models import Product  # noqa: E402
from common.products.service import build_product, new_id  # noqa: E402
from common.storage.dynamodb import CLIENT_CONFIG, dynamodb_client, to_item  # noqa: E402
from common.storage.products import repository  # noqa: E402
from common.storage.products.repository import SHOWN_ATTRIBUTES  # noqa: E402

TABLE = "bench-products"


def _stored() -> Product:
    """A described product as a create stores it: its body read as the API reads JSON, then
    the domain's own build."""
    body = deserialize(json.dumps(described_product(new_id("cat"))))
    return build_product(bench_admin("bench"), ProductInput.model_validate(body))


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def stream(self, **_: Any) -> Any:
        yield self.data


def _answering(client: Any, operation: str, answer: dict[str, Any]) -> None:
    """The client's `operation` calls get `answer`, without a socket."""
    body = json.dumps(answer).encode()
    headers = {"x-amzn-requestid": "bench", "content-type": "application/x-amz-json-1.0"}

    def send(request: Any, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, 200, headers, _Body(body))  # type: ignore[arg-type]

    client.meta.events.register(f"before-send.dynamodb.{operation}", send)


def _calls() -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(what, operation, its parameters, its answer)."""
    products = [_stored() for _ in range(20)]
    items = [to_item(repository.product_values(p)) for p in products]
    page = [{k: v for k, v in item.items() if k in SHOWN_ATTRIBUTES} for item in items]
    keys = [{"pk": item["pk"], "sk": item["sk"]} for item in items]
    create = [op.request for op in repository.write_ops(None, products[0])]
    return [
        (
            "a product read (GetItem)",
            "GetItem",
            {"TableName": TABLE, "Key": keys[0], "ConsistentRead": True},
            {"Item": items[0]},
        ),
        (
            "a listing's page of 20 (BatchGetItem)",
            "BatchGetItem",
            {"RequestItems": {TABLE: {"Keys": keys, "ProjectionExpression": "pk, sk"}}},
            {"Responses": {TABLE: page}, "UnprocessedKeys": {}},
        ),
        (
            f"a create ({len(create)} writes, postings too)",
            "TransactWriteItems",
            {"TransactItems": create},
            {},
        ),
    ]


def _call(client: Any, operation: str, params: dict[str, Any]) -> Callable[[], Any]:
    method = getattr(client, botocore.xform_name(operation))
    return lambda: method(**params)


def _mean_us(run: Callable[[], Any], repeat: int) -> float:
    began = time.perf_counter()
    for _ in range(repeat):
        run()
    return (time.perf_counter() - began) / repeat * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=50, help="calls per timing")
    args = parser.parse_args()
    theirs = botocore.session.get_session().create_client("dynamodb", config=CLIENT_CONFIG)
    ours: Any = dynamodb_client()
    print(f"{'call (no network)':45s} {'botocore µs':>12s} {'layer µs':>10s} {'ratio':>7s}")
    for what, operation, params, answer in _calls():
        for client in (theirs, ours):
            _answering(client, operation, answer)
        call_theirs, call_ours = (_call(client, operation, params) for client in (theirs, ours))
        assert call_theirs() == call_ours(), f"{what}: the two clients disagree"
        times: dict[str, list[float]] = {"botocore": [], "layer": []}
        for _ in range(args.rounds):  # turn about, so both see the same machine
            times["botocore"].append(_mean_us(call_theirs, args.repeat))
            times["layer"].append(_mean_us(call_ours, args.repeat))
        before, after = (statistics.median(times[k]) for k in ("botocore", "layer"))
        print(f"{what:45s} {before:12.0f} {after:10.0f} {after / before:7.2f}")
    print(f"\nmedians of {args.rounds} rounds of {args.repeat} calls each, Python 3.12")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
