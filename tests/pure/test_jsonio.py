"""JSON in and out (docs/decisions.md, "Input limits"): numbers never go through float, the
parser's bounds, and the nesting depth the entry point checks."""

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


# What responses hold: text (any Unicode), ints of any size (echoed input), exact decimals
# (money, attribute numbers up to DynamoDB's 38 digits), booleans, null, nested.
_RESPONSE_VALUES = st.recursive(
    st.one_of(
        st.text(max_size=12),
        st.integers(min_value=-(10**40), max_value=10**40),
        st.decimals(
            allow_nan=False, allow_infinity=False, places=4, min_value=-1e30, max_value=1e30
        ),
        st.booleans(),
        st.none(),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=25,
)


def _stdlib(value: object) -> str:
    def default(each: object) -> object:
        assert isinstance(each, Decimal)
        return int(each) if each == each.to_integral_value() else float(each)

    return json.dumps(value, default=default, separators=(",", ":"), ensure_ascii=False)


@given(_RESPONSE_VALUES)
def test_serialize_says_what_the_standard_encoder_says(value: object) -> None:
    # orjson writes floats its own way (1e16, not 1e+16): equal once read, digit for digit.
    assert deserialize(serialize(value)) == deserialize(_stdlib(value))


def test_integers_beyond_64_bits_keep_every_digit() -> None:
    assert serialize({"a": Decimal(10) ** 30}) == '{"a":' + "1" + "0" * 30 + "}"
    assert serialize({"a": -(2**63) - 1, "b": "é"}) == '{"a":-9223372036854775809,"b":"é"}'
