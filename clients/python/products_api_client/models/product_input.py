from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.currency import Currency, check_currency
from ..models.product_input_status import ProductInputStatus, check_product_input_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.image import Image
    from ..models.location import Location
    from ..models.product_input_attributes import ProductInputAttributes
    from ..models.product_input_specifications import ProductInputSpecifications
    from ..models.recurrence import Recurrence
    from ..models.tax import Tax
    from ..models.variant_input import VariantInput


T = TypeVar("T", bound="ProductInput")


@_attrs_define
class ProductInput:
    """Body of create and PUT, and the result of applying a PATCH. Unknown fields are refused
    (mass assignment of id, version, tenant_id... is impossible).

        Attributes:
            name (str):
            price (float):
            attributes (ProductInputAttributes | Unset):
            barcode (None | str | Unset):
            business_id (None | str | Unset):
            category_id (None | str | Unset):
            cost_price (float | None | Unset):
            currency (Currency | Unset): An ISO 4217 currency code
            customer_id (None | str | Unset):
            description (None | str | Unset):
            detailed_description (None | str | Unset):
            images (list[Image | str] | Unset):
            ingredients (list[str] | Unset):
            inventory (int | None | Unset):
            is_physical (bool | Unset):  Default: True.
            location (Location | None | Unset):
            low_stock_threshold (int | None | Unset):
            product_type_id (None | str | Unset):
            recurrence (None | Recurrence | Unset):
            related_product_ids (list[str] | Unset):
            short_description (None | str | Unset):
            sku (None | str | Unset):
            specifications (ProductInputSpecifications | Unset):
            status (ProductInputStatus | Unset):  Default: 'active'.
            stock (int | None | Unset): another name for inventory
            tags (list[str] | Unset):
            taxes (list[Tax] | Unset):
            variants (list[VariantInput] | Unset):
    """

    name: str
    price: float
    attributes: ProductInputAttributes | Unset = UNSET
    barcode: str | Unset | None = UNSET
    business_id: str | Unset | None = UNSET
    category_id: str | Unset | None = UNSET
    cost_price: float | Unset | None = UNSET
    currency: Currency | Unset = UNSET
    customer_id: str | Unset | None = UNSET
    description: str | Unset | None = UNSET
    detailed_description: str | Unset | None = UNSET
    images: list[Image | str] | Unset = UNSET
    ingredients: list[str] | Unset = UNSET
    inventory: int | Unset | None = UNSET
    is_physical: bool | Unset = True
    location: Location | Unset | None = UNSET
    low_stock_threshold: int | Unset | None = UNSET
    product_type_id: str | Unset | None = UNSET
    recurrence: Recurrence | Unset | None = UNSET
    related_product_ids: list[str] | Unset = UNSET
    short_description: str | Unset | None = UNSET
    sku: str | Unset | None = UNSET
    specifications: ProductInputSpecifications | Unset = UNSET
    status: ProductInputStatus | Unset = "active"
    stock: int | Unset | None = UNSET
    tags: list[str] | Unset = UNSET
    taxes: list[Tax] | Unset = UNSET
    variants: list[VariantInput] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.image import Image
        from ..models.location import Location
        from ..models.recurrence import Recurrence

        name = self.name

        price = self.price

        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

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

        currency: str | Unset = UNSET
        if not isinstance(self.currency, Unset):
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

        images: list[dict[str, Any] | str] | Unset = UNSET
        if not isinstance(self.images, Unset):
            images = []
            for images_item_data in self.images:
                images_item: dict[str, Any] | str
                if isinstance(images_item_data, Image):
                    images_item = images_item_data.to_dict()
                else:
                    images_item = images_item_data
                images.append(images_item)

        ingredients: list[str] | Unset = UNSET
        if not isinstance(self.ingredients, Unset):
            ingredients = self.ingredients

        inventory: int | Unset | None
        if isinstance(self.inventory, Unset):
            inventory = UNSET
        else:
            inventory = self.inventory

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

        related_product_ids: list[str] | Unset = UNSET
        if not isinstance(self.related_product_ids, Unset):
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

        specifications: dict[str, Any] | Unset = UNSET
        if not isinstance(self.specifications, Unset):
            specifications = self.specifications.to_dict()

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status

        stock: int | Unset | None
        if isinstance(self.stock, Unset):
            stock = UNSET
        else:
            stock = self.stock

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        taxes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.taxes, Unset):
            taxes = []
            for taxes_item_data in self.taxes:
                taxes_item = taxes_item_data.to_dict()
                taxes.append(taxes_item)

        variants: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.variants, Unset):
            variants = []
            for variants_item_data in self.variants:
                variants_item = variants_item_data.to_dict()
                variants.append(variants_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "price": price,
            }
        )
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
        from ..models.product_input_attributes import ProductInputAttributes
        from ..models.product_input_specifications import ProductInputSpecifications
        from ..models.recurrence import Recurrence
        from ..models.tax import Tax
        from ..models.variant_input import VariantInput

        d = dict(src_dict)
        name = d.pop("name")

        price = d.pop("price")

        _attributes = d.pop("attributes", UNSET)
        attributes: ProductInputAttributes | Unset
        if isinstance(_attributes, Unset):
            attributes = UNSET
        else:
            attributes = ProductInputAttributes.from_dict(_attributes)

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

        _currency = d.pop("currency", UNSET)
        currency: Currency | Unset
        if isinstance(_currency, Unset):
            currency = UNSET
        else:
            currency = check_currency(_currency)

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

        _images = d.pop("images", UNSET)
        images: list[Image | str] | Unset = UNSET
        if _images is not UNSET:
            images = []
            for images_item_data in _images:

                def _parse_images_item(data: object) -> Image | str:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        images_item_type_0 = Image.from_dict(data)

                        return images_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    return cast(Image | str, data)

                images_item = _parse_images_item(images_item_data)

                images.append(images_item)

        ingredients = cast(list[str], d.pop("ingredients", UNSET))

        def _parse_inventory(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        inventory = _parse_inventory(d.pop("inventory", UNSET))

        is_physical = d.pop("is_physical", UNSET)

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

        related_product_ids = cast(list[str], d.pop("related_product_ids", UNSET))

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

        _specifications = d.pop("specifications", UNSET)
        specifications: ProductInputSpecifications | Unset
        if isinstance(_specifications, Unset):
            specifications = UNSET
        else:
            specifications = ProductInputSpecifications.from_dict(_specifications)

        _status = d.pop("status", UNSET)
        status: ProductInputStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = check_product_input_status(_status)

        def _parse_stock(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        stock = _parse_stock(d.pop("stock", UNSET))

        tags = cast(list[str], d.pop("tags", UNSET))

        _taxes = d.pop("taxes", UNSET)
        taxes: list[Tax] | Unset = UNSET
        if _taxes is not UNSET:
            taxes = []
            for taxes_item_data in _taxes:
                taxes_item = Tax.from_dict(taxes_item_data)

                taxes.append(taxes_item)

        _variants = d.pop("variants", UNSET)
        variants: list[VariantInput] | Unset = UNSET
        if _variants is not UNSET:
            variants = []
            for variants_item_data in _variants:
                variants_item = VariantInput.from_dict(variants_item_data)

                variants.append(variants_item)

        product_input = cls(
            name=name,
            price=price,
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

        return product_input
