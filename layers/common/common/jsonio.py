"""JSON in and out, one way for every response and event: Decimal in, JSON numbers out."""

import json
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any

import orjson
from pydantic import BaseModel

from common.clock import iso_timestamp

_INT64 = 2**63


def _number(value: Decimal) -> int | float:
    # Money is at most 13 significant digits (≤ 1e9, ≤ 3 decimals), so the float's shortest
    # repr is the exact decimal text: JSON numbers stay as in the seeds, with no rounding.
    return int(value) if value == value.to_integral_value() else float(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        number = _number(value)
        if isinstance(number, int) and not -_INT64 <= number < _INT64:
            return orjson.Fragment(str(number))  # orjson writes integers of 64 bits at most
        return number
    return _plain_default(value)


def _plain_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, BaseModel):  # a response model (products/views.py...)
        return value.model_dump()
    if isinstance(value, datetime):
        return iso_timestamp(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def serialize(payload: Any) -> str:
    """Compact JSON text, UTF-8 unescaped. orjson: a page of 100 products in half the time of
    the standard library's encoder (docs/performance.md, "Warm overhead")."""
    try:
        return orjson.dumps(payload, default=_json_default, option=orjson.OPT_NON_STR_KEYS).decode()
    except orjson.JSONEncodeError:  # an int beyond 64 bits (echoed input): the exact digits
        return json.dumps(
            payload, default=_plain_default, separators=(",", ":"), ensure_ascii=False
        )


def plain(value: Any) -> Any:
    """JSON-compatible values (Decimal -> number), as API clients and consumers see them."""
    return json.loads(serialize(value))


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; Python's parser would accept them.
    raise json.JSONDecodeError(f"{name} is not a valid JSON value", name, 0)


# The numbers the parser reads (docs/decisions.md, "Input limits"): far beyond every field's
# range, so a number out of a field's range is still refused naming the field; beyond them,
# converting the text could fail (Python reads integers of at most 4,300 digits) or take
# minutes (1e99999999 made an int for a count field).
MAX_NUMBER_DIGITS = 1_000
MAX_NUMBER_EXPONENT = 1_000  # nonzero magnitudes from 1e-1000 to below 1e1000


class NumberOutOfRange(ValueError):
    """A JSON number beyond the parser's bounds: the body is not JSON this API reads."""

    def __init__(self) -> None:
        super().__init__(
            f"JSON numbers have at most {MAX_NUMBER_DIGITS} digits and, unless 0, a magnitude "
            f"from 1e-{MAX_NUMBER_EXPONENT} to below 1e{MAX_NUMBER_EXPONENT}"
        )


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise NumberOutOfRange
    return int(text)


def _parse_decimal(text: str) -> Decimal:
    """A number with a fraction or an exponent, exactly, as its value: 1.50 is 1.5 and every
    zero is 0. The spelling means nothing, and boto3 refuses to store what DynamoDB would
    round, such as 1.000… with 40 zeros or a zero with an exponent out of DynamoDB's range."""
    mantissa, _, exponent = text.lower().partition("e")
    digits = mantissa.lstrip("-").replace(".", "")
    if len(digits) > MAX_NUMBER_DIGITS:
        raise NumberOutOfRange
    if not digits.strip("0"):
        return Decimal(0)
    # An exponent of 7 digits or more puts a number of at most 1,000 digits out of range; it is
    # refused as text, as Decimal raises an ArithmeticError for exponents past 10^18. (Leading
    # zeros are allowed in exponents: 1e-0001 is 0.1.)
    if len(exponent.lstrip("+-").lstrip("0")) > 6:
        raise NumberOutOfRange
    value = Decimal(text)
    if not -MAX_NUMBER_EXPONENT <= value.adjusted() < MAX_NUMBER_EXPONENT:
        raise NumberOutOfRange
    return _without_trailing_zeros(value)


def _without_trailing_zeros(value: Decimal) -> Decimal:
    """Exactly: Decimal.normalize() would round to the context's 28 digits."""
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # NaN and Infinity: never JSON, refused before
        return value
    kept = len(digits)
    while kept > 1 and exponent < 0 and digits[kept - 1] == 0:
        kept, exponent = kept - 1, exponent + 1
    return value if kept == len(digits) else Decimal((sign, digits[:kept], exponent))


# Numbers are parsed straight from the JSON text, integers into int and every other number into
# Decimal, never through float. Raises json.JSONDecodeError or NumberOutOfRange (both
# ValueError), or RecursionError for nesting beyond Python's parser.
deserialize: Callable[[str], Any] = partial(
    json.loads,
    parse_int=_parse_int,
    parse_float=_parse_decimal,
    parse_constant=_reject_constant,
)


def nesting_depth(value: Any) -> int:
    """How deeply lists and objects nest in a parsed JSON value (a scalar is 0, `{}` and
    `[1]` are 1, `{"a": [1]}` is 2), counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest
