from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.currency import Currency, check_currency
from ..models.product_update_status_type_0 import (
    ProductUpdateStatusType0,
    check_product_update_status_type_0,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.image import Image
    from ..models.location import Location
    from ..models.product_update_attributes_type_0 import ProductUpdateAttributesType0
    from ..models.product_update_specifications_type_0 import ProductUpdateSpecificationsType0
    from ..models.recurrence import Recurrence
    from ..models.tax import Tax
    from ..models.variant_input import VariantInput


T = TypeVar("T", bound="ProductUpdate")


@_attrs_define
class ProductUpdate:
    """Body of PUT: the fields named replace the stored ones; the others stay.

    Attributes:
        attributes (None | ProductUpdateAttributesType0 | Unset):
        barcode (None | str | Unset):
        business_id (None | str | Unset):
        category_id (None | str | Unset):
        cost_price (float | None | Unset):
        currency (Currency | None | Unset):
        customer_id (None | str | Unset):
        description (None | str | Unset):
        detailed_description (None | str | Unset):
        images (list[Image | str] | None | Unset):
        ingredients (list[str] | None | Unset):
        inventory (int | None | Unset):
        is_physical (bool | None | Unset):
        location (Location | None | Unset):
        low_stock_threshold (int | None | Unset):
        name (str | Unset):
        price (float | Unset):
        product_type_id (None | str | Unset):
        recurrence (None | Recurrence | Unset):
        related_product_ids (list[str] | None | Unset):
        short_description (None | str | Unset):
        sku (None | str | Unset):
        specifications (None | ProductUpdateSpecificationsType0 | Unset):
        status (None | ProductUpdateStatusType0 | Unset):
        stock (int | None | Unset): another name for inventory
        tags (list[str] | None | Unset):
        taxes (list[Tax] | None | Unset):
        variants (list[VariantInput] | None | Unset):
    """

    attributes: ProductUpdateAttributesType0 | Unset | None = UNSET
    barcode: str | Unset | None = UNSET
    business_id: str | Unset | None = UNSET
    category_id: str | Unset | None = UNSET
    cost_price: float | Unset | None = UNSET
    currency: Currency | Unset | None = UNSET
    customer_id: str | Unset | None = UNSET
    description: str | Unset | None = UNSET
    detailed_description: str | Unset | None = UNSET
    images: list[Image | str] | Unset | None = UNSET
    ingredients: list[str] | Unset | None = UNSET
    inventory: int | Unset | None = UNSET
    is_physical: bool | Unset | None = UNSET
    location: Location | Unset | None = UNSET
    low_stock_threshold: int | Unset | None = UNSET
    name: str | Unset = UNSET
    price: float | Unset = UNSET
    product_type_id: str | Unset | None = UNSET
    recurrence: Recurrence | Unset | None = UNSET
    related_product_ids: list[str] | Unset | None = UNSET
    short_description: str | Unset | None = UNSET
    sku: str | Unset | None = UNSET
    specifications: ProductUpdateSpecificationsType0 | Unset | None = UNSET
    status: ProductUpdateStatusType0 | Unset | None = UNSET
    stock: int | Unset | None = UNSET
    tags: list[str] | Unset | None = UNSET
    taxes: list[Tax] | Unset | None = UNSET
    variants: list[VariantInput] | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.image import Image
        from ..models.location import Location
        from ..models.product_update_attributes_type_0 import ProductUpdateAttributesType0
        from ..models.product_update_specifications_type_0 import ProductUpdateSpecificationsType0
        from ..models.recurrence import Recurrence

        attributes: dict[str, Any] | Unset | None
        if isinstance(self.attributes, Unset):
            attributes = UNSET
        elif isinstance(self.attributes, ProductUpdateAttributesType0):
            attributes = self.attributes.to_dict()
        else:
            attributes = self.attributes

        barcode: str | Unset | None
        if isinstance(self.barcode, Unset):
            barcode = UNSET
        else:
            barcode = self.barcode

        business_id: str | Unset | None
        if isinstance(self.business_id, Unset):
            business_id = UNSET
        else:
            business_id = self.business_id

        category_id: str | Unset | None
        if isinstance(self.category_id, Unset):
            category_id = UNSET
        else:
            category_id = self.category_id

        cost_price: float | Unset | None
        if isinstance(self.cost_price, Unset):
            cost_price = UNSET
        else:
            cost_price = self.cost_price

        currency: str | Unset | None
        if isinstance(self.currency, Unset):
            currency = UNSET
        elif isinstance(self.currency, str):
            currency = self.currency
        else:
            currency = self.currency

        customer_id: str | Unset | None
        if isinstance(self.customer_id, Unset):
            customer_id = UNSET
        else:
            customer_id = self.customer_id

        description: str | Unset | None
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        detailed_description: str | Unset | None
        if isinstance(self.detailed_description, Unset):
            detailed_description = UNSET
        else:
            detailed_description = self.detailed_description

        images: list[dict[str, Any] | str] | Unset | None
        if isinstance(self.images, Unset):
            images = UNSET
        elif isinstance(self.images, list):
            images = []
            for images_type_0_item_data in self.images:
                images_type_0_item: dict[str, Any] | str
                if isinstance(images_type_0_item_data, Image):
                    images_type_0_item = images_type_0_item_data.to_dict()
                else:
                    images_type_0_item = images_type_0_item_data
                images.append(images_type_0_item)

        else:
            images = self.images

        ingredients: list[str] | Unset | None
        if isinstance(self.ingredients, Unset):
            ingredients = UNSET
        elif isinstance(self.ingredients, list):
            ingredients = self.ingredients

        else:
            ingredients = self.ingredients

        inventory: int | Unset | None
        if isinstance(self.inventory, Unset):
            inventory = UNSET
        else:
            inventory = self.inventory

        is_physical: bool | Unset | None
        if isinstance(self.is_physical, Unset):
            is_physical = UNSET
        else:
            is_physical = self.is_physical

        location: dict[str, Any] | Unset | None
        if isinstance(self.location, Unset):
            location = UNSET
        elif isinstance(self.location, Location):
            location = self.location.to_dict()
        else:
            location = self.location

        low_stock_threshold: int | Unset | None
        if isinstance(self.low_stock_threshold, Unset):
            low_stock_threshold = UNSET
        else:
            low_stock_threshold = self.low_stock_threshold

        name = self.name

        price = self.price

        product_type_id: str | Unset | None
        if isinstance(self.product_type_id, Unset):
            product_type_id = UNSET
        else:
            product_type_id = self.product_type_id

        recurrence: dict[str, Any] | Unset | None
        if isinstance(self.recurrence, Unset):
            recurrence = UNSET
        elif isinstance(self.recurrence, Recurrence):
            recurrence = self.recurrence.to_dict()
        else:
            recurrence = self.recurrence

        related_product_ids: list[str] | Unset | None
        if isinstance(self.related_product_ids, Unset):
            related_product_ids = UNSET
        elif isinstance(self.related_product_ids, list):
            related_product_ids = self.related_product_ids

        else:
            related_product_ids = self.related_product_ids

        short_description: str | Unset | None
        if isinstance(self.short_description, Unset):
            short_description = UNSET
        else:
            short_description = self.short_description

        sku: str | Unset | None
        if isinstance(self.sku, Unset):
            sku = UNSET
        else:
            sku = self.sku

        specifications: dict[str, Any] | Unset | None
        if isinstance(self.specifications, Unset):
            specifications = UNSET
        elif isinstance(self.specifications, ProductUpdateSpecificationsType0):
            specifications = self.specifications.to_dict()
        else:
            specifications = self.specifications

        status: str | Unset | None
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, str):
            status = self.status
        else:
            status = self.status

        stock: int | Unset | None
        if isinstance(self.stock, Unset):
            stock = UNSET
        else:
            stock = self.stock

        tags: list[str] | Unset | None
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, list):
            tags = self.tags

        else:
            tags = self.tags

        taxes: list[dict[str, Any]] | Unset | None
        if isinstance(self.taxes, Unset):
            taxes = UNSET
        elif isinstance(self.taxes, list):
            taxes = []
            for taxes_type_0_item_data in self.taxes:
                taxes_type_0_item = taxes_type_0_item_data.to_dict()
                taxes.append(taxes_type_0_item)

        else:
            taxes = self.taxes

        variants: list[dict[str, Any]] | Unset | None
        if isinstance(self.variants, Unset):
            variants = UNSET
        elif isinstance(self.variants, list):
            variants = []
            for variants_type_0_item_data in self.variants:
                variants_type_0_item = variants_type_0_item_data.to_dict()
                variants.append(variants_type_0_item)

        else:
            variants = self.variants

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if barcode is not UNSET:
            field_dict["barcode"] = barcode
        if business_id is not UNSET:
            field_dict["business_id"] = business_id
        if category_id is not UNSET:
            field_dict["category_id"] = category_id
        if cost_price is not UNSET:
            field_dict["cost_price"] = cost_price
        if currency is not UNSET:
            field_dict["currency"] = currency
        if customer_id is not UNSET:
            field_dict["customer_id"] = customer_id
        if description is not UNSET:
            field_dict["description"] = description
        if detailed_description is not UNSET:
            field_dict["detailed_description"] = detailed_description
        if images is not UNSET:
            field_dict["images"] = images
        if ingredients is not UNSET:
            field_dict["ingredients"] = ingredients
        if inventory is not UNSET:
            field_dict["inventory"] = inventory
        if is_physical is not UNSET:
            field_dict["is_physical"] = is_physical
        if location is not UNSET:
            field_dict["location"] = location
        if low_stock_threshold is not UNSET:
            field_dict["low_stock_threshold"] = low_stock_threshold
        if name is not UNSET:
            field_dict["name"] = name
        if price is not UNSET:
            field_dict["price"] = price
        if product_type_id is not UNSET:
            field_dict["product_type_id"] = product_type_id
        if recurrence is not UNSET:
            field_dict["recurrence"] = recurrence
        if related_product_ids is not UNSET:
            field_dict["related_product_ids"] = related_product_ids
        if short_description is not UNSET:
            field_dict["short_description"] = short_description
        if sku is not UNSET:
            field_dict["sku"] = sku
        if specifications is not UNSET:
            field_dict["specifications"] = specifications
        if status is not UNSET:
            field_dict["status"] = status
        if stock is not UNSET:
            field_dict["stock"] = stock
        if tags is not UNSET:
            field_dict["tags"] = tags
        if taxes is not UNSET:
            field_dict["taxes"] = taxes
        if variants is not UNSET:
            field_dict["variants"] = variants

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.image import Image
        from ..models.location import Location
        from ..models.product_update_attributes_type_0 import ProductUpdateAttributesType0
        from ..models.product_update_specifications_type_0 import ProductUpdateSpecificationsType0
        from ..models.recurrence import Recurrence
        from ..models.tax import Tax
        from ..models.variant_input import VariantInput

        d = dict(src_dict)

        def _parse_attributes(data: object) -> ProductUpdateAttributesType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                attributes_type_0 = ProductUpdateAttributesType0.from_dict(data)

                return attributes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProductUpdateAttributesType0 | Unset, data)

        attributes = _parse_attributes(d.pop("attributes", UNSET))

        def _parse_barcode(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        barcode = _parse_barcode(d.pop("barcode", UNSET))

        def _parse_business_id(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        business_id = _parse_business_id(d.pop("business_id", UNSET))

        def _parse_category_id(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        category_id = _parse_category_id(d.pop("category_id", UNSET))

        def _parse_cost_price(data: object) -> float | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        cost_price = _parse_cost_price(d.pop("cost_price", UNSET))

        def _parse_currency(data: object) -> Currency | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                currency_type_0 = check_currency(data)

                return currency_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Currency | None | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        def _parse_customer_id(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        customer_id = _parse_customer_id(d.pop("customer_id", UNSET))

        def _parse_description(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_detailed_description(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detailed_description = _parse_detailed_description(d.pop("detailed_description", UNSET))

        def _parse_images(data: object) -> list[Image | str] | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                images_type_0 = []
                _images_type_0 = data
                for images_type_0_item_data in _images_type_0:

                    def _parse_images_type_0_item(data: object) -> Image | str:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            images_type_0_item_type_0 = Image.from_dict(data)

                            return images_type_0_item_type_0
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        return cast(Image | str, data)

                    images_type_0_item = _parse_images_type_0_item(images_type_0_item_data)

                    images_type_0.append(images_type_0_item)

                return images_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Image | str] | None | Unset, data)

        images = _parse_images(d.pop("images", UNSET))

        def _parse_ingredients(data: object) -> list[str] | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                ingredients_type_0 = cast(list[str], data)

                return ingredients_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        ingredients = _parse_ingredients(d.pop("ingredients", UNSET))

        def _parse_inventory(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        inventory = _parse_inventory(d.pop("inventory", UNSET))

        def _parse_is_physical(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_physical = _parse_is_physical(d.pop("is_physical", UNSET))

        def _parse_location(data: object) -> Location | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                location_type_0 = Location.from_dict(data)

                return location_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Location | None | Unset, data)

        location = _parse_location(d.pop("location", UNSET))

        def _parse_low_stock_threshold(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        low_stock_threshold = _parse_low_stock_threshold(d.pop("low_stock_threshold", UNSET))

        name = d.pop("name", UNSET)

        price = d.pop("price", UNSET)

        def _parse_product_type_id(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        product_type_id = _parse_product_type_id(d.pop("product_type_id", UNSET))

        def _parse_recurrence(data: object) -> Recurrence | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                recurrence_type_0 = Recurrence.from_dict(data)

                return recurrence_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Recurrence | Unset, data)

        recurrence = _parse_recurrence(d.pop("recurrence", UNSET))

        def _parse_related_product_ids(data: object) -> list[str] | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                related_product_ids_type_0 = cast(list[str], data)

                return related_product_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        related_product_ids = _parse_related_product_ids(d.pop("related_product_ids", UNSET))

        def _parse_short_description(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        short_description = _parse_short_description(d.pop("short_description", UNSET))

        def _parse_sku(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sku = _parse_sku(d.pop("sku", UNSET))

        def _parse_specifications(data: object) -> ProductUpdateSpecificationsType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                specifications_type_0 = ProductUpdateSpecificationsType0.from_dict(data)

                return specifications_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProductUpdateSpecificationsType0 | Unset, data)

        specifications = _parse_specifications(d.pop("specifications", UNSET))

        def _parse_status(data: object) -> ProductUpdateStatusType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = check_product_update_status_type_0(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProductUpdateStatusType0 | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_stock(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        stock = _parse_stock(d.pop("stock", UNSET))

        def _parse_tags(data: object) -> list[str] | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tags_type_0 = cast(list[str], data)

                return tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        def _parse_taxes(data: object) -> list[Tax] | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                taxes_type_0 = []
                _taxes_type_0 = data
                for taxes_type_0_item_data in _taxes_type_0:
                    taxes_type_0_item = Tax.from_dict(taxes_type_0_item_data)

                    taxes_type_0.append(taxes_type_0_item)

                return taxes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Tax] | None | Unset, data)

        taxes = _parse_taxes(d.pop("taxes", UNSET))

        def _parse_variants(data: object) -> list[VariantInput] | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                variants_type_0 = []
                _variants_type_0 = data
                for variants_type_0_item_data in _variants_type_0:
                    variants_type_0_item = VariantInput.from_dict(variants_type_0_item_data)

                    variants_type_0.append(variants_type_0_item)

                return variants_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[VariantInput] | None | Unset, data)

        variants = _parse_variants(d.pop("variants", UNSET))

        product_update = cls(
            attributes=attributes,
            barcode=barcode,
            business_id=business_id,
            category_id=category_id,
            cost_price=cost_price,
            currency=currency,
            customer_id=customer_id,
            description=description,
            detailed_description=detailed_description,
            images=images,
            ingredients=ingredients,
            inventory=inventory,
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
            stock=stock,
            tags=tags,
            taxes=taxes,
            variants=variants,
        )

        return product_update
