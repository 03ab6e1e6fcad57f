"""Category use cases: a per-tenant tree with unique slugs and exact counts.

Rules (docs/decisions.md#categories):
- Categories belong to the tenant (and mode), not to a customer: every client of the tenant
  with `products:read` (or `categories:write`) reads them; writes need `categories:write`
  from a tenant-wide client (no customer binding), else 403 before anything is read.
  Another tenant's or mode's category is a 404, like a missing one.
- `product_count` counts the caller's products: all of the tenant's for a tenant-wide
  client, its own customer's for a customer-bound one (that customer's counters).
- A parent must exist in the same tenant and mode (400 on parent_id), and a new parent may not
  be the category itself or one of its descendants (400): the tree never has a cycle. Parent
  changes are serialized per tenant by the tree version, so two concurrent moves cannot close
  a cycle that neither saw.
- Slugs are unique per tenant and mode (409), claimed in the write's own transaction.
  A slug derived from the name gets a suffix when taken ("shoes-2"); a given one never does.
- A category with products or children cannot be deleted (409), decided by the delete's
  condition, atomically with every product and child write.
- Every write bumps `version`; If-Match (412) and optimistic retries as for products.
- Every write records its audit event (common/audit) in its own transaction.
"""

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from common.audit.models import AuditAction, AuditEvent, AuditResource
from common.audit.service import event_for
from common.auth.principal import Principal, Scope
from common.categories.models import (
    SLUG_MAX_LENGTH,
    Category,
    CategoryInput,
    is_category_id,
    slugify,
)
from common.clock import iso_timestamp
from common.cursor import decode_cursor, encode_cursor
from common.errors import (
    Conflict,
    Forbidden,
    InvalidCursor,
    NotFound,
    ServiceUnavailable,
    ValidationFailed,
    validation_details,
)
from common.preconditions import check_if_match
from common.storage import categories_repository as repository

MAX_WRITE_ATTEMPTS = 4
DEFAULT_LIMIT, MAX_LIMIT = 20, 100
MAX_PAGE = 100_000
# `parent_id` values of a listing that mean "top-level categories".
ROOT_FILTERS = frozenset({"root", "null"})
# Numbered suffixes tried for a derived slug that is taken, before a random one.
_NUMBERED_SUFFIXES = (2, 3)
_RETRY_AFTER = {"Retry-After": "1"}


