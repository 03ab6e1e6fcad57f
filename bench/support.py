"""What the benches share: the local stack they measure against, an admin, products as shops
describe them, and percentiles."""

import contextlib
import io
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from local_api.gateway import LocalGateway
    from local_api.template import Template


@contextmanager
def local_stack(metrics: bool = False) -> Iterator[tuple["Template", "LocalGateway"]]:
    """DynamoDB Local in memory with the tables of template.yaml, the functions' environment,
    and the local gateway (real authorizer and handlers, in this process): (template, gateway).
    metrics: powertools Metrics on, as deployed (EMF lines on stdout)."""
    from local_api.dynamodb import DynamoDBLocal, free_port

    with (
        tempfile.TemporaryDirectory() as tmp,
        DynamoDBLocal(Path(tmp), free_port(), in_memory=True) as db,
    ):
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = db.endpoint
        if metrics:
            os.environ["POWERTOOLS_METRICS_DISABLED"] = "false"
        from local_api.environment import configure_environment
        from local_api.gateway import LocalGateway

        template = configure_environment(Path(tmp))
        gateway = LocalGateway(template)
        try:
            yield template, gateway
        finally:
            gateway.close()


def bench_admin(tenant: str) -> Any:
    """An admin of `tenant`, for benches that call the domain's functions directly."""
    from common.auth.principal import Principal

    return Principal(
        tenant_id=tenant,
        client_id="cli_bench",
        customer_id=None,
        scopes=frozenset({"admin"}),
        mode="live",
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def create_item(
    gateway: "LocalGateway", token: str, path: str, body: dict[str, Any]
) -> dict[str, Any]:
    """POSTs `body` through the local gateway as `token`'s client and returns the created item
    (a bench's catalog; anything but a 201 stops the bench)."""
    headers = [("Authorization", f"Bearer {token}"), ("Content-Type", "application/json")]
    with contextlib.redirect_stdout(io.StringIO()):  # the handlers' logs
        response = gateway.handle("POST", path, headers, json.dumps(body).encode())
    assert response.status == 201, response.body[:300]
    return dict(json.loads(response.body)["data"]["item"])


def described_product(category: str) -> dict[str, Any]:
    """A product as a shop describes one (the size of a typical storefront product: texts,
    tags, images, three variants): its item is about 2.2 KB, where bench/cost.py's Lamp's is
    under 1 KB; a write's table units and a read's own time grow with the item."""
    text = (
        "Heavyweight organic cotton crew neck, garment dyed for a soft, lived-in feel. "
        "Ribbed collar that keeps its shape, double-stitched hems, a relaxed fit that sits "
        "just below the waist. Pre-shrunk: wash cold, tumble dry low. "
    )
    return {
        "name": "Organic Cotton Crew Neck T-Shirt",
        "price": 34.00,
        "customer_id": "cust-1",
        "category_id": category,
        "sku": "TEE-CREW",
        "description": text * 3,
        "short_description": "A heavyweight organic cotton tee with a relaxed fit.",
        "tags": ["organic", "cotton", "t-shirt", "crew-neck", "menswear", "essentials"],
        "attributes": {"material": "100% organic cotton", "fit": "relaxed", "weight": "220 gsm"},
        "images": [
            {"url": f"https://cdn.example.com/products/tee-crew/{view}.jpg", "alt": view}
            for view in ("front", "back", "detail")
        ],
        "variants": [
            {"name": size, "sku": f"TEE-CREW-{size}", "price": 34.00, "inventory": 1_000_000}
            for size in ("S", "M", "L")
        ],
    }
