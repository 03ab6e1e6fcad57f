"""Seed 001's door: the MOOD MNKY storefront's products API, at the root and under /compat/001
(docs/seed-mapping.md, seed 001).

  GET    /api/products                    page, limit, category, search, sort, order (default
                                          asc) -> {"products": [...], "pagination": {total,
                                          pages, page, limit}}: the listing, page numbers
  GET    /api/products/{productId}        the product, with ETag (If-None-Match -> 304)
  POST   /api/admin/products              the create -> 201 the product (Idempotency-Key)
  PATCH  /api/admin/products/{productId}  the PUT of the named fields -> 200 (If-Match)
  DELETE /api/admin/products/{productId}  the delete -> {"success": true, "message", "id"}

Fields are camelCase. `category` is a category's name: found by its slug (the name itself when
it is one, else the slug derived from it), and created on first use by a write; answers show
the category's name. `inventory` is the units available (with variants, the sum of theirs).
Errors are `{"error": message, "code", "details": [{field, message}]}`, fields named as the
seed names them.

This module has the answers and the errors, which every function of the door needs; the bodies
and writes are in seed001_writes.py, the listing's query in seed001_listing.py, so that the get
loads neither (cold starts, docs/performance.md).
"""

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic.alias_generators import to_camel

from common.auth.principal import Principal
from common.categories.ids import SLUG_PATTERN, slugify
from common.errors import ApiError, NotFound, ServiceUnavailable, ValidationFailed
from common.http import RETRY_AFTER_SECONDS
from common.products.models import Product as DomainProduct
from common.representation import Number
from common.text import fullmatch

PREFIX = "/compat/001"
DELETED = "Product successfully deleted"
# How errors begin for a field or parameter the request should not have sent (pydantic's
# and common/http/parameters.py's): those are named as sent.
UNKNOWN_NAME = ("Extra inputs are not permitted", "unknown query parameter")
# The canonical names of the fields seed 001 spells otherwise (errors name the seed's).
SEED_NAMES = {
    "detailed_description": "detailedDescription",
    "category_id": "category",
    "related_product_ids": "relatedProducts",
    "in_stock": "inStock",
    "created_at": "createdAt",
    "updated_at": "updatedAt",
}


# ------------------------------------------------------------------ responses ---------------
class _Output(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, validate_by_name=True, serialize_by_alias=True
    )


class Image(_Output):
    url: str
    alt: str | None


class Variant(_Output):
    id: str
    name: str
    price: Number
    sku: str | None


class VariantDetail(Variant):
    inventory: int


class ProductSummary(_Output):
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


class Product(_Output):
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


class Pagination(_Output):
    total: int
    pages: int
    page: int
    limit: int


class ProductList(_Output):
    products: list[ProductSummary]
    pagination: Pagination


class Deleted(_Output):
    success: bool
    message: str
    id: str


# One field at fault: {"field", "message"} (a plain object in the schema, nothing to resolve).
_DETAIL = {
    "type": "object",
    "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
    "required": ["field", "message"],
}


class ErrorBody(BaseModel):
    """Every error the door's functions answer."""

    error: str = Field(description="what went wrong")
    code: str = Field(description="the canonical API's error code (docs/decisions.md)")
    details: Annotated[
        list[dict[str, str]], WithJsonSchema({"type": "array", "items": _DETAIL})
    ] = Field(description="each field at fault, as the seed names it")


# ------------------------------------------------------------------ categories --------------
def category_slug(name: str) -> str:
    """The slug a category name is found by: the name itself when it is one, else the slug
    made from it (the writes create the category under it; the listing looks it up)."""
    slug = name if fullmatch(SLUG_PATTERN, name) else slugify(name)
    if not slug:
        message = "a category name needs a Latin letter or a digit (its slug is made of them)"
        raise ValidationFailed(details=[{"field": "category", "message": message}])
    return slug


def category_names(principal: Principal, products: list[DomainProduct]) -> dict[str, str]:
    """The names of the products' categories, in one read (none when no product has one)."""
    ids = [p.category_id for p in products if p.category_id]
    if not ids:
        return {}
    from common.storage import categories_repository as repository

    try:
        found = repository.get_many(principal.mode, principal.tenant_id, ids)
    except repository.Throttled:
        raise ServiceUnavailable(headers={"Retry-After": RETRY_AFTER_SECONDS}) from None
    return {category_id: category.name for category_id, category in found.items()}


# ------------------------------------------------------------------ answers -----------------
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


def deleted(product_id: str) -> dict[str, Any]:
    return Deleted(success=True, message=DELETED, id=product_id).model_dump()


# ------------------------------------------------------------------ errors ------------------
def _seed_field(field: str) -> str:
    """`related_product_ids[2]` -> `relatedProducts[2]`: the first name as the seed spells it."""
    for canonical, seed in SEED_NAMES.items():
        if field == canonical or field.startswith((f"{canonical}[", f"{canonical}.")):
            return seed + field[len(canonical) :]
    return field


def _as_named(field: str, message: str) -> str:
    """A field the request was refused for sending is named as it was sent."""
    return field if message.startswith(UNKNOWN_NAME) else _seed_field(field)


def error_body(error: ApiError, request_id: str) -> dict[str, Any]:
    """`{"error", "code", "details"}`: the domain's message and code, its details with the
    seed's field names (a product not found says so plainly)."""
    message = error.message
    if isinstance(error, NotFound) and message.startswith("Product with ID"):
        message = "Product not found"
    details = error.details if isinstance(error.details, list) else []
    problems = [
        {"field": _as_named(str(d["field"]), str(d["message"])), "message": str(d["message"])}
        for d in details
        if isinstance(d, dict) and "field" in d and "message" in d
    ]
    return ErrorBody(error=message, code=error.code, details=problems).model_dump()
