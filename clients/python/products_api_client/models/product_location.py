from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ProductLocation")


@_attrs_define
class ProductLocation:
    """Where the product is sold or stocked; null members are not known.

    Attributes:
        city (None | str):
        country_code (None | str):
        state (None | str):
    """

    city: str | None
    country_code: str | None
    state: str | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        city: str | None
        city = self.city

        country_code: str | None
        country_code = self.country_code

        state: str | None
        state = self.state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "city": city,
                "country_code": country_code,
                "state": state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_city(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        city = _parse_city(d.pop("city"))

        def _parse_country_code(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        country_code = _parse_country_code(d.pop("country_code"))

        def _parse_state(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        state = _parse_state(d.pop("state"))

        product_location = cls(
            city=city,
            country_code=country_code,
            state=state,
        )

        product_location.additional_properties = d
        return product_location

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
