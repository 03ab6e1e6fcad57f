"""Conditional requests (RFC 9110): ETags are "v<version>"; If-Match guards writes."""

import re
from typing import Protocol

from common.errors import PreconditionFailed, ValidationFailed

# RFC 9110 If-Match: `*`, or a list of entity tags ("v3", W/"v3"). The document gives this
# pattern; anything else is a 400, not a 412: it names no version at all.
_ENTITY_TAG = r'(W/)?"[!#-~]*"'
IF_MATCH_PATTERN = rf"^[ \t]*(\*|{_ENTITY_TAG}([ \t]*,[ \t]*{_ENTITY_TAG})*)[ \t]*$"
_IF_MATCH = re.compile(IF_MATCH_PATTERN)

# Writes are conditional on the version read. Without If-Match a write that lost the race is
# re-applied to the fresh state, this many times at most before answering 409.
MAX_WRITE_ATTEMPTS = 4


class Versioned(Protocol):
    @property
    def version(self) -> int: ...

    @property
    def etag(self) -> str: ...


def etag_matches(header: str | None, etag: str) -> bool:
    """If-Match / If-None-Match: a list of entity tags or `*` (weak prefixes tolerated)."""
    if header is None:
        return True
    candidates = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in candidates or etag in candidates


def check_if_match(if_match: str | None, resource: Versioned) -> None:
    if if_match is not None and not _IF_MATCH.fullmatch(if_match):
        raise ValidationFailed(
            details=[{"field": "If-Match", "message": 'must be * or entity tags such as "v3"'}]
        )
    if not etag_matches(if_match, resource.etag):
        raise PreconditionFailed(
            details={"current_etag": resource.etag, "current_version": resource.version}
        )
