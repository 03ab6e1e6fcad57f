"""Lambda returns at most 6 MB: a listing page stops short of that, and a batch's answer is
within it by construction (an outside attacker's finding: a default listing of 20 products of
~380 KB each came to 7.65 MB, a 502 when deployed)."""

import json
from typing import Any

import pytest

from common.http import limits as http
from common.products.batch import MAX_BATCH
from tests.moto_gateway import Api, make_client
from tests.support import error_code

PRODUCTS = "/api/v1/products"


def big_product(number: int) -> dict[str, Any]:
    """A product of about 380 KB: its free-form maps and variants full."""
    text = "x" * 990
    return {
        "name": f"Big {number:02d}",
        "price": 10 + number,
        "attributes": {f"a{i}": text for i in range(100)},
        "specifications": {f"s{i}": text for i in range(100)},
        "variants": [
            {"name": f"v{v}", "attributes": {f"k{i}": "y" * 80 for i in range(50)}}
            for v in range(40)
        ],
    }


def response_weight(reply: Any) -> int:
    """What the body weighs inside Lambda's JSON response (escaped)."""
    return len(json.dumps(json.dumps(reply.body, separators=(",", ":"), ensure_ascii=False)))


def test_a_listing_page_stops_before_lambdas_response_limit(api: Api, seller: str) -> None:
    # Given 20 products of ~380 KB by one customer (7.6 MB together)
    for number in range(20):
        reply = api.request("POST", PRODUCTS, seller, big_product(number))
        assert reply.status == 201, reply.body
    admin = api.token_for(make_client(scopes=["admin"]))

    # When the tenant-wide default listing (limit 20) is walked page by page
    seen: list[str] = []
    query, pages = "", 0
    while True:
        reply = api.request("GET", f"{PRODUCTS}?{query}", admin)
        assert reply.status == 200, reply.body
        assert response_weight(reply) <= http.MAX_RESPONSE_BODY
        pages += 1
        seen += [item["name"] for item in reply.body["data"]["items"]]
        cursor = reply.body["data"]["pagination"]["next_cursor"]
        if cursor is None:
            break
        assert reply.body["data"]["pagination"]["has_next"] is True
        assert reply.headers["link"].endswith('; rel="next"')
        query = f"cursor={cursor}"

    # Then each page is short (within the limit) and the walk shows every product once
    assert pages >= 2
    assert seen == [f"Big {n:02d}" for n in reversed(range(20))]


@pytest.mark.parametrize("sort", ["created_at", "price", "name"])
def test_cut_pages_continue_exactly_after_their_last_item(
    api: Api, seller: str, monkeypatch: pytest.MonkeyPatch, sort: str
) -> None:
    """With a small bound, every sort and order walks the whole listing without repeating
    or skipping a product."""
    for number in range(7):
        body = {"name": f"Item {number}", "price": 1 + number, "description": "d" * 900}
        assert api.request("POST", PRODUCTS, seller, body).status == 201
    # Each item weighs about 1.6 KB: two fit in what the bound leaves them.
    monkeypatch.setattr(http, "MAX_RESPONSE_BODY", 5_000)
    monkeypatch.setattr(http, "_ENVELOPE_ROOM", 1_000)
    for order in ("asc", "desc"):
        seen: list[str] = []
        query, pages = f"sort={sort}&order={order}&limit=100", 0
        while True:
            reply = api.request("GET", f"{PRODUCTS}?{query}", seller)
            items = reply.body["data"]["items"]
            assert len(items) == (2 if len(seen) < 6 else 1), len(items)
            seen += [item["name"] for item in items]
            pages += 1
            cursor = reply.body["data"]["pagination"]["next_cursor"]
            if cursor is None:
                break
            query = f"sort={sort}&order={order}&limit=100&cursor={cursor}"
        expected = [f"Item {n}" for n in range(7)]
        assert seen == (expected if order == "asc" else expected[::-1]), (sort, order)
        assert pages == 4


def test_the_largest_batch_answer_fits_in_a_response(api: Api, seller: str) -> None:
    """Bodies are at most 1 MB, so a batch's answer (ids and items) is bounded: the worst
    growth is text outside the BMP (4 bytes in, 12 escaped out) and minimal variants (each
    gains an id, a price, stock and attributes). Both at their most stay within the limit."""
    emoji = "\U0001f600" * 235
    body = [
        {
            "name": f"P{n}",
            "price": 1,
            "description": emoji * 10,
            "variants": [{"name": "v"} for _ in range(40)],
        }
        for n in range(MAX_BATCH)
    ]
    raw = json.dumps(body, ensure_ascii=False).encode()
    assert 0.9 * http.MAX_BODY_BYTES < len(raw) <= http.MAX_BODY_BYTES

    reply = api.request("POST", f"{PRODUCTS}/batch", seller, raw_body=raw)

    assert reply.status == 201, error_code(reply.body)
    assert len(reply.body["data"]["items"]) == MAX_BATCH
    assert response_weight(reply) <= http.MAX_RESPONSE_BODY
