"""What an audit event records of a changed field (decisions.md#audit): lists of items with ids
(a product's variants) by item, matched by id, so an event's size follows the change, not the
product."""

from typing import Any

from common.audit.events import _changed_values


def variant(variant_id: str, available: int = 5, **fields: Any) -> dict[str, Any]:
    inventory = {"available": available, "reserved": 0, "total": available}
    return {"id": variant_id, "name": variant_id.upper(), "inventory": inventory, **fields}


def test_a_changed_item_is_its_id_and_what_changed() -> None:
    before = [variant("a"), variant("b"), variant("c")]
    after = [variant("a"), variant("b", available=4), variant("c")]

    change = _changed_values(before, after)

    assert change == {
        "before": [{"id": "b", "inventory": {"available": 5, "reserved": 0, "total": 5}}],
        "after": [{"id": "b", "inventory": {"available": 4, "reserved": 0, "total": 4}}],
    }


def test_added_and_removed_items_are_whole_on_their_side() -> None:
    before = [variant("a"), variant("b")]
    after = [variant("b"), variant("c", sku="C-1")]

    change = _changed_values(before, after)

    assert change == {"before": [variant("a")], "after": [variant("c", sku="C-1")]}


def test_a_member_an_item_lost_is_recorded_as_null_after() -> None:
    change = _changed_values([variant("a", sku="A-1")], [variant("a")])

    assert change == {"before": [{"id": "a", "sku": "A-1"}], "after": [{"id": "a", "sku": None}]}


def test_the_first_and_last_lists_are_whole() -> None:
    assert _changed_values(None, [variant("a")]) == {"before": None, "after": [variant("a")]}
    assert _changed_values([variant("a")], []) == {"before": [variant("a")], "after": []}


def test_a_new_order_alone_keeps_both_lists() -> None:
    before, after = [variant("a"), variant("b")], [variant("b"), variant("a")]

    assert _changed_values(before, after) == {"before": before, "after": after}


def test_other_values_are_kept_as_they_are() -> None:
    images = [{"url": "https://cdn.example.com/a.jpg"}]
    assert _changed_values(images, []) == {"before": images, "after": []}
    assert _changed_values({"a": 1}, {"a": 2}) == {"before": {"a": 1}, "after": {"a": 2}}
    assert _changed_values("Lamp", "Desk lamp") == {"before": "Lamp", "after": "Desk lamp"}
