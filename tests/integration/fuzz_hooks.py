"""schemathesis hooks for the fuzz run (tests/integration/schemathesis.toml).

`semantic_rejections_only` narrows positive_data_acceptance back down: schema-valid input may
get a 400 only for the rejections that depend on stored data, which no schema can describe
(SPEC §5-§7). Any other 400 to schema-valid input means the document and the validation
disagree, and fails the run.
"""

import re
from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

# error code -> (field, message) patterns of a detail; None: any detail, or none at all.
SEMANTIC_REJECTIONS: dict[str, list[tuple[str, str]] | None] = {
    # A category_id / parent that does not exist in the tenant (SPEC §5: 400).
    "invalid_category_id": None,
    # Stock that would go negative, or a variant the product does not have (SPEC §5: 400).
    "inventory_error": None,
    # A customer_id other than the token's customer (SPEC §4, seed 000: 400).
    "invalid_product_data": [(r"customer_id", r"must match the token's customer")],
    "validation_error": [
        # A cursor this API did not issue, or issued for another query (SPEC §6, §8).
        (r"cursor", r".*"),
        # page and cursor are exclusive; the document cannot relate two parameters.
        (r"page", r"give either page or cursor, not both"),
        # A parent that does not exist, itself, or a descendant (a cycle, SPEC §7: 400).
        (r"parent_id", r"does not exist|its own parent|would make a cycle"),
        # A variant id the product does not have (ids are kept only for existing variants).
        (r"variants\[\d+\]\.id", r"no such variant"),
    ],
}


def _is_semantic(code: str, details: Any) -> bool:
    if code not in SEMANTIC_REJECTIONS:
        return False
    allowed = SEMANTIC_REJECTIONS[code]
    if allowed is None:
        return True
    if not isinstance(details, list) or not details:
        return False
    return all(
        any(
            re.fullmatch(field, str(detail.get("field", "")))
            and re.search(message, str(detail.get("message", "")))
            for field, message in allowed
        )
        for detail in details
        if isinstance(detail, dict)
    )


@schemathesis.check
def semantic_rejections_only(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        raise AssertionError("A 400 without the error envelope") from None
    if _is_semantic(str(error.get("code")), error.get("details")):
        return None
    raise AssertionError(
        f"Schema-valid input rejected: {error.get('code')}: {error.get('message')} "
        f"{error.get('details')}"
    )
