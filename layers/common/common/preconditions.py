"""Conditional requests (RFC 9110): ETags are "v<version>"; If-Match guards writes."""

from typing import Protocol

from common.errors import PreconditionFailed


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
    if not etag_matches(if_match, resource.etag):
        raise PreconditionFailed(
            details={"current_etag": resource.etag, "current_version": resource.version}
        )
