"""The listing of a level of the category tree, by page or cursor. Apart from reading one
category (categories/reads.py), which signs no cursor and so never loads the signing keys."""

from typing import Any, NamedTuple

from common.auth.principal import Principal
from common.categories.access import as_seen_by, require_read
from common.categories.ids import is_category_id
from common.categories.models import Category
from common.cursor import decode_cursor, encode_cursor
from common.errors import InvalidCursor, ValidationFailed
from common.storage import categories_repository as repository

DEFAULT_LIMIT, MAX_LIMIT = 20, 100
MAX_PAGE = 100_000
# `parent_id` values of a listing that mean "top-level categories".
ROOT_FILTERS = frozenset({"root", "null"})


class CategoryPage(NamedTuple):
    categories: list[Category]
    limit: int
    page: int
    total: int
    next_cursor: str | None

    @property
    def pages(self) -> int:
        return -(-self.total // self.limit)


def _parent_filter(parent_id: str | None) -> str:
    if parent_id is None:
        return repository.ALL
    if parent_id.lower() in ROOT_FILTERS:
        return repository.ROOT
    if not is_category_id(parent_id):
        raise ValidationFailed(
            details=[
                {
                    "field": "parent_id",
                    "message": "must be a category id, or 'root' for top-level categories",
                }
            ]
        )
    return parent_id


def _listing_scope(principal: Principal, parent: str, limit: int) -> str:
    return f"categories|{principal.tenant_id}|{principal.mode}|{parent}|{limit}"


def _position(cursor: str, scope: str) -> tuple[dict[str, Any], int]:
    position = decode_cursor(cursor, scope)
    key, page = position.get("key"), position.get("page")
    if not isinstance(key, dict) or not isinstance(page, int) or page < 2:
        raise InvalidCursor(details=[{"field": "cursor", "message": "Malformed cursor"}])
    return key, page


def list_categories(
    principal: Principal,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
    page: int | None = None,
    parent_id: str | None = None,
) -> CategoryPage:
    """In creation order (oldest first), so page numbers stay put while categories are added.
    `total` is exact, from the counters; a cursor continues in O(limit), `page=k` without one
    skips (k - 1) x limit keys first."""
    require_read(principal)
    if cursor is not None and page is not None:
        raise ValidationFailed(
            details=[{"field": "page", "message": "give either page or cursor, not both"}]
        )
    mode, tenant = principal.mode, principal.tenant_id
    parent = _parent_filter(parent_id)
    scope = _listing_scope(principal, parent, limit)
    total = repository.count(mode, tenant, parent)
    start_key: dict[str, Any] | None = None
    if cursor is not None:
        start_key, number = _position(cursor, scope)
    else:
        number = page or 1
        skipped = (number - 1) * limit
        if skipped:
            start_key = repository.skip(mode, tenant, parent, skipped) if skipped < total else None
            if start_key is None:  # past the last page
                return CategoryPage([], limit, number, total, next_cursor=None)
    result = repository.list_page(mode, tenant, parent, limit, start_key)
    next_cursor = None
    if result.last_key:
        next_cursor = encode_cursor({"key": result.last_key, "page": number + 1}, scope)
    categories = as_seen_by(principal, result.categories)
    return CategoryPage(categories, limit, number, total, next_cursor)
