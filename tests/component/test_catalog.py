"""The full catalog on moto: every product field, variants, SKU uniqueness, category counts."""

from typing import Any

import pytest

from common.settings import get_settings
from common.storage.category_keys import category_key
from common.storage.dynamodb import dynamodb_client, from_item, to_item
from tests.moto_gateway import Api, make_client
from tests.support import error_code

BOOTS = {
    "name": "Trail Boots",
    "description": "Waterproof hiking boots",
    "short_description": "Hiking boots",
    "detailed_description": "Full-grain leather.\nVibram soles.",
    "price": 149.99,
    "cost_price": 61.5,
    "currency": "EUR",
    "product_type_id": "footwear",
    "business_id": "BIZ123",
    "location": {"country_code": "US", "state": "California", "city": "San Francisco"},
    "status": "draft",
    "sku": "BOOT-001",
    "barcode": "0012345678905",
    "tags": ["outdoor", "hiking"],
    "attributes": {"color": "brown"},
    "specifications": {"weight": "1.2 kg"},
    "ingredients": ["leather", "rubber"],
    "images": [
        {"url": "https://cdn.example.com/boots.jpg", "alt": "Boots"},
        {"url": "https://cdn.example.com/boots-side.jpg", "alt": "Side"},
    ],
    "inventory": 12,
    "low_stock_threshold": 5,
    "is_physical": True,
    "recurrence": {"interval": "month", "count": 6},
    "taxes": [{"name": "iva", "rate": 13.0}],
    "related_product_ids": ["prod_aaa", "prod_bbb"],
}
CANDLE = {
    "name": "Serenity Candle",
    "price": 24.99,
    "variants": [
        {"name": "Small", "sku": "SER-CAN-S", "price": 24.99, "inventory": 25},
        {"name": "Large", "sku": "SER-CAN-L", "price": 34.99, "stock": 20},
    ],
}
# Category ids (cat_ + 24 hex digits).
OTHER_TENANTS, BAGS, MISSING, NOPE, SHOES = (f"cat_{n:024x}" for n in range(0xA0, 0xA5))


def create(api: Api, token: str, body: dict[str, Any]) -> Any:
    return api.request("POST", "/api/v1/products", token, body)


def make_category(category_id: str, tenant: str = "tenant-a", mode: str = "live") -> None:
    item = {**category_key(mode, tenant, category_id), **to_item({"product_count": 0})}
    dynamodb_client().put_item(TableName=get_settings().products_table, Item=item)


def product_count(category_id: str) -> int:
    item = dynamodb_client().get_item(
        TableName=get_settings().products_table, Key=category_key("live", "tenant-a", category_id)
    )["Item"]
    return int(from_item(item)["product_count"])


