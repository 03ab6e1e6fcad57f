"""What the API returns for a category, read from the stored one (categories/models.py)."""

from pydantic import Field

from common.categories.models import CATEGORY_ID_PATTERN, SLUG_PATTERN
from common.representation import Output, Timestamp, read_only


class Category(Output):
    """A category of the tenant's catalog; `parent_id` null is the top level."""

    id: str = read_only(pattern=CATEGORY_ID_PATTERN)
    name: str
    slug: str = Field(pattern=SLUG_PATTERN)
    parent_id: str | None = Field(pattern=CATEGORY_ID_PATTERN)
    description: str | None
    product_count: int = read_only(
        "Products in this category (a customer-bound client: its customer's only)", minimum=0
    )
    child_count: int = read_only("Categories whose parent this is", minimum=0)
    version: int = read_only('Bumped by every change; the ETag is `"v<version>"`', minimum=1)
    created_at: Timestamp = read_only()
    updated_at: Timestamp = read_only()
    test: bool = read_only("Made with a test-mode key")
