"""Category writes: create, replace, patch and delete, in a per-tenant tree with unique slugs
and exact counts (reads are in categories/reads.py, who may do what in categories/access.py).

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
from typing import Any

from pydantic import ValidationError

from common.audit.events import event_for
from common.audit.models import AuditAction, AuditEvent, AuditResource
from common.auth.principal import Principal
from common.categories.access import load, require_write
from common.categories.ids import SLUG_MAX_LENGTH, slugify
from common.categories.models import Category, CategoryInput
from common.clock import iso_timestamp
from common.errors import Conflict, ServiceUnavailable, ValidationFailed, validation_details
from common.merge_patch import merge_patch, refuse_unknown_nulls
from common.preconditions import MAX_WRITE_ATTEMPTS, check_if_match
from common.storage import categories_repository as repository

# Numbered suffixes tried for a derived slug that is taken, before a random one.
_NUMBERED_SUFFIXES = (2, 3)
_RETRY_AFTER = {"Retry-After": "1"}


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
        before.public().model_dump(exclude=counters) if before else None,
        after.public().model_dump(exclude=counters) if after else None,
    )


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
    require_write(principal)
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
        current = load(principal, category_id)
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
    require_write(principal)
    return _write_with_retry(principal, category_id, if_match, lambda _: payload, keep_slug=True)


def patch_category(
    principal: Principal, category_id: str, patch: dict[str, Any], if_match: str | None
) -> Category:
    """PATCH: a JSON merge patch of the writable view; `"slug": null` derives it again."""
    require_write(principal)

    def build(current: Category) -> CategoryInput:
        refuse_unknown_nulls(patch, CategoryInput.model_fields)
        try:
            return CategoryInput.model_validate(merge_patch(current.writable(), patch))
        except ValidationError as exc:
            raise ValidationFailed(details=validation_details(exc.errors())) from exc

    return _write_with_retry(principal, category_id, if_match, build, keep_slug=False)


def delete_category(principal: Principal, category_id: str, if_match: str | None) -> None:
    require_write(principal)
    for _ in range(MAX_WRITE_ATTEMPTS):
        current = load(principal, category_id)
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
