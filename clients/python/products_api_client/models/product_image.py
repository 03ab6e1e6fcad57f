from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ProductImage")


@_attrs_define
class ProductImage:
    """
    Attributes:
        alt (None | str):
        is_primary (bool): The product's main image: exactly one has it
        url (str):
    """

    alt: str | None
    is_primary: bool
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        alt: str | None
        alt = self.alt

        is_primary = self.is_primary

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "alt": alt,
                "is_primary": is_primary,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_alt(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        alt = _parse_alt(d.pop("alt"))

        is_primary = d.pop("is_primary")

        url = d.pop("url")

        product_image = cls(
            alt=alt,
            is_primary=is_primary,
            url=url,
        )

        product_image.additional_properties = d
        return product_image

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