class TestFields:
    def test_every_field_round_trips(self, api: Api, seller: str) -> None:
        reply = create(api, seller, BOOTS)
        item = reply.body["data"]["item"]

        assert reply.status == 201, reply.body
        for field, value in BOOTS.items():
            if field not in {"images", "inventory", "taxes"}:
                assert item[field] == value, field
        assert item["taxes"] == [{"name": "iva", "rate": 13}]
        assert item["images"][0] == {
            "url": "https://cdn.example.com/boots.jpg", "alt": "Boots", "is_primary": True,
        }  # fmt: skip
        assert item["images"][1]["is_primary"] is False
        assert item["inventory"] == {"available": 12, "reserved": 0, "total": 12}
        assert item["stock_level"] == "in_stock" and item["in_stock"] is True
        assert item["is_active"] is False  # draft
        assert item["variants"] == []

    @pytest.mark.parametrize(
        ("inventory", "threshold", "level", "in_stock"),
        [(0, None, "out_of_stock", False), (3, 5, "low", True), (5, 5, "low", True),
         (6, 5, "in_stock", True), (1, None, "in_stock", True)],
    )  # fmt: skip
    def test_stock_level(
        self, api: Api, seller: str, inventory: int, threshold: Any, level: str, in_stock: bool
    ) -> None:
        body = {"name": "x", "price": 1, "inventory": inventory, "low_stock_threshold": threshold}
        item = create(api, seller, body).body["data"]["item"]
        assert item["stock_level"] == level and item["in_stock"] is in_stock

    @pytest.mark.parametrize(
        "url",
        ["http://cdn.example.com/a.jpg", "ftp://x/y.png", "not a url", "https://", "javascript:x"],
    )
    def test_images_must_be_https(self, api: Api, seller: str, url: str) -> None:
        reply = create(api, seller, {"name": "x", "price": 1, "images": [{"url": url}]})
        assert reply.status == 400 and error_code(reply.body) == "invalid_image_url"
        assert reply.body["error"]["details"][0]["field"] == "images[0].url"

    def test_only_one_primary_image(self, api: Api, seller: str) -> None:
        images = [{"url": "https://a.example/1.jpg", "is_primary": True}] * 2
        reply = create(api, seller, {"name": "x", "price": 1, "images": images})
        assert reply.status == 400 and reply.body["error"]["details"][0]["field"] == "images"

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"location": {"country_code": "usa"}}, "location.country_code"),
            ({"location": {"planet": "Mars"}}, "location.planet"),
            ({"recurrence": {"interval": "fortnight"}}, "recurrence.interval"),
            ({"taxes": [{"name": "vat", "rate": 120}]}, "taxes[0].rate"),
            ({"sku": "has space"}, "sku"),
            ({"low_stock_threshold": -1}, "low_stock_threshold"),
            ({"is_physical": "yes"}, "is_physical"),
            ({"variants": [{"name": "A", "price": 1.234}]}, "variants[0].price"),
            ({"variants": [{"sku": "X"}]}, "variants[0].name"),
        ],
    )
    def test_invalid_fields_are_named(
        self, api: Api, seller: str, fields: dict[str, Any], field: str
    ) -> None:
        reply = create(api, seller, {"name": "x", "price": 1, **fields})
        assert reply.status == 400, reply.body
        assert field in {d["field"] for d in reply.body["error"]["details"]}


class TestVariants:
    def test_variants_have_ids_and_the_product_sums_their_stock(
        self, api: Api, seller: str
    ) -> None:
        item = create(api, seller, CANDLE).body["data"]["item"]

        small, large = item["variants"]
        assert small["id"].startswith("var_") and large["id"].startswith("var_")
        assert small["inventory"] == {"available": 25, "reserved": 0, "total": 25}
        assert large["inventory"]["available"] == 20 and large["price"] == 34.99
        assert item["inventory"] == {"available": 45, "reserved": 0, "total": 45}

    def test_variant_price_defaults_to_the_products(self, api: Api, seller: str) -> None:
        body = {"name": "Mug", "price": 9.5, "variants": [{"name": "Blue"}]}
        item = create(api, seller, body).body["data"]["item"]
        assert item["variants"][0]["price"] == 9.5

    def test_product_inventory_with_variants_is_refused(self, api: Api, seller: str) -> None:
        reply = create(api, seller, {**CANDLE, "inventory": 5})
        assert reply.status == 400 and error_code(reply.body) == "validation_error"

    def test_updates_keep_variant_ids_and_reserved_units(self, api: Api, seller: str) -> None:
        item = create(api, seller, CANDLE).body["data"]["item"]
        small, large = item["variants"]
        path = f"/api/v1/products/{item['id']}"
        stock_keeper = api.token_for(make_client(customer_id="cust-1", scopes=["inventory:write"]))
        reserved = api.request(
            "POST", f"{path}/inventory", stock_keeper,
            {"operation": "reserve", "quantity": 5, "variant_id": small["id"]},
        )  # fmt: skip
        assert reserved.status == 200, reserved.body

        reply = api.request(
            "PUT",
            path,
            seller,
            {
                "name": "Serenity Candle",
                "price": 24.99,
                "variants": [
                    {"id": small["id"], "name": "Small", "sku": "SER-CAN-S", "inventory": 30},
                    {"name": "Travel", "sku": "SER-CAN-T"},
                ],
            },
        )

        variants = reply.body["data"]["item"]["variants"]
        assert reply.status == 200, reply.body
        assert variants[0]["id"] == small["id"]
        assert variants[0]["inventory"] == {"available": 30, "reserved": 5, "total": 35}
        assert variants[1]["id"] not in (small["id"], large["id"])
        # Large was dropped: its SKU is free again.
        assert create(api, seller, {"name": "L", "price": 1, "sku": "SER-CAN-L"}).status == 201

    def test_unknown_variant_id_is_refused(self, api: Api, seller: str) -> None:
        item = create(api, seller, CANDLE).body["data"]["item"]
        reply = api.request(
            "PATCH", f"/api/v1/products/{item['id']}", seller,
            {"variants": [{"id": "var_forged", "name": "X"}]},
        )  # fmt: skip
        assert reply.status == 400
        assert reply.body["error"]["details"][0]["field"] == "variants[0].id"


