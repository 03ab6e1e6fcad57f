"""The document's examples are the service's own answers: a product and a category made with
the example's writable fields come back equal to the example, but for what the service
assigns (ids, timestamps). So an example cannot drift from what the API returns."""

import json
from typing import Any

from common.categories.models import CategoryInput
from common.products.inputs import ProductInput
from local_api.template import ROOT
from tests.moto_gateway import Api, make_client

ASSIGNED = {"id", "created_at", "updated_at", "category_id", "parent_id"}


def example(schema: str) -> dict[str, Any]:
    """The committed document's example of a schema."""
    document = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    examples: list[dict[str, Any]] = document["components"]["schemas"][schema]["examples"]
    return examples[0]


def written(view: dict[str, Any], model: type[Any]) -> dict[str, Any]:
    """What a client sends to make `view`: the fields the input model takes."""
    body = {k: v for k, v in view.items() if k in model.model_fields and k not in ASSIGNED}
    if "variants" in body:
        body["variants"] = [
            {
                "name": v["name"],
                "sku": v["sku"],
                "price": v["price"],
                "inventory": v["inventory"]["available"],
                "attributes": v["attributes"],
            }
            for v in body["variants"]
        ]
        body.pop("inventory", None)
    return body


def assigned_as_in(answer: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    """The answer with what the service assigns replaced by the example's values."""
    same = {**answer, **{k: expected[k] for k in ASSIGNED if k in answer}}
    if "variants" in same:
        pairs = zip(same["variants"], expected["variants"], strict=True)
        same["variants"] = [{**answered, "id": shown["id"]} for answered, shown in pairs]
    return same


def test_the_category_example_is_what_the_service_answers(api: Api) -> None:
    token = api.token_for(make_client(scopes=["products:read", "categories:write"]))
    expected = example("Category")
    reply = api.request("POST", "/api/v1/categories", token, written(expected, CategoryInput))
    assert reply.status == 201, reply.body
    assert assigned_as_in(reply.body["data"]["item"], expected) == expected


def test_the_product_example_is_what_the_service_answers(api: Api) -> None:
    admin = api.token_for(make_client(scopes=["products:read", "categories:write"]))
    category = api.request("POST", "/api/v1/categories", admin, {"name": "Footwear"})
    assert category.status == 201, category.body
    token = api.token_for(make_client(scopes=["products:read", "products:write"]))
    expected = example("Product")
    body = {**written(expected, ProductInput), "category_id": category.body["data"]["item"]["id"]}
    reply = api.request("POST", "/api/v1/products", token, body)
    assert reply.status == 201, reply.body
    assert assigned_as_in(reply.body["data"]["item"], expected) == expected
