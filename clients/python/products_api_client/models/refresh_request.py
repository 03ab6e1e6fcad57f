from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RefreshRequest")


@_attrs_define
class RefreshRequest:
    """
    Attributes:
        refresh_token (str):
        grant_type (Literal['refresh_token'] | Unset):  Default: 'refresh_token'.
    """

    refresh_token: str
    grant_type: Literal["refresh_token"] | Unset = "refresh_token"

    def to_dict(self) -> dict[str, Any]:
        refresh_token = self.refresh_token

        grant_type = self.grant_type

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "refresh_token": refresh_token,
            }
        )
        if grant_type is not UNSET:
            field_dict["grant_type"] = grant_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        refresh_token = d.pop("refresh_token")

        grant_type = cast(Literal["refresh_token"] | Unset, d.pop("grant_type", UNSET))
        if grant_type != "refresh_token" and not isinstance(grant_type, Unset):
            raise ValueError(f"grant_type must match const 'refresh_token', got '{grant_type}'")

        refresh_request = cls(
            refresh_token=refresh_token,
            grant_type=grant_type,
        )

        return refresh_request
