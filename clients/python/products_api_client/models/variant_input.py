from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.variant_input_attributes import VariantInputAttributes


T = TypeVar("T", bound="VariantInput")


@_attrs_define
class VariantInput:
    """
    Attributes:
        name (str):
        attributes (VariantInputAttributes | Unset):
        id (None | str | Unset): keep an existing variant's id
        inventory (int | None | Unset):
        price (float | None | Unset): defaults to the product's price
        sku (None | str | Unset):
    """

    name: str
    attributes: VariantInputAttributes | Unset = UNSET
    id: str | Unset | None = UNSET
    inventory: int | Unset | None = UNSET
    price: float | Unset | None = UNSET
    sku: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

        id: str | Unset | None
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        inventory: int | Unset | None
        if isinstance(self.inventory, Unset):
            inventory = UNSET
        else:
            inventory = self.inventory

        price: float | Unset | None
        if isinstance(self.price, Unset):
            price = UNSET
        else:
            price = self.price

        sku: str | Unset | None
        if isinstance(self.sku, Unset):
            sku = UNSET
        else:
            sku = self.sku

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if id is not UNSET:
            field_dict["id"] = id
        if inventory is not UNSET:
            field_dict["inventory"] = inventory
        if price is not UNSET:
            field_dict["price"] = price
        if sku is not UNSET:
            field_dict["sku"] = sku

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.variant_input_attributes import VariantInputAttributes

        d = dict(src_dict)
        name = d.pop("name")

        _attributes = d.pop("attributes", UNSET)
        attributes: VariantInputAttributes | Unset
        if isinstance(_attributes, Unset):
            attributes = UNSET
        else:
            attributes = VariantInputAttributes.from_dict(_attributes)

        def _parse_id(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        def _parse_inventory(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        inventory = _parse_inventory(d.pop("inventory", UNSET))

        def _parse_price(data: object) -> float | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        price = _parse_price(d.pop("price", UNSET))

        def _parse_sku(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sku = _parse_sku(d.pop("sku", UNSET))

        variant_input = cls(
            name=name,
            attributes=attributes,
            id=id,
            inventory=inventory,
            price=price,
            sku=sku,
        )

        return variant_input
