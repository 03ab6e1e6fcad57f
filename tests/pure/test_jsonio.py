"""JSON in and out (docs/decisions.md, "Input limits"): numbers never go through float, the
parser's bounds, and the nesting depth the entry point checks."""

import json
from decimal import Decimal

import pytest

from common.jsonio import (
    MAX_NUMBER_DIGITS,
    NumberOutOfRange,
    deserialize,
    nesting_depth,
    serialize,
)
from common.preconditions import etag_matches


def test_numbers_are_int_or_exact_decimal() -> None:
    parsed = deserialize('{"a": 1, "b": 199.99, "c": 1e2, "d": 0.10}')
    assert parsed["a"] == 1 and isinstance(parsed["a"], int)
    assert parsed["b"] == Decimal("199.99")
    assert isinstance(parsed["c"], Decimal)
    assert serialize({"price": Decimal("199.99")}) == '{"price":199.99}'


@pytest.mark.parametrize(
    "text", ["1" * (MAX_NUMBER_DIGITS + 1), "1e1000", "1e-1001", "0." + "1" * MAX_NUMBER_DIGITS]
)
def test_numbers_beyond_the_bounds_are_refused(text: str) -> None:
    with pytest.raises(NumberOutOfRange):
        deserialize(text)


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "{'a': 1}"])
def test_what_is_not_json_is_refused(text: str) -> None:
    with pytest.raises(json.JSONDecodeError):
        deserialize(text)


@pytest.mark.parametrize(
    ("value", "depth"), [(1, 0), ({}, 1), ([1], 1), ({"a": [1]}, 2), ([[[[]]]], 4)]
)
def test_nesting_depth(value: object, depth: int) -> None:
    assert nesting_depth(value) == depth


def test_etags_match_one_of_a_list_or_any() -> None:
    assert etag_matches('"v1", "v2"', '"v2"')
    assert etag_matches("*", '"v9"')
    assert not etag_matches('"v1"', '"v2"')
