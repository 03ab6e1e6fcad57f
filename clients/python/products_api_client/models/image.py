from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Image")


@_attrs_define
class Image:
    """
    Attributes:
        url (str):
        alt (None | str | Unset):
        is_primary (bool | Unset):  Default: False.
    """

    url: str
    alt: str | Unset | None = UNSET
    is_primary: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        alt: str | Unset | None
        if isinstance(self.alt, Unset):
            alt = UNSET
        else:
            alt = self.alt

        is_primary = self.is_primary

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )
        if alt is not UNSET:
            field_dict["alt"] = alt
        if is_primary is not UNSET:
            field_dict["is_primary"] = is_primary

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        def _parse_alt(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        alt = _parse_alt(d.pop("alt", UNSET))

        is_primary = d.pop("is_primary", UNSET)

        image = cls(
            url=url,
            alt=alt,
            is_primary=is_primary,
        )

        return image
