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
"""

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
)
from pydantic.alias_generators import to_camel

from common.auth.principal import Principal, Scope
from common.categories.models import SLUG_PATTERN, is_category_id, slugify
from common.errors import (
    ApiError,
    Conflict,
    Forbidden,
    NotFound,
    ServiceUnavailable,
    ValidationFailed,
    from_validation_errors,
)
from common.http import RETRY_AFTER_SECONDS
from common.products import service
from common.products.models import Product as DomainProduct
from common.products.query import DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE, ProductQuery
from common.products.validators import Amount, ProductAttributes, Quantity, Sku
from common.representation import Number
from common.text import Identifier, LongText, Name, ShortText, Tag, Text, fullmatch

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


# ------------------------------------------------------------------ requests ----------------
class _Input(BaseModel):
    """Bodies as the seed spells them (camelCase aliases of the canonical names); anything
    else is refused, as on the canonical API."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class ImageInput(_Input):
    url: str = Field(max_length=2048, description="an absolute https URL")
    alt: ShortText | None = None


class VariantInput(_Input):
    id: Identifier | None = Field(None, description="keeps an existing variant (PATCH)")
    name: Name
    price: Amount | None = Field(None, description="defaults to the product's price")
    sku: Sku | None = None
    inventory: Quantity | None = None


class ProductPatch(_Input):
    """PATCH: the fields named replace the stored ones (null clears one); the others stay."""

    name: Name | None = None
    description: Text | None = None
    detailed_description: LongText | None = Field(None, alias="detailedDescription")
    price: Amount | None = None
    category: Name | None = Field(None, description="a category name, created on first use")
    tags: list[Tag] | None = None
    ingredients: list[Name] | None = None
    specifications: ProductAttributes | None = None
    images: list[ImageInput] | None = None
    inventory: Quantity | None = Field(None, description="units available")
    variants: list[VariantInput] | None = None
    related_product_ids: list[Identifier] | None = Field(None, alias="relatedProducts")


class ProductCreate(ProductPatch):
    """POST: `name` and `price` are required."""

    name: Name
    price: Amount


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


class ListingQuery(BaseModel):
    """The seed's listing parameters."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    page: int = Field(default=1, ge=1, le=MAX_PAGE)
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    category: Name | None = None
    search: Name | None = None
    sort: Literal["price", "name", "created_at", "updated_at"] | None = None
    order: Annotated[Literal["asc", "desc"], BeforeValidator(_lower)] = "asc"


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
def _category_slug(name: str) -> str:
    slug = name if fullmatch(SLUG_PATTERN, name) else slugify(name)
    if not slug:
        message = "a category name needs a Latin letter or a digit (its slug is made of them)"
        raise ValidationFailed(details=[{"field": "category", "message": message}])
    return slug


def category_id(principal: Principal, name: str) -> str:
    """The id of the category named `name` (by slug), created on first use. Creating one is
    a category write: the domain allows it to tenant-wide clients with `categories:write`."""
    if is_category_id(name):
        return name
    # Imported here: only writes and filters that name a category read the categories.
    from common.categories import service as categories
    from common.categories.models import CategoryInput
    from common.storage import categories_repository as repository

    slug = _category_slug(name)
    found = repository.id_of_slug(principal.mode, principal.tenant_id, slug)
    if found is not None:
        return found
    try:
        return categories.create_category(principal, CategoryInput(name=name, slug=slug)).id
    except Forbidden as refused:
        raise Forbidden(
            f"Category '{name}' does not exist, and this client may not create it: "
            f"{refused.message}"
        ) from None
    except Conflict:  # another request created it meanwhile
        found = repository.id_of_slug(principal.mode, principal.tenant_id, slug)
        if found is None:
            raise
        return found


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


# ------------------------------------------------------------------ writes ------------------
def _fields(body: ProductPatch) -> dict[str, Any]:
    """The canonical fields the body names, but its category. Seed 001 gives the product's
    `inventory` beside its variants' as their sum: with variants it is dropped when it is
    that sum (and refused otherwise)."""
    named = body.model_fields_set
    fields = body.model_dump(include=named - {"category", "images", "variants"})
    if "images" in named:
        images = body.images
        fields["images"] = (
            None if images is None else [i.model_dump(exclude_none=True) for i in images]
        )
    if "variants" in named:
        variants = body.variants
        fields["variants"] = (
            None if variants is None else [v.model_dump(exclude_none=True) for v in variants]
        )
        if variants is not None and body.inventory is not None:
            stocks = [variant.inventory for variant in variants]
            total = sum(stock or 0 for stock in stocks)
            if None in stocks or total != body.inventory:
                message = f"with variants, inventory is the sum of theirs ({total})"
                raise ValidationFailed(details=[{"field": "inventory", "message": message}])
            del fields["inventory"]
    return fields


def _with_category(principal: Principal, body: ProductPatch, fields: dict[str, Any]) -> None:
    """`category_id` for the category the body names (null: none), made on first use."""
    if "category" in body.model_fields_set:
        name = body.category
        fields["category_id"] = category_id(principal, name) if name is not None else None


def create(principal: Principal, body: ProductCreate) -> DomainProduct:
    """The canonical create of the body's product, validated as the canonical body before its
    category is found or made."""
    from common.products.inputs import ProductInput

    principal.require(Scope.PRODUCTS_WRITE)  # before a category is made for it
    try:
        payload = ProductInput.model_validate(_fields(body))
    except ValidationError as exc:
        raise from_validation_errors(exc.errors()) from exc
    category: dict[str, Any] = {}
    _with_category(principal, body, category)
    return service.create_product(principal, payload.model_copy(update=category))


def update(
    principal: Principal, product_id: str, body: ProductPatch, if_match: str | None
) -> DomainProduct:
    """The canonical PUT of the fields the body names (the others stay)."""
    principal.require(Scope.PRODUCTS_WRITE)
    fields = _fields(body)
    _with_category(principal, body, fields)
    return service.replace_product(principal, product_id, fields, if_match)


# ------------------------------------------------------------------ reads -------------------
def listing_query(principal: Principal, query: ListingQuery) -> ProductQuery | None:
    """The canonical listing query (with its exact total); None when the category named does
    not exist (nothing can match: no category is created by a read)."""
    found = None
    if query.category is not None:
        principal.require(Scope.PRODUCTS_READ)
        if not is_category_id(query.category):
            from common.storage import categories_repository as repository

            slug = _category_slug(query.category)
            found = repository.id_of_slug(principal.mode, principal.tenant_id, slug)
            if found is None:
                return None
        else:
            found = query.category
    return ProductQuery(
        limit=query.limit,
        page=query.page,
        sort=query.sort,
        order=query.order,
        search=query.search,
        category_id=found,
        include_total=True,
    )


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
