from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.recurrence_patch_interval import (
    RecurrencePatchInterval,
    check_recurrence_patch_interval,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="RecurrencePatch")


@_attrs_define
class RecurrencePatch:
    """
    Attributes:
        count (int | None | Unset):
        interval (RecurrencePatchInterval | Unset):
    """

    count: int | Unset | None = UNSET
    interval: RecurrencePatchInterval | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        count: int | Unset | None
        if isinstance(self.count, Unset):
            count = UNSET
        else:
            count = self.count

        interval: str | Unset = UNSET
        if not isinstance(self.interval, Unset):
            interval = self.interval

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if count is not UNSET:
            field_dict["count"] = count
        if interval is not UNSET:
            field_dict["interval"] = interval

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_count(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        count = _parse_count(d.pop("count", UNSET))

        _interval = d.pop("interval", UNSET)
        interval: RecurrencePatchInterval | Unset
        if isinstance(_interval, Unset):
            interval = UNSET
        else:
            interval = check_recurrence_patch_interval(_interval)

        recurrence_patch = cls(
            count=count,
            interval=interval,
        )

        return recurrence_patch