@dataclass(frozen=True)
class CategoryPage:
    categories: list[Category]
    limit: int
    page: int
    total: int
    next_cursor: str | None

    @property
    def pages(self) -> int:
        return -(-self.total // self.limit)


def new_category_id() -> str:
    return f"cat_{secrets.token_hex(12)}"


def _audit_event(
    principal: Principal, action: AuditAction, before: Category | None, after: Category | None
) -> AuditEvent:
    """The audit event of one category write (None before a create, after a delete). The
    counters (product_count, child_count) are other resources' writes: not this one's changes."""
    category = after or before
    assert category is not None
    counters = {"product_count", "child_count"}
    return event_for(
        principal,
        action,
        AuditResource(type="category", id=category.id),
        {k: v for k, v in before.public().items() if k not in counters} if before else None,
        {k: v for k, v in after.public().items() if k not in counters} if after else None,
    )


def _not_found(category_id: str) -> NotFound:
    return NotFound(f"Category with ID '{category_id}' does not exist")


def _require_read(principal: Principal) -> None:
    if Scope.CATEGORIES_WRITE not in principal.scopes:
        principal.require(Scope.PRODUCTS_READ)


TENANT_WIDE_ONLY = (
    "Categories belong to the tenant: only a client without a customer binding may create, "
    "change or delete them"
)


def _require_write(principal: Principal) -> None:
    """`categories:write`, from a client without a customer binding: a category is shared by
    every customer of the tenant, so a seller's client renaming or moving one would change
    the others' catalogs. Checked before anything is read: the same 403 whether the category
    exists or not."""
    principal.require(Scope.CATEGORIES_WRITE)
    if principal.customer_id is not None:
        raise Forbidden(TENANT_WIDE_ONLY)


def _as_seen_by(principal: Principal, categories: list[Category]) -> list[Category]:
    """The categories with the caller's `product_count`: the tenant's (on the category item)
    for a tenant-wide client; for a customer-bound one its customer's products only, from
    that customer's counters (one read for the whole page). The others' are not its to see."""
    customer = principal.customer_id
    if customer is None or not categories:
        return categories
    counts = repository.customer_product_counts(
        principal.mode, principal.tenant_id, customer, [c.id for c in categories]
    )
    return [c.model_copy(update={"product_count": counts[c.id]}) for c in categories]


def _load(principal: Principal, category_id: str) -> Category:
    category = None
    if is_category_id(category_id):
        category = repository.get(principal.mode, principal.tenant_id, category_id)
    if category is None:
        raise _not_found(category_id)
    return category


def _parent_missing(parent_id: str) -> ValidationFailed:
    return ValidationFailed(
        details=[{"field": "parent_id", "message": f"Category '{parent_id}' does not exist"}]
    )


def _slug_taken(slug: str) -> Conflict:
    return Conflict(
        f"The slug '{slug}' is used by another category",
        details=[{"field": "slug", "message": "already used by another category"}],
    )


def _contended() -> Conflict:
    return Conflict("The category is being changed by other requests; retry")


def _derived_slugs(name: str, category_id: str) -> Iterator[str]:
    """Slugs to try for a category without one: from the name, then numbered, then with part
    of the id; from the id alone when the name has no Latin letter or digit."""
    random_part = category_id.removeprefix("cat_")[:6]
    base = slugify(name)
    if not base:
        yield f"cat-{category_id.removeprefix('cat_')}"
        return
    yield base
    for suffix in (*(str(n) for n in _NUMBERED_SUFFIXES), random_part):
        yield f"{slugify(name, SLUG_MAX_LENGTH - len(suffix) - 1)}-{suffix}"


# ------------------------------------------------------------------ create ----------------
def create_category(principal: Principal, payload: CategoryInput) -> Category:
    _require_write(principal)
    category_id = new_category_id()
    now = iso_timestamp()
    given = payload.slug is not None
    slugs = [payload.slug] if payload.slug else list(_derived_slugs(payload.name, category_id))
    for slug in slugs:
        category = Category(
            id=category_id,
            tenant_id=principal.tenant_id,
            mode=principal.mode,
            name=payload.name,
            slug=slug,
            parent_id=payload.parent_id,
            description=payload.description,
            product_count=0,
            child_count=0,
            version=1,
            created_at=now,
            updated_at=now,
        )
        event = _audit_event(principal, "category.created", None, category)
        try:
            _insert_with_retry(category, event)
        except repository.SlugTaken:
            if given:
                raise _slug_taken(slug) from None
            continue  # the next derived slug
        except repository.ParentMissing:
            raise _parent_missing(str(payload.parent_id)) from None
        return category
    raise _slug_taken(slugs[0])


def _insert_with_retry(category: Category, audit: AuditEvent) -> None:
    for _ in range(MAX_WRITE_ATTEMPTS):
        try:
            repository.insert(category, audit)
        except repository.Contended:
            continue
        except repository.Throttled:
            raise ServiceUnavailable(headers=_RETRY_AFTER) from None
        return
    raise _contended()


# ------------------------------------------------------------------ reads -----------------
def get_category(principal: Principal, category_id: str) -> Category:
    _require_read(principal)
    return _as_seen_by(principal, [_load(principal, category_id)])[0]


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
    _require_read(principal)
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
    categories = _as_seen_by(principal, result.categories)
    return CategoryPage(categories, limit, number, total, next_cursor)


# ------------------------------------------------------------------ updates ---------------
def _check_no_cycle(principal: Principal, category_id: str, parent_id: str) -> None:
    """The new parent and its ancestors, read up to the root: the category must not be among
    them. One consistent read per level; parent changes are serialized by the tree version."""
    if parent_id == category_id:
        raise ValidationFailed(
            details=[{"field": "parent_id", "message": "a category cannot be its own parent"}]
        )
    seen: set[str] = set()
    ancestor: str | None = parent_id
    while ancestor and ancestor not in seen:
        seen.add(ancestor)
        node = repository.get(principal.mode, principal.tenant_id, ancestor)
        if node is None:
            if ancestor == parent_id:
                raise _parent_missing(parent_id)
            return  # removed meanwhile: the transaction's conditions decide
        if node.parent_id == category_id:
            raise ValidationFailed(
                details=[
                    {
                        "field": "parent_id",
                        "message": "the new parent is a descendant of this category: "
                        "that would make a cycle",
                    }
                ]
            )
        ancestor = node.parent_id


def _slugs_for(
    current: Category, payload: CategoryInput, keep_slug: bool
) -> tuple[list[str], bool]:
    """The slugs to try, and whether the client gave it (then it is the only one)."""
    if payload.slug is not None:
        return [payload.slug], True
    if keep_slug:
        return [current.slug], True
    return list(_derived_slugs(payload.name, current.id)), False


def _try_update(
    principal: Principal, current: Category, payload: CategoryInput, keep_slug: bool
) -> Category | None:
    """One attempt: the updated category, or None when it lost a race and must re-read."""
    parent_changed = payload.parent_id != current.parent_id
    read_tree_version = None
    if parent_changed:
        read_tree_version = repository.tree_version(principal.mode, principal.tenant_id)
        if payload.parent_id:
            _check_no_cycle(principal, current.id, payload.parent_id)
    slugs, given = _slugs_for(current, payload, keep_slug)
    now = iso_timestamp()
    for slug in slugs:
        updated = current.model_copy(
            update={
                "name": payload.name,
                "slug": slug,
                "parent_id": payload.parent_id,
                "description": payload.description,
                "version": current.version + 1,
                "updated_at": now,
            }
        )
        event = _audit_event(principal, "category.updated", current, updated)
        try:
            repository.update(current, updated, read_tree_version, audit=event)
        except repository.SlugTaken:
            if given:
                raise _slug_taken(slug) from None
            continue
        except repository.ParentMissing:
            raise _parent_missing(str(payload.parent_id)) from None
        except repository.Throttled:
            raise ServiceUnavailable(headers=_RETRY_AFTER) from None
        except (repository.VersionMismatch, repository.TreeChanged, repository.Contended):
            return None
        return updated
    raise _slug_taken(slugs[0])


def _write_with_retry(
    principal: Principal,
    category_id: str,
    if_match: str | None,
    build: Callable[[Category], CategoryInput],
    keep_slug: bool,
) -> Category:
    """Read, check If-Match, build the new state, write conditionally on the version read.
    With If-Match a concurrent change of the category is a 412; without, the change is
    applied again to the fresh state, so no update is lost."""
    for _ in range(MAX_WRITE_ATTEMPTS):
        current = _load(principal, category_id)
        check_if_match(if_match, current)
        updated = _try_update(principal, current, build(current), keep_slug)
        if updated is not None:
            return updated
    raise _contended()


def replace_category(
    principal: Principal, category_id: str, payload: CategoryInput, if_match: str | None
) -> Category:
    """PUT: every writable field, except that a body without `slug` keeps the slug (it is
    the category's URL)."""
    _require_write(principal)
    return _write_with_retry(principal, category_id, if_match, lambda _: payload, keep_slug=True)


def patch_category(
    principal: Principal, category_id: str, patch: dict[str, Any], if_match: str | None
) -> Category:
    """PATCH: a JSON merge patch of the writable view; `"slug": null` derives it again."""
    _require_write(principal)
    # Imported here: the products package (its models) would cost every category function's
    # cold start (docs/performance.md), and only this one needs merge_patch.
    from common.products.service import merge_patch, refuse_unknown_nulls

    def build(current: Category) -> CategoryInput:
        refuse_unknown_nulls(patch, CategoryInput.model_fields)
        try:
            return CategoryInput.model_validate(merge_patch(current.writable(), patch))
        except ValidationError as exc:
            raise ValidationFailed(details=validation_details(exc.errors())) from exc

    return _write_with_retry(principal, category_id, if_match, build, keep_slug=False)


def delete_category(principal: Principal, category_id: str, if_match: str | None) -> None:
    _require_write(principal)
    for _ in range(MAX_WRITE_ATTEMPTS):
        current = _load(principal, category_id)
        check_if_match(if_match, current)
        try:
            repository.delete(current, _audit_event(principal, "category.deleted", current, None))
        except (repository.VersionMismatch, repository.Contended):
            continue  # changed or deleted meanwhile: re-read (404 if gone, 412 if If-Match)
        except repository.Throttled:
            raise ServiceUnavailable(headers=_RETRY_AFTER) from None
        except repository.NotEmpty as exc:
            raise Conflict(
                f"Category '{category_id}' still has {exc.product_count} products and "
                f"{exc.child_count} sub-categories; move or delete them first",
                details={"product_count": exc.product_count, "child_count": exc.child_count},
            ) from None
        return
    raise _contended()
