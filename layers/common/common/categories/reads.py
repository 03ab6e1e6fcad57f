"""Reading one category (listing a level of the tree: categories/listing.py)."""

from common.auth.principal import Principal
from common.categories.access import load, require_read
from common.categories.models import Category


def get_category(principal: Principal, category_id: str) -> Category:
    require_read(principal)
    return load(principal, category_id, as_seen=True)
