from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Category")


@_attrs_define
class Category:
    """A category of the tenant's catalog; `parent_id` null is the top level.

    Attributes:
        child_count (int): Categories whose parent this is
        created_at (datetime.datetime):
        description (None | str):
        id (str):
        name (str):
        parent_id (None | str):
        product_count (int): Products in this category (a customer-bound client: its customer's only)
        slug (str):
        test (bool): Made with a test-mode key
        updated_at (datetime.datetime):
        version (int): Bumped by every change; the ETag is `"v<version>"`
    """

    child_count: int
    created_at: datetime.datetime
    description: str | None
    id: str
    name: str
    parent_id: str | None
    product_count: int
    slug: str
    test: bool
    updated_at: datetime.datetime
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        child_count = self.child_count

        created_at = self.created_at.isoformat()

        description: str | None
        description = self.description

        id = self.id

        name = self.name

        parent_id: str | None
        parent_id = self.parent_id

        product_count = self.product_count

        slug = self.slug

        test = self.test

        updated_at = self.updated_at.isoformat()

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "child_count": child_count,
                "created_at": created_at,
                "description": description,
                "id": id,
                "name": name,
                "parent_id": parent_id,
                "product_count": product_count,
                "slug": slug,
                "test": test,
                "updated_at": updated_at,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        child_count = d.pop("child_count")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_description(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        id = d.pop("id")

        name = d.pop("name")

        def _parse_parent_id(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        parent_id = _parse_parent_id(d.pop("parent_id"))

        product_count = d.pop("product_count")

        slug = d.pop("slug")

        test = d.pop("test")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        category = cls(
            child_count=child_count,
            created_at=created_at,
            description=description,
            id=id,
            name=name,
            parent_id=parent_id,
            product_count=product_count,
            slug=slug,
            test=test,
            updated_at=updated_at,
            version=version,
        )

        category.additional_properties = d
        return category

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
