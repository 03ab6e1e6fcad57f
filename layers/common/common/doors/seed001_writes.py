"""Seed 001's writes: the create (POST /api/admin/products) and the PATCH of the named fields,
with the bodies as the seed spells them (common/doors/seed001.py has the door's errors,
seed001_products.py its answers). Apart from the reads so that the door's get and listing load
no write code."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from common.auth.principal import Principal, Scope
from common.categories.ids import is_category_id
from common.doors.seed001 import category_slug
from common.errors import Conflict, Forbidden, ValidationFailed, from_validation_errors
from common.products import service
from common.products.models import Product as DomainProduct
from common.products.validators import Amount, ProductAttributes, Quantity, Sku
from common.text import Identifier, LongText, Name, ShortText, Tag, Text


# ------------------------------------------------------------------ requests ----------------
class _Input(BaseModel):
    """Bodies as the seed spells them (camelCase aliases of the canonical names); anything
    else is refused, as on the canonical API."""

    model_config = ConfigDict(extra="forbid")


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


# ------------------------------------------------------------------ categories --------------
def category_id(principal: Principal, name: str) -> str:
    """The id of the category named `name` (by slug), created on first use. Creating one is
    a category write: the domain allows it to tenant-wide clients with `categories:write`."""
    if is_category_id(name):
        return name
    # Imported here: only a body that names a category by name reads or makes categories.
    from common.categories import service as categories
    from common.categories.models import CategoryInput
    from common.storage import categories_repository as repository

    slug = category_slug(name)
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