class TestRepeatedVariantIds:
    """The attack: one variant id given three times counted that variant's stock three
    times (available 15 for 5 units; one reserve moved 3). A repeat is a 400 naming both
    places, on every write path, and nothing changes."""

    @pytest.fixture
    def product(self, api: Api, seller: str) -> dict[str, Any]:
        body = {"name": "Tee", "price": 10, "variants": [{"name": "S", "inventory": 5}]}
        reply = create(api, seller, body)
        assert reply.status == 201
        return dict(reply.body["data"]["item"])

    def _repeated(self, variant_id: str) -> list[dict[str, Any]]:
        return [
            {"id": variant_id, "name": "S"},
            {"id": variant_id, "name": "S copy"},
            {"id": variant_id, "name": "S copy 2", "inventory": 1},
        ]

    @pytest.mark.parametrize("method", ["PATCH", "PUT"])
    def test_an_update_repeating_a_variant_id_is_refused(
        self, api: Api, seller: str, product: dict[str, Any], method: str
    ) -> None:
        path = f"/api/v1/products/{product['id']}"
        variant_id = product["variants"][0]["id"]
        body: dict[str, Any] = {"variants": self._repeated(variant_id)}
        if method == "PUT":
            body.update(name="Tee", price=10)

        reply = api.request(method, path, seller, body)

        assert reply.status == 400 and error_code(reply.body) == "validation_error"
        assert reply.body["error"]["details"] == [
            {"field": "variants[1].id", "message": "repeats the variant id of variants[0].id"},
            {"field": "variants[2].id", "message": "repeats the variant id of variants[0].id"},
        ]
        stored = api.request("GET", path, seller).body["data"]["item"]
        assert stored["version"] == product["version"]
        assert stored["inventory"] == {"available": 5, "reserved": 0, "total": 5}
        stock_keeper = api.token_for(make_client(customer_id="cust-1", scopes=["inventory:write"]))
        reserve = {"operation": "reserve", "quantity": 1, "variant_id": variant_id}
        moved = api.request("POST", f"{path}/inventory", stock_keeper, reserve)
        moved = moved.body["data"]["item"]
        assert moved["inventory"] == {"available": 4, "reserved": 1, "total": 5}

    def test_a_batch_item_repeating_a_variant_id_is_refused(self, api: Api, seller: str) -> None:
        body = [{"name": "Tee", "price": 10, "variants": self._repeated("var_given")}]
        reply = api.request("POST", "/api/v1/products/batch", seller, body)
        assert reply.status == 400 and error_code(reply.body) == "validation_error"
        assert [d["field"] for d in reply.body["error"]["details"]] == [
            "[0].variants[1].id",
            "[0].variants[2].id",
        ]


class TestSkus:
    def test_sku_is_unique_across_products_and_variants(self, api: Api, seller: str) -> None:
        assert create(api, seller, CANDLE).status == 201
        as_product = create(api, seller, {"name": "Copy", "price": 1, "sku": "SER-CAN-S"})
        as_variant = create(
            api,
            seller,
            {"name": "Copy", "price": 1, "variants": [{"name": "v", "sku": "SER-CAN-L"}]},
        )

        assert as_product.status == 409 and error_code(as_product.body) == "duplicate_product"
        assert as_product.body["error"]["details"][0]["field"] == "sku"
        assert as_variant.status == 409
        assert as_variant.body["error"]["details"][0]["field"] == "variants[0].sku"

    def test_sku_repeated_inside_one_product(self, api: Api, seller: str) -> None:
        body = {"name": "x", "price": 1, "sku": "A-1", "variants": [{"name": "v", "sku": "A-1"}]}
        reply = create(api, seller, body)
        assert reply.status == 400 and error_code(reply.body) == "validation_error"
        assert reply.body["error"]["details"] == [
            {"field": "variants[0].sku", "message": "repeats the SKU of sku"}
        ]

    def test_sku_is_unique_across_customers_of_a_tenant(self, api: Api, seller: str) -> None:
        other = api.token_for(make_client(customer_id="cust-2"))
        assert create(api, seller, {"name": "a", "price": 1, "sku": "SHARED"}).status == 201
        assert create(api, other, {"name": "b", "price": 1, "sku": "SHARED"}).status == 409

    @pytest.mark.parametrize(
        "elsewhere", [{"tenant_id": "tenant-b"}, {"tenant_id": "tenant-a", "mode": "test"}]
    )
    def test_other_tenants_and_modes_have_their_own_skus(
        self, api: Api, seller: str, elsewhere: dict[str, Any]
    ) -> None:
        token = api.token_for(make_client(customer_id="cust-1", **elsewhere))
        assert create(api, seller, {"name": "a", "price": 1, "sku": "SAME"}).status == 201
        assert create(api, token, {"name": "b", "price": 1, "sku": "SAME"}).status == 201

    def test_update_and_delete_release_skus(self, api: Api, seller: str) -> None:
        first = create(api, seller, {"name": "a", "price": 1, "sku": "OLD"}).body["data"]["item"]
        path = f"/api/v1/products/{first['id']}"

        api.request("PATCH", path, seller, {"sku": "NEW"})
        took_old = create(api, seller, {"name": "b", "price": 1, "sku": "OLD"})
        blocked = create(api, seller, {"name": "c", "price": 1, "sku": "NEW"})
        api.request("DELETE", path, seller)
        took_new = create(api, seller, {"name": "d", "price": 1, "sku": "NEW"})

        assert took_old.status == 201 and blocked.status == 409 and took_new.status == 201

    def test_failed_update_changes_nothing(self, api: Api, seller: str) -> None:
        create(api, seller, {"name": "a", "price": 1, "sku": "TAKEN"})
        mine = create(api, seller, {"name": "b", "price": 2, "sku": "MINE"}).body["data"]["item"]
        path = f"/api/v1/products/{mine['id']}"

        reply = api.request("PATCH", path, seller, {"sku": "TAKEN", "price": 3})

        assert reply.status == 409
        after = api.request("GET", path, seller).body["data"]["item"]
        assert after["sku"] == "MINE" and after["price"] == 2 and after["version"] == 1
        # MINE is still claimed by this product.
        assert create(api, seller, {"name": "c", "price": 1, "sku": "MINE"}).status == 409


