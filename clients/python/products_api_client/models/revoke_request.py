from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.token_type_hint import TokenTypeHint, check_token_type_hint
from ..types import UNSET, Unset

T = TypeVar("T", bound="RevokeRequest")


@_attrs_define
class RevokeRequest:
    """
    Attributes:
        token (str):
        token_type_hint (None | TokenTypeHint | Unset):
    """

    token: str
    token_type_hint: TokenTypeHint | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        token_type_hint: str | Unset | None
        if isinstance(self.token_type_hint, Unset):
            token_type_hint = UNSET
        elif isinstance(self.token_type_hint, str):
            token_type_hint = self.token_type_hint
        else:
            token_type_hint = self.token_type_hint

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "token": token,
            }
        )
        if token_type_hint is not UNSET:
            field_dict["token_type_hint"] = token_type_hint

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        token = d.pop("token")

        def _parse_token_type_hint(data: object) -> TokenTypeHint | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                token_type_hint_type_0 = check_token_type_hint(data)

                return token_type_hint_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TokenTypeHint | Unset, data)

        token_type_hint = _parse_token_type_hint(d.pop("token_type_hint", UNSET))

        revoke_request = cls(
            token=token,
            token_type_hint=token_type_hint,
        )

        return revoke_request
