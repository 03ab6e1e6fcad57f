from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.recurrence_interval import RecurrenceInterval, check_recurrence_interval
from ..types import UNSET, Unset

T = TypeVar("T", bound="Recurrence")


@_attrs_define
class Recurrence:
    """Billing recurrence of subscription-like products (seed 004).

    Attributes:
        interval (RecurrenceInterval):
        count (int | Unset):  Default: 1.
    """

    interval: RecurrenceInterval
    count: int | Unset = 1

    def to_dict(self) -> dict[str, Any]:
        interval: str = self.interval

        count = self.count

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "interval": interval,
            }
        )
        if count is not UNSET:
            field_dict["count"] = count

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        interval = check_recurrence_interval(d.pop("interval"))

        count = d.pop("count", UNSET)

        recurrence = cls(
            interval=interval,
            count=count,
        )

        return recurrence
