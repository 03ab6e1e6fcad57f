"""schemathesis hooks for the fuzz run (tests/http/schemathesis.toml).

`semantic_rejections_only` narrows positive_data_acceptance back down: schema-valid input may
get a 400 only for the rejections that depend on stored data, which no schema can describe
(docs/api.md: products, listing, categories). Any other 400 to schema-valid input means the
document and the validation disagree, and fails the run.
"""

import os
import re
import uuid
from collections.abc import MutableMapping
from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response
from schemathesis.hooks import HookContext

from common.idempotency import KEY_PATTERN
from common.preconditions import IF_MATCH_PATTERN

# error code -> (field, message) patterns of a detail; None: any detail, or none at all.
SEMANTIC_REJECTIONS: dict[str, list[tuple[str, str]] | None] = {
    # A category_id / parent that does not exist in the tenant (docs/api.md#products: 400).
    "invalid_category_id": None,
    # Stock that would go negative, or a variant the product does not have (api.md#products: 400).
    "inventory_error": None,
    # A customer_id other than the token's customer (docs/api.md#auth-and-tenancy, seed 000: 400).
    "invalid_product_data": [(r"customer_id", r"must match the token's customer")],
    "validation_error": [
        # A cursor this API did not issue, or issued for another query (docs/api.md#listing).
        (r"cursor", r".*"),
        # page and cursor are exclusive; the document cannot relate two parameters.
        (r"page", r"give either page or cursor, not both"),
        # sort=available needs low_stock (the stock index is sparse; the parameter says so).
        (r"sort", r"lists by units available within low_stock"),
        # A parent that does not exist, itself, or a descendant (a cycle, api.md#categories: 400).
        (r"parent_id", r"does not exist|its own parent|would make a cycle"),
        # A variant id the product does not have (ids are kept only for existing variants).
        (r"variants\[\d+\]\.id", r"no such variant"),
        # A free-form value nested deeper than 3 levels: AttributeValue refers to itself, and
        # JSON Schema cannot bound the depth of a recursive reference (its description says).
        (r"(variants\[\d+\]\.)?(attributes|specifications)([.\[].*)?", r"nest at most \d+ levels"),
    ],
}
# A merge patch is validated once applied to the stored product (docs/api.md): what it gives must
# fit what it does not give, which no schema of the patch alone can say.
PATCH_REJECTIONS: dict[str, list[tuple[str, str]]] = {
    "validation_error": [
        # A price in the product's currency, when the patch gives no currency, or a currency
        # the stored prices do not fit.
        (r"price|cost_price|variants\[\d+\]\.price", r"decimal places"),
        # Members of a merged object (recurrence) the stored product does not have.
        (r"recurrence\.interval", r"Field required"),
        # Stock given for a product that has variants.
        (r"body|inventory", r"with variants, stock is set per variant"),
    ],
}

_VALID_KEY = re.compile(KEY_PATTERN)
_VALID_IF_MATCH = re.compile(IF_MATCH_PATTERN)
CATEGORIES = "/api/v1/categories"


def _tenant_wide(case: Case[Any], headers: MutableMapping[str, Any]) -> None:
    """Category writes are for tenant-wide clients (a customer-bound one gets 403): the run's
    customer-bound token is swapped for its tenant-wide one (FUZZ_TENANT_TOKEN) there, so they
    are fuzzed rather than refused. Other or no credentials are left as generated."""
    customer, tenant = os.environ.get("FUZZ_TOKEN"), os.environ.get("FUZZ_TENANT_TOKEN")
    category_write = case.path.startswith(CATEGORIES) and case.method.upper() != "GET"
    if not (category_write and customer and tenant):
        return
    for name, value in list(headers.items()):
        if name.lower() == "authorization" and value == f"Bearer {customer}":
            headers[name] = f"Bearer {tenant}"


@schemathesis.hook
def before_call(ctx: HookContext, case: Case[Any], kwargs: dict[str, Any]) -> None:
    """A valid Idempotency-Key gets a unique suffix, as a client makes one key per request.
    Generated keys repeat ("0", "00"...) across cases with different bodies, and the API
    rightly answers the second with 422 idempotency_key_reused (api.md#products); that is a property
    of the pair of requests, not of either one. Invalid keys (negative cases) are sent as
    generated, so the pattern is still fuzzed. Category writes go with the tenant-wide token."""
    headers = case.headers
    if headers is None:
        return
    _tenant_wide(case, headers)
    for name, value in list(headers.items()):
        key = value if name.lower() == "idempotency-key" and isinstance(value, str) else None
        if key is not None and _VALID_KEY.fullmatch(key):
            headers[name] = f"{key[:200]}-{uuid.uuid4().hex}"


def _is_semantic(code: str, details: Any, method: str = "") -> bool:
    if code not in SEMANTIC_REJECTIONS:
        return False
    if SEMANTIC_REJECTIONS[code] is None:
        return True
    if not isinstance(details, list) or not details:
        return False
    return all(
        _is_semantic_detail(str(detail.get("code", code)), detail, method)
        for detail in details
        if isinstance(detail, dict)
    )


def _is_semantic_detail(code: str, detail: dict[str, Any], method: str) -> bool:
    """A batch's details carry the code of their item's error (they may differ)."""
    if code not in SEMANTIC_REJECTIONS:
        return False
    allowed = SEMANTIC_REJECTIONS[code]
    if allowed is None:
        return True
    if method in ("PATCH", "PUT"):  # PUT replaces the fields it names: it merges too
        allowed = [*allowed, *PATCH_REJECTIONS.get(code, [])]
    return any(
        # A batch names the item first: "[4].customer_id".
        re.fullmatch(rf"(\[\d+\]\.)?(?:{field})", str(detail.get("field", "")))
        and re.search(message, str(detail.get("message", "")))
        for field, message in allowed
    )


@schemathesis.check
def semantic_rejections_only(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    # schemathesis' coverage phase also sends an optional header empty in positive cases; an
    # empty If-Match does not match its pattern, and the API refuses it (it names no version).
    headers: dict[str, Any] = dict(case.headers or {})
    if_match = headers.get("If-Match")
    if isinstance(if_match, str) and not _VALID_IF_MATCH.fullmatch(if_match):
        return None
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        raise AssertionError("A 400 without the error envelope") from None
    if _is_semantic(str(error.get("code")), error.get("details"), case.method.upper()):
        return None
    raise AssertionError(
        f"Schema-valid input rejected: {error.get('code')}: {error.get('message')} "
        f"{error.get('details')}"
    )
