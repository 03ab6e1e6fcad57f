"""`GET /api/v1/products` parameters (docs/api.md), validated, and what a product must be to match.

Lists are comma-separated in the query string. Every list filter matches any of its values;
different filters must all match (docs/decisions.md, "Listing").
"""

from datetime import UTC, date, datetime, time
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from common import money
from common.categories.ids import CategoryId
from common.errors import ValidationFailed
from common.products.models import Product
from common.products.validators import COUNTRY_CODE_PATTERN, ProductStatus
from common.products.words import SearchQuery, each_product_word
from common.storage.products.index import STATUSES, STOCK_INDEX_LEVEL, Sort
from common.text import ACCOUNT_ID_PATTERN, Name

DEFAULT_LIMIT, MAX_LIMIT = 20, 100
MAX_LIST_VALUES = 100
MAX_PAGE = 1000


def _comma_list(value: Any) -> Any:
    """ "a,b" (or the list powertools hands a list field, ["a,b"]) -> ["a", "b"]. A repeated
    parameter never gets here: common/http/parameters.py refuses it for every route."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return [item.strip() for part in value for item in part.split(",") if item.strip()]
    return value


# Seed 002's parameter names, the same filters under other names (docs/decisions.md).
SEED_002_NAMES = {
    "productSearch": "search",
    "productLowStock": "low_stock",
    "productQuantity": "min_quantity",
    "productByProductTypeIds": "product_type_ids",
    "productIds": "product_ids",
    "byStates": "states",
    "byCities": "cities",
    "byBusinessIds": "business_ids",
}
_DATE_RANGE, _ACTIVE = "productDateRange", "productActive"


def canonical_parameters(params: dict[str, str]) -> dict[str, str]:
    """The listing's query with seed 002's names made canonical: `productDateRange=a,b` is
    `created_from=a&created_to=b`, `productActive=0|1` is `is_active=false|true`, the others
    are renamed. A filter given under both names is a 400 naming both."""
    renamed: dict[str, tuple[str, str]] = {}  # canonical -> (name sent, value)
    errors: list[dict[str, str]] = []
    for name, value in params.items():
        for canonical, canonical_value in _canonical(name, value, errors):
            if canonical in renamed:
                other = renamed[canonical][0]
                message = f"{other} and {name} are the same filter: give one"
                errors.append({"field": name, "message": message})
            renamed[canonical] = (name, canonical_value)
    if errors:
        raise ValidationFailed(details=errors)
    return {canonical: value for canonical, (_, value) in renamed.items()}


def _canonical(name: str, value: str, errors: list[dict[str, str]]) -> list[tuple[str, str]]:
    if name == _DATE_RANGE:
        bounds = value.split(",")
        if len(bounds) != 2 or not all(bound.strip() for bound in bounds):
            errors.append({"field": name, "message": "must be start,end (2020-11-12,2022-11-15)"})
            return []
        return [("created_from", bounds[0].strip()), ("created_to", bounds[1].strip())]
    if name == _ACTIVE:
        if value not in ("0", "1"):
            errors.append({"field": name, "message": "must be 0 (inactive) or 1 (active)"})
            return []
        return [("is_active", "true" if value == "1" else "false")]
    return [(SEED_002_NAMES.get(name, name), value)]


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _bound(value: Any, end_of_day: bool) -> Any:
    """A date (2026-01-31) or an ISO date-time, as the same text as stored `created_at`
    (UTC, milliseconds, Z). A date alone covers its whole day."""
    if not isinstance(value, str):
        return value
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError("must be a date (2026-01-31) or an ISO 8601 date-time") from exc
    if len(value) == 10:
        parsed = datetime.combine(date.fromisoformat(value), time.max if end_of_day else time.min)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# Values are one line each (no control characters), like the fields they are compared with.
CommaList = Annotated[
    list[Name],
    BeforeValidator(_comma_list),
    Field(min_length=1, max_length=MAX_LIST_VALUES),
]
# A price bound from the query string ("12.5"): finite, 0 to the largest price. No price has
# more than 4 decimals, so a finer bound is rounded inward to 4 (price_min=8e-90 is 0.0001,
# the same filter), which keeps it a number DynamoDB can compare.
_FINEST = Decimal("0.0001")
_PriceBound = Annotated[Decimal, Field(ge=0, le=money.MAX_AMOUNT, allow_inf_nan=False)]
PriceMin = Annotated[
    _PriceBound, AfterValidator(lambda v: v.quantize(_FINEST, rounding=ROUND_CEILING))
]
PriceMax = Annotated[
    _PriceBound, AfterValidator(lambda v: v.quantize(_FINEST, rounding=ROUND_FLOOR))
]


class ProductQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    page: int | None = Field(default=None, ge=1, le=MAX_PAGE)
    sort: Sort | None = Field(
        default=None,
        description="created_at unless given (available when low_stock is given); "
        "available needs low_stock",
    )
    # Any case: seed 002 sends ASC and DESC.
    order: Annotated[Literal["asc", "desc"], BeforeValidator(_lower)] | None = None
    search: Name | None = None
    category_id: CategoryId | None = None
    include_subcategories: bool = False
    status: Annotated[list[ProductStatus], BeforeValidator(_comma_list)] | None = None
    is_active: bool | None = None
    tags: CommaList | None = None
    sku: CommaList | None = None
    product_ids: CommaList | None = None
    product_type_ids: CommaList | None = None
    business_ids: CommaList | None = None
    states: CommaList | None = None
    cities: CommaList | None = None
    country_code: Annotated[str, Field(pattern=COUNTRY_CODE_PATTERN)] | None = None
    customer_id: Annotated[str, Field(pattern=ACCOUNT_ID_PATTERN)] | None = None
    price_min: PriceMin | None = None
    price_max: PriceMax | None = None
    created_from: Annotated[str, BeforeValidator(lambda v: _bound(v, False))] | None = None
    created_to: Annotated[str, BeforeValidator(lambda v: _bound(v, True))] | None = None
    # Low stock is what the stock index lists: products with at most its level available.
    low_stock: Annotated[int, Field(ge=0, le=STOCK_INDEX_LEVEL)] | None = Field(
        default=None, description="products with at most this many units available"
    )
    min_quantity: Annotated[int, Field(ge=0, le=1_000_000_000)] | None = None
    is_physical: bool | None = None
    currency: str | None = None
    include_total: bool = False

    @field_validator("currency")
    @classmethod
    def _iso_currency(cls, value: str | None) -> str | None:
        if value is not None and not money.is_currency(value):
            raise ValueError("must be an ISO 4217 currency code such as USD")
        return value

    @field_validator("search")
    @classmethod
    def _parsable(cls, value: str | None) -> str | None:
        if value is not None:
            SearchQuery(value)  # raises ValueError with the reason
        return value

    # ------------------------------------------------------------------ derived -----------
    @property
    def effective_sort(self) -> Sort:
        """`created_at` unless given; `low_stock` lists by units available."""
        if self.sort:
            return self.sort
        return "available" if self.low_stock is not None else "created_at"

    @property
    def descending(self) -> bool:
        if self.order:
            return self.order == "desc"
        return not (self.sort is None and self.effective_sort == "available")  # lowest first

    @cached_property
    def statuses(self) -> tuple[str, ...] | None:
        """The statuses asked for (status and is_active together), or None for any."""
        if self.status is None and self.is_active is None:
            return None
        wanted = set(self.status or STATUSES)
        if self.is_active is not None:
            wanted &= {"active"} if self.is_active else {"draft", "archived"}
        return tuple(s for s in STATUSES if s in wanted)

    @cached_property
    def search_query(self) -> SearchQuery | None:
        return SearchQuery(self.search) if self.search else None

    def given(self) -> set[str]:
        """The parameters the request set."""
        return set(self.model_dump(exclude_defaults=True))

    def fingerprint(self) -> dict[str, Any]:
        """What a cursor is bound to: every parameter but the position in the listing."""
        return self.model_dump(mode="json", exclude={"page", "include_total"}, exclude_none=True)


def _price_in(query: ProductQuery, price: Decimal) -> bool:
    low, high = query.price_min, query.price_max
    return (low is None or price >= low) and (high is None or price <= high)


def _one_of(value: str | None, wanted: list[str] | None) -> bool:
    """Case-insensitive membership (states and cities are typed by people)."""
    return wanted is None or (value or "").casefold() in {w.casefold() for w in wanted}


def matches(
    query: ProductQuery,
    product: Product,
    customer_id: str | None,
    categories: frozenset[str] | None,
) -> bool:
    """Whether `product` belongs in the listing: the single source of truth, applied to every
    product read, whichever index found it (an index entry may lag its product briefly)."""
    location = product.location
    statuses = query.statuses
    available = product.inventory.available
    checks = (
        customer_id is None or product.customer_id == customer_id,
        statuses is None or product.status in statuses,
        categories is None or product.category_id in categories,
        query.tags is None or bool(set(query.tags) & set(product.tags)),
        query.sku is None or bool(set(query.sku) & product.skus()),
        query.product_ids is None or product.id in query.product_ids,
        query.product_type_ids is None or product.product_type_id in query.product_type_ids,
        query.business_ids is None or product.business_id in query.business_ids,
        query.country_code is None
        or (location is not None and location.country_code == query.country_code),
        _one_of(location.state if location else None, query.states),
        _one_of(location.city if location else None, query.cities),
        _price_in(query, product.price),
        query.created_from is None or product.created_at >= query.created_from,
        query.created_to is None or product.created_at <= query.created_to,
        query.low_stock is None or available <= query.low_stock,
        query.min_quantity is None or available >= query.min_quantity,
        query.is_physical is None or product.is_physical == query.is_physical,
        query.currency is None or product.currency == query.currency,
    )
    if not all(checks):
        return False
    search = query.search_query
    return search is None or search.matches(each_product_word(product))
