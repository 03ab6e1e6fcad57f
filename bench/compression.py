"""Response compression (docs/performance.md): the bytes a page of 100 products takes with and
without gzip, as API Gateway sends it with template.yaml's MinimumCompressionSize (the local
gateway does the same: local_api/gateway.py, `compressed`).

DynamoDB Local in memory, the local gateway in this process, 100 products with variants, tags,
attributes and an image, as a shop's catalog has them; one GET /api/v1/products?limit=100
with `Accept-Encoding: gzip` and one without.

    make bench-compression
    PYTHONPATH=layers/common:. .venv/bin/python -m bench.compression [--products 100]
"""

import argparse
import contextlib
import gzip
import io
import json
from typing import Any

from bench.support import local_stack

TENANT = "bench-compression"


def _product(n: int) -> dict[str, Any]:
    return {
        "name": f"Trail Running Shoe {n}",
        "description": "Lightweight trail shoe with a grippy outsole and a rock plate",
        "price": 129.99,
        "sku": f"TRS-{n}",
        "tags": ["running", "trail", "outdoor"],
        "attributes": {"material": "mesh", "drop_mm": 6, "weight_g": 280 + n % 40},
        "images": [{"url": f"https://example.com/images/trail-shoe-{n}.jpg", "alt": "Shoe"}],
        "variants": [
            {"name": f"EU {size}", "sku": f"TRS-{n}-{size}", "price": 129.99, "inventory": 10}
            for size in (41, 42, 43)
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=100)
    args = parser.parse_args()
    with local_stack() as (template, gateway):
        from common.auth import service as auth_service

        client = auth_service.create_client(TENANT, scopes=["admin"], rate_limit=1_000_000)
        token = auth_service.grant_client_credentials(
            client["client_id"], client["client_secret"]
        ).access_token
        auth = [("Authorization", f"Bearer {token}")]
        body = json.dumps([_product(n) for n in range(args.products)]).encode()
        with contextlib.redirect_stdout(io.StringIO()):
            for start in range(0, args.products, 100):
                batch = json.dumps(json.loads(body)[start : start + 100]).encode()
                made = gateway.handle("POST", "/api/v1/products/batch", auth, batch)
                assert made.status == 201, made.body[:300]
            path = f"/api/v1/products?limit={min(args.products, 100)}"
            plain = gateway.handle("GET", path, auth, b"")
            packed = gateway.handle("GET", path, [*auth, ("Accept-Encoding", "gzip")], b"")
    assert dict(packed.headers).get("Content-Encoding") == "gzip", packed.headers
    # The same page (but for meta: another request id and time).
    assert json.loads(gzip.decompress(packed.body))["data"] == json.loads(plain.body)["data"]
    saved = len(plain.body) - len(packed.body)
    print(f"MinimumCompressionSize: {template.minimum_compression_size()} bytes")
    print(f"GET {path}: {len(plain.body):,} bytes plain, {len(packed.body):,} gzip")
    ratio = len(plain.body) / len(packed.body)
    print(f"saved {saved:,} bytes ({saved / len(plain.body):.0%}), ratio {ratio:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
