"""botocore's handling of DynamoDB items against the layer's (common/storage/dynamodb_wire.py),
side by side: the time to parse an answer, and to validate and serialize a request, for the
items of a storefront's products (docs/performance.md, "Items on the wire").

No DynamoDB: the payloads are built by the layer's own code (the item of bench/support.py's
described product, as the repository stores it; a listing's page of 20 as BatchGetItem
answers it, with the attributes a listing reads; a create's transaction as the repository
writes it), and the two implementations take turns, round after round, in one process.

    make bench-wire
    PYTHONPATH=layers/common:. .venv/bin/python -m bench.dynamodb_wire [--rounds 30]
"""

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

os.environ.setdefault("PRODUCTS_TABLE", "bench-products")
os.environ.setdefault("AUTH_TABLE", "bench-auth")

import botocore.session
from botocore.parsers import create_parser
from botocore.serialize import create_serializer
from botocore.validate import ParamValidationDecorator

from bench.support import described_product
from common.products.models import Product
from common.storage.dynamodb import to_item
from common.storage.dynamodb_wire import (
    AttributeValueParsers,
    AttributeValueSerializer,
    AttributeValueValidator,
)
from common.storage.products import repository
from common.storage.products.repository import SHOWN_ATTRIBUTES

MODEL = botocore.session.get_session().get_service_model("dynamodb")


def _stored(n: int) -> Product:
    body = described_product("cat_tees")
    values = {
        **body,
        "id": f"prod_{n:04d}",
        "tenant_id": "bench",
        "mode": "live",
        "price": Decimal("34"),
        "created_at": "2026-12-07T10:00:00Z",
        "updated_at": "2026-12-07T10:00:00Z",
        "variants": [
            {**v, "id": f"var_{n}_{i}", "price": Decimal("34"), "inventory": {"available": 40}}
            for i, v in enumerate(body["variants"])
        ],
    }
    return Product.model_validate(values)


def _answer(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "body": json.dumps(body).encode(),
        "headers": {"x-amzn-requestid": "bench"},
        "status_code": 200,
    }


def _payloads() -> list[tuple[str, str, Any, Any]]:
    """(name, operation, what botocore is given: an answer to parse or parameters)."""
    products = [_stored(n) for n in range(20)]
    items = [to_item(repository.product_values(p)) for p in products]
    page = [{k: v for k, v in item.items() if k in SHOWN_ATTRIBUTES} for item in items]
    create = [op.request for op in repository.write_ops(None, products[0])]
    return [
        (
            "parse: a listing's page of 20 (BatchGetItem)",
            "BatchGetItem",
            _answer({"Responses": {"bench-products": page}, "UnprocessedKeys": {}}),
            None,
        ),
        ("parse: a product read (GetItem)", "GetItem", _answer({"Item": items[0]}), None),
        (
            f"validate + serialize: a create ({len(create)} writes, postings too)",
            "TransactWriteItems",
            None,
            {"TransactItems": create},
        ),
    ]


def _call(pair: tuple[Any, Any], model: Any, answer: Any, params: Any) -> Callable[[], Any]:
    """One parse of `answer` with pair's parser, or one serializing of `params`."""
    if answer is not None:
        return lambda: pair[0].parse(answer, model.output_shape)
    return lambda: pair[1].serialize_to_request(params, model)


def _mean(run: Callable[[], Any], repeat: int) -> float:
    began = time.perf_counter()
    for _ in range(repeat):
        run()
    return (time.perf_counter() - began) / repeat * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=50, help="calls per timing")
    args = parser.parse_args()
    botocores = (create_parser("json"), create_serializer("json"))
    layers = (
        AttributeValueParsers().create_parser("json"),
        ParamValidationDecorator(AttributeValueValidator(), AttributeValueSerializer()),
    )
    print(f"{'payload':58s} {'botocore µs':>12s} {'layer µs':>10s} {'ratio':>7s}")
    for name, operation, answer, params in _payloads():
        model = MODEL.operation_model(operation)
        theirs, ours = (_call(pair, model, answer, params) for pair in (botocores, layers))
        assert theirs() == ours(), f"{name}: the two disagree"
        times: dict[str, list[float]] = {"botocore": [], "layer": []}
        for _ in range(args.rounds):  # turn about, so both see the same machine
            times["botocore"].append(_mean(theirs, args.repeat))
            times["layer"].append(_mean(ours, args.repeat))
        before, after = (statistics.median(times[k]) for k in ("botocore", "layer"))
        print(f"{name:58s} {before:12.0f} {after:10.0f} {after / before:7.2f}")
    print(f"\nmedians of {args.rounds} rounds of {args.repeat} calls each, Python 3.12")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
