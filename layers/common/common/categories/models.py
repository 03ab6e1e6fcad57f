"""Category models: what a client may write (CategoryInput) and the stored category
(Category); what the API returns is categories/views.py's."""

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from common.categories.ids import CategoryId, Slug
from common.text import Name, Text

if TYPE_CHECKING:
    from common.categories import views


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
