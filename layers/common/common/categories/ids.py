"""How categories are named: ids (`cat_` + 24 hex digits) and slugs, with the annotated types
that validate them in bodies and queries.

Apart from the category models (categories/models.py) so that products and the seed doors,
which name categories, do not create those models (cold starts, docs/performance.md).
"""

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema

SLUG_MAX_LENGTH = 100
CATEGORY_ID_PATTERN = r"^cat_[0-9a-f]{24}$"
SLUG_PATTERN = r"^[a-z0-9-]{1,100}$"
_CATEGORY_ID = re.compile(CATEGORY_ID_PATTERN[1:-1])
_SLUG = re.compile(r"[a-z0-9-]+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def is_category_id(value: str) -> bool:
    """Whether `value` has the shape of a category id: `cat_` + 24 lowercase hex digits.
    Anything else cannot name a category (and never reaches a key)."""
    return _CATEGORY_ID.fullmatch(value) is not None


def _check_category_id(value: str) -> str:
    if not is_category_id(value):
        raise ValueError("must be a category id: cat_ followed by 24 hex digits")
    return value


def _check_slug(value: str) -> str:
    if not 1 <= len(value) <= SLUG_MAX_LENGTH:
        raise ValueError(f"must be 1 to {SLUG_MAX_LENGTH} characters")
    if not _SLUG.fullmatch(value):
        raise ValueError("may contain only lowercase letters a-z, digits and '-'")
    return value


# The patterns are the document's (WithJsonSchema); the validators give the messages.
CategoryId = Annotated[
    str,
    AfterValidator(_check_category_id),
    WithJsonSchema({"type": "string", "pattern": CATEGORY_ID_PATTERN}),
]


def _check_category_reference(value: str) -> str:
    if not is_category_id(value):
        _check_slug(value)
    return value


# A category named by its id or by its slug (resolved to the id before anything is stored).
CategoryReference = Annotated[
    str,
    AfterValidator(_check_category_reference),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": f"^(?:{CATEGORY_ID_PATTERN[1:-1]}|{SLUG_PATTERN[1:-1]})$",
            "description": "a category's id, or its slug",
        }
    ),
]
Slug = Annotated[
    str, AfterValidator(_check_slug), WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN})
]


def slugify(text: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """'Café & Bar Stools' -> 'cafe-bar-stools': accents dropped, lowercase, every run of other
    characters one '-'. Empty when the text has no letter or digit of the Latin alphabet."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")
