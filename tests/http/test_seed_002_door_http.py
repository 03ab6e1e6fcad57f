"""Seed 002's door over HTTP on the local API: its curl example, run by curl as its document
prints it (the base URL and the token filled in), under /compat/002."""

import json
import secrets
import shlex
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.http.conftest import Http, LocalApi

ROOT = Path(__file__).resolve().parents[2]
CURL_EXAMPLE = ROOT / "clients" / "seeds" / "seed002_list_products.curl"
# curl's "URL using bad/illegal format": the example's "byCities=San Francisco" puts a space
# in the URL, which curl 7.62 and later refuse before sending anything.
CURL_BAD_URL = 3
APPLE = {
    "name": "Organic Apple",
    "description": "Fresh organic apples from sustainable orchards.",
    "inventory": 50,
    "low_stock_threshold": 50,
    "cost_price": 0.50,
    "price": 1.00,
    "currency": "USD",
    "business_id": "BIZ123",
    "product_type_id": "123",
    "images": ["https://example.com/photo1.jpg"],
    "location": {"country_code": "US", "state": "California", "city": "San Francisco"},
}


def curl(local_api: LocalApi, token: str, tenant: str, edit: Any = None) -> Any:
    """Runs the document's curl command with its placeholders filled in (and `edit` applied
    to its text); its exit status and what the door answered."""
    text = CURL_EXAMPLE.read_text().replace("\\\n", " ")
    base = local_api.url.removeprefix("http://") + "/compat/002"
    text = text.replace("[base_url]", base).replace("[access_token]", token)
    text = text.replace("tenantId: TEN123", f"tenantId: {tenant}")
    if edit:
        text = edit(text)
    words = shlex.split(text)
    assert words[0] == "curl"
    run = subprocess.run(
        [*words, "--silent", "--show-error", "--write-out", "\n%{http_code}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if run.returncode != 0:
        return run.returncode, None, None
    body, _, status = run.stdout.rpartition("\n")
    return 0, int(status), json.loads(body)


def test_seed_002s_curl_example(http: Http, local_api: LocalApi, new_client: Any) -> None:
    tenant = f"tenant-s2-{secrets.token_hex(4)}"
    token = http.token(new_client(tenant_id=tenant))
    made = http.call("POST", "/api/v1/products", token, APPLE)
    assert made.status_code == 201, made.text
    apple = made.json()["data"]["item"]

    # As printed: curl refuses the URL (a space in it), or the door answers the seed's 404
    # (its productIds 1001,1002 are numeric ids, none here; its date range is past)
    code, status, body = curl(local_api, token, tenant)
    nothing = {
        "statusCode": 404,
        "error": "Not Found",
        "message": "No products found based on the provided criteria",
    }
    assert code == CURL_BAD_URL or (status, body) == (404, nothing), (code, status, body)

    # With the space encoded (what any HTTP client sends), curl gets the seed's 404
    def encoded(text: str) -> str:
        return text.replace("San Francisco", "San%20Francisco")

    assert curl(local_api, token, tenant, encoded) == (0, 404, nothing)

    # With this product's id and a range that holds today, the seed's shape
    today = datetime.now(UTC).date().isoformat()

    def matching(text: str) -> str:
        text = encoded(text).replace("productIds=1001,1002", f"productIds={apple['id']}")
        text = text.replace("2020-11-12,2022-11-15", f"2020-11-12,{today}")
        return text.replace("productLowStock=10", "productLowStock=50")

    code, status, body = curl(local_api, token, tenant, matching)
    assert (code, status) == (0, 200), body
    assert body == {
        "products": [
            {
                "productId": apple["id"],
                "name": "Organic Apple",
                "description": "Fresh organic apples from sustainable orchards.",
                "quantity": 50,
                "costPrice": 0.5,
                "sellingPrice": 1.0,
                "currencyCode": "USD",
                "isActive": True,
                "businessId": "BIZ123",
                "productTypeId": "123",
                "stockLevel": "Low",
                "photoUrl": "https://example.com/photo1.jpg",
            }
        ],
        "totalItems": 1,
        "totalPages": 1,
        "currentPage": 1,
    }


def test_seed_002s_errors_over_http(http: Http, local_api: LocalApi, new_client: Any) -> None:
    tenant = f"tenant-s2-{secrets.token_hex(4)}"
    token = http.token(new_client(tenant_id=tenant))
    url = f"{local_api.url}/compat/002/api/v1/products"
    headers = {"Authorization": f"Bearer {token}", "tenantId": tenant, "userId": "USR456"}
    missing = http.session.get(url, headers=headers, timeout=30)
    assert missing.status_code == 400 and missing.json()["statusCode"] == 400
    assert "countryCode: " in missing.json()["message"]
    other = {**headers, "countryCode": "US", "tenantId": "TEN123"}
    forbidden = http.session.get(url, headers=other, timeout=30)
    assert forbidden.status_code == 403 and forbidden.json()["error"] == "Forbidden"
    # A method the door does not declare: the canonical 405 (functions/method_not_allowed)
    refused = http.session.post(url, headers={**headers, "countryCode": "US"}, timeout=30)
    assert refused.status_code == 405 and refused.headers["Allow"] == "GET"
    # Without a token, API Gateway's own 401 (the canonical envelope, as the docs say)
    anonymous = http.session.get(url, timeout=30)
    assert anonymous.status_code == 401 and anonymous.json()["status"] == "error"
