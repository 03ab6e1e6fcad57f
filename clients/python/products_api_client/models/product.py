from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.currency import Currency, check_currency
from ..models.product_status import ProductStatus, check_product_status
from ..models.product_stock_level import ProductStockLevel, check_product_stock_level

if TYPE_CHECKING:
    from ..models.inventory import Inventory
    from ..models.product_attributes import ProductAttributes
    from ..models.product_image import ProductImage
    from ..models.product_location import ProductLocation
    from ..models.product_recurrence import ProductRecurrence
    from ..models.product_specifications import ProductSpecifications
    from ..models.product_tax import ProductTax
    from ..models.variant import Variant


T = TypeVar("T", bound="Product")


@_attrs_define
class Product:
    """A product of the caller's catalog. With variants, its inventory is the sum of theirs.

    Attributes:
        attributes (ProductAttributes):
        barcode (None | str):
        business_id (None | str):
        category_id (None | str):
        cost_price (float | None):
        created_at (datetime.datetime):
        currency (Currency): An ISO 4217 currency code
        customer_id (None | str):
        description (None | str):
        detailed_description (None | str):
        id (str):
        images (list[ProductImage]):
        in_stock (bool): inventory.available > 0
        ingredients (list[str]):
        inventory (Inventory): Units of stock: `available` can be reserved or sold; `reserved` is held for orders
            until committed (sold) or released.
        is_active (bool): status is active
        is_physical (bool):
        location (None | ProductLocation):
        low_stock_threshold (int | None):
        name (str):
        price (float):
        product_type_id (None | str):
        recurrence (None | ProductRecurrence):
        related_product_ids (list[str]):
        short_description (None | str):
        sku (None | str):
        specifications (ProductSpecifications):
        status (ProductStatus):
        stock_level (ProductStockLevel): `low` at or below low_stock_threshold
        tags (list[str]):
        taxes (list[ProductTax]):
        test (bool): Made with a test-mode key
        updated_at (datetime.datetime):
        variants (list[Variant]):
        version (int): Bumped by every change; the ETag is `"v<version>"`
    """

    attributes: ProductAttributes
    barcode: str | None
    business_id: str | None
    category_id: str | None
    cost_price: float | None
    created_at: datetime.datetime
    currency: Currency
    customer_id: str | None
    description: str | None
    detailed_description: str | None
    id: str
    images: list[ProductImage]
    in_stock: bool
    ingredients: list[str]
    inventory: Inventory
    is_active: bool
    is_physical: bool
    location: ProductLocation | None
    low_stock_threshold: int | None
    name: str
    price: float
    product_type_id: str | None
    recurrence: ProductRecurrence | None
    related_product_ids: list[str]
    short_description: str | None
    sku: str | None
    specifications: ProductSpecifications
    status: ProductStatus
    stock_level: ProductStockLevel
    tags: list[str]
    taxes: list[ProductTax]
    test: bool
    updated_at: datetime.datetime
    variants: list[Variant]
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.product_location import ProductLocation
        from ..models.product_recurrence import ProductRecurrence

        attributes = self.attributes.to_dict()

        barcode: str | None
        barcode = self.barcode

        business_id: str | None
        business_id = self.business_id

        category_id: str | None
        category_id = self.category_id

        cost_price: float | None
        cost_price = self.cost_price

        created_at = self.created_at.isoformat()

        currency: str = self.currency

        customer_id: str | None
        customer_id = self.customer_id

        description: str | None
        description = self.description

        detailed_description: str | None
        detailed_description = self.detailed_description

        id = self.id

        images = []
        for images_item_data in self.images:
            images_item = images_item_data.to_dict()
            images.append(images_item)

        in_stock = self.in_stock

        ingredients = self.ingredients

        inventory = self.inventory.to_dict()

        is_active = self.is_active

        is_physical = self.is_physical

        location: dict[str, Any] | None
        if isinstance(self.location, ProductLocation):
            location = self.location.to_dict()
        else:
            location = self.location

        low_stock_threshold: int | None
        low_stock_threshold = self.low_stock_threshold

        name = self.name

        price = self.price

        product_type_id: str | None
        product_type_id = self.product_type_id

        recurrence: dict[str, Any] | None
        if isinstance(self.recurrence, ProductRecurrence):
            recurrence = self.recurrence.to_dict()
        else:
            recurrence = self.recurrence

        related_product_ids = self.related_product_ids

        short_description: str | None
        short_description = self.short_description

        sku: str | None
        sku = self.sku

        specifications = self.specifications.to_dict()

        status: str = self.status

        stock_level: str = self.stock_level

        tags = self.tags

        taxes = []
        for taxes_item_data in self.taxes:
            taxes_item = taxes_item_data.to_dict()
            taxes.append(taxes_item)

        test = self.test

        updated_at = self.updated_at.isoformat()

        variants = []
        for variants_item_data in self.variants:
            variants_item = variants_item_data.to_dict()
            variants.append(variants_item)

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attributes": attributes,
                "barcode": barcode,
                "business_id": business_id,
                "category_id": category_id,
                "cost_price": cost_price,
                "created_at": created_at,
                "currency": currency,
                "customer_id": customer_id,
                "description": description,
                "detailed_description": detailed_description,
                "id": id,
                "images": images,
                "in_stock": in_stock,
                "ingredients": ingredients,
                "inventory": inventory,
                "is_active": is_active,
                "is_physical": is_physical,
                "location": location,
                "low_stock_threshold": low_stock_threshold,
                "name": name,
                "price": price,
                "product_type_id": product_type_id,
                "recurrence": recurrence,
                "related_product_ids": related_product_ids,
                "short_description": short_description,
                "sku": sku,
                "specifications": specifications,
                "status": status,
                "stock_level": stock_level,
                "tags": tags,
                "taxes": taxes,
                "test": test,
                "updated_at": updated_at,
                "variants": variants,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.inventory import Inventory
        from ..models.product_attributes import ProductAttributes
        from ..models.product_image import ProductImage
        from ..models.product_location import ProductLocation
        from ..models.product_recurrence import ProductRecurrence
        from ..models.product_specifications import ProductSpecifications
        from ..models.product_tax import ProductTax
        from ..models.variant import Variant

        d = dict(src_dict)
        attributes = ProductAttributes.from_dict(d.pop("attributes"))

        def _parse_barcode(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        barcode = _parse_barcode(d.pop("barcode"))

        def _parse_business_id(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        business_id = _parse_business_id(d.pop("business_id"))

        def _parse_category_id(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        category_id = _parse_category_id(d.pop("category_id"))

        def _parse_cost_price(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        cost_price = _parse_cost_price(d.pop("cost_price"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = check_currency(d.pop("currency"))

        def _parse_customer_id(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        customer_id = _parse_customer_id(d.pop("customer_id"))

        def _parse_description(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        def _parse_detailed_description(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        detailed_description = _parse_detailed_description(d.pop("detailed_description"))

        id = d.pop("id")

        images = []
        _images = d.pop("images")
        for images_item_data in _images:
            images_item = ProductImage.from_dict(images_item_data)

            images.append(images_item)

        in_stock = d.pop("in_stock")

        ingredients = cast(list[str], d.pop("ingredients"))

        inventory = Inventory.from_dict(d.pop("inventory"))

        is_active = d.pop("is_active")

        is_physical = d.pop("is_physical")

        def _parse_location(data: object) -> ProductLocation | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                location_type_0 = ProductLocation.from_dict(data)

                return location_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProductLocation, data)

        location = _parse_location(d.pop("location"))

        def _parse_low_stock_threshold(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        low_stock_threshold = _parse_low_stock_threshold(d.pop("low_stock_threshold"))

        name = d.pop("name")

        price = d.pop("price")

        def _parse_product_type_id(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        product_type_id = _parse_product_type_id(d.pop("product_type_id"))

        def _parse_recurrence(data: object) -> ProductRecurrence | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                recurrence_type_0 = ProductRecurrence.from_dict(data)

                return recurrence_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProductRecurrence, data)

        recurrence = _parse_recurrence(d.pop("recurrence"))

        related_product_ids = cast(list[str], d.pop("related_product_ids"))

        def _parse_short_description(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        short_description = _parse_short_description(d.pop("short_description"))

        def _parse_sku(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        sku = _parse_sku(d.pop("sku"))

        specifications = ProductSpecifications.from_dict(d.pop("specifications"))

        status = check_product_status(d.pop("status"))

        stock_level = check_product_stock_level(d.pop("stock_level"))

        tags = cast(list[str], d.pop("tags"))

        taxes = []
        _taxes = d.pop("taxes")
        for taxes_item_data in _taxes:
            taxes_item = ProductTax.from_dict(taxes_item_data)

            taxes.append(taxes_item)

        test = d.pop("test")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        variants = []
        _variants = d.pop("variants")
        for variants_item_data in _variants:
            variants_item = Variant.from_dict(variants_item_data)

            variants.append(variants_item)

        version = d.pop("version")

        product = cls(
            attributes=attributes,
            barcode=barcode,
            business_id=business_id,
            category_id=category_id,
            cost_price=cost_price,
            created_at=created_at,
            currency=currency,
            customer_id=customer_id,
            description=description,
            detailed_description=detailed_description,
            id=id,
            images=images,
            in_stock=in_stock,
            ingredients=ingredients,
            inventory=inventory,
            is_active=is_active,
            is_physical=is_physical,
            location=location,
            low_stock_threshold=low_stock_threshold,
            name=name,
            price=price,
            product_type_id=product_type_id,
            recurrence=recurrence,
            related_product_ids=related_product_ids,
            short_description=short_description,
            sku=sku,
            specifications=specifications,
            status=status,
            stock_level=stock_level,
            tags=tags,
            taxes=taxes,
            test=test,
            updated_at=updated_at,
            variants=variants,
            version=version,
        )

        product.additional_properties = d
        return product

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
