"""Seed 001's listing query: `page`, `limit`, `category` (by name), `search`, `sort`, `order`,
and the canonical query they make (common/doors/seed001_products.py has the door's
answers)."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from common.auth.principal import Principal, Scope
from common.categories.ids import is_category_id
from common.doors.seed001 import category_slug
from common.products.query import DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE, ProductQuery
from common.text import Name


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


def listing_query(principal: Principal, query: ListingQuery) -> ProductQuery | None:
    """The canonical listing query (with its exact total); None when the category named does
    not exist (nothing can match: no category is created by a read)."""
    found = None
    if query.category is not None:
        principal.require(Scope.PRODUCTS_READ)
        if not is_category_id(query.category):
            from common.storage import categories_repository as repository

            slug = category_slug(query.category)
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
