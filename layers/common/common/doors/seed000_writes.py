"""Seed 000's upload (docs/seed-mapping.md): a JSON array of {customer_id, name, description,
price}, created all or nothing, answered with the new products' ids. The door's get, its
errors and its prefix are seed000.py."""

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from common.auth.principal import Principal
from common.products.batch import create_products
from common.products.service import owner_of
from common.products.validators import Amount
from common.text import AccountId, Name, Text


class UploadedProduct(BaseModel):
    """One item of an upload, as seed 000 documents it."""

    model_config = ConfigDict(extra="forbid")

    customer_id: AccountId
    name: Name
    description: Text | None = None
    price: Amount


class Seed000Uploaded(BaseModel):
    """What seed 000's upload answers: the new products' ids, in the order given."""

    product_ids: list[str]


def upload(principal: Principal, items: Sequence[UploadedProduct]) -> list[str]:
    """The batch create of the items, in order; their ids. Every item's `customer_id` must be
    the caller's own (the domain's ownership rule, asked first so the seed's message comes out
    as the seed shows it)."""
    for item in items:
        owner_of(principal, item.customer_id)
    created = create_products(principal, [item.model_dump(exclude_none=True) for item in items])
    return [product.id for product in created]
