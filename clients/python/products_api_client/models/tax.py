from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Tax")


@_attrs_define
class Tax:
    """
    Attributes:
        name (str):
        rate (float): percent
    """

    name: str
    rate: float

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        rate = self.rate

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "rate": rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        rate = d.pop("rate")

        tax = cls(
            name=name,
            rate=rate,
        )

        return tax
