from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.meta import Meta
    from ..models.product_page_data import ProductPageData


T = TypeVar("T", bound="ProductPageResponse")


@_attrs_define
class ProductPageResponse:
    """A page of Product items.

    Attributes:
        data (ProductPageData): A page of Product items.
        meta (Meta):
        status (Literal['success']):  Default: 'success'.
    """

    data: ProductPageData
    meta: Meta
    status: Literal["success"] = "success"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        meta = self.meta.to_dict()

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "meta": meta,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.meta import Meta
        from ..models.product_page_data import ProductPageData

        d = dict(src_dict)
        data = ProductPageData.from_dict(d.pop("data"))

        meta = Meta.from_dict(d.pop("meta"))

        status = cast(Literal["success"], d.pop("status"))
        if status != "success":
            raise ValueError(f"status must match const 'success', got '{status}'")

        product_page_response = cls(
            data=data,
            meta=meta,
            status=status,
        )

        product_page_response.additional_properties = d
        return product_page_response

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
