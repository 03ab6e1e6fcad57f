"""A product as seed 001 shows it: whole (the get, the create and the PATCH answer it) or
summed up in a page of the listing. Apart from what every function of the door needs
(seed001.py: its errors, the delete's answer), so that the delete loads none of it."""

from typing import Any

from common.doors.seed001 import CamelOutput
from common.products.models import Product as DomainProduct
from common.representation import Number


class Image(CamelOutput):
    url: str
    alt: str | None


class Variant(CamelOutput):
    id: str
    name: str
    price: Number
    sku: str | None


class VariantDetail(Variant):
    inventory: int


class ProductSummary(CamelOutput):
    """A product as the listing shows it."""

    id: str
    name: str
    description: str | None
    price: Number
    images: list[Image]
    category: str | None
    in_stock: bool
    variants: list[Variant]
    created_at: str
    updated_at: str


class Product(CamelOutput):
    """A product as the get, create and PATCH answer it."""

    id: str
    name: str
    description: str | None
    detailed_description: str | None
    price: Number
    images: list[Image]
    category: str | None
    tags: list[str]
    ingredients: list[str]
    specifications: dict[str, Any]
    in_stock: bool
    inventory: int
    variants: list[VariantDetail]
    related_products: list[str]
    created_at: str
    updated_at: str


class Pagination(CamelOutput):
    total: int
    pages: int
    page: int
    limit: int


class ProductList(CamelOutput):
    products: list[ProductSummary]
    pagination: Pagination


def _images(product: DomainProduct) -> list[Image]:
    return [Image(url=image.url, alt=image.alt) for image in product.images]


def as_seed001(product: DomainProduct, names: dict[str, str]) -> dict[str, Any]:
    return Product(
        id=product.id,
        name=product.name,
        description=product.description,
        detailed_description=product.detailed_description,
        price=product.price,
        images=_images(product),
        category=names.get(product.category_id or ""),
        tags=product.tags,
        ingredients=product.ingredients,
        specifications=product.specifications,
        in_stock=product.inventory.available > 0,
        inventory=product.inventory.available,
        variants=[
            VariantDetail(
                id=v.id, name=v.name, price=v.price, sku=v.sku, inventory=v.inventory.available
            )
            for v in product.variants
        ],
        related_products=product.related_product_ids,
        created_at=product.created_at,
        updated_at=product.updated_at,
    ).model_dump()


def as_summary(product: DomainProduct, names: dict[str, str]) -> dict[str, Any]:
    return ProductSummary(
        id=product.id,
        name=product.name,
        description=product.description,
        price=product.price,
        images=_images(product),
        category=names.get(product.category_id or ""),
        in_stock=product.inventory.available > 0,
        variants=[
            Variant(id=v.id, name=v.name, price=v.price, sku=v.sku) for v in product.variants
        ],
        created_at=product.created_at,
        updated_at=product.updated_at,
    ).model_dump()


def product_list(
    products: list[dict[str, Any]], total: int, page: int, limit: int
) -> dict[str, Any]:
    pagination = Pagination(total=total, pages=-(-total // limit), page=page, limit=limit)
    return {"products": products, "pagination": pagination.model_dump()}
