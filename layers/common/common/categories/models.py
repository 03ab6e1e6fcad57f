"""Category models: what a client may write (CategoryInput) and the stored category
(Category); what the API returns is categories/views.py's."""

import re
import unicodedata
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, WithJsonSchema

from common.text import Name, Text

if TYPE_CHECKING:
    from common.categories import views

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


class CategoryInput(BaseModel):
    """Body of create and PUT, and the result of applying a PATCH. Unknown fields are refused
    (id, version, product_count, tenant_id... cannot be assigned)."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    slug: Slug | None = None
    parent_id: CategoryId | None = None
    description: Text | None = None


class Category(BaseModel):
    """A stored category. `public()` is its representation in responses.

    `product_count` is kept by product writes and `child_count` by the writes of its children,
    each in the same transaction as the change they count; neither bumps `version`."""

    id: str
    tenant_id: str
    mode: Literal["live", "test"]
    name: str
    slug: str
    parent_id: str | None = None
    description: str | None = None
    product_count: int = 0
    child_count: int = 0
    version: int = 1
    created_at: str
    updated_at: str

    def writable(self) -> dict[str, Any]:
        """The client-writable view, as a PATCH applies to it."""
        return self.model_dump(include=set(CategoryInput.model_fields), exclude_none=True)

    @property
    def test(self) -> bool:
        return self.mode == "test"

    def public(self) -> "views.Category":
        from common.categories import views  # imported here: views reads this module

        return views.Category.model_validate(self, from_attributes=True)

    @property
    def etag(self) -> str:
        return f'"v{self.version}"'
