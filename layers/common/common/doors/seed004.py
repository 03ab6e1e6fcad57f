"""Seed 004's door: 4Geeks' products API, at the root and under /compat/004, every path with or
without its trailing slash (docs/seed-mapping.md).

  POST   /v1/products/        a product -> 201 {"code": 201, "title": ..., "data": {"id"}}
  GET    /v1/products/        ?page=&page_size= -> {"count", "current_page", "total_pages",
                              "results": [product, ...]}
  GET    /v1/products/{id}/   -> the product
  PUT    /v1/products/{id}/   the fields named, the others kept -> {"code": 200, ...}
  DELETE /v1/products/{id}/   -> {"code": 200, "title": "Product deleted", ...}
  every one: ?test=true|false, which must agree with the key's mode

A product as the seed shows it, onto the catalog's:
  stock             inventory (available units)
  bar_code          barcode
  recurrence        {"recurrence": "period", "duration_period": n}: every n months
                    (interval month, count n); day, week and year keep their names
  images            {"default": url, "aditional_images": [url, ...]} (the seed's spelling):
                    images, the default one primary
  taxes             [{"id", "name", "value"}]: [{name, rate}]; `id` is the tax's position
                    in the product's list, out only (taxes are no resources of their own here)
  payment_link      false: this service makes no payment links
  created_on, test  created_at, mode == "test"

Errors are `{"error": <the status's reason phrase>, "message": "..."}`.

This module has the messages and the errors, which every function of the door needs. A product
as the seed shows it is seed004_products.py (the get and the listing); the bodies, the writes
and the create's answer are seed004_writes.py. So the get, the listing and the delete load no
input model, and the delete and the writes no product representation (cold starts,
docs/performance.md).
"""

from http import HTTPStatus
from typing import Any

from pydantic import BaseModel, Field

from common.auth.principal import Principal
from common.errors import ApiError, ValidationFailed

PREFIX = "/compat/004"

CREATED = {
    "code": 201,
    "title": "Complete registration",
    "content": "The registration was successfully completed.",
    "type": "success",
}
UPDATED = {
    "code": 200,
    "title": "Updated product",
    "content": "The product was successfully updated.",
    "type": "success",
}
DELETED = {
    "code": 200,
    "title": "Product deleted",
    "content": "The product was successfully deleted.",
    "type": "success",
}

# Months are the seed's "period"; the other intervals keep their names.
SEED_INTERVALS = {"month": "period", "day": "day", "week": "week", "year": "year"}


# ------------------------------------------------------------------ responses --------------
class Seed004Message(BaseModel):
    code: int
    title: str
    content: str
    type: str


class ErrorBody(BaseModel):
    """Every error the door's functions answer."""

    error: str = Field(description="the HTTP status's reason phrase")
    message: str


# ------------------------------------------------------------------ translation ------------
def caller(principal: Principal, test: bool | None) -> Principal:
    """The caller, once `test` (when given) agrees with its key: a key sees its own mode's
    data only, so asking for the other mode's is a 400 rather than an answer from this one."""
    if test is not None and test != (principal.mode == "test"):
        mine, other = ("test", "live") if principal.mode == "test" else ("live", "test")
        message = f"this is a {mine}-mode key: for test={str(test).lower()}, use a {other}-mode key"
        raise ValidationFailed(details=[{"field": "test", "message": message}])
    return principal


def error_body(error: ApiError, request_id: str) -> dict[str, Any]:
    """`{"error": "Bad Request", "message": "..."}`: the status's reason phrase, and the
    error's message; a validation error's names what each field got wrong."""
    details = error.details if isinstance(error.details, list) else []
    if error.code not in ("validation_error", "invalid_image_url"):
        details = []
    problems = [
        f"{detail['field']}: {detail['message']}"
        for detail in details
        if isinstance(detail, dict) and "field" in detail and "message" in detail
    ]
    message = f"{error.message}: {'; '.join(problems)}" if problems else error.message
    return {"error": HTTPStatus(error.status).phrase, "message": message}
