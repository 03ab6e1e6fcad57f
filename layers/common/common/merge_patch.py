"""JSON merge patch (RFC 7396), as the PATCH endpoints of products and categories apply it."""

from collections.abc import Iterable
from typing import Any

from common.errors import ValidationFailed


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON merge patch: objects merge recursively, null removes, the rest replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def refuse_unknown_nulls(patch: dict[str, Any], writable: Iterable[str]) -> None:
    """`{"tenant_id": null}` would remove a member the writable view does not have: a silent
    no-op that still bumped the version. A null member is refused like any unknown field."""
    known = set(writable)
    unknown = [key for key, value in patch.items() if value is None and key not in known]
    if unknown:
        raise ValidationFailed(
            details=[{"field": key, "message": "Extra inputs are not permitted"} for key in unknown]
        )
