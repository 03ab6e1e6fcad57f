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

This module has the errors and the delete's answer, which every function of the door needs. A
product as the seed shows it is seed001_products.py (the get, the listing and the writes answer
with it); the bodies and writes are seed001_writes.py, the listing's query seed001_listing.py.
So the get loads neither the writes nor the listing, and the delete no product representation
(cold starts, docs/performance.md).
"""

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic.alias_generators import to_camel

from common.auth.principal import Principal
from common.categories.ids import SLUG_PATTERN, slugify
from common.errors import ApiError, NotFound, ServiceUnavailable, ValidationFailed
from common.http import RETRY_AFTER_SECONDS
from common.products.models import Product as DomainProduct
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
class CamelOutput(BaseModel):
    """An answer in the seed's camelCase."""

    model_config = ConfigDict(
        alias_generator=to_camel, validate_by_name=True, serialize_by_alias=True
    )


class Deleted(CamelOutput):
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
