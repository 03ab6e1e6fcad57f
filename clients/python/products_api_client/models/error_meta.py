from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rate_limit_meta import RateLimitMeta


T = TypeVar("T", bound="ErrorMeta")


@_attrs_define
class ErrorMeta:
    """
    Attributes:
        request_id (str):
        timestamp (datetime.datetime | str): Responses of API Gateway itself (401 before the authorizer, 404 for no
            route, 413, 429 from stage throttling, 5xx) carry its `$context.requestTime`
        rate_limit (None | RateLimitMeta | Unset): On 429 rate_limit_exceeded: the client's limit
    """

    request_id: str
    timestamp: datetime.datetime | str
    rate_limit: RateLimitMeta | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.rate_limit_meta import RateLimitMeta

        request_id = self.request_id

        timestamp: str
        if isinstance(self.timestamp, datetime.datetime):
            timestamp = self.timestamp.isoformat()
        else:
            timestamp = self.timestamp

        rate_limit: dict[str, Any] | Unset | None
        if isinstance(self.rate_limit, Unset):
            rate_limit = UNSET
        elif isinstance(self.rate_limit, RateLimitMeta):
            rate_limit = self.rate_limit.to_dict()
        else:
            rate_limit = self.rate_limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_id": request_id,
                "timestamp": timestamp,
            }
        )
        if rate_limit is not UNSET:
            field_dict["rate_limit"] = rate_limit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rate_limit_meta import RateLimitMeta

        d = dict(src_dict)
        request_id = d.pop("request_id")

        def _parse_timestamp(data: object) -> datetime.datetime | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                timestamp_type_0 = datetime.datetime.fromisoformat(data)

                return timestamp_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | str, data)

        timestamp = _parse_timestamp(d.pop("timestamp"))

        def _parse_rate_limit(data: object) -> RateLimitMeta | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rate_limit_type_0 = RateLimitMeta.from_dict(data)

                return rate_limit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RateLimitMeta | Unset, data)

        rate_limit = _parse_rate_limit(d.pop("rate_limit", UNSET))

        error_meta = cls(
            request_id=request_id,
            timestamp=timestamp,
            rate_limit=rate_limit,
        )

        error_meta.additional_properties = d
        return error_meta

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
