"""Seed 002's door: its product listing, under /compat/002 only (docs/seed-mapping.md).

  GET /compat/002/api/v1/products
      headers  tenantId (the token's tenant, else 403), userId (the acting user),
               countryCode (products located in that country): all three required, as the
               seed marks them
      query    productSearch, productDateRange, productLowStock, productQuantity,
               productByProductTypeIds, productIds, productActive=0|1, byStates, byCities,
               byBusinessIds, order=ASC|DESC, page, limit: the canonical listing's filters
               under seed 002's names (common/products/query.py canonical_parameters)
      -> 200 {"products": [...], "totalItems", "totalPages", "currentPage"}
      -> 404 when no product matches, as the seed says

The root path is the canonical listing (it takes seed 002's parameter names too, and answers
the canonical envelope). Errors are `{"statusCode", "error", "message"}` (NestJS's shape: the
seed shows none; docs/decisions.md, "Seed doors").
"""

from http import HTTPStatus
from math import ceil
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel
from pydantic.config import JsonDict

from common.errors import ApiError, NotFound, ValidationFailed, validation_details
from common.http import fits_in_response, items_that_fit
from common.jsonio import serialize
from common.products.listing import ListingPage
from common.products.models import Product
from common.products.query import SEED_002_NAMES, ProductQuery, canonical_parameters
from common.representation import Number

PREFIX = "/compat/002"
PATH = "/api/v1/products"
NOTHING_FOUND = "No products found based on the provided criteria"

# The seed's stockLevel labels ("Low" is the one its example shows), for the domain's
# stock_level (Product.stock_level: none available, at most low_stock_threshold, else in stock).
StockLevel = Literal["Out of stock", "Low", "In stock"]
STOCK_LEVELS: dict[str, StockLevel] = {
    "out_of_stock": "Out of stock",
    "low": "Low",
    "in_stock": "In stock",
}
# The canonical field a seed-002 parameter or header became, and back (to name it in errors).
_SEED_NAME = {
    **{canonical: seed for seed, canonical in SEED_002_NAMES.items()},
    "created_from": "productDateRange",
    "created_to": "productDateRange",
    "is_active": "productActive",
    "country_code": "countryCode",
}

# The seed's headers by the lower-case names powertools gives them (errors, the document).
HEADER_NAMES = {name.lower(): name for name in ("tenantId", "userId", "countryCode")}
_COUNT: JsonDict = {"pattern": "^[0-9]+$"}
_POSITIVE: JsonDict = {"pattern": "^[1-9][0-9]*$"}


class Seed002Query(BaseModel):
    """The query parameters, as the seed lists them. Values are read by the canonical
    listing's own model (ProductQuery), so every rule and message is the canonical one."""

    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, populate_by_name=True)

    product_search: str | None = Field(None, description="Words in name, description, SKU, tags")
    product_date_range: str | None = Field(
        None, description="start,end: created between them, inclusive (2020-11-12,2022-11-15)"
    )
    product_low_stock: str | None = Field(
        None, description="Units available at most this, 0 to 100", json_schema_extra=_COUNT
    )
    product_quantity: str | None = Field(
        None, description="Units available at least this", json_schema_extra=_COUNT
    )
    product_by_product_type_ids: str | None = Field(None, description="Comma-separated ids")
    product_ids: str | None = Field(None, description="Comma-separated product ids (prod_...)")
    product_active: str | None = Field(
        None, description="1 active, 0 inactive", json_schema_extra={"enum": ["0", "1"]}
    )
    by_states: str | None = Field(None, description="Comma-separated states (any case)")
    by_cities: str | None = Field(None, description="Comma-separated cities (any case)")
    by_business_ids: str | None = Field(None, description="Comma-separated business ids")
    order: str | None = Field(
        None,
        description="By creation time (by units available when productLowStock is given); "
        "default DESC; any case",
        json_schema_extra={"enum": ["ASC", "DESC"]},
    )
    page: str | None = Field(
        None, description="1-based page number (default 1)", json_schema_extra=_POSITIVE
    )
    limit: str | None = Field(
        None, description="Products per page, 1-100 (default 20)", json_schema_extra=_POSITIVE
    )


