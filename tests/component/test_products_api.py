"""Products CRUD through the gateway (authorizer + handlers) on moto."""

from typing import Any

import pytest

from tests.moto_gateway import Api, make_client
from tests.support import assert_meta, error_code

HEADPHONES = {
    "name": "Wireless Headphones",
    "description": "Noise-cancelling Bluetooth headphones",
    "price": 199.99,
    "currency": "USD",
    "inventory": 10,
    "tags": ["audio", "wireless"],
    "attributes": {"color": "black", "battery_hours": 30},
}


def create(api: Api, token: str, **fields: Any) -> dict[str, Any]:
    reply = api.request("POST", "/api/v1/products", token, {**HEADPHONES, **fields})
    assert reply.status == 201, reply.body
    return dict(reply.body["data"]["item"])


class TestCreate:
    def test_returns_the_item_in_the_envelope(self, api: Api, seller: str) -> None:
        reply = api.request("POST", "/api/v1/products", seller, HEADPHONES)

        assert reply.status == 201
        assert reply.body["status"] == "success"
        assert_meta(reply.body)
        item = reply.body["data"]["item"]
        assert item["id"].startswith("prod_") and len(item["id"]) > 20
        assert item["customer_id"] == "cust-1"
        assert item["price"] == 199.99
        assert item["inventory"] == {"available": 10, "reserved": 0, "total": 10}
        assert item["is_active"] is True and item["status"] == "active"
        assert item["test"] is False and item["version"] == 1
        assert item["created_at"].endswith("Z") and item["created_at"] == item["updated_at"]
        assert reply.headers["etag"] == '"v1"'
        assert reply.headers["location"] == f"/api/v1/products/{item['id']}"
        assert reply.headers["x-request-id"] == reply.body["meta"]["request_id"]

    def test_money_keeps_its_decimal_text(self, api: Api, seller: str) -> None:
        item = create(api, seller, price=0.1, cost_price=1000000000)
        fetched = api.request("GET", f"/api/v1/products/{item['id']}", seller)
        assert b'"price":0.1,' in fetched.raw
        assert b'"cost_price":1000000000,' in fetched.raw

    def test_stock_is_accepted_as_inventory(self, api: Api, seller: str) -> None:
        body = {k: v for k, v in HEADPHONES.items() if k != "inventory"}
        reply = api.request("POST", "/api/v1/products", seller, {**body, "stock": 7})
        assert reply.status == 201
        assert reply.body["data"]["item"]["inventory"]["available"] == 7

    @pytest.mark.parametrize(
        ("fields", "field", "fragment"),
        [
            ({"price": 0}, "price", "greater than 0"),
            ({"price": -5}, "price", "greater than 0"),
            ({"price": 1000000000.01}, "price", "at most 1000000000"),
            ({"price": 19.999}, "price", "2 decimal places"),
            ({"price": 5.5, "currency": "JPY"}, "price", "0 decimal places"),
            ({"price": "19.99"}, "price", "JSON number"),
            ({"price": True}, "price", "JSON number"),
            ({"currency": "XXX"}, "currency", "ISO 4217"),
            ({"name": ""}, "name", "at least 1"),
            ({"name": "x" * 201}, "name", "at most 200"),
            ({"name": "bad\u0000name"}, "name", "control characters"),
            ({"status": "deleted"}, "status", "active"),
            ({"inventory": -1}, "inventory", "greater than or equal to 0"),
            ({"inventory": 1.5}, "inventory", "whole number"),
            ({"tags": ["ok", ""]}, "tags[1]", "at least 1"),
        ],
    )
    def test_invalid_fields_are_named(
        self, api: Api, seller: str, fields: dict[str, Any], field: str, fragment: str
    ) -> None:
        reply = api.request("POST", "/api/v1/products", seller, {**HEADPHONES, **fields})

        assert reply.status == 400
        assert error_code(reply.body) == "validation_error"
        messages = {d["field"]: d["message"] for d in reply.body["error"]["details"]}
        assert field in messages, messages
        assert fragment in messages[field]

    def test_missing_required_fields(self, api: Api, seller: str) -> None:
        reply = api.request("POST", "/api/v1/products", seller, {"description": "no name"})
        fields = {d["field"] for d in reply.body["error"]["details"]}
        assert reply.status == 400 and {"name", "price"} <= fields

    @pytest.mark.parametrize("field", ["id", "version", "tenant_id", "created_at", "test", "mode"])
    def test_server_fields_cannot_be_assigned(self, api: Api, seller: str, field: str) -> None:
        reply = api.request("POST", "/api/v1/products", seller, {**HEADPHONES, field: "x"})

        assert reply.status == 400
        assert error_code(reply.body) == "validation_error"
        assert reply.body["error"]["details"][0]["field"] == field

    def test_malformed_json(self, api: Api, seller: str) -> None:
        reply = api.request(
            "POST",
            "/api/v1/products",
            seller,
            raw_body=b'{"name": "x", ',
            headers={"Content-Type": "application/json"},
        )
        assert reply.status == 400 and error_code(reply.body) == "invalid_json"

    @pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
    def test_non_json_numbers_are_refused(self, api: Api, seller: str, constant: bytes) -> None:
        body = b'{"name": "x", "price": ' + constant + b"}"
        reply = api.request(
            "POST", "/api/v1/products", seller, raw_body=body,
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        assert reply.status == 400 and error_code(reply.body) == "invalid_json"

    def test_huge_exponent_is_a_validation_error_not_a_crash(self, api: Api, seller: str) -> None:
        reply = api.request(
            "POST", "/api/v1/products", seller, raw_body=b'{"name": "x", "price": 1e308}',
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        assert reply.status == 400 and error_code(reply.body) == "validation_error"

    def test_body_must_be_an_object(self, api: Api, seller: str) -> None:
        reply = api.request("POST", "/api/v1/products", seller, [HEADPHONES])
        assert reply.status == 400 and error_code(reply.body) == "validation_error"

    def test_wrong_content_type(self, api: Api, seller: str) -> None:
        reply = api.request(
            "POST", "/api/v1/products", seller, raw_body=b"name=x",
            headers={"Content-Type": "text/plain"},
        )  # fmt: skip
        assert reply.status == 415 and error_code(reply.body) == "unsupported_media_type"

    def test_customer_id_must_match_the_tokens_customer(self, api: Api, seller: str) -> None:
        reply = api.request(
            "POST", "/api/v1/products", seller, {**HEADPHONES, "customer_id": "customer_456"}
        )

        assert reply.status == 400
        assert error_code(reply.body) == "invalid_product_data"
        assert reply.body["error"]["message"] == (
            "Product customer_id customer_456 does not match customer_id cust-1"
        )

    def test_a_tenant_wide_client_may_name_a_customer_or_none(self, api: Api, seller: str) -> None:
        """Seed 003's and 004's clients know no customers: their products belong to the
        tenant itself, and only tenant-wide clients see them."""
        admin = api.token_for(make_client(scopes=["admin"]))

        tenants = api.request("POST", "/api/v1/products", admin, HEADPHONES)
        given = api.request("POST", "/api/v1/products", admin, {**HEADPHONES, "customer_id": "c9"})

        assert tenants.status == 201 and tenants.body["data"]["item"]["customer_id"] is None
        assert given.status == 201 and given.body["data"]["item"]["customer_id"] == "c9"
        path = f"/api/v1/products/{tenants.body['data']['item']['id']}"
        assert api.request("GET", path, admin).status == 200
        hidden = api.request("GET", path, seller)
        assert hidden.status == 404 and error_code(hidden.body) == "not_found"
        listed = api.request("GET", "/api/v1/products", admin).body["data"]
        assert len(listed["items"]) == 2 and listed["pagination"]["total"] == 2
        assert api.request("GET", "/api/v1/products", seller).body["data"]["items"] == []

    def test_read_only_client_cannot_write(self, api: Api) -> None:
        reader = api.token_for(make_client(customer_id="cust-1", scopes=["products:read"]))
        reply = api.request("POST", "/api/v1/products", reader, HEADPHONES)
        assert reply.status == 403 and error_code(reply.body) == "forbidden"


class TestGet:
    def test_etag_and_not_modified(self, api: Api, seller: str) -> None:
        item = create(api, seller)
        path = f"/api/v1/products/{item['id']}"

        first = api.request("GET", path, seller)
        cached = api.request("GET", path, seller, headers={"If-None-Match": '"v1"'})
        stale = api.request("GET", path, seller, headers={"If-None-Match": '"v0"'})

        assert first.status == 200 and first.body["data"]["item"] == item
        assert first.headers["etag"] == '"v1"'
        assert cached.status == 304 and cached.raw == b"" and cached.headers["etag"] == '"v1"'
        assert stale.status == 200

    def test_missing_product(self, api: Api, seller: str) -> None:
        reply = api.request("GET", "/api/v1/products/prod_doesnotexist", seller)
        assert reply.status == 404 and error_code(reply.body) == "not_found"
        assert_meta(reply.body)


class TestList:
    def test_newest_first_with_cursor_pages(self, api: Api, seller: str) -> None:
        ids = [create(api, seller, name=f"Product {i}")["id"] for i in range(5)]

        first = api.request("GET", "/api/v1/products?limit=2", seller)
        page = first.body["data"]["pagination"]
        second = api.request(
            "GET", f"/api/v1/products?limit=2&cursor={page['next_cursor']}", seller
        )
        cursor = second.body["data"]["pagination"]["next_cursor"]
        third = api.request("GET", f"/api/v1/products?limit=2&cursor={cursor}", seller)

        seen = [
            item["id"] for reply in (first, second, third) for item in reply.body["data"]["items"]
        ]
        assert seen == list(reversed(ids))
        assert page["has_next"] is True and page["has_prev"] is False and page["limit"] == 2
        assert 'rel="next"' in first.headers["link"]
        assert third.body["data"]["pagination"] == {
            "limit": 2, "has_next": False, "has_prev": True, "next_cursor": None,
            "page": 3, "total": 5, "pages": 3,
        }  # fmt: skip

    def test_exact_last_page_has_no_next(self, api: Api, seller: str) -> None:
        for i in range(2):
            create(api, seller, name=f"P{i}")
        reply = api.request("GET", "/api/v1/products?limit=2", seller)
        assert reply.body["data"]["pagination"]["has_next"] is False
        assert "link" not in reply.headers

    @pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=abc", "limit=-1"])
    def test_absurd_limits(self, api: Api, seller: str, query: str) -> None:
        reply = api.request("GET", f"/api/v1/products?{query}", seller)
        assert reply.status == 400 and error_code(reply.body) == "validation_error"
        assert reply.body["error"]["details"][0]["field"] == "limit"

    def test_tampered_cursor(self, api: Api, seller: str) -> None:
        for i in range(3):
            create(api, seller, name=f"P{i}")
        cursor = api.request("GET", "/api/v1/products?limit=1", seller).body["data"]["pagination"][
            "next_cursor"
        ]
        payload, signature = cursor.split(".")
        forged = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + signature

        for bad in (forged, "garbage", cursor + "x"):
            reply = api.request("GET", f"/api/v1/products?limit=1&cursor={bad}", seller)
            assert reply.status == 400 and error_code(reply.body) == "validation_error"

    def test_cursor_is_bound_to_the_query(self, api: Api, seller: str) -> None:
        for i in range(3):
            create(api, seller, name=f"P{i}")
        cursor = api.request("GET", "/api/v1/products?limit=1", seller).body["data"]["pagination"][
            "next_cursor"
        ]
        reply = api.request("GET", f"/api/v1/products?limit=2&cursor={cursor}", seller)
        assert reply.status == 400


class TestUpdate:
    def test_put_updates_the_fields_it_names_and_keeps_the_others(
        self, api: Api, seller: str
    ) -> None:
        item = create(api, seller)
        reply = api.request(
            "PUT",
            f"/api/v1/products/{item['id']}",
            seller,
            {"name": "Headphones v2", "price": 149.5, "attributes": {"color": "red"}},
            headers={"If-Match": '"v1"'},
        )

        updated = reply.body["data"]["item"]
        assert reply.status == 200
        assert updated["name"] == "Headphones v2" and updated["price"] == 149.5
        assert updated["description"] == HEADPHONES["description"]
        assert updated["tags"] == HEADPHONES["tags"]
        assert updated["attributes"] == {"color": "red"}  # replaced whole, not merged
        assert updated["inventory"]["available"] == 10  # stock is not replaced by omission
        assert updated["version"] == 2 and reply.headers["etag"] == '"v2"'
        assert updated["created_at"] == item["created_at"]
        assert updated["updated_at"] >= item["updated_at"]

    @pytest.mark.parametrize(
        ("body", "expected"),
        [
            # Seed 003's and seed 004's documented PUT: every field optional.
            ({"price": 120.0}, {"price": 120, "name": HEADPHONES["name"]}),
            (
                {"name": "Updated Product Name", "description": "Updated", "price": 120.0},
                {"name": "Updated Product Name", "description": "Updated", "price": 120},
            ),
            ({"description": None, "tags": None}, {"description": None, "tags": []}),
            ({"stock": 3}, {"inventory": {"available": 3, "reserved": 0, "total": 3}}),
            ({"images": ["https://cdn.example.com/a.jpg"]}, {"images": [
                {"url": "https://cdn.example.com/a.jpg", "alt": None, "is_primary": True}
            ]}),
        ],
    )  # fmt: skip
    def test_put_of_some_fields(
        self, api: Api, seller: str, body: dict[str, Any], expected: dict[str, Any]
    ) -> None:
        item = create(api, seller)
        reply = api.request("PUT", f"/api/v1/products/{item['id']}", seller, body)

        assert reply.status == 200, reply.body
        updated = reply.body["data"]["item"]
        assert {key: updated[key] for key in expected} == expected
        untouched = set(item) - set(expected) - set(body) - {"version", "updated_at"}
        assert {k: updated[k] for k in untouched} == {k: item[k] for k in untouched}

    @pytest.mark.parametrize(
        ("body", "field"),
        [({"name": None}, "name"), ({"price": 0}, "price"), ({"version": 9}, "version")],
    )
    def test_put_refuses_what_a_product_cannot_be(
        self, api: Api, seller: str, body: dict[str, Any], field: str
    ) -> None:
        item = create(api, seller)
        reply = api.request("PUT", f"/api/v1/products/{item['id']}", seller, body)
        assert reply.status == 400 and error_code(reply.body) == "validation_error"
        assert reply.body["error"]["details"][0]["field"] == field
        after = api.request("GET", f"/api/v1/products/{item['id']}", seller).body
        assert after["data"]["item"] == item

    def test_images_may_be_plain_urls(self, api: Api, seller: str) -> None:
        """Seed 003 documents `images` as an "array of product image URLs"."""
        urls = ["https://cdn.example.com/1.jpg", "https://cdn.example.com/2.jpg"]
        item = create(api, seller, images=[urls[0], {"url": urls[1], "alt": "Side"}])
        assert item["images"] == [
            {"url": urls[0], "alt": None, "is_primary": True},
            {"url": urls[1], "alt": "Side", "is_primary": False},
        ]
        bad = api.request(
            "POST", "/api/v1/products", seller, {**HEADPHONES, "images": ["http://x"]}
        )
        assert bad.status == 400 and error_code(bad.body) == "invalid_image_url"
        assert bad.body["error"]["details"][0]["field"] == "images[0].url"

    def test_patch_is_a_json_merge_patch(self, api: Api, seller: str) -> None:
        item = create(api, seller)
        reply = api.request(
            "PATCH",
            f"/api/v1/products/{item['id']}",
            seller,
            {"price": 14.99, "description": None, "attributes": {"color": None, "size": "L"}},
        )

        updated = reply.body["data"]["item"]
        assert reply.status == 200
        assert updated["price"] == 14.99 and updated["description"] is None
        assert updated["attributes"] == {"battery_hours": 30, "size": "L"}
        assert updated["name"] == item["name"] and updated["version"] == 2

    @pytest.mark.parametrize(
        ("method", "body"),
        [
            ("PATCH", {}),
            ("PATCH", {"name": HEADPHONES["name"], "tags": ["audio", "wireless"]}),
            ("PUT", {**HEADPHONES}),
        ],
    )
    def test_a_write_that_changes_nothing_is_a_no_op(
        self, api: Api, seller: str, method: str, body: dict[str, Any]
    ) -> None:
        """The attack: PATCH {} bumped the version and recorded an empty audit event. A
        write that changes nothing answers with the product as it is: same version and ETag,
        no audit event."""
        item = create(api, seller)
        path = f"/api/v1/products/{item['id']}"

        reply = api.request(method, path, seller, body)

        assert reply.status == 200, reply.body
        assert reply.body["data"]["item"] == item
        assert reply.headers["etag"] == '"v1"'
        admin = api.token_for(make_client(scopes=["admin"]))
        trail = api.request("GET", f"/api/v1/audit-events?resource_id={item['id']}", admin)
        assert [e["action"] for e in trail.body["data"]["items"]] == ["product.created"]

    def test_a_no_op_still_checks_if_match(self, api: Api, seller: str) -> None:
        item = create(api, seller)
        path = f"/api/v1/products/{item['id']}"
        stale = api.request("PATCH", path, seller, {}, headers={"If-Match": '"v7"'})
        current = api.request("PATCH", path, seller, {}, headers={"If-Match": '"v1"'})
        assert stale.status == 412 and error_code(stale.body) == "precondition_failed"
        assert current.status == 200 and current.body["data"]["item"]["version"] == 1

    def test_patch_accepts_merge_patch_media_type(self, api: Api, seller: str) -> None:
        item = create(api, seller)
        reply = api.request(
            "PATCH", f"/api/v1/products/{item['id']}", seller, raw_body=b'{"name": "Renamed"}',
            headers={"Content-Type": "application/merge-patch+json"},
        )  # fmt: skip
        assert reply.status == 200 and reply.body["data"]["item"]["name"] == "Renamed"

    def test_patch_removing_a_required_field_is_refused(self, api: Api, seller: str) -> None:
        item = create(api, seller)
        reply = api.request("PATCH", f"/api/v1/products/{item['id']}", seller, {"price": None})
        assert reply.status == 400
        assert reply.body["error"]["details"][0]["field"] == "price"

    @pytest.mark.parametrize("field", ["name", "price"])
    def test_put_cannot_null_a_required_field(self, api: Api, seller: str, field: str) -> None:
        """Null resets a PUT field to its default; name and price have none (the document
        does not let them be null either)."""
        item = create(api, seller)
        reply = api.request("PUT", f"/api/v1/products/{item['id']}", seller, {field: None})
        assert reply.status == 400, reply.body
        assert reply.body["error"]["details"][0]["field"] == field
        fetched = api.request("GET", f"/api/v1/products/{item['id']}", seller)
        assert fetched.body["data"]["item"][field] == item[field]

    @pytest.mark.parametrize("field", ["id", "version", "tenant_id", "customer_idx"])
    def test_patch_cannot_smuggle_fields(self, api: Api, seller: str, field: str) -> None:
        item = create(api, seller)
        reply = api.request("PATCH", f"/api/v1/products/{item['id']}", seller, {field: "x"})
        fetched = api.request("GET", f"/api/v1/products/{item['id']}", seller)
        assert reply.status == 400 and error_code(reply.body) == "validation_error"
        assert fetched.body["data"]["item"]["version"] == 1

    def test_patch_cannot_move_product_to_another_customer(self, api: Api, seller: str) -> None:
        item = create(api, seller)
        reply = api.request(
            "PATCH", f"/api/v1/products/{item['id']}", seller, {"customer_id": "cust-2"}
        )
        assert reply.status == 400 and error_code(reply.body) == "invalid_product_data"

    @pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
    def test_if_match_mismatch_is_412(self, api: Api, seller: str, method: str) -> None:
        item = create(api, seller)
        body = {"name": "x", "price": 1} if method != "DELETE" else None
        reply = api.request(
            method, f"/api/v1/products/{item['id']}", seller, body, headers={"If-Match": '"v7"'}
        )
        after = api.request("GET", f"/api/v1/products/{item['id']}", seller)

        assert reply.status == 412 and error_code(reply.body) == "precondition_failed"
        assert reply.body["error"]["details"]["current_etag"] == '"v1"'
        assert after.status == 200 and after.body["data"]["item"]["version"] == 1

    def test_versions_advance_with_each_write(self, api: Api, seller: str) -> None:
        item = create(api, seller)
        for expected in (2, 3, 4):
            reply = api.request(
                "PATCH", f"/api/v1/products/{item['id']}", seller, {"inventory": expected}
            )
            assert reply.body["data"]["item"]["version"] == expected


class TestDelete:
    def test_delete_then_gone(self, api: Api, seller: str) -> None:
        item = create(api, seller)
        path = f"/api/v1/products/{item['id']}"

        reply = api.request("DELETE", path, seller, headers={"If-Match": '"v1"'})
        again = api.request("DELETE", path, seller)

        assert reply.status == 200
        assert reply.body["data"] == {"item": {"id": item["id"], "deleted": True}}
        assert api.request("GET", path, seller).status == 404
        assert again.status == 404


class TestIsolation:
    """Another tenant's, customer's or mode's product is indistinguishable from a missing one."""

    @pytest.fixture
    def product(self, api: Api, seller: str) -> dict[str, Any]:
        return create(api, seller)

    @pytest.mark.parametrize(
        "intruder",
        [
            {"tenant_id": "tenant-b", "customer_id": "cust-1"},
            {"tenant_id": "tenant-a", "customer_id": "cust-2"},
            {"tenant_id": "tenant-a", "customer_id": "cust-1", "mode": "test"},
            {"tenant_id": "tenant-b", "scopes": ["admin"]},
            {"tenant_id": "tenant-a", "scopes": ["admin"], "mode": "test"},
        ],
        ids=["other-tenant", "other-customer", "test-mode", "other-tenant-admin", "test-admin"],
    )
    def test_cannot_read_or_write(
        self, api: Api, product: dict[str, Any], intruder: dict[str, Any]
    ) -> None:
        token = api.token_for(make_client(**intruder))
        path = f"/api/v1/products/{product['id']}"
        missing_id = "prod_000000000000000000000000"
        missing = f"/api/v1/products/{missing_id}"

        for method, body in [
            ("GET", None),
            ("PUT", {"name": "pwned", "price": 1, "customer_id": "cust-1"}),
            ("PATCH", {"name": "pwned"}),
            ("DELETE", None),
        ]:
            reply = api.request(method, path, token, body)
            baseline = api.request(method, missing, token, body)
            assert reply.status == 404, (method, reply.body)
            # Same answer as for an id that never existed, and none of the product's data.
            expected = baseline.body["error"]["message"].replace(missing_id, product["id"])
            assert reply.body["error"] == {**baseline.body["error"], "message": expected}
            assert product["name"].encode() not in reply.raw

        listed = api.request("GET", "/api/v1/products", token).body["data"]["items"]
        assert product["id"] not in [item["id"] for item in listed]

    def test_admin_of_the_tenant_sees_every_customer(
        self, api: Api, product: dict[str, Any]
    ) -> None:
        admin = api.token_for(make_client(scopes=["admin"]))
        other = create(api, api.token_for(make_client(customer_id="cust-2")))

        listed = api.request("GET", "/api/v1/products", admin).body["data"]["items"]
        only_cust2 = api.request("GET", "/api/v1/products?customer_id=cust-2", admin)

        assert {product["id"], other["id"]} <= {item["id"] for item in listed}
        assert [i["id"] for i in only_cust2.body["data"]["items"]] == [other["id"]]
        assert api.request("GET", f"/api/v1/products/{product['id']}", admin).status == 200

    def test_customer_cannot_list_another_customer(self, api: Api, seller: str) -> None:
        reply = api.request("GET", "/api/v1/products?customer_id=cust-2", seller)
        assert reply.status == 404

    def test_test_mode_products_are_marked_and_separate(self, api: Api, product: Any) -> None:
        test_token = api.token_for(make_client(customer_id="cust-1", mode="test"))
        test_item = create(api, test_token)

        assert test_item["test"] is True
        listed = api.request("GET", "/api/v1/products", test_token).body["data"]["items"]
        assert [item["id"] for item in listed] == [test_item["id"]]

    def test_tenant_header_must_match_the_token(self, api: Api, seller: str) -> None:
        ok = api.request("GET", "/api/v1/products", seller, headers={"tenantId": "tenant-a"})
        other = api.request("GET", "/api/v1/products", seller, headers={"tenantId": "tenant-b"})
        assert ok.status == 200
        assert other.status == 403 and error_code(other.body) == "forbidden"

    def test_cursor_of_another_tenant_is_refused(self, api: Api, seller: str) -> None:
        for i in range(2):
            create(api, seller, name=f"P{i}")
        cursor = api.request("GET", "/api/v1/products?limit=1", seller).body["data"]["pagination"][
            "next_cursor"
        ]
        other = api.token_for(make_client(tenant_id="tenant-b", customer_id="cust-1"))
        reply = api.request("GET", f"/api/v1/products?limit=1&cursor={cursor}", other)
        assert reply.status == 400 and error_code(reply.body) == "validation_error"
