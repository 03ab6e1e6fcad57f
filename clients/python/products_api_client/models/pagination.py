from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Pagination")


@_attrs_define
class Pagination:
    """Where a page is in its listing. `page`, `total` and `pages` are given by the listings
    that count (products, categories); `next_cursor` continues after this page.

        Attributes:
            has_next (bool):
            has_prev (bool):
            limit (int):
            next_cursor (None | str):
            page (int | None | Unset):
            pages (int | None | Unset):
            total (int | None | Unset):
            total_is_lower_bound (bool | None | Unset): Present (true) when `total` counts only what was read
    """

    has_next: bool
    has_prev: bool
    limit: int
    next_cursor: str | None
    page: int | Unset | None = UNSET
    pages: int | Unset | None = UNSET
    total: int | Unset | None = UNSET
    total_is_lower_bound: bool | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        has_next = self.has_next

        has_prev = self.has_prev

        limit = self.limit

        next_cursor: str | None
        next_cursor = self.next_cursor

        page: int | Unset | None
        if isinstance(self.page, Unset):
            page = UNSET
        else:
            page = self.page

        pages: int | Unset | None
        if isinstance(self.pages, Unset):
            pages = UNSET
        else:
            pages = self.pages

        total: int | Unset | None
        if isinstance(self.total, Unset):
            total = UNSET
        else:
            total = self.total

        total_is_lower_bound: bool | Unset | None
        if isinstance(self.total_is_lower_bound, Unset):
            total_is_lower_bound = UNSET
        else:
            total_is_lower_bound = self.total_is_lower_bound

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "has_next": has_next,
                "has_prev": has_prev,
                "limit": limit,
                "next_cursor": next_cursor,
            }
        )
        if page is not UNSET:
            field_dict["page"] = page
        if pages is not UNSET:
            field_dict["pages"] = pages
        if total is not UNSET:
            field_dict["total"] = total
        if total_is_lower_bound is not UNSET:
            field_dict["total_is_lower_bound"] = total_is_lower_bound

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        has_next = d.pop("has_next")

        has_prev = d.pop("has_prev")

        limit = d.pop("limit")

        def _parse_next_cursor(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        def _parse_page(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        page = _parse_page(d.pop("page", UNSET))

        def _parse_pages(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        pages = _parse_pages(d.pop("pages", UNSET))

        def _parse_total(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        total = _parse_total(d.pop("total", UNSET))

        def _parse_total_is_lower_bound(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        total_is_lower_bound = _parse_total_is_lower_bound(d.pop("total_is_lower_bound", UNSET))

        pagination = cls(
            has_next=has_next,
            has_prev=has_prev,
            limit=limit,
            next_cursor=next_cursor,
            page=page,
            pages=pages,
            total=total,
            total_is_lower_bound=total_is_lower_bound,
        )

        pagination.additional_properties = d
        return pagination

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
