"""The listing planner (docs/data-model.md, "Access patterns"): which index ranges serve a
query, and whether they select it exactly (then the walk reads only the page) or a filter is
left to check on a bounded budget."""

from typing import Any

from common.auth.principal import Principal
from common.products.listing_plan import ListingContext, plan_listing
from common.products.query import ProductQuery

SELLER = Principal(
    tenant_id="tenant-a",
    client_id="cli_1",
    customer_id="cust-1",
    scopes=frozenset({"products:read"}),
    mode="live",
)
ADMIN = SELLER.model_copy(update={"customer_id": None, "scopes": frozenset({"admin"})})


def plan(
    principal: Principal = ADMIN, categories: frozenset[str] | None = None, **params: Any
) -> Any:
    query = ProductQuery.model_validate(params)
    context = ListingContext(
        principal,
        query,
        principal.customer_id,
        categories,
        query.effective_sort,
        query.descending,
    )
    return plan_listing(context)


def test_every_sort_without_filters_merges_the_three_status_ranges_exactly() -> None:
    # Product items sit in their status's partition (no separate entry per product).
    for sort in ("created_at", "updated_at", "price", "name"):
        found = plan(sort=sort)
        assert found.exact and len(found.ranges) == 3
        assert {r.index_name for r in found.ranges} == {f"t_{sort.removesuffix('_at')}"}
        assert sorted(r.partition.rsplit("#", 1)[-1] for r in found.ranges) == [
            "active",
            "archived",
            "draft",
        ]


def test_a_customer_bound_client_reads_its_customer_index() -> None:
    ranges = plan(SELLER).ranges
    assert len(ranges) == 3
    for each in ranges:
        assert each.partition_attribute == "cpk" and each.index_name.startswith("c_")
        assert "#C#cust-1#S#" in each.partition


def test_status_is_one_range_per_status() -> None:
    found = plan(status="active,draft", sort="name")
    assert found.exact and len(found.ranges) == 2
    assert all(r.descending for r in found.ranges)


def test_category_is_one_range_per_category_and_status() -> None:
    cat_a, cat_b = "cat_" + "a" * 24, "cat_" + "b" * 24
    found = plan(category_id=cat_a, categories=frozenset({cat_a, cat_b}))
    assert found.exact and len(found.ranges) == 2 * 3


def test_price_range_sorted_by_price_is_a_key_range() -> None:
    (only,) = plan(sort="price", price_min="10", price_max="20", status="active").ranges
    assert only.low is not None and only.high is not None and only.low < only.high
    assert len(plan(sort="price", price_min="10", price_max="20").ranges) == 3
    assert plan(sort="price", price_min="10").exact
    # The same range under another sort is checked product by product, on a budget.
    assert not plan(sort="name", price_min="10").exact


def test_stock_filters_walk_the_stock_index_lowest_first() -> None:
    (only,) = plan(low_stock="5", status="active").ranges
    assert only.sort_attribute == "s_stock" and only.high == 5 and not only.descending
    assert plan(low_stock="5").exact and len(plan(low_stock="5").ranges) == 3
    assert plan(low_stock="5", status="draft").exact  # the status is the partition's now


def test_other_filters_are_not_exact() -> None:
    assert not plan(tags="wood").exact
    assert not plan(country_code="US").exact


def test_statuses_that_exclude_each_other_have_no_range() -> None:
    assert plan(status="active", is_active="false").ranges == []
