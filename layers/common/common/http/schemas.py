"""The response models: the envelopes every JSON answer wears, generic over what they carry.

A handler declares its success body with `ok(item=Product)` (or `page=`, `data=`, `body=`) in
its route decorator; the OpenAPI document is generated from these models, and the HTTP tests
check every response against it.
The envelopes of a resource are made by `item_envelope(Product)` (the schema
`ProductResponse`: `{status, data: {item: Product}, meta}`) and `page_envelope(Product)`
(`ProductPageResponse`: `{status, data: {items: [Product], pagination}, meta}`): named classes,
so the document and the clients generated from it get readable names. The error envelope's
models are in error_schemas.py: only the documents' generator builds them.
"""

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from common.representation import Output, Timestamp


class Meta(Output):
    request_id: str = Field(description="API Gateway's request id: quote it to support")
    timestamp: Timestamp


class Item[T](Output):
    """The `data` of a response with one resource."""

    item: T


def _absent(value: Any) -> bool:
    return value is None


class Pagination(Output):
    """Where a page is in its listing. `page`, `total` and `pages` are given by the listings
    that count (products, categories); `next_cursor` continues after this page."""

    limit: int = Field(ge=1)
    has_next: bool
    has_prev: bool
    next_cursor: str | None
    page: int | None = Field(default=None, ge=1, exclude_if=_absent)
    total: int | None = Field(default=None, ge=0, exclude_if=_absent)
    pages: int | None = Field(default=None, ge=0, exclude_if=_absent)
    total_is_lower_bound: bool | None = Field(
        default=None,
        description="Present (true) when `total` counts only what was read",
        exclude_if=_absent,
    )


class Page[T](Output):
    """The `data` of a listing: one page of items and where it is."""

    items: list[T]
    pagination: Pagination


class Envelope[T](Output):
    """Every successful JSON response of the canonical API."""

    status: Literal["success"] = "success"
    data: T
    meta: Meta

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


class Health(Output):
    """The service answers."""

    healthy: Literal[True]
    service: str
    version: str


class Deleted(Output):
    """What a DELETE answers: the id of what is gone."""

    id: str
    deleted: Literal[True]


def _named(base: type[BaseModel], name: str, doc: str) -> type[BaseModel]:
    """A concrete subclass of a parametrized generic: the document names its schema `name`
    (pydantic would name it after the generic and its arguments, `Item_Product_`)."""
    return type(name, (base,), {"__doc__": doc, "__module__": __name__})


@cache
def item_envelope(resource: type[BaseModel]) -> type[BaseModel]:
    """The response with one `resource`: `{status, data: {item}, meta}`."""
    name = resource.__name__
    data = _named(Item[resource], f"{name}Data", f"The `data` of a response with one {name}.")  # type: ignore[valid-type]
    return _named(Envelope[data], f"{name}Response", f"One {name}.")  # type: ignore[valid-type]


@cache
def page_envelope(resource: type[BaseModel]) -> type[BaseModel]:
    """A page of a listing of `resource`: `{status, data: {items, pagination}, meta}`."""
    name = resource.__name__
    data = _named(Page[resource], f"{name}PageData", f"A page of {name} items.")  # type: ignore[valid-type]
    return _named(Envelope[data], f"{name}PageResponse", f"A page of {name} items.")  # type: ignore[valid-type]


@cache
def data_envelope(data: type[BaseModel]) -> type[BaseModel]:
    """The response whose `data` is `data` itself (a token grant, the health report)."""
    return _named(Envelope[data], f"{data.__name__}Response", data.__doc__ or "")  # type: ignore[valid-type]


def ok(
    *,
    item: type[BaseModel] | None = None,
    page: type[BaseModel] | None = None,
    data: type[BaseModel] | None = None,
    body: type[BaseModel] | None = None,
    status: int = 200,
    description: str = "Success",
) -> Any:
    """A route's success response, for its decorator's `responses` (powertools puts the model's
    schema in the document): one `item`, a `page` of items, `data` as it is (each in the
    envelope), or a `body` without the envelope (a JWK Set, a seed door's own shapes)."""
    if item is not None:
        model = item_envelope(item)
    elif page is not None:
        model = page_envelope(page)
    elif data is not None:
        model = data_envelope(data)
    elif body is not None:
        model = body
    else:
        raise TypeError("ok() needs item, page, data or body")
    return {status: {"description": description, "content": {"application/json": {"model": model}}}}
