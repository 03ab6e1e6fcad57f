"""Categories through the gateway (authorizer + handlers) on moto: CRUD, the tree, unique
slugs, exact counts, pagination, isolation, scopes and preconditions."""

from typing import Any
from urllib.parse import quote

import pytest

from common.settings import get_settings
from common.storage import categories_repository as repository
from common.storage.dynamodb import dynamodb_client, from_item
from common.storage.products import counters
from tests.moto_gateway import Api, make_client, operations, record_calls
from tests.support import assert_meta, error_code

BASE = "/api/v1/categories"
MISSING_ID = "cat_000000000000000000000000"


@pytest.fixture
def admin(api: Api) -> str:
    """Tenant-wide client with every scope (admin implies categories:write)."""
    return api.token_for(make_client(scopes=["admin"]))


def create(api: Api, token: str, name: str = "Electronics", **fields: Any) -> dict[str, Any]:
    reply = api.request("POST", BASE, token, {"name": name, **fields})
    assert reply.status == 201, reply.body
    return dict(reply.body["data"]["item"])


def get(api: Api, token: str, category_id: str) -> dict[str, Any]:
    reply = api.request("GET", f"{BASE}/{category_id}", token)
    assert reply.status == 200, reply.body
    return dict(reply.body["data"]["item"])


def listing(api: Api, token: str, query: str = "") -> dict[str, Any]:
    reply = api.request("GET", f"{BASE}?{query}", token)
    assert reply.status == 200, reply.body
    return dict(reply.body["data"])


def ids(data: dict[str, Any]) -> list[str]:
    return [item["id"] for item in data["items"]]


def add_products(category: dict[str, Any], delta: int, mode: str = "live") -> None:
    """What a product write does to its category, in the product's own transaction."""
    counter = (counters.CATEGORY, mode, "tenant-a", category["id"])
    request = counters.update_request(counter, {"product_count": delta})
    dynamodb_client().transact_write_items(TransactItems=[request])  # type: ignore[list-item]


def stored_items() -> list[dict[str, Any]]:
    table = get_settings().products_table
    return [from_item(item) for item in dynamodb_client().scan(TableName=table)["Items"]]


class TestCreate:
    def test_returns_the_item_in_the_envelope(self, api: Api, admin: str) -> None:
        reply = api.request(
            "POST", BASE, admin, {"name": "Home & Garden", "description": "Everything outdoors"}
        )

        assert reply.status == 201
        assert reply.body["status"] == "success"
        assert_meta(reply.body)
        item = reply.body["data"]["item"]
        assert item["id"].startswith("cat_") and len(item["id"]) == 28
        assert item["name"] == "Home & Garden" and item["slug"] == "home-garden"
        assert item["parent_id"] is None and item["description"] == "Everything outdoors"
        assert item["product_count"] == 0 and item["child_count"] == 0
        assert item["version"] == 1 and item["test"] is False
        assert item["created_at"].endswith("Z") and item["created_at"] == item["updated_at"]
        assert reply.headers["etag"] == '"v1"'
        assert reply.headers["location"] == f"{BASE}/{item['id']}"
        assert reply.headers["x-request-id"] == reply.body["meta"]["request_id"]
        assert get(api, admin, item["id"]) == item

    def test_stored_under_the_shared_key_with_a_numeric_product_count(
        self, api: Api, admin: str
    ) -> None:
        item = create(api, admin)
        stored = repository.get("live", "tenant-a", item["id"])
        raw = dynamodb_client().get_item(
            TableName=get_settings().products_table,
            Key={"pk": {"S": f"live#tenant-a#CATEGORY#{item['id']}"}, "sk": {"S": "CATEGORY"}},
        )["Item"]
        assert stored is not None and raw["product_count"] == {"N": "0"}

    @pytest.mark.parametrize(
        ("name", "slug"),
        [
            ("Électronique Grand Public", "electronique-grand-public"),
            ("  Kids' Toys -- 3+  ", "kids-toys-3"),
            ("T-Shirts", "t-shirts"),
            ("x" * 150, "x" * 100),
        ],
    )
    def test_slug_is_derived_from_the_name(
        self, api: Api, admin: str, name: str, slug: str
    ) -> None:
        assert create(api, admin, name)["slug"] == slug

    def test_name_without_latin_letters_gets_a_slug_from_the_id(self, api: Api, admin: str) -> None:
        item = create(api, admin, "家電")
        assert item["slug"] == item["id"].replace("_", "-")

    @pytest.mark.parametrize(
        ("fields", "field", "fragment"),
        [
            ({"name": ""}, "name", "at least 1"),
            ({"name": "x" * 201}, "name", "at most 200"),
            ({"name": "bad\u0000name"}, "name", "control characters"),
            ({"slug": "Upper"}, "slug", "lowercase"),
            ({"slug": "with space"}, "slug", "lowercase"),
            ({"slug": "under_score"}, "slug", "lowercase"),
            ({"slug": ""}, "slug", "1 to 100"),
            ({"slug": "a" * 101}, "slug", "1 to 100"),
            ({"parent_id": "electronics"}, "parent_id", "cat_"),
            ({"parent_id": 5}, "parent_id", "string"),
            ({"description": "x" * 10_001}, "description", "at most 10000"),
        ],
    )
    def test_invalid_fields_are_named(
        self, api: Api, admin: str, fields: dict[str, Any], field: str, fragment: str
    ) -> None:
        reply = api.request("POST", BASE, admin, {"name": "Valid", **fields})

        assert reply.status == 400 and error_code(reply.body) == "validation_error"
        messages = {d["field"]: d["message"] for d in reply.body["error"]["details"]}
        assert field in messages, messages
        assert fragment in messages[field]

    @pytest.mark.parametrize(
        "field", ["id", "version", "tenant_id", "product_count", "child_count", "test", "mode"]
    )
    def test_server_fields_cannot_be_assigned(self, api: Api, admin: str, field: str) -> None:
        reply = api.request("POST", BASE, admin, {"name": "X", field: 1})
        assert reply.status == 400 and error_code(reply.body) == "validation_error"
        assert reply.body["error"]["details"][0]["field"] == field

    def test_missing_name_and_malformed_json(self, api: Api, admin: str) -> None:
        missing = api.request("POST", BASE, admin, {"slug": "x"})
        malformed = api.request(
            "POST", BASE, admin, raw_body=b'{"name": ', headers={"Content-Type": "application/json"}
        )
        assert missing.status == 400 and missing.body["error"]["details"][0]["field"] == "name"
        assert malformed.status == 400 and error_code(malformed.body) == "invalid_json"

    def test_parent_must_exist(self, api: Api, admin: str) -> None:
        reply = api.request("POST", BASE, admin, {"name": "Orphan", "parent_id": MISSING_ID})

        assert reply.status == 400 and error_code(reply.body) == "validation_error"
        assert reply.body["error"]["details"][0]["field"] == "parent_id"
        # Nothing half-written: no category, no slug claim, no count.
        assert stored_items() == []
        assert listing(api, admin)["pagination"]["total"] == 0
        assert create(api, admin, "Orphan")["slug"] == "orphan"  # the slug was not kept


class TestSlugs:
    def test_a_given_slug_is_unique_per_tenant(self, api: Api, admin: str) -> None:
        create(api, admin, "Phones", slug="phones")
        reply = api.request("POST", BASE, admin, {"name": "Mobile", "slug": "phones"})

        assert reply.status == 409 and error_code(reply.body) == "conflict"
        assert reply.body["error"]["details"][0]["field"] == "slug"
        assert listing(api, admin)["pagination"]["total"] == 1

    def test_double_create_with_one_slug_creates_one(self, api: Api, admin: str) -> None:
        """The claim is decided by DynamoDB (attribute_not_exists), not by a read first: of
        several creates of one slug, exactly one wins and nothing is left of the others."""
        replies = [
            api.request("POST", BASE, admin, {"name": f"Audio {i}", "slug": "audio"})
            for i in range(3)
        ]
        assert sorted(r.status for r in replies) == [201, 409, 409]
        data = listing(api, admin)
        assert data["pagination"]["total"] == 1 and len(data["items"]) == 1
        claims = [i for i in stored_items() if i["sk"] == "SLUG"]
        assert [c["category_id"] for c in claims] == ids(data)

    def test_derived_slugs_get_a_suffix_instead_of_a_conflict(self, api: Api, admin: str) -> None:
        men = create(api, admin, "Men")
        women = create(api, admin, "Women")
        slugs = [
            create(api, admin, "Accessories", parent_id=parent["id"])["slug"]
            for parent in (men, women, men, women)
        ]
        assert slugs[:3] == ["accessories", "accessories-2", "accessories-3"]
        assert slugs[3].startswith("accessories-") and slugs[3] not in slugs[:3]

    def test_slugs_are_per_tenant_and_mode(self, api: Api, admin: str) -> None:
        other_tenant = api.token_for(make_client(tenant_id="tenant-b", scopes=["admin"]))
        test_mode = api.token_for(make_client(scopes=["admin"], mode="test"))
        for token in (admin, other_tenant, test_mode):
            assert create(api, token, "Shoes", slug="shoes")["slug"] == "shoes"

    def test_renaming_the_slug_releases_the_old_one(self, api: Api, admin: str) -> None:
        item = create(api, admin, "Phones", slug="phones")
        renamed = api.request("PATCH", f"{BASE}/{item['id']}", admin, {"slug": "smartphones"})
        assert renamed.status == 200 and renamed.body["data"]["item"]["slug"] == "smartphones"

        assert create(api, admin, "Landlines", slug="phones")["slug"] == "phones"
        taken = api.request("PATCH", f"{BASE}/{item['id']}", admin, {"slug": "phones"})
        assert taken.status == 409 and error_code(taken.body) == "conflict"
        assert get(api, admin, item["id"])["slug"] == "smartphones"
        claims = sorted(i["pk"].rsplit("#", 1)[1] for i in stored_items() if i["sk"] == "SLUG")
        assert claims == ["phones", "smartphones"]

    def test_delete_releases_the_slug(self, api: Api, admin: str) -> None:
        item = create(api, admin, "Phones", slug="phones")
        assert api.request("DELETE", f"{BASE}/{item['id']}", admin).status == 200
        assert create(api, admin, "Phones again", slug="phones")["slug"] == "phones"


