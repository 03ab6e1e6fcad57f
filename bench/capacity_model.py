"""DynamoDB's published write-billing rules applied to the items a request wrote
(docs/performance.md#cost-per-request), next to what DynamoDB Local reports.

DynamoDB Local's ConsumedCapacity for a transaction does not follow its own items: taking a
whole item out of a create's transaction left its reported units unchanged. This model prices
what was actually written, from the item before and after each write:

- the table: 1 unit per started KB of the larger of the two images; twice that in a
  transaction (prepare and commit, per the DynamoDB developer guide's "Capacity management for
  transactions");
- each global secondary index: the entry's projected size, 1 unit per started KB. A new entry
  is a put, a removed one a delete, a moved key a delete and a put, a changed projected value
  one write; an unchanged entry costs nothing. Index entries are propagated after the
  transaction commits, as plain writes (the guide's "How it works").

Item size follows the developer guide's "Item sizes and formats": attribute names plus values;
a number is about 1 byte per 2 significant digits plus 1; lists and maps add 3 bytes and 1
per element.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def _number_size(text: str) -> int:
    digits = text.lstrip("-").split("E")[0].split("e")[0].replace(".", "").strip("0") or "0"
    return math.ceil(len(digits) / 2) + 1


_SIZE: dict[str, Callable[[Any], int]] = {
    "S": lambda raw: len(raw.encode()),
    "N": _number_size,
    "B": len,
    "BOOL": lambda raw: 1,
    "NULL": lambda raw: 1,
    "L": lambda raw: 3 + sum(1 + value_size(each) for each in raw),
    "M": lambda raw: 3 + sum(1 + len(k.encode()) + value_size(v) for k, v in raw.items()),
    "SS": lambda raw: sum(len(each.encode()) for each in raw),
    "NS": lambda raw: sum(_number_size(each) for each in raw),
    "BS": lambda raw: sum(len(each) for each in raw),
}


def value_size(value: dict[str, Any]) -> int:
    ((kind, raw),) = value.items()
    return _SIZE[kind](raw)


def item_size(item: dict[str, Any]) -> int:
    return sum(len(name.encode()) + value_size(value) for name, value in item.items())


def _kb(size: int) -> int:
    return max(1, math.ceil(size / 1024))


@dataclass(frozen=True)
class Index:
    name: str
    keys: tuple[str, ...]
    projection: str  # ALL, KEYS_ONLY or INCLUDE
    included: tuple[str, ...]

    def entry(self, item: dict[str, Any] | None, table_keys: tuple[str, ...]) -> Any:
        """The item's entry in this index (None when the item is not in it)."""
        if item is None or any(key not in item for key in self.keys):
            return None
        if self.projection == "ALL":
            return item
        kept = set(self.keys) | set(table_keys) | set(self.included)
        return {name: value for name, value in item.items() if name in kept}


class WriteModel:
    """Units of one write to a table of template.yaml, by "table" and index name."""

    def __init__(self, definition: dict[str, Any]) -> None:
        self.keys = tuple(part["AttributeName"] for part in definition["KeySchema"])
        self.indexes = [
            Index(
                name=each["IndexName"],
                keys=tuple(part["AttributeName"] for part in each["KeySchema"]),
                projection=each["Projection"]["ProjectionType"],
                included=tuple(each["Projection"].get("NonKeyAttributes", ())),
            )
            for each in definition.get("GlobalSecondaryIndexes", ())
        ]

    def key_of(self, item: dict[str, Any]) -> dict[str, Any]:
        return {name: item[name] for name in self.keys}

    def units(
        self, old: dict[str, Any] | None, new: dict[str, Any] | None, transactional: bool
    ) -> dict[str, int]:
        if old is None and new is None:  # a delete of nothing, or a failed condition
            return {"table": 2 if transactional else 1}
        larger = max(item_size(old or {}), item_size(new or {}))
        found = {"table": _kb(larger) * (2 if transactional else 1)}
        for index in self.indexes:
            before, after = index.entry(old, self.keys), index.entry(new, self.keys)
            if before == after:
                continue
            moved = before is not None and after is not None
            if moved and all(before[key] == after[key] for key in index.keys):
                found[index.name] = _kb(item_size(after))  # a projected value changed
                continue
            found[index.name] = sum(_kb(item_size(e)) for e in (before, after) if e is not None)
        return found
