"""Stock operations and batch create, on moto."""

from typing import Any

import pytest

from common.settings import get_settings
from common.storage.dynamodb import dynamodb_client, from_item, to_item
from common.storage.products import repository
from common.storage.products.index import STOCK_INDEX_LEVEL
from tests.component.test_catalog import CANDLE, MISSING, SHOES, make_category, product_count
from tests.moto_gateway import STOCK_SCOPES, Api, make_client
from tests.support import error_code


def new_product(api: Api, token: str, **fields: Any) -> dict[str, Any]:
    reply = api.request("POST", "/api/v1/products", token, {"name": "Lamp", "price": 20, **fields})
    assert reply.status == 201, reply.body
    return dict(reply.body["data"]["item"])


def stock(api: Api, token: str, product_id: str, headers: Any = None, **body: Any) -> Any:
    return api.request(
        "POST", f"/api/v1/products/{product_id}/inventory", token, body, headers=headers
    )


class TestStockOperations:
    def test_the_five_operations(self, api: Api, keeper: str) -> None:
        product = new_product(api, keeper, inventory=10)
        pid = product["id"]

        steps = [
            ({"operation": "reserve", "quantity": 4}, (6, 4, 10)),
            ({"operation": "release", "quantity": 1}, (7, 3, 10)),
            ({"operation": "commit", "quantity": 2}, (7, 1, 8)),
            ({"operation": "adjust", "quantity": -5}, (2, 1, 3)),
            ({"operation": "adjust", "quantity": 8}, (10, 1, 11)),
            ({"operation": "set", "quantity": 0}, (0, 1, 1)),
        ]
        version = product["version"]
        for body, (available, reserved, total) in steps:
            reply = stock(api, keeper, pid, **body)
            item = reply.body["data"]["item"]
            assert reply.status == 200, (body, reply.body)
            assert item["inventory"] == {
                "available": available, "reserved": reserved, "total": total,
            }  # fmt: skip
            assert item["version"] == version + 1 and reply.headers["etag"] == f'"v{version + 1}"'
            version += 1
        assert item["stock_level"] == "out_of_stock"

    @pytest.mark.parametrize(
        "body",
        [
            {"operation": "reserve", "quantity": 4},
            {"operation": "adjust", "quantity": -4},
            {"operation": "release", "quantity": 1},
            {"operation": "commit", "quantity": 1},
        ],
    )
    def test_nothing_goes_negative(self, api: Api, keeper: str, body: dict[str, Any]) -> None:
        product = new_product(api, keeper, inventory=3)
        reply = stock(api, keeper, product["id"], **body)
        after = api.request("GET", f"/api/v1/products/{product['id']}", keeper)

        assert reply.status == 400 and error_code(reply.body) == "inventory_error"
        assert after.body["data"]["item"]["inventory"] == {
            "available": 3,
            "reserved": 0,
            "total": 3,
        }
        assert after.body["data"]["item"]["version"] == 1

    @pytest.mark.parametrize(
        ("start", "steps"),
        [
            (1_000_000_000, [{"operation": "adjust", "quantity": 1}]),
            (999_999_999, [{"operation": "adjust", "quantity": 2}]),
            # A billion reserved, then a billion more available, then reserving them too.
            (
                1_000_000_000,
                [
                    {"operation": "reserve", "quantity": 1_000_000_000},
                    {"operation": "set", "quantity": 1_000_000_000},
                    {"operation": "reserve", "quantity": 1},
                ],
            ),
        ],
    )
    def test_no_operation_passes_the_stock_bound(
        self, api: Api, keeper: str, start: int, steps: list[dict[str, Any]]
    ) -> None:
        """The attack: create with 1e9 units, adjust +1: 1,000,000,001 available, after which
        every PATCH was a 400 on `inventory`, a field it never sent. Every operation keeps
        both counters within the bound that creates and PATCHes have."""
        product = new_product(api, keeper, inventory=start)
        *allowed, refused = steps
        for body in allowed:
            assert stock(api, keeper, product["id"], **body).status == 200
        before = api.request("GET", f"/api/v1/products/{product['id']}", keeper).body

        reply = stock(api, keeper, product["id"], **refused)

        assert reply.status == 400 and error_code(reply.body) == "inventory_error"
        assert "1000000000" in reply.body["error"]["details"][0]["message"]
        after = api.request("GET", f"/api/v1/products/{product['id']}", keeper).body
        assert after["data"]["item"] == before["data"]["item"]

    def test_a_patch_validates_only_what_it_changes(self, api: Api, keeper: str) -> None:
        """Given stock stored past today's bound (written before the bound, or by an older
        version), when a PATCH renames the product, then it succeeds and the stock stays."""
        product = new_product(api, keeper, inventory=5)
        stored = repository.get("live", "tenant-a", product["id"])
        assert stored is not None
        over = stored.model_copy(
            update={"stock": stored.stock.model_copy(update={"available": 2_000_000_000})}
        )
        repository.execute(repository.write_ops(stored, over)[:1])

        reply = api.request(
            "PATCH", f"/api/v1/products/{product['id']}", keeper, {"name": "Renamed"}
        )

        assert reply.status == 200, reply.body
        assert reply.body["data"]["item"]["name"] == "Renamed"
        assert reply.body["data"]["item"]["inventory"]["available"] == 2_000_000_000

    @pytest.mark.parametrize(
        "body",
        [
            {"operation": "reserve", "quantity": 0},
            {"operation": "adjust", "quantity": 0},
            {"operation": "set", "quantity": -1},
            {"operation": "commit", "quantity": -2},
            {"operation": "steal", "quantity": 1},
            {"operation": "reserve", "quantity": 1.5},
            {"operation": "reserve", "quantity": "1"},
            {"operation": "reserve"},
            {"operation": "reserve", "quantity": 1, "available": 100},
        ],
    )
    def test_invalid_operations(self, api: Api, keeper: str, body: dict[str, Any]) -> None:
        product = new_product(api, keeper, inventory=3)
        reply = stock(api, keeper, product["id"], **body)
        assert reply.status == 400 and error_code(reply.body) == "validation_error"

    def test_variant_stock(self, api: Api, keeper: str) -> None:
        product = new_product(api, keeper, **CANDLE)
        large = product["variants"][1]

        reply = stock(api, keeper, product["id"], operation="reserve", quantity=5,
                      variant_id=large["id"])  # fmt: skip
        item = reply.body["data"]["item"]

        assert reply.status == 200
        assert item["variants"][1]["inventory"] == {"available": 15, "reserved": 5, "total": 20}
        assert item["variants"][0]["inventory"]["available"] == 25
        assert item["inventory"] == {"available": 40, "reserved": 5, "total": 45}

    def test_product_with_variants_needs_variant_id(self, api: Api, keeper: str) -> None:
        product = new_product(api, keeper, **CANDLE)
        reply = stock(api, keeper, product["id"], operation="adjust", quantity=1)
        assert reply.status == 400 and error_code(reply.body) == "inventory_error"
        assert reply.body["error"]["details"][0]["field"] == "variant_id"

    def test_unknown_variant(self, api: Api, keeper: str) -> None:
        product = new_product(api, keeper, **CANDLE)
        reply = stock(api, keeper, product["id"], operation="adjust", quantity=1,
                      variant_id="var_nope")  # fmt: skip
        assert reply.status == 404 and error_code(reply.body) == "not_found"

    def test_if_match(self, api: Api, keeper: str) -> None:
        product = new_product(api, keeper, inventory=5)
        stale = stock(api, keeper, product["id"], {"If-Match": '"v9"'}, operation="set", quantity=1)
        fresh = stock(api, keeper, product["id"], {"If-Match": '"v1"'}, operation="set", quantity=1)
        assert stale.status == 412 and error_code(stale.body) == "precondition_failed"
        assert fresh.status == 200

    def test_needs_inventory_scope(self, api: Api, seller: str) -> None:
        product = new_product(api, seller, inventory=5)
        reply = stock(api, seller, product["id"], operation="set", quantity=1)
        assert reply.status == 403 and error_code(reply.body) == "forbidden"

    @pytest.mark.parametrize(
        "intruder",
        [
            {"tenant_id": "tenant-b", "customer_id": "cust-1"},
            {"tenant_id": "tenant-a", "customer_id": "cust-2"},
            {"tenant_id": "tenant-a", "customer_id": "cust-1", "mode": "test"},
        ],
    )
    def test_isolation(self, api: Api, keeper: str, intruder: dict[str, Any]) -> None:
        product = new_product(api, keeper, inventory=5)
        token = api.token_for(make_client(scopes=STOCK_SCOPES, **intruder))
        reply = stock(api, token, product["id"], operation="set", quantity=999)
        after = api.request("GET", f"/api/v1/products/{product['id']}", keeper)
        assert reply.status == 404
        assert after.body["data"]["item"]["inventory"]["available"] == 5

    def test_missing_product(self, api: Api, keeper: str) -> None:
        reply = stock(api, keeper, "prod_missing", operation="set", quantity=1)
        assert reply.status == 404

    def test_set_on_a_variant_moves_the_products_total_and_its_stock_index(
        self, api: Api, keeper: str
    ) -> None:
        product = new_product(api, keeper, **CANDLE)
        large = product["variants"][1]

        reply = stock(api, keeper, product["id"], operation="set", quantity=2,
                      variant_id=large["id"])  # fmt: skip

        assert reply.status == 200, reply.body
        item = reply.body["data"]["item"]
        assert item["variants"][1]["inventory"]["available"] == 2
        assert item["inventory"]["available"] == 25 + 2
        low = api.request("GET", "/api/v1/products?low_stock=27", keeper).body["data"]["items"]
        assert [p["id"] for p in low] == [product["id"]]

    def test_set_on_a_variant_retries_when_its_stock_moved_meanwhile(
        self, api: Api, keeper: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The set is written conditional on the version read; another operation landing in
        between fails that condition, and the set is computed again from the product as the
        failed condition found it (DynamoDB returns it), then written."""
        product = new_product(api, keeper, **CANDLE)
        large = product["variants"][1]
        real_write = repository.write_stock
        writes: list[int] = []

        def reserve_then_write(current: Any, updated: Any, audit: Any, receipt: Any) -> None:
            writes.append(current.version)
            if len(writes) == 1:  # another request reserves 5 units between the read and write
                monkeypatch.setattr(repository, "write_stock", real_write)
                reply = stock(api, keeper, product["id"], operation="reserve", quantity=5,
                              variant_id=large["id"])  # fmt: skip
                assert reply.status == 200, reply.body
                monkeypatch.setattr(repository, "write_stock", reserve_then_write)
            real_write(current, updated, audit, receipt)

        monkeypatch.setattr(repository, "write_stock", reserve_then_write)
        reply = stock(api, keeper, product["id"], operation="set", quantity=7,
                      variant_id=large["id"])  # fmt: skip

        assert reply.status == 200 and writes == [1, 2]
        item = reply.body["data"]["item"]
        variant = item["variants"][1]["inventory"]
        assert variant == {"available": 7, "reserved": 5, "total": 12}
        assert item["inventory"]["available"] == 25 + 7
        assert item["version"] == product["version"] + 2  # the reserve, then the set


class TestStockIndex:
    """The stock index lists the products with at most STOCK_INDEX_LEVEL units available;
    above it a product is not in it, so its stock operations write no index entry
    (docs/decisions.md, "The stock index")."""

    @staticmethod
    def stock_key(product_id: str) -> Any:
        key = {
            "pk": repository.product_pk("live", "tenant-a", product_id),
            "sk": repository.SK_PRODUCT,
        }
        item = dynamodb_client().get_item(
            TableName=get_settings().products_table, Key=to_item(key), ConsistentRead=True
        )["Item"]
        return from_item(item).get("s_stock")

    @staticmethod
    def low_stock(api: Api, token: str) -> list[str]:
        reply = api.request("GET", f"/api/v1/products?low_stock={STOCK_INDEX_LEVEL}", token)
        assert reply.status == 200, reply.body
        return [p["id"] for p in reply.body["data"]["items"]]

    def test_a_product_enters_and_leaves_the_index_at_the_level(
        self, api: Api, keeper: str
    ) -> None:
        admin = api.token_for(make_client(scopes=["admin"]))  # the tenant's scope (t_stock)
        product_id = new_product(api, keeper, inventory=STOCK_INDEX_LEVEL + 50)["id"]
        # Given a product above the level: not in the index, in either scope
        assert self.stock_key(product_id) is None
        assert self.low_stock(api, keeper) == self.low_stock(api, admin) == []
        # When a reserve leaves it above the level, it stays out (no entry written)
        assert stock(api, keeper, product_id, operation="reserve", quantity=49).status == 200
        assert self.stock_key(product_id) is None
        # When a reserve takes it to the level, it enters the index in both scopes
        assert stock(api, keeper, product_id, operation="reserve", quantity=1).status == 200
        assert self.stock_key(product_id) == STOCK_INDEX_LEVEL
        assert self.low_stock(api, keeper) == self.low_stock(api, admin) == [product_id]
        # When a release takes it one above, it leaves it again
        assert stock(api, keeper, product_id, operation="release", quantity=1).status == 200
        assert self.stock_key(product_id) is None
        assert self.low_stock(api, keeper) == self.low_stock(api, admin) == []

    def test_a_write_that_sets_stock_places_the_product_by_its_level(
        self, api: Api, keeper: str
    ) -> None:
        product_id = new_product(api, keeper, inventory=STOCK_INDEX_LEVEL)["id"]
        assert self.stock_key(product_id) == STOCK_INDEX_LEVEL
        body = {"name": "Lamp", "price": 20, "inventory": STOCK_INDEX_LEVEL + 1}
        assert api.request("PUT", f"/api/v1/products/{product_id}", keeper, body).status == 200
        assert self.stock_key(product_id) is None
        assert self.low_stock(api, keeper) == []

    @pytest.mark.parametrize(
        ("query", "named"),
        [
            (f"low_stock={STOCK_INDEX_LEVEL + 1}", "low_stock"),
            ("sort=available", "sort"),
            ("sort=available&order=desc&min_quantity=5", "sort"),
        ],
    )
    def test_what_the_index_cannot_answer_is_a_400_naming_it(
        self, api: Api, keeper: str, query: str, named: str
    ) -> None:
        reply = api.request("GET", f"/api/v1/products?{query}", keeper)
        assert reply.status == 400, reply.body
        assert error_code(reply.body) == "validation_error"
        assert [d["field"] for d in reply.body["error"]["details"]] == [named]

    def test_min_quantity_alone_lists_by_creation_date(self, api: Api, keeper: str) -> None:
        made = [new_product(api, keeper, inventory=units)["id"] for units in (500, 3, 200)]
        reply = api.request("GET", "/api/v1/products?min_quantity=150", keeper)
        assert reply.status == 200, reply.body
        assert [p["id"] for p in reply.body["data"]["items"]] == [made[2], made[0]]


class TestBatch:
    def test_creates_all_in_order(self, api: Api, seller: str) -> None:
        bodies = [{"name": f"Item {i}", "price": 10 + i, "sku": f"B-{i}"} for i in range(3)]
        reply = api.request("POST", "/api/v1/products/batch", seller, bodies)

        data = reply.body["data"]
        assert reply.status == 201
        assert [item["name"] for item in data["items"]] == ["Item 0", "Item 1", "Item 2"]
        assert data["product_ids"] == [item["id"] for item in data["items"]]
        for product_id in data["product_ids"]:
            assert api.request("GET", f"/api/v1/products/{product_id}", seller).status == 200

    def test_seed_000_upload_shape(self, api: Api, seller: str) -> None:
        bodies = [
            {"customer_id": "cust-1", "name": "Wireless Headphones", "price": 199.99},
            {"customer_id": "cust-1", "name": "Smart Watch", "price": 299.99},
        ]
        reply = api.request("POST", "/api/v1/products/batch", seller, bodies)
        assert reply.status == 201 and len(reply.body["data"]["product_ids"]) == 2

    def test_invalid_items_are_named_by_index_and_nothing_is_created(
        self, api: Api, seller: str
    ) -> None:
        bodies = [
            {"name": "ok", "price": 1},
            {"name": "", "price": 1},
            {"name": "ok", "price": 1},
            {"name": "x", "price": -3, "customer_id": "cust-2"},
        ]
        reply = api.request("POST", "/api/v1/products/batch", seller, bodies)

        assert reply.status == 400
        fields = {d["field"] for d in reply.body["error"]["details"]}
        indexes = {d["index"] for d in reply.body["error"]["details"]}
        assert {"[1].name", "[3].price"} <= fields and indexes == {1, 3}
        assert error_code(reply.body) == "validation_error"
        assert {d["code"] for d in reply.body["error"]["details"]} == {"validation_error"}
        listed = api.request("GET", "/api/v1/products", seller).body["data"]["items"]
        assert listed == []

    def test_items_failing_differently_keep_their_own_codes(self, api: Api, seller: str) -> None:
        """Given one item of another customer and one naming a variant id that does not exist,
        the batch error is the umbrella invalid_product_data and each detail has its code."""
        bodies = [
            {"name": "ok", "price": 1},
            {"name": "theirs", "price": 1, "customer_id": "cust-2"},
            {"name": "v", "price": 1, "variants": [{"id": "var_nope", "name": "S", "price": 1}]},
        ]
        reply = api.request("POST", "/api/v1/products/batch", seller, bodies)

        assert reply.status == 400 and error_code(reply.body) == "invalid_product_data"
        details = reply.body["error"]["details"]
        assert [(d["index"], d["field"], d["code"]) for d in details] == [
            (1, "[1].customer_id", "invalid_product_data"),
            (2, "[2].variants[0].id", "validation_error"),
        ]
        assert reply.body["error"]["message"] == "2 of 3 products are invalid; nothing was created"
        assert api.request("GET", "/api/v1/products", seller).body["data"]["items"] == []

    def test_sku_repeated_in_the_batch(self, api: Api, seller: str) -> None:
        bodies = [{"name": "a", "price": 1, "sku": "S"}, {"name": "b", "price": 1, "sku": "S"}]
        reply = api.request("POST", "/api/v1/products/batch", seller, bodies)
        assert reply.status == 409 and error_code(reply.body) == "duplicate_product"
        assert reply.body["error"]["details"] == [
            {"index": 1, "field": "[1].sku", "message": "SKU also given by item 0"}
        ]

    def test_sku_taken_by_an_existing_product(self, api: Api, seller: str) -> None:
        new_product(api, seller, sku="TAKEN")
        bodies = [
            {"name": "a", "price": 1, "sku": "FREE"},
            {"name": "b", "price": 1, "sku": "TAKEN"},
        ]
        reply = api.request("POST", "/api/v1/products/batch", seller, bodies)

        assert reply.status == 409 and reply.body["error"]["details"][0]["index"] == 1
        assert len(api.request("GET", "/api/v1/products", seller).body["data"]["items"]) == 1
        assert new_product(api, seller, sku="FREE")["sku"] == "FREE"  # not left claimed

    def test_category_counts_are_exact(self, api: Api, seller: str) -> None:
        make_category(SHOES)
        bodies = [{"name": f"p{i}", "price": 1, "category_id": SHOES} for i in range(5)]
        assert api.request("POST", "/api/v1/products/batch", seller, bodies).status == 201
        assert product_count(SHOES) == 5

    def test_missing_category_fails_the_whole_batch(self, api: Api, seller: str) -> None:
        bodies = [{"name": "a", "price": 1}, {"name": "b", "price": 1, "category_id": MISSING}]
        reply = api.request("POST", "/api/v1/products/batch", seller, bodies)
        assert reply.status == 400 and error_code(reply.body) == "invalid_category_id"
        assert reply.body["error"]["details"][0]["field"] == "[1].category_id"

    @pytest.mark.parametrize(
        "body",
        [[], [{"name": f"p{i}", "price": 1} for i in range(101)], {"name": "a", "price": 1}],
        ids=["empty", "101 items", "an object"],
    )
    def test_a_body_that_can_never_succeed_is_refused_before_it_is_counted(
        self, api: Api, seller: str, body: Any
    ) -> None:
        """Batches count their items against the rate limit; a body that can never succeed
        costs nothing (no rate-limit headers: nothing was counted)."""
        reply = api.request("POST", "/api/v1/products/batch", seller, body)

        assert reply.status == 400 and error_code(reply.body) == "validation_error"
        assert reply.body["error"]["details"] == [
            {"field": "body", "message": "The body must be a JSON array of 1 to 100 items"}
        ]
        assert "x-ratelimit-remaining" not in reply.headers
        counted = api.request("GET", "/api/v1/products", seller)
        assert counted.headers["x-ratelimit-remaining"] == str(
            int(counted.headers["x-ratelimit-limit"]) - 1
        )

    def test_large_batch_spans_transactions_and_is_undone_on_failure(
        self, api: Api, seller: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """100 products with a SKU each (product, SKU claim, three search postings: 500
        operations) take several transactions. When the last fails, the earlier
        ones are undone, SKU claims included."""
        calls: list[int] = []
        real_execute = repository.execute

        def counting(ops: Any) -> None:
            calls.append(len(ops))
            real_execute(ops)

        monkeypatch.setattr(repository, "execute", counting)
        new_product(api, seller, sku="SKU-99")  # the last item's SKU is taken
        calls.clear()
        bodies = [{"name": f"p{i}", "price": 1, "sku": f"SKU-{i}"} for i in range(100)]

        reply = api.request("POST", "/api/v1/products/batch", seller, bodies)

        assert reply.status == 409 and reply.body["error"]["details"][0]["index"] == 99
        writes = len(calls) // 2 + 1  # each write but the refused last one is undone
        assert all(ops <= 100 for ops in calls) and sum(calls[:writes]) >= 500
        # The first transaction puts the batch's journal, its undo deletes it: the same size.
        assert calls[writes:] == list(reversed(calls[: writes - 1]))
        assert len(api.request("GET", "/api/v1/products", seller).body["data"]["items"]) == 1
        retry = api.request("POST", "/api/v1/products/batch", seller, bodies[:99])
        assert retry.status == 201  # every SKU of the failed batch was released
