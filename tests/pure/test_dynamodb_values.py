"""storage/dynamodb.py's fast `from_item` and `to_value` read and write every DynamoDB value as
boto3's own TypeDeserializer and TypeSerializer do (they only look the common types up first)."""

from decimal import Decimal
from typing import Any

import pytest
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from hypothesis import given
from hypothesis import strategies as st

from common.storage.dynamodb import from_item, to_item, to_value

NUMBERS = st.decimals(
    allow_nan=False, allow_infinity=False, places=4, min_value=-1e9, max_value=1e9
)
SCALARS = st.one_of(
    st.text(max_size=20), NUMBERS, st.booleans(), st.none(), st.binary(min_size=1, max_size=8)
)
SETS = st.one_of(
    st.sets(st.text(max_size=5), min_size=1, max_size=4),
    st.sets(st.integers(-1000, 1000).map(Decimal), min_size=1, max_size=4),
)
VALUES = st.recursive(
    st.one_of(SCALARS, SETS),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(st.dictionaries(st.text(min_size=1, max_size=8), VALUES, max_size=6))
def test_from_item_agrees_with_boto3(values: dict[str, Any]) -> None:
    item = {key: TypeSerializer().serialize(value) for key, value in values.items()}
    expected = {key: TypeDeserializer().deserialize(value) for key, value in item.items()}
    assert from_item(item) == expected


@given(VALUES)
def test_to_value_agrees_with_boto3(value: Any) -> None:
    assert to_value(value) == TypeSerializer().serialize(value)


@given(st.dictionaries(st.text(min_size=1, max_size=8), VALUES, max_size=6))
def test_to_item_leaves_out_none_and_agrees_with_boto3(values: dict[str, Any]) -> None:
    expected = {
        key: TypeSerializer().serialize(value) for key, value in values.items() if value is not None
    }
    assert to_item(values) == expected


@given(st.one_of(st.integers(-(10**40), 10**40), st.decimals(allow_nan=True)))
def test_numbers_agree_with_boto3_even_when_refused(number: int | Decimal) -> None:
    try:
        expected: Any = TypeSerializer().serialize(number)
    except (TypeError, ArithmeticError) as refused:
        with pytest.raises(type(refused)):
            to_value(number)
    else:
        assert to_value(number) == expected


def test_floats_are_refused_as_boto3_refuses_them() -> None:
    with pytest.raises(TypeError, match="Float types are not supported"):
        to_value({"price": [1.5]})
