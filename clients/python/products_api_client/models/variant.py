from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.inventory import Inventory
    from ..models.variant_attributes import VariantAttributes


T = TypeVar("T", bound="Variant")


@_attrs_define
class Variant:
    """
    Attributes:
        attributes (VariantAttributes):
        id (str):
        inventory (Inventory): Units of stock: `available` can be reserved or sold; `reserved` is held for orders
            until committed (sold) or released.
        name (str):
        price (float):
        sku (None | str):
    """

    attributes: VariantAttributes
    id: str
    inventory: Inventory
    name: str
    price: float
    sku: str | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attributes = self.attributes.to_dict()

        id = self.id

        inventory = self.inventory.to_dict()

        name = self.name

        price = self.price

        sku: str | None
        sku = self.sku

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attributes": attributes,
                "id": id,
                "inventory": inventory,
                "name": name,
                "price": price,
                "sku": sku,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.inventory import Inventory
        from ..models.variant_attributes import VariantAttributes

        d = dict(src_dict)
        attributes = VariantAttributes.from_dict(d.pop("attributes"))

        id = d.pop("id")

        inventory = Inventory.from_dict(d.pop("inventory"))

        name = d.pop("name")

        price = d.pop("price")

        def _parse_sku(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        sku = _parse_sku(d.pop("sku"))

        variant = cls(
            attributes=attributes,
            id=id,
            inventory=inventory,
            name=name,
            price=price,
            sku=sku,
        )

        variant.additional_properties = d
        return variant

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
