"""bench/capacity_model.py: DynamoDB's write-billing rules, as `make bench-cost` prices them
(docs/performance.md#cost-per-request)."""

from typing import Any

from bench.capacity_model import WriteModel, item_size
from local_api.template import Template

PRODUCTS = Template.load().table_definitions()["ProductsTable"]


def product(**changes: Any) -> dict[str, Any]:
    item = {
        "pk": {"S": "live#t#PRODUCT#prod_1"},
        "sk": {"S": "PRODUCT"},
        "tpk": {"S": "live#t#P#S#active"},
        "s_created": {"S": "2026-12-05T00:00:00.000Z#prod_1"},
        "s_updated": {"S": "2026-12-05T00:00:00.000Z#prod_1"},
        "s_price": {"S": "00000000100000#prod_1"},
        "s_name": {"S": "lamp\x1fprod_1"},
        "s_stock": {"N": "10"},
        "name": {"S": "Lamp"},
    }
    return {**item, **changes}


def test_sizes_follow_the_developer_guide() -> None:
    assert item_size({"name": {"S": "Lamp"}}) == 4 + 4
    assert item_size({"n": {"N": "12345"}}) == 1 + 4  # 3 bytes for 5 digits, plus 1
    assert item_size({"m": {"M": {"a": {"BOOL": True}}}}) == 1 + 3 + (1 + 1 + 1)


def test_a_new_item_in_a_transaction_costs_twice_and_one_unit_per_index_it_joins() -> None:
    units = WriteModel(PRODUCTS).units(None, product(), transactional=True)
    # The table twice (prepare, commit); the five tenant indexes it has keys for, once each.
    assert units == {
        "table": 2,
        "t_created": 1,
        "t_updated": 1,
        "t_price": 1,
        "t_name": 1,
        "t_stock": 1,
    }


def test_a_moved_index_key_is_a_delete_and_a_put_and_untouched_indexes_cost_nothing() -> None:
    moved = WriteModel(PRODUCTS).units(product(), product(s_stock={"N": "9"}), True)
    assert moved == {"table": 2, "t_stock": 2}
    renamed = WriteModel(PRODUCTS).units(product(), product(name={"S": "Desk"}), False)
    assert renamed == {"table": 1}  # keys-only indexes do not hold the name


def test_a_changed_value_in_an_all_projection_rewrites_the_entry() -> None:
    category = {"pk": {"S": "c"}, "sk": {"S": "CATEGORY"}, "gsi1pk": {"S": "g"}}
    category |= {"gsi1sk": {"S": "1"}, "product_count": {"N": "1"}}
    counted = {**category, "product_count": {"N": "2"}}
    assert WriteModel(PRODUCTS).units(category, counted, True) == {"table": 2, "gsi1": 1}


def test_items_over_a_kilobyte_cost_per_started_kilobyte() -> None:
    big = product(description={"S": "x" * 1500})
    assert WriteModel(PRODUCTS).units(None, big, True)["table"] == 4
