"""JSON in and out, one way for every response and event: Decimal in, JSON numbers out."""

import json
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from common.clock import iso_timestamp


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        # Money is at most 13 significant digits (≤ 1e9, ≤ 3 decimals), so the float's shortest
        # repr is the exact decimal text: JSON numbers stay as in the seeds, with no rounding.
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return iso_timestamp(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def serialize(payload: Any) -> str:
    return json.dumps(payload, default=_json_default, separators=(",", ":"), ensure_ascii=False)


def plain(value: Any) -> Any:
    """JSON-compatible values (Decimal -> number), as API clients and consumers see them."""
    return json.loads(serialize(value))


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; Python's parser would accept them.
    raise json.JSONDecodeError(f"{name} is not a valid JSON value", name, 0)


# Numbers are parsed straight from the JSON text into Decimal, never through float.
deserialize: Callable[[str], Any] = partial(
    json.loads, parse_float=Decimal, parse_constant=_reject_constant
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