class Seed002Product(BaseModel):
    """A product as seed 002's listing answers it."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    product_id: str
    name: str
    description: str | None
    quantity: int = Field(description="Units available")
    cost_price: Number | None
    selling_price: Number
    currency_code: str
    is_active: bool
    business_id: str | None
    product_type_id: str | None
    stock_level: StockLevel
    photo_url: str | None = Field(description="The primary image's URL")


class Seed002Page(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    products: list[Seed002Product]
    total_items: int
    total_pages: int
    current_page: int


class ErrorBody(BaseModel):
    """Every error the door's function answers."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    status_code: int
    error: str = Field(description="The status's reason phrase (Not Found)")
    message: str


def product_query(params: Seed002Query, country_code: str) -> ProductQuery:
    """The canonical listing's query for a seed-002 request: its names made canonical,
    filtered by the countryCode header, with the count the seed's totals need."""
    sent = params.model_dump(by_alias=True, exclude_none=True)
    canonical = canonical_parameters(sent)  # a 400 naming seed 002's own parameters
    canonical.update(country_code=country_code, include_total="true")
    try:
        return ProductQuery.model_validate(canonical)
    except ValidationError as invalid:
        details = validation_details(invalid.errors())
        for detail in details:
            name, separator, rest = detail["field"].partition("[")
            detail["field"] = _SEED_NAME.get(name, name) + separator + rest
        raise ValidationFailed(details=details) from None


def body_of(page: ListingPage) -> str:
    """The seed's page as the response body, or 404 when no product matches (the seed's
    rule). A page past the last of the matching products is an empty 200: the criteria do
    match products.

    A page that would not fit in Lambda's response (a hundred products with 10,000-character
    descriptions can pass it) is a 400 naming the `limit` that fits: the seed's page numbers
    cannot say where a page cut short goes on, and a cut would silently skip products."""
    total = page.total if page.total is not None else len(page.products)
    if total == 0:
        raise NotFound(NOTHING_FOUND)
    answer = Seed002Page(
        products=[as_seed002(product) for product in page.products],
        total_items=total,
        total_pages=ceil(total / page.limit),
        current_page=page.page,
    ).model_dump(by_alias=True)
    body = serialize(answer)
    if not fits_in_response(body):
        most = items_that_fit(answer["products"])
        message = f"this page is too large for one response: ask for at most {most} products"
        raise ValidationFailed(details=[{"field": "limit", "message": message}])
    return body


def as_seed002(product: Product) -> Seed002Product:
    """The same derived values (is_active, stock_level, the primary image) as the canonical
    representation shows."""
    photo = next((image.url for image in product.images if image.is_primary), None)
    return Seed002Product(
        product_id=product.id,
        name=product.name,
        description=product.description,
        quantity=product.inventory.available,
        cost_price=product.cost_price,
        selling_price=product.price,
        currency_code=product.currency,
        is_active=product.is_active,
        business_id=product.business_id,
        product_type_id=product.product_type_id,
        stock_level=STOCK_LEVELS[product.stock_level],
        photo_url=photo,
    )


def error_body(error: ApiError, request_id: str) -> dict[str, Any]:
    """`{"statusCode", "error", "message"}`: the status, its reason phrase, and the error's
    message; a validation error's message names what each parameter or header got wrong
    (headers by the seed's names: powertools reports them in lower case)."""
    details = error.details if isinstance(error.details, list) else []
    problems = [
        f"{HEADER_NAMES.get(detail['field'], detail['field'])}: {detail['message']}"
        for detail in details
        if isinstance(detail, dict) and "field" in detail and "message" in detail
    ]
    message = f"{error.message}: {'; '.join(problems)}" if problems else error.message
    return ErrorBody(
        status_code=error.status, error=HTTPStatus(error.status).phrase, message=message
    ).model_dump(by_alias=True)