class TestCategories:
    def test_a_category_may_be_named_by_its_slug(self, api: Api, seller: str) -> None:
        """Seed 003 sends `"category_id": "electronics"`: the slug names the category, and
        the product stores (and shows) the category's id."""
        admin = api.token_for(make_client(scopes=["admin"]))
        category = api.request("POST", "/api/v1/categories", admin, {"name": "Electronics"})
        category_id = category.body["data"]["item"]["id"]

        one = create(api, seller, {"name": "Radio", "price": 5, "category_id": "electronics"})
        batch = api.request(
            "POST",
            "/api/v1/products/batch",
            seller,
            [{"name": f"TV {n}", "price": 5, "category_id": "electronics"} for n in range(3)],
        )
        moved = api.request(
            "PATCH",
            f"/api/v1/products/{one.body['data']['item']['id']}",
            seller,
            {"category_id": category_id},
        )

        assert one.status == 201 and one.body["data"]["item"]["category_id"] == category_id
        assert batch.status == 201, batch.body
        assert {i["category_id"] for i in batch.body["data"]["items"]} == {category_id}
        assert moved.status == 200 and moved.body["data"]["item"]["version"] == 1  # no change
        assert product_count(category_id) == 4

    @pytest.mark.parametrize("reference", ["no-such-slug", "UPPER", "cat_nothex"])
    def test_an_unknown_or_malformed_reference_is_refused(
        self, api: Api, seller: str, reference: str
    ) -> None:
        reply = create(api, seller, {"name": "Radio", "price": 5, "category_id": reference})
        expected = "invalid_category_id" if reference == "no-such-slug" else "validation_error"
        assert reply.status == 400 and error_code(reply.body) == expected
        assert reply.body["error"]["details"][0]["field"] == "category_id"

    def test_category_must_exist(self, api: Api, seller: str) -> None:
        reply = create(api, seller, {"name": "x", "price": 1, "category_id": MISSING})
        assert reply.status == 400 and error_code(reply.body) == "invalid_category_id"
        assert reply.body["error"]["details"][0]["field"] == "category_id"

    def test_other_tenants_category_is_invalid(self, api: Api, seller: str) -> None:
        make_category(OTHER_TENANTS, tenant="tenant-b")
        reply = create(api, seller, {"name": "x", "price": 1, "category_id": OTHER_TENANTS})
        assert reply.status == 400 and error_code(reply.body) == "invalid_category_id"

    def test_product_count_follows_creates_moves_and_deletes(self, api: Api, seller: str) -> None:
        make_category(SHOES)
        make_category(BAGS)
        first = create(api, seller, {"name": "a", "price": 1, "category_id": SHOES})
        create(api, seller, {"name": "b", "price": 1, "category_id": SHOES})
        path = f"/api/v1/products/{first.body['data']['item']['id']}"

        assert product_count(SHOES) == 2
        api.request("PATCH", path, seller, {"category_id": BAGS})
        assert (product_count(SHOES), product_count(BAGS)) == (1, 1)
        api.request("PATCH", path, seller, {"category_id": NOPE})  # refused: no change
        assert (product_count(SHOES), product_count(BAGS)) == (1, 1)
        api.request("DELETE", path, seller)
        assert (product_count(SHOES), product_count(BAGS)) == (1, 0)


class TestKeyInjection:
    """Ids that become parts of DynamoDB keys can never carry a key separator."""

    @pytest.mark.parametrize("field", ["customer_id", "category_id"])
    def test_separators_in_key_ids_are_refused(self, api: Api, field: str) -> None:
        admin = api.token_for(make_client(scopes=["admin"]))
        body = {"name": "x", "price": 1, "customer_id": "c1", field: "x#C#y"}
        reply = create(api, admin, body)
        assert reply.status == 400 and reply.body["error"]["details"][0]["field"] == field

    @pytest.mark.parametrize("account", [{"tenant_id": "a#C#b"}, {"customer_id": "c#1"}])
    def test_clients_cannot_be_created_with_separators(self, account: dict[str, Any]) -> None:
        from common.errors import ValidationFailed

        with pytest.raises(ValidationFailed):
            make_client(**account)

    def test_customer_filter_is_checked(self, api: Api) -> None:
        admin = api.token_for(make_client(scopes=["admin"]))
        reply = api.request("GET", "/api/v1/products?customer_id=a%23C%23b", admin)
        assert reply.status == 400 and reply.body["error"]["details"][0]["field"] == "customer_id"
