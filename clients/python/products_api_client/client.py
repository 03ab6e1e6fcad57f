"""`ProductsClient`: one typed method per endpoint, retries, pagination iterators."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

import requests

from ._http import RetryPolicy, Session, send
from .errors import error_from_response
from .tokens import TokenManager

Json = dict[str, Any]
InventoryOperation = Literal["adjust", "set", "reserve", "release", "commit"]
# A query value: lists are sent comma-separated, booleans as true/false.
QueryValue = str | int | float | bool | Sequence[str] | None

USER_AGENT = "products-api-client/0.1.0"


@dataclass(frozen=True)
class Page:
    """One page of a listing: `data.items` and `data.pagination`."""

    items: list[Json]
    pagination: Json

    @property
    def has_next(self) -> bool:
        return bool(self.pagination.get("has_next"))

    @property
    def next_cursor(self) -> str | None:
        cursor = self.pagination.get("next_cursor")
        return str(cursor) if cursor else None


@dataclass(frozen=True)
class BatchResult:
    """A batch upload: the new ids in request order, and the items."""

    product_ids: list[str]
    items: list[Json]


def etag(resource: Mapping[str, Any]) -> str:
    """The `ETag` of a product or category as returned, for `if_match=`: `"v<version>"`."""
    return f'"v{resource["version"]}"'


def _query(params: Mapping[str, QueryValue]) -> dict[str, str]:
    query: dict[str, str] = {}
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            query[name] = "true" if value else "false"
        elif isinstance(value, str | int | float):
            query[name] = str(value)
        else:
            query[name] = ",".join(value)
    return query


class ProductsClient:
    """A client of the Products API.

    - Authenticates with the client-credentials grant and keeps the token fresh
      (`TokenManager`); a 401 `token_expired`/`unauthorized` renews the token and retries once.
    - Retries 429 and 503 with exponential backoff, honouring `Retry-After`, up to
      `retry.max_attempts` tries in all. Connection errors (and 502/504) are retried only for
      idempotent methods and for requests that carry an `Idempotency-Key`.
    - Product create, batch create and inventory operations always carry an
      `Idempotency-Key`: yours (`idempotency_key=`) or a new uuid4 per call, so a retry of the
      same call never acts twice. Pass your own key to make retries across calls (or
      processes) safe too.
    - Errors raise `ApiError` subclasses (`NotFound`, `Conflict`, `ValidationError`, ...).
    """

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        session: Session | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 30.0,
        skew: float = 300.0,
        headers: Mapping[str, str] | None = None,
        token_manager: TokenManager | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.session: Session = session if session is not None else requests.Session()
        self.retry = retry or RetryPolicy()
        self.sleep = sleep
        self.timeout = timeout
        # Sent with every request, e.g. seed 002's {"userId": "..."}.
        self.headers = {"User-Agent": USER_AGENT, **(headers or {})}
        self.tokens = token_manager or TokenManager(
            self.base_url,
            client_id,
            client_secret,
            session=self.session,
            skew=skew,
            retry=self.retry,
            sleep=sleep,
            timeout=timeout,
        )

    # -- products -----------------------------------------------------------------------------

    def create_product(
        self, product: Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> Json:
        return self._item(
            "POST", "/api/v1/products", body=product, idempotency_key=_key(idempotency_key)
        )

    def get_product(self, product_id: str) -> Json:
        return self._item("GET", f"/api/v1/products/{_id(product_id)}")

    def list_products(
        self,
        *,
        limit: int | None = None,
        cursor: str | None = None,
        page: int | None = None,
        **filters: QueryValue,
    ) -> Page:
        """One page. Filters use the API's names (`search`, `category_id`, `status`, `tags`,
        `price_min`, `sort`, `order`, ...); lists are sent comma-separated."""
        params = {"limit": limit, "cursor": cursor, "page": page, **filters}
        return self._page("/api/v1/products", params)

    def iter_products(self, *, limit: int | None = None, **filters: QueryValue) -> Iterator[Json]:
        """Every product that matches, page after page (`limit` per request)."""
        return self._iterate("/api/v1/products", {"limit": limit, **filters})

    def replace_product(
        self, product_id: str, product: Mapping[str, Any], *, if_match: str | None = None
    ) -> Json:
        return self._item(
            "PUT", f"/api/v1/products/{_id(product_id)}", body=product, if_match=if_match
        )

    def patch_product(
        self, product_id: str, patch: Mapping[str, Any], *, if_match: str | None = None
    ) -> Json:
        """JSON merge patch (RFC 7396): `None` removes a key, nested objects merge."""
        return self._item(
            "PATCH",
            f"/api/v1/products/{_id(product_id)}",
            body=patch,
            if_match=if_match,
            content_type="application/merge-patch+json",
        )

    def delete_product(self, product_id: str, *, if_match: str | None = None) -> Json:
        return self._item("DELETE", f"/api/v1/products/{_id(product_id)}", if_match=if_match)

    def batch_create(
        self, products: Sequence[Mapping[str, Any]], *, idempotency_key: str | None = None
    ) -> BatchResult:
        """Up to 100 products, all or nothing."""
        data = self._data(
            "POST",
            "/api/v1/products/batch",
            body=list(products),
            idempotency_key=_key(idempotency_key),
        )
        return BatchResult([str(i) for i in data["product_ids"]], list(data["items"]))

    def inventory(
        self,
        product_id: str,
        operation: InventoryOperation,
        quantity: int,
        *,
        variant_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> Json:
        """An atomic stock operation; returns the updated product."""
        body: Json = {"operation": operation, "quantity": quantity}
        if variant_id is not None:
            body["variant_id"] = variant_id
        return self._item(
            "POST",
            f"/api/v1/products/{_id(product_id)}/inventory",
            body=body,
            idempotency_key=_key(idempotency_key),
        )

    def reserve(self, product_id: str, quantity: int, *, variant_id: str | None = None,
                idempotency_key: str | None = None) -> Json:  # fmt: skip
        return self.inventory(product_id, "reserve", quantity, variant_id=variant_id,
                              idempotency_key=idempotency_key)  # fmt: skip

    def release(self, product_id: str, quantity: int, *, variant_id: str | None = None,
                idempotency_key: str | None = None) -> Json:  # fmt: skip
        return self.inventory(product_id, "release", quantity, variant_id=variant_id,
                              idempotency_key=idempotency_key)  # fmt: skip

    def commit(self, product_id: str, quantity: int, *, variant_id: str | None = None,
               idempotency_key: str | None = None) -> Json:  # fmt: skip
        return self.inventory(product_id, "commit", quantity, variant_id=variant_id,
                              idempotency_key=idempotency_key)  # fmt: skip

    def adjust(self, product_id: str, delta: int, *, variant_id: str | None = None,
               idempotency_key: str | None = None) -> Json:  # fmt: skip
        return self.inventory(product_id, "adjust", delta, variant_id=variant_id,
                              idempotency_key=idempotency_key)  # fmt: skip

    def set_stock(self, product_id: str, quantity: int, *, variant_id: str | None = None,
                  idempotency_key: str | None = None) -> Json:  # fmt: skip
        return self.inventory(product_id, "set", quantity, variant_id=variant_id,
                              idempotency_key=idempotency_key)  # fmt: skip

    # -- categories ---------------------------------------------------------------------------

    def create_category(self, category: Mapping[str, Any]) -> Json:
        return self._item("POST", "/api/v1/categories", body=category)

    def get_category(self, category_id: str) -> Json:
        return self._item("GET", f"/api/v1/categories/{_id(category_id)}")

    def list_categories(
        self,
        *,
        parent_id: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
        page: int | None = None,
    ) -> Page:
        params = {"parent_id": parent_id, "limit": limit, "cursor": cursor, "page": page}
        return self._page("/api/v1/categories", params)

    def iter_categories(
        self, *, parent_id: str | None = None, limit: int | None = None
    ) -> Iterator[Json]:
        return self._iterate("/api/v1/categories", {"parent_id": parent_id, "limit": limit})

    def replace_category(
        self, category_id: str, category: Mapping[str, Any], *, if_match: str | None = None
    ) -> Json:
        return self._item(
            "PUT", f"/api/v1/categories/{_id(category_id)}", body=category, if_match=if_match
        )

    def patch_category(
        self, category_id: str, patch: Mapping[str, Any], *, if_match: str | None = None
    ) -> Json:
        return self._item(
            "PATCH",
            f"/api/v1/categories/{_id(category_id)}",
            body=patch,
            if_match=if_match,
            content_type="application/merge-patch+json",
        )

    def delete_category(self, category_id: str, *, if_match: str | None = None) -> Json:
        return self._item("DELETE", f"/api/v1/categories/{_id(category_id)}", if_match=if_match)

    # -- plumbing -----------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: Mapping[str, str] | None = None,
        if_match: str | None = None,
        idempotency_key: str | None = None,
        content_type: str = "application/json",
    ) -> requests.Response:
        """Sends an authenticated request and returns the 2xx response; raises `ApiError`
        otherwise. A 401 renews the token and retries once; `send` handles backoff."""
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = content_type
        if if_match is not None:
            headers["If-Match"] = if_match
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        token = self.tokens.token()
        for attempt in range(2):
            headers["Authorization"] = f"Bearer {token}"
            response = send(
                self.session,
                method,
                f"{self.base_url}{path}",
                policy=self.retry,
                sleep=self.sleep,
                headers=headers,
                params=params,
                body=body,
                timeout=self.timeout,
            )
            if response.status_code < 400:
                return response
            failure = error_from_response(response)
            if (
                attempt
                or failure.status != 401
                or failure.code not in ("token_expired", "unauthorized")
            ):
                raise failure
            token = self.tokens.force_refresh(stale=token)
        raise AssertionError("unreachable")  # pragma: no cover

    def _data(self, method: str, path: str, **kwargs: Any) -> Json:
        data = self.request(method, path, **kwargs).json()["data"]
        assert isinstance(data, dict)
        return data

    def _item(self, method: str, path: str, **kwargs: Any) -> Json:
        item = self._data(method, path, **kwargs)["item"]
        assert isinstance(item, dict)
        return item

    def _page(self, path: str, params: Mapping[str, QueryValue]) -> Page:
        data = self._data("GET", path, params=_query(params))
        return Page(list(data["items"]), dict(data.get("pagination") or {}))

    def _iterate(self, path: str, params: Mapping[str, QueryValue]) -> Iterator[Json]:
        query = dict(params)
        while True:
            page = self._page(path, query)
            yield from page.items
            if not page.has_next or page.next_cursor is None:
                return
            query["cursor"] = page.next_cursor


def _key(given: str | None) -> str:
    return given if given is not None else str(uuid.uuid4())


def _id(value: str) -> str:
    return quote(value, safe="")
