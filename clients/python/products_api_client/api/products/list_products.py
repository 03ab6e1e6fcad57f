import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.currency import Currency
from ...models.error_envelope import ErrorEnvelope
from ...models.list_products_order import ListProductsOrder
from ...models.list_products_sort import ListProductsSort
from ...models.product_page_response import ProductPageResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 20,
    page: int | Unset = UNSET,
    sort: ListProductsSort | Unset = UNSET,
    order: ListProductsOrder | Unset = UNSET,
    search: str | Unset = UNSET,
    category_id: str | Unset = UNSET,
    include_subcategories: bool | Unset = False,
    status: str | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    tags: str | Unset = UNSET,
    sku: str | Unset = UNSET,
    product_ids: str | Unset = UNSET,
    product_type_ids: str | Unset = UNSET,
    business_ids: str | Unset = UNSET,
    states: str | Unset = UNSET,
    cities: str | Unset = UNSET,
    country_code: str | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    price_min: float | Unset = UNSET,
    price_max: float | Unset = UNSET,
    created_from: datetime.date | datetime.datetime | Unset = UNSET,
    created_to: datetime.date | datetime.datetime | Unset = UNSET,
    low_stock: int | Unset = UNSET,
    min_quantity: int | Unset = UNSET,
    is_physical: bool | Unset = UNSET,
    currency: Currency | Unset = UNSET,
    include_total: bool | Unset = False,
    cursor: str | Unset = UNSET,
    countrycode: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(countrycode, Unset):
        headers["countrycode"] = countrycode

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["page"] = page

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort

    params["sort"] = json_sort

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order

    params["order"] = json_order

    params["search"] = search

    params["category_id"] = category_id

    params["include_subcategories"] = include_subcategories

    params["status"] = status

    params["is_active"] = is_active

    params["tags"] = tags

    params["sku"] = sku

    params["product_ids"] = product_ids

    params["product_type_ids"] = product_type_ids

    params["business_ids"] = business_ids

    params["states"] = states

    params["cities"] = cities

    params["country_code"] = country_code

    params["customer_id"] = customer_id

    params["price_min"] = price_min

    params["price_max"] = price_max

    json_created_from: str | Unset
    if isinstance(created_from, Unset):
        json_created_from = UNSET
    elif isinstance(created_from, datetime.date):
        json_created_from = created_from.isoformat()
    else:
        json_created_from = created_from.isoformat()

    params["created_from"] = json_created_from

    json_created_to: str | Unset
    if isinstance(created_to, Unset):
        json_created_to = UNSET
    elif isinstance(created_to, datetime.date):
        json_created_to = created_to.isoformat()
    else:
        json_created_to = created_to.isoformat()

    params["created_to"] = json_created_to

    params["low_stock"] = low_stock

    params["min_quantity"] = min_quantity

    params["is_physical"] = is_physical

    json_currency: str | Unset = UNSET
    if not isinstance(currency, Unset):
        json_currency = currency

    params["currency"] = json_currency

    params["include_total"] = include_total

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/products",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | ProductPageResponse | None:
    if response.status_code == 200:
        response_200 = ProductPageResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorEnvelope.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorEnvelope.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ErrorEnvelope.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorEnvelope.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorEnvelope.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | ProductPageResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    page: int | Unset = UNSET,
    sort: ListProductsSort | Unset = UNSET,
    order: ListProductsOrder | Unset = UNSET,
    search: str | Unset = UNSET,
    category_id: str | Unset = UNSET,
    include_subcategories: bool | Unset = False,
    status: str | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    tags: str | Unset = UNSET,
    sku: str | Unset = UNSET,
    product_ids: str | Unset = UNSET,
    product_type_ids: str | Unset = UNSET,
    business_ids: str | Unset = UNSET,
    states: str | Unset = UNSET,
    cities: str | Unset = UNSET,
    country_code: str | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    price_min: float | Unset = UNSET,
    price_max: float | Unset = UNSET,
    created_from: datetime.date | datetime.datetime | Unset = UNSET,
    created_to: datetime.date | datetime.datetime | Unset = UNSET,
    low_stock: int | Unset = UNSET,
    min_quantity: int | Unset = UNSET,
    is_physical: bool | Unset = UNSET,
    currency: Currency | Unset = UNSET,
    include_total: bool | Unset = False,
    cursor: str | Unset = UNSET,
    countrycode: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ProductPageResponse]:
    """The catalog, filtered, searched, sorted and paginated (docs/api.md)

     GET /api/v1/products — the catalog, filtered, searched, sorted and paginated (docs/api.md).

    Args:
        limit (int | Unset):  Default: 20.
        page (int | Unset):
        sort (ListProductsSort | Unset): created_at unless given (available when low_stock is
            given); available needs low_stock
        order (ListProductsOrder | Unset):
        search (str | Unset):
        category_id (str | Unset):
        include_subcategories (bool | Unset):  Default: False.
        status (str | Unset): Comma-separated values; any of them matches
        is_active (bool | Unset):
        tags (str | Unset): Comma-separated values; any of them matches
        sku (str | Unset): Comma-separated values; any of them matches
        product_ids (str | Unset): Comma-separated values; any of them matches
        product_type_ids (str | Unset): Comma-separated values; any of them matches
        business_ids (str | Unset): Comma-separated values; any of them matches
        states (str | Unset): Comma-separated values; any of them matches
        cities (str | Unset): Comma-separated values; any of them matches
        country_code (str | Unset):
        customer_id (str | Unset):
        price_min (float | Unset):
        price_max (float | Unset):
        created_from (datetime.date | datetime.datetime | Unset): A date (the whole day) or an RFC
            3339 date-time
        created_to (datetime.date | datetime.datetime | Unset): A date (the whole day) or an RFC
            3339 date-time
        low_stock (int | Unset): products with at most this many units available
        min_quantity (int | Unset):
        is_physical (bool | Unset):
        currency (Currency | Unset): An ISO 4217 currency code
        include_total (bool | Unset):  Default: False.
        cursor (str | Unset):
        countrycode (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ProductPageResponse]
    """

    kwargs = _get_kwargs(
        limit=limit,
        page=page,
        sort=sort,
        order=order,
        search=search,
        category_id=category_id,
        include_subcategories=include_subcategories,
        status=status,
        is_active=is_active,
        tags=tags,
        sku=sku,
        product_ids=product_ids,
        product_type_ids=product_type_ids,
        business_ids=business_ids,
        states=states,
        cities=cities,
        country_code=country_code,
        customer_id=customer_id,
        price_min=price_min,
        price_max=price_max,
        created_from=created_from,
        created_to=created_to,
        low_stock=low_stock,
        min_quantity=min_quantity,
        is_physical=is_physical,
        currency=currency,
        include_total=include_total,
        cursor=cursor,
        countrycode=countrycode,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    page: int | Unset = UNSET,
    sort: ListProductsSort | Unset = UNSET,
    order: ListProductsOrder | Unset = UNSET,
    search: str | Unset = UNSET,
    category_id: str | Unset = UNSET,
    include_subcategories: bool | Unset = False,
    status: str | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    tags: str | Unset = UNSET,
    sku: str | Unset = UNSET,
    product_ids: str | Unset = UNSET,
    product_type_ids: str | Unset = UNSET,
    business_ids: str | Unset = UNSET,
    states: str | Unset = UNSET,
    cities: str | Unset = UNSET,
    country_code: str | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    price_min: float | Unset = UNSET,
    price_max: float | Unset = UNSET,
    created_from: datetime.date | datetime.datetime | Unset = UNSET,
    created_to: datetime.date | datetime.datetime | Unset = UNSET,
    low_stock: int | Unset = UNSET,
    min_quantity: int | Unset = UNSET,
    is_physical: bool | Unset = UNSET,
    currency: Currency | Unset = UNSET,
    include_total: bool | Unset = False,
    cursor: str | Unset = UNSET,
    countrycode: str | Unset = UNSET,
) -> ErrorEnvelope | ProductPageResponse | None:
    """The catalog, filtered, searched, sorted and paginated (docs/api.md)

     GET /api/v1/products — the catalog, filtered, searched, sorted and paginated (docs/api.md).

    Args:
        limit (int | Unset):  Default: 20.
        page (int | Unset):
        sort (ListProductsSort | Unset): created_at unless given (available when low_stock is
            given); available needs low_stock
        order (ListProductsOrder | Unset):
        search (str | Unset):
        category_id (str | Unset):
        include_subcategories (bool | Unset):  Default: False.
        status (str | Unset): Comma-separated values; any of them matches
        is_active (bool | Unset):
        tags (str | Unset): Comma-separated values; any of them matches
        sku (str | Unset): Comma-separated values; any of them matches
        product_ids (str | Unset): Comma-separated values; any of them matches
        product_type_ids (str | Unset): Comma-separated values; any of them matches
        business_ids (str | Unset): Comma-separated values; any of them matches
        states (str | Unset): Comma-separated values; any of them matches
        cities (str | Unset): Comma-separated values; any of them matches
        country_code (str | Unset):
        customer_id (str | Unset):
        price_min (float | Unset):
        price_max (float | Unset):
        created_from (datetime.date | datetime.datetime | Unset): A date (the whole day) or an RFC
            3339 date-time
        created_to (datetime.date | datetime.datetime | Unset): A date (the whole day) or an RFC
            3339 date-time
        low_stock (int | Unset): products with at most this many units available
        min_quantity (int | Unset):
        is_physical (bool | Unset):
        currency (Currency | Unset): An ISO 4217 currency code
        include_total (bool | Unset):  Default: False.
        cursor (str | Unset):
        countrycode (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ProductPageResponse
    """

    return sync_detailed(
        client=client,
        limit=limit,
        page=page,
        sort=sort,
        order=order,
        search=search,
        category_id=category_id,
        include_subcategories=include_subcategories,
        status=status,
        is_active=is_active,
        tags=tags,
        sku=sku,
        product_ids=product_ids,
        product_type_ids=product_type_ids,
        business_ids=business_ids,
        states=states,
        cities=cities,
        country_code=country_code,
        customer_id=customer_id,
        price_min=price_min,
        price_max=price_max,
        created_from=created_from,
        created_to=created_to,
        low_stock=low_stock,
        min_quantity=min_quantity,
        is_physical=is_physical,
        currency=currency,
        include_total=include_total,
        cursor=cursor,
        countrycode=countrycode,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    page: int | Unset = UNSET,
    sort: ListProductsSort | Unset = UNSET,
    order: ListProductsOrder | Unset = UNSET,
    search: str | Unset = UNSET,
    category_id: str | Unset = UNSET,
    include_subcategories: bool | Unset = False,
    status: str | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    tags: str | Unset = UNSET,
    sku: str | Unset = UNSET,
    product_ids: str | Unset = UNSET,
    product_type_ids: str | Unset = UNSET,
    business_ids: str | Unset = UNSET,
    states: str | Unset = UNSET,
    cities: str | Unset = UNSET,
    country_code: str | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    price_min: float | Unset = UNSET,
    price_max: float | Unset = UNSET,
    created_from: datetime.date | datetime.datetime | Unset = UNSET,
    created_to: datetime.date | datetime.datetime | Unset = UNSET,
    low_stock: int | Unset = UNSET,
    min_quantity: int | Unset = UNSET,
    is_physical: bool | Unset = UNSET,
    currency: Currency | Unset = UNSET,
    include_total: bool | Unset = False,
    cursor: str | Unset = UNSET,
    countrycode: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ProductPageResponse]:
    """The catalog, filtered, searched, sorted and paginated (docs/api.md)

     GET /api/v1/products — the catalog, filtered, searched, sorted and paginated (docs/api.md).

    Args:
        limit (int | Unset):  Default: 20.
        page (int | Unset):
        sort (ListProductsSort | Unset): created_at unless given (available when low_stock is
            given); available needs low_stock
        order (ListProductsOrder | Unset):
        search (str | Unset):
        category_id (str | Unset):
        include_subcategories (bool | Unset):  Default: False.
        status (str | Unset): Comma-separated values; any of them matches
        is_active (bool | Unset):
        tags (str | Unset): Comma-separated values; any of them matches
        sku (str | Unset): Comma-separated values; any of them matches
        product_ids (str | Unset): Comma-separated values; any of them matches
        product_type_ids (str | Unset): Comma-separated values; any of them matches
        business_ids (str | Unset): Comma-separated values; any of them matches
        states (str | Unset): Comma-separated values; any of them matches
        cities (str | Unset): Comma-separated values; any of them matches
        country_code (str | Unset):
        customer_id (str | Unset):
        price_min (float | Unset):
        price_max (float | Unset):
        created_from (datetime.date | datetime.datetime | Unset): A date (the whole day) or an RFC
            3339 date-time
        created_to (datetime.date | datetime.datetime | Unset): A date (the whole day) or an RFC
            3339 date-time
        low_stock (int | Unset): products with at most this many units available
        min_quantity (int | Unset):
        is_physical (bool | Unset):
        currency (Currency | Unset): An ISO 4217 currency code
        include_total (bool | Unset):  Default: False.
        cursor (str | Unset):
        countrycode (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ProductPageResponse]
    """

    kwargs = _get_kwargs(
        limit=limit,
        page=page,
        sort=sort,
        order=order,
        search=search,
        category_id=category_id,
        include_subcategories=include_subcategories,
        status=status,
        is_active=is_active,
        tags=tags,
        sku=sku,
        product_ids=product_ids,
        product_type_ids=product_type_ids,
        business_ids=business_ids,
        states=states,
        cities=cities,
        country_code=country_code,
        customer_id=customer_id,
        price_min=price_min,
        price_max=price_max,
        created_from=created_from,
        created_to=created_to,
        low_stock=low_stock,
        min_quantity=min_quantity,
        is_physical=is_physical,
        currency=currency,
        include_total=include_total,
        cursor=cursor,
        countrycode=countrycode,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    page: int | Unset = UNSET,
    sort: ListProductsSort | Unset = UNSET,
    order: ListProductsOrder | Unset = UNSET,
    search: str | Unset = UNSET,
    category_id: str | Unset = UNSET,
    include_subcategories: bool | Unset = False,
    status: str | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    tags: str | Unset = UNSET,
    sku: str | Unset = UNSET,
    product_ids: str | Unset = UNSET,
    product_type_ids: str | Unset = UNSET,
    business_ids: str | Unset = UNSET,
    states: str | Unset = UNSET,
    cities: str | Unset = UNSET,
    country_code: str | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    price_min: float | Unset = UNSET,
    price_max: float | Unset = UNSET,
    created_from: datetime.date | datetime.datetime | Unset = UNSET,
    created_to: datetime.date | datetime.datetime | Unset = UNSET,
    low_stock: int | Unset = UNSET,
    min_quantity: int | Unset = UNSET,
    is_physical: bool | Unset = UNSET,
    currency: Currency | Unset = UNSET,
    include_total: bool | Unset = False,
    cursor: str | Unset = UNSET,
    countrycode: str | Unset = UNSET,
) -> ErrorEnvelope | ProductPageResponse | None:
    """The catalog, filtered, searched, sorted and paginated (docs/api.md)

     GET /api/v1/products — the catalog, filtered, searched, sorted and paginated (docs/api.md).

    Args:
        limit (int | Unset):  Default: 20.
        page (int | Unset):
        sort (ListProductsSort | Unset): created_at unless given (available when low_stock is
            given); available needs low_stock
        order (ListProductsOrder | Unset):
        search (str | Unset):
        category_id (str | Unset):
        include_subcategories (bool | Unset):  Default: False.
        status (str | Unset): Comma-separated values; any of them matches
        is_active (bool | Unset):
        tags (str | Unset): Comma-separated values; any of them matches
        sku (str | Unset): Comma-separated values; any of them matches
        product_ids (str | Unset): Comma-separated values; any of them matches
        product_type_ids (str | Unset): Comma-separated values; any of them matches
        business_ids (str | Unset): Comma-separated values; any of them matches
        states (str | Unset): Comma-separated values; any of them matches
        cities (str | Unset): Comma-separated values; any of them matches
        country_code (str | Unset):
        customer_id (str | Unset):
        price_min (float | Unset):
        price_max (float | Unset):
        created_from (datetime.date | datetime.datetime | Unset): A date (the whole day) or an RFC
            3339 date-time
        created_to (datetime.date | datetime.datetime | Unset): A date (the whole day) or an RFC
            3339 date-time
        low_stock (int | Unset): products with at most this many units available
        min_quantity (int | Unset):
        is_physical (bool | Unset):
        currency (Currency | Unset): An ISO 4217 currency code
        include_total (bool | Unset):  Default: False.
        cursor (str | Unset):
        countrycode (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ProductPageResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            page=page,
            sort=sort,
            order=order,
            search=search,
            category_id=category_id,
            include_subcategories=include_subcategories,
            status=status,
            is_active=is_active,
            tags=tags,
            sku=sku,
            product_ids=product_ids,
            product_type_ids=product_type_ids,
            business_ids=business_ids,
            states=states,
            cities=cities,
            country_code=country_code,
            customer_id=customer_id,
            price_min=price_min,
            price_max=price_max,
            created_from=created_from,
            created_to=created_to,
            low_stock=low_stock,
            min_quantity=min_quantity,
            is_physical=is_physical,
            currency=currency,
            include_total=include_total,
            cursor=cursor,
            countrycode=countrycode,
        )
    ).parsed