class TestGet:
    def test_etag_and_not_modified(self, api: Api, admin: str) -> None:
        item = create(api, admin)
        path = f"{BASE}/{item['id']}"

        cached = api.request("GET", path, admin, headers={"If-None-Match": '"v1"'})
        stale = api.request("GET", path, admin, headers={"If-None-Match": '"v0"'})

        assert cached.status == 304 and cached.raw == b"" and cached.headers["etag"] == '"v1"'
        assert stale.status == 200 and stale.headers["etag"] == '"v1"'

    @pytest.mark.parametrize("category_id", [MISSING_ID, "electronics", "cat_XYZ", "a%23b"])
    def test_missing_or_malformed_id_is_404(self, api: Api, admin: str, category_id: str) -> None:
        reply = api.request("GET", f"{BASE}/{category_id}", admin)
        assert reply.status == 404 and error_code(reply.body) == "not_found"
        assert_meta(reply.body)


class TestTree:
    def test_any_depth_and_child_counts(self, api: Api, admin: str) -> None:
        chain = [create(api, admin, "Level 0")]
        for level in range(1, 12):
            chain.append(create(api, admin, f"Level {level}", parent_id=chain[-1]["id"]))

        assert [get(api, admin, c["id"])["child_count"] for c in chain] == [1] * 11 + [0]
        assert chain[-1]["parent_id"] == chain[-2]["id"]

    @pytest.mark.parametrize("method", ["PUT", "PATCH"])
    def test_own_parent_is_a_cycle(self, api: Api, admin: str, method: str) -> None:
        item = create(api, admin)
        reply = api.request(
            method, f"{BASE}/{item['id']}", admin, {"name": "Electronics", "parent_id": item["id"]}
        )
        assert reply.status == 400 and error_code(reply.body) == "validation_error"
        assert reply.body["error"]["details"][0]["field"] == "parent_id"

    @pytest.mark.parametrize("method", ["PUT", "PATCH"])
    def test_descendant_as_parent_is_a_cycle(self, api: Api, admin: str, method: str) -> None:
        a = create(api, admin, "A")
        b = create(api, admin, "B", parent_id=a["id"])
        c = create(api, admin, "C", parent_id=b["id"])
        d = create(api, admin, "D", parent_id=c["id"])

        for descendant in (b, d):
            reply = api.request(
                method, f"{BASE}/{a['id']}", admin, {"name": "A", "parent_id": descendant["id"]}
            )
            assert reply.status == 400 and error_code(reply.body) == "validation_error"
            assert "cycle" in reply.body["error"]["details"][0]["message"]
        assert get(api, admin, a["id"])["version"] == 1

    def test_moving_a_subtree_updates_both_parents_and_the_root_count(
        self, api: Api, admin: str
    ) -> None:
        a, b = create(api, admin, "A"), create(api, admin, "B")
        child = create(api, admin, "Child", parent_id=a["id"])
        create(api, admin, "Grandchild", parent_id=child["id"])

        moved = api.request("PATCH", f"{BASE}/{child['id']}", admin, {"parent_id": b["id"]})
        assert moved.status == 200 and moved.body["data"]["item"]["parent_id"] == b["id"]
        assert get(api, admin, a["id"])["child_count"] == 0
        assert get(api, admin, b["id"])["child_count"] == 1
        assert ids(listing(api, admin, f"parent_id={b['id']}")) == [child["id"]]
        assert listing(api, admin, f"parent_id={a['id']}")["items"] == []

        to_root = api.request("PATCH", f"{BASE}/{child['id']}", admin, {"parent_id": None})
        assert to_root.status == 200 and to_root.body["data"]["item"]["parent_id"] is None
        top = listing(api, admin, "parent_id=root")
        assert top["pagination"]["total"] == 3 and child["id"] in ids(top)
        assert get(api, admin, b["id"])["child_count"] == 0

        # A sibling subtree may move under a deep node of another.
        deep = api.request("PATCH", f"{BASE}/{a['id']}", admin, {"parent_id": child["id"]})
        assert deep.status == 200

    def test_new_parent_must_exist(self, api: Api, admin: str) -> None:
        item = create(api, admin)
        other_tenant = create(
            api, api.token_for(make_client(tenant_id="tenant-b", scopes=["admin"]))
        )
        for parent in (MISSING_ID, other_tenant["id"]):
            reply = api.request("PATCH", f"{BASE}/{item['id']}", admin, {"parent_id": parent})
            assert reply.status == 400 and error_code(reply.body) == "validation_error"
            assert reply.body["error"]["details"][0]["field"] == "parent_id"
        assert get(api, admin, item["id"])["version"] == 1

    def test_concurrent_moves_cannot_close_a_cycle(
        self, api: Api, admin: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A is moved under B while, after A's cycle check and before its write, B is moved
        under A. The tree version makes A's write fail; its retry sees the cycle."""
        a, b = create(api, admin, "A"), create(api, admin, "B")
        original = repository.update
        raced: list[bool] = []

        def racing_update(
            current: Any, updated: Any, read_tree_version: Any = None, **audit: Any
        ) -> None:
            if current.id == a["id"] and not raced:
                raced.append(True)
                reply = api.request("PATCH", f"{BASE}/{b['id']}", admin, {"parent_id": a["id"]})
                assert reply.status == 200, reply.body
            original(current, updated, read_tree_version, **audit)

        monkeypatch.setattr(repository, "update", racing_update)
        reply = api.request("PATCH", f"{BASE}/{a['id']}", admin, {"parent_id": b["id"]})

        assert raced and reply.status == 400 and "cycle" in reply.raw.decode()
        assert get(api, admin, a["id"])["parent_id"] is None
        assert get(api, admin, b["id"])["parent_id"] == a["id"]


class TestUpdate:
    def test_put_replaces_writable_fields_but_keeps_the_slug(self, api: Api, admin: str) -> None:
        parent = create(api, admin, "Parent")
        item = create(api, admin, "Phones", description="All phones", parent_id=parent["id"])
        reply = api.request(
            "PUT", f"{BASE}/{item['id']}", admin, {"name": "Mobile Phones"},
            headers={"If-Match": '"v1"'},
        )  # fmt: skip

        updated = reply.body["data"]["item"]
        assert reply.status == 200 and reply.headers["etag"] == '"v2"'
        assert updated["name"] == "Mobile Phones" and updated["slug"] == "phones"
        assert updated["description"] is None and updated["parent_id"] is None
        assert updated["version"] == 2 and updated["created_at"] == item["created_at"]
        assert get(api, admin, parent["id"])["child_count"] == 0

    def test_patch_is_a_json_merge_patch(self, api: Api, admin: str) -> None:
        item = create(api, admin, "Phones", description="All phones")
        reply = api.request(
            "PATCH", f"{BASE}/{item['id']}", admin, raw_body=b'{"description": null}',
            headers={"Content-Type": "application/merge-patch+json"},
        )  # fmt: skip
        updated = reply.body["data"]["item"]
        assert reply.status == 200 and updated["description"] is None
        assert updated["name"] == "Phones" and updated["version"] == 2

    def test_patch_slug_null_derives_it_again(self, api: Api, admin: str) -> None:
        item = create(api, admin, "Phones", slug="custom")
        reply = api.request(
            "PATCH", f"{BASE}/{item['id']}", admin, {"name": "Smart Phones", "slug": None}
        )
        assert reply.status == 200 and reply.body["data"]["item"]["slug"] == "smart-phones"

    @pytest.mark.parametrize(
        ("patch", "field"),
        [({"name": None}, "name"), ({"id": "x"}, "id"), ({"product_count": 9}, "product_count")],
    )
    def test_patch_refuses_invalid_results(
        self, api: Api, admin: str, patch: dict[str, Any], field: str
    ) -> None:
        item = create(api, admin)
        reply = api.request("PATCH", f"{BASE}/{item['id']}", admin, patch)
        assert reply.status == 400 and reply.body["error"]["details"][0]["field"] == field
        assert get(api, admin, item["id"])["version"] == 1

    def test_updates_never_overwrite_the_counts(self, api: Api, admin: str) -> None:
        item = create(api, admin)
        create(api, admin, "Child", parent_id=item["id"])
        add_products(item, 3)
        reply = api.request("PUT", f"{BASE}/{item['id']}", admin, {"name": "Renamed"})
        assert reply.body["data"]["item"]["product_count"] == 3
        assert reply.body["data"]["item"]["child_count"] == 1
        assert get(api, admin, item["id"])["product_count"] == 3

    @pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
    def test_if_match_mismatch_is_412(self, api: Api, admin: str, method: str) -> None:
        item = create(api, admin)
        body = {"name": "x"} if method != "DELETE" else None
        reply = api.request(
            method, f"{BASE}/{item['id']}", admin, body, headers={"If-Match": '"v7"'}
        )

        assert reply.status == 412 and error_code(reply.body) == "precondition_failed"
        assert reply.body["error"]["details"] == {"current_etag": '"v1"', "current_version": 1}
        assert get(api, admin, item["id"])["version"] == 1

    def test_if_match_star_and_current_tag(self, api: Api, admin: str) -> None:
        item = create(api, admin)
        path = f"{BASE}/{item['id']}"
        star = api.request("PATCH", path, admin, {"name": "a"}, headers={"If-Match": "*"})
        current = api.request("PATCH", path, admin, {"name": "b"}, headers={"If-Match": '"v2"'})
        assert star.status == 200 and current.status == 200
        assert current.headers["etag"] == '"v3"'

    def test_missing_category(self, api: Api, admin: str) -> None:
        for method, body in [("PUT", {"name": "x"}), ("PATCH", {"name": "x"}), ("DELETE", None)]:
            reply = api.request(method, f"{BASE}/{MISSING_ID}", admin, body)
            assert reply.status == 404 and error_code(reply.body) == "not_found"


class TestDelete:
    def test_deletes_and_uncounts(self, api: Api, admin: str) -> None:
        parent = create(api, admin, "Parent")
        child = create(api, admin, "Child", parent_id=parent["id"])
        path = f"{BASE}/{child['id']}"

        reply = api.request("DELETE", path, admin, headers={"If-Match": '"v1"'})
        assert reply.status == 200
        assert reply.body["data"] == {"item": {"id": child["id"], "deleted": True}}
        assert api.request("GET", path, admin).status == 404
        assert api.request("DELETE", path, admin).status == 404
        assert get(api, admin, parent["id"])["child_count"] == 0
        assert listing(api, admin)["pagination"]["total"] == 1

    def test_with_children_is_409(self, api: Api, admin: str) -> None:
        parent = create(api, admin, "Parent")
        child = create(api, admin, "Child", parent_id=parent["id"])

        reply = api.request("DELETE", f"{BASE}/{parent['id']}", admin)
        assert reply.status == 409 and error_code(reply.body) == "conflict"
        assert reply.body["error"]["details"] == {"product_count": 0, "child_count": 1}
        assert get(api, admin, parent["id"])["version"] == 1

        assert api.request("DELETE", f"{BASE}/{child['id']}", admin).status == 200
        assert api.request("DELETE", f"{BASE}/{parent['id']}", admin).status == 200

    def test_with_products_is_409(self, api: Api, admin: str) -> None:
        item = create(api, admin)
        add_products(item, 2)

        reply = api.request("DELETE", f"{BASE}/{item['id']}", admin)
        assert reply.status == 409 and error_code(reply.body) == "conflict"
        assert reply.body["error"]["details"] == {"product_count": 2, "child_count": 0}
        assert "2 products" in reply.body["error"]["message"]
        assert get(api, admin, item["id"])["product_count"] == 2

        add_products(item, -2)
        assert api.request("DELETE", f"{BASE}/{item['id']}", admin).status == 200

    def test_a_product_added_after_the_read_still_blocks_the_delete(
        self, api: Api, admin: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The emptiness check is the delete's condition, not the read before it."""
        item = create(api, admin)
        original = repository.delete

        def racing_delete(category: Any, audit: Any) -> None:
            assert category.product_count == 0  # what the handler read
            add_products(item, 1)
            original(category, audit)

        monkeypatch.setattr(repository, "delete", racing_delete)
        reply = api.request("DELETE", f"{BASE}/{item['id']}", admin)
        assert reply.status == 409 and reply.body["error"]["details"]["product_count"] == 1
        assert get(api, admin, item["id"])["product_count"] == 1

    def test_products_of_a_deleted_category_are_refused(self, api: Api, admin: str) -> None:
        """The product side's count change fails once the category is gone."""
        item = create(api, admin)
        assert api.request("DELETE", f"{BASE}/{item['id']}", admin).status == 200
        with pytest.raises(dynamodb_client().exceptions.TransactionCanceledException):
            add_products(item, 1)

    def test_real_products_count_and_block(self, api: Api, admin: str, seller: str) -> None:
        item = create(api, admin)
        product = api.request(
            "POST", "/api/v1/products", seller,
            {"name": "Headphones", "price": 99.99, "category_id": item["id"]},
        )  # fmt: skip
        assert product.status == 201, product.body
        assert get(api, admin, item["id"])["product_count"] == 1
        assert api.request("DELETE", f"{BASE}/{item['id']}", admin).status == 409

        product_path = f"/api/v1/products/{product.body['data']['item']['id']}"
        assert api.request("DELETE", product_path, seller).status == 200
        assert get(api, admin, item["id"])["product_count"] == 0
        assert api.request("DELETE", f"{BASE}/{item['id']}", admin).status == 200


class TestList:
    def test_creation_order_with_cursor_pages_and_totals(self, api: Api, admin: str) -> None:
        created = [create(api, admin, f"Category {i}")["id"] for i in range(5)]

        first = listing(api, admin, "limit=2")
        second = listing(api, admin, f"limit=2&cursor={first['pagination']['next_cursor']}")
        third = listing(api, admin, f"limit=2&cursor={second['pagination']['next_cursor']}")

        assert ids(first) + ids(second) + ids(third) == created
        assert first["pagination"] == {
            "limit": 2, "has_next": True, "has_prev": False,
            "next_cursor": first["pagination"]["next_cursor"], "page": 1, "total": 5, "pages": 3,
        }  # fmt: skip
        assert second["pagination"]["page"] == 2 and second["pagination"]["has_prev"] is True
        assert third["pagination"] == {
            "limit": 2, "has_next": False, "has_prev": True, "next_cursor": None,
            "page": 3, "total": 5, "pages": 3,
        }  # fmt: skip

    def test_link_header(self, api: Api, admin: str) -> None:
        parent = create(api, admin, "Parent")
        for i in range(2):
            create(api, admin, f"C{i}", parent_id=parent["id"])
        reply = api.request("GET", f"{BASE}?limit=1&parent_id={parent['id']}", admin)
        link = reply.headers["link"]
        assert link.startswith(f"<{BASE}?limit=1&cursor=") and 'rel="next"' in link
        assert f"parent_id={parent['id']}" in link
        last = api.request("GET", link[1 : link.index(">")], admin)
        assert last.status == 200 and "link" not in last.headers

    def test_page_numbers(self, api: Api, admin: str) -> None:
        created = [create(api, admin, f"Category {i}")["id"] for i in range(5)]

        pages = [listing(api, admin, f"limit=2&page={n}") for n in (1, 2, 3, 4)]

        assert [ids(p) for p in pages] == [created[:2], created[2:4], created[4:], []]
        assert [p["pagination"]["has_next"] for p in pages] == [True, True, False, False]
        assert [p["pagination"]["has_prev"] for p in pages] == [False, True, True, True]
        assert all(p["pagination"]["total"] == 5 and p["pagination"]["pages"] == 3 for p in pages)
        # A page number and its cursor continue the same way.
        cursor = pages[1]["pagination"]["next_cursor"]
        assert ids(listing(api, admin, f"limit=2&cursor={cursor}")) == created[4:]

    def test_empty_tenant(self, api: Api, admin: str) -> None:
        data = listing(api, admin)
        assert data["items"] == []
        assert data["pagination"] == {
            "limit": 20, "has_next": False, "has_prev": False, "next_cursor": None,
            "page": 1, "total": 0, "pages": 0,
        }  # fmt: skip

    def test_parent_filter(self, api: Api, admin: str) -> None:
        a, b = create(api, admin, "A"), create(api, admin, "B")
        a1 = create(api, admin, "A1", parent_id=a["id"])
        a2 = create(api, admin, "A2", parent_id=a["id"])
        create(api, admin, "A1x", parent_id=a1["id"])

        children = listing(api, admin, f"parent_id={a['id']}")
        top = listing(api, admin, "parent_id=root")
        everything = listing(api, admin)

        assert ids(children) == [a1["id"], a2["id"]] and children["pagination"]["total"] == 2
        assert ids(top) == [a["id"], b["id"]] and top["pagination"]["total"] == 2
        assert len(everything["items"]) == 5 and everything["pagination"]["total"] == 5
        assert ids(listing(api, admin, "parent_id=null")) == ids(top)
        none = listing(api, admin, f"parent_id={MISSING_ID}")
        assert none["items"] == [] and none["pagination"]["total"] == 0
        paged = listing(api, admin, f"parent_id={a['id']}&limit=1&page=2")
        assert ids(paged) == [a2["id"]] and paged["pagination"]["pages"] == 2

    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ("limit=0", "limit"),
            ("limit=101", "limit"),
            ("limit=abc", "limit"),
            ("page=0", "page"),
            ("page=-1", "page"),
            ("page=x", "page"),
            ("parent_id=electronics", "parent_id"),
            ("page=2&cursor=abc.def", "page"),
        ],
    )
    def test_bad_queries(self, api: Api, admin: str, query: str, field: str) -> None:
        reply = api.request("GET", f"{BASE}?{query}", admin)
        assert reply.status == 400 and error_code(reply.body) == "validation_error"
        assert reply.body["error"]["details"][0]["field"] == field

    def test_cursor_is_tamper_proof_and_bound_to_the_query(self, api: Api, admin: str) -> None:
        parent = create(api, admin, "Parent")
        for i in range(3):
            create(api, admin, f"C{i}", parent_id=parent["id"])
        cursor = listing(api, admin, "limit=1")["pagination"]["next_cursor"]
        payload, signature = cursor.split(".")
        forged = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + signature
        other_tenant = api.token_for(make_client(tenant_id="tenant-b", scopes=["admin"]))

        for token, query in [
            (admin, f"limit=1&cursor={quote(forged)}"),
            (admin, "limit=1&cursor=garbage"),
            (admin, f"limit=2&cursor={cursor}"),
            (admin, f"limit=1&parent_id={parent['id']}&cursor={cursor}"),
            (other_tenant, f"limit=1&cursor={cursor}"),
        ]:
            reply = api.request("GET", f"{BASE}?{query}", token)
            assert reply.status == 400 and error_code(reply.body) == "validation_error", query

    def test_reads_are_proportional_to_the_page(
        self, api: Api, admin: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        for i in range(12):
            create(api, admin, f"C{i}")
        client = dynamodb_client()
        calls: list[tuple[str, dict[str, Any]]] = []
        for name in ("query", "get_item", "scan"):
            method = getattr(client, name)

            def recorder(*args: Any, _name: str = name, _method: Any = method, **kw: Any) -> Any:
                calls.append((_name, kw))
                return _method(*args, **kw)

            monkeypatch.setattr(client, name, recorder)

        cursor = listing(api, admin, "limit=3")["pagination"]["next_cursor"]
        calls.clear()
        listing(api, admin, f"limit=3&cursor={cursor}")

        assert [name for name, _ in calls] == ["get_item", "query"]
        assert calls[1][1]["Limit"] == 4 and "IndexName" in calls[1][1]


class TestIsolationAndScopes:
    @pytest.fixture
    def category(self, api: Api, admin: str) -> dict[str, Any]:
        return create(api, admin, "Private", slug="private")

    @pytest.mark.parametrize(
        "intruder",
        [
            {"tenant_id": "tenant-b", "scopes": ["admin"]},
            {"tenant_id": "tenant-a", "scopes": ["admin"], "mode": "test"},
        ],
        ids=["other-tenant-admin", "test-mode-admin"],
    )
    def test_other_tenants_and_modes_see_404(
        self, api: Api, category: dict[str, Any], intruder: dict[str, Any]
    ) -> None:
        token = api.token_for(make_client(**intruder))
        path = f"{BASE}/{category['id']}"
        missing = f"{BASE}/{MISSING_ID}"
        for method, body in [
            ("GET", None), ("PUT", {"name": "pwned"}), ("PATCH", {"name": "pwned"}),
            ("DELETE", None),
        ]:  # fmt: skip
            reply = api.request(method, path, token, body)
            baseline = api.request(method, missing, token, body)
            assert reply.status == 404, (method, reply.body)
            expected = baseline.body["error"]["message"].replace(MISSING_ID, category["id"])
            assert reply.body["error"] == {**baseline.body["error"], "message": expected}
            assert b"Private" not in reply.raw

        assert listing(api, token)["items"] == []
        child = api.request("POST", BASE, token, {"name": "Sub", "parent_id": category["id"]})
        assert child.status == 400
        assert create(api, token, "Mine", slug="private")["test"] is (
            intruder.get("mode") == "test"
        )

    def test_any_client_of_the_tenant_reads_them(self, api: Api, category: Any) -> None:
        for scopes in (["products:read"], ["categories:write"]):
            token = api.token_for(make_client(customer_id="cust-9", scopes=scopes))
            assert get(api, token, category["id"])["id"] == category["id"]
            assert ids(listing(api, token)) == [category["id"]]

    def test_writes_need_categories_write(self, api: Api, seller: str, category: Any) -> None:
        path = f"{BASE}/{category['id']}"
        for method, target, body in [
            ("POST", BASE, {"name": "X"}), ("PUT", path, {"name": "X"}),
            ("PATCH", path, {"name": "X"}), ("DELETE", path, None),
        ]:  # fmt: skip
            reply = api.request(method, target, seller, body)
            assert reply.status == 403 and error_code(reply.body) == "forbidden"
            assert "categories:write" in reply.body["error"]["message"]
        assert get(api, seller, category["id"])["version"] == 1

    def test_reading_needs_a_scope(self, api: Api, category: Any) -> None:
        token = api.token_for(make_client(scopes=["inventory:write"]))
        assert api.request("GET", BASE, token).status == 403
        assert api.request("GET", f"{BASE}/{category['id']}", token).status == 403

    @pytest.mark.parametrize(
        "scopes", [["products:read", "categories:write"], ["admin"]], ids=["editor", "admin"]
    )
    def test_customer_bound_clients_cannot_write_them(
        self, api: Api, category: Any, scopes: list[str]
    ) -> None:
        """Categories are the tenant's: a seller's client renaming or re-parenting one would
        change every other seller's catalog. Only tenant-wide clients write them."""
        # Given a customer-bound client with every right to write categories
        token = api.token_for(make_client(customer_id="cust-1", scopes=scopes))
        path = f"{BASE}/{category['id']}"
        before = stored_items()

        # When it creates, replaces, patches or deletes one (existing or not)
        for method, target, body in [
            ("POST", BASE, {"name": "Mine"}),
            ("POST", BASE, {"name": "Sub", "parent_id": category["id"]}),
            ("PUT", path, {"name": "Renamed"}),
            ("PATCH", path, {"name": "Renamed", "parent_id": None}),
            ("DELETE", path, None),
            ("PATCH", f"{BASE}/{MISSING_ID}", {"name": "Renamed"}),
        ]:
            reply = api.request(method, target, token, body, headers={"If-Match": "*"})

            # Then 403 in the error envelope, the same whether the category exists or not
            assert reply.status == 403, (method, target, reply.body)
            assert reply.body["status"] == "error" and "data" not in reply.body
            assert reply.body["error"] == {
                "code": "forbidden",
                "message": "Categories belong to the tenant: only a client without a "
                "customer binding may create, change or delete them",
                "details": None,
            }
            assert_meta(reply.body)

        # And nothing is written: no category, slug, counter or audit event
        assert stored_items() == before
        assert get(api, token, category["id"])["name"] == "Private"

    def test_customer_bound_clients_count_their_own_products(
        self, api: Api, admin: str, category: Any
    ) -> None:
        # Given a category with two products of customer 1 and one of customer 2, another
        # category with one of customer 2, and customer 3 with none
        other = create(api, admin, "Other")
        one, two, three = (api.token_for(make_client(customer_id=f"cust-{n}")) for n in (1, 2, 3))
        products = {}
        for token, name, where in [
            (one, "A", category), (one, "B", category), (two, "C", category), (two, "D", other),
        ]:  # fmt: skip
            body = {"name": name, "price": 1, "category_id": where["id"]}
            reply = api.request("POST", "/api/v1/products", token, body)
            assert reply.status == 201, reply.body
            products[name] = f"/api/v1/products/{reply.body['data']['item']['id']}"

        def counts(token: str) -> dict[str, int]:
            """product_count as `token` sees it: each category, then the listing."""
            single = {c["id"]: get(api, token, c["id"])["product_count"] for c in (category, other)}
            listed = {c["id"]: c["product_count"] for c in listing(api, token)["items"]}
            assert listed == single
            return single

        # When each client reads them, alone and listed
        # Then a customer-bound client counts its own products; a tenant-wide one all of them
        assert counts(one) == {category["id"]: 2, other["id"]: 0}
        assert counts(two) == {category["id"]: 1, other["id"]: 1}
        assert counts(three) == {category["id"]: 0, other["id"]: 0}
        assert counts(admin) == {category["id"]: 3, other["id"]: 1}

        # And the counts follow product writes: one product leaves, one is deleted
        patch = {"category_id": other["id"]}
        assert api.request("PATCH", products["A"], one, patch).status == 200
        assert api.request("DELETE", products["C"], two).status == 200
        assert counts(one) == {category["id"]: 1, other["id"]: 1}
        assert counts(two) == {category["id"]: 0, other["id"]: 1}
        assert counts(admin) == {category["id"]: 1, other["id"]: 2}
        # (the tenant-wide count still decides a delete: not empty for the tenant)
        reply = api.request("DELETE", f"{BASE}/{category['id']}", admin)
        assert reply.status == 409 and reply.body["error"]["details"]["product_count"] == 1

    def test_a_category_is_read_in_one_round_trip_with_the_callers_count(
        self, api: Api, admin: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A single read is one round trip: a customer-bound client's category comes in one
        BatchGetItem with its customer's counter item for it; a tenant-wide one's in a GetItem."""
        seller = api.token_for(make_client(customer_id="cust-one-trip"))
        category = create(api, admin, "Lamps")
        for _ in range(2):
            body = {"name": "Lamp", "price": 1, "category_id": category["id"]}
            assert api.request("POST", "/api/v1/products", seller, body).status == 201
        assert api.request("POST", "/api/v1/products", admin, body).status == 201
        for token, count, read in ((seller, 2, "BatchGetItem"), (admin, 3, "GetItem")):
            assert api.request("GET", f"{BASE}/{category['id']}", token).status == 200  # authorized
            calls = record_calls(monkeypatch)
            reply = api.request("GET", f"{BASE}/{category['id']}", token)
            assert reply.status == 200 and reply.body["data"]["item"]["product_count"] == count
            assert operations(calls) == ["UpdateItem", read]
        missing = api.request("GET", f"{BASE}/{MISSING_ID}", seller)
        assert missing.status == 404 and error_code(missing.body) == "not_found"

    def test_a_customers_counter_items_do_not_grow_with_its_categories(
        self, api: Api, admin: str
    ) -> None:
        """A write or read of an item costs its whole size: the customer's counts by category
        are items of their own, so its counter item keeps the same attributes however many
        categories it uses, and a product write moves items of a fixed size."""
        seller = api.token_for(make_client(customer_id="cust-wide"))
        made = [create(api, admin, f"Shelf {n}")["id"] for n in range(12)]
        for category_id in made:
            body = {"name": "Peg", "price": 1, "category_id": category_id}
            assert api.request("POST", "/api/v1/products", seller, body).status == 201

        def stored(counter: tuple[str, ...]) -> dict[str, Any]:
            key = counters.item_key(counter)
            found = dynamodb_client().get_item(TableName=get_settings().products_table, Key=key)
            return {k: v for k, v in from_item(found["Item"]).items() if k not in ("pk", "sk")}

        assert stored((counters.CUSTOMER, "live", "tenant-a", "cust-wide")) == {"st_active": 12}
        for category_id in made:
            in_category = (counters.CUSTOMER_CATEGORY, "live", "tenant-a", "cust-wide", category_id)
            assert stored(in_category) == {"product_count": 1, "st_active": 1}
        # and they are what the customer's clients see
        reply = api.request("GET", f"{BASE}?limit=100", seller)
        assert {c["product_count"] for c in reply.body["data"]["items"] if c["id"] in made} == {1}

    def test_test_mode_categories_are_marked_and_separate(self, api: Api, category: Any) -> None:
        test_admin = api.token_for(make_client(scopes=["admin"], mode="test"))
        test_item = create(api, test_admin, "Sandbox")
        assert test_item["test"] is True
        assert ids(listing(api, test_admin)) == [test_item["id"]]
        assert listing(api, test_admin)["pagination"]["total"] == 1
