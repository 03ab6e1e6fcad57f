"""What the API returns for a category, read from the stored one (categories/models.py)."""

from typing import Any

from pydantic import ConfigDict, Field

from common.categories.ids import CATEGORY_ID_PATTERN, SLUG_PATTERN
from common.representation import Output, Timestamp, read_only

# An answer of the service (tests/component/test_examples.py makes it again and compares).
EXAMPLE: dict[str, Any] = {
    "id": "cat_53efb1c2a2e8db26822004c8",
    "name": "Footwear",
    "slug": "footwear",
    "parent_id": None,
    "description": "Shoes, boots and sandals",
    "product_count": 0,
    "child_count": 0,
    "version": 1,
    "created_at": "2026-12-05T17:41:38.903Z",
    "updated_at": "2026-12-05T17:41:38.903Z",
    "test": False,
}


class Category(Output):
    """A category of the tenant's catalog; `parent_id` null is the top level."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

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
