from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.category_input import CategoryInput
from ...models.category_response import CategoryResponse
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    category_id: str,
    *,
    body: CategoryInput,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/categories/{category_id}".format(
            category_id=quote(str(category_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CategoryResponse | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = CategoryResponse.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ErrorEnvelope.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = ErrorEnvelope.from_dict(response.json())

        return response_412

    if response.status_code == 413:
        response_413 = ErrorEnvelope.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorEnvelope.from_dict(response.json())

        return response_415

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
) -> Response[CategoryResponse | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    category_id: str,
    *,
    client: AuthenticatedClient,
    body: CategoryInput,
    if_match: str | Unset = UNSET,
) -> Response[CategoryResponse | ErrorEnvelope]:
    """Replace the writable fields (If-Match honoured)

     PUT /api/v1/categories/{category_id} — replace the writable fields (If-Match honoured).
    Categories belong to the tenant: a client bound to a customer gets 403 forbidden.

    Args:
        category_id (str):
        if_match (str | Unset):
        body (CategoryInput): Body of create and PUT, and the result of applying a PATCH. Unknown
            fields are refused
            (id, version, product_count, tenant_id... cannot be assigned).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CategoryResponse | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        category_id=category_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    category_id: str,
    *,
    client: AuthenticatedClient,
    body: CategoryInput,
    if_match: str | Unset = UNSET,
) -> CategoryResponse | ErrorEnvelope | None:
    """Replace the writable fields (If-Match honoured)

     PUT /api/v1/categories/{category_id} — replace the writable fields (If-Match honoured).
    Categories belong to the tenant: a client bound to a customer gets 403 forbidden.

    Args:
        category_id (str):
        if_match (str | Unset):
        body (CategoryInput): Body of create and PUT, and the result of applying a PATCH. Unknown
            fields are refused
            (id, version, product_count, tenant_id... cannot be assigned).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CategoryResponse | ErrorEnvelope
    """

    return sync_detailed(
        category_id=category_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    category_id: str,
    *,
    client: AuthenticatedClient,
    body: CategoryInput,
    if_match: str | Unset = UNSET,
) -> Response[CategoryResponse | ErrorEnvelope]:
    """Replace the writable fields (If-Match honoured)

     PUT /api/v1/categories/{category_id} — replace the writable fields (If-Match honoured).
    Categories belong to the tenant: a client bound to a customer gets 403 forbidden.

    Args:
        category_id (str):
        if_match (str | Unset):
        body (CategoryInput): Body of create and PUT, and the result of applying a PATCH. Unknown
            fields are refused
            (id, version, product_count, tenant_id... cannot be assigned).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CategoryResponse | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        category_id=category_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    category_id: str,
    *,
    client: AuthenticatedClient,
    body: CategoryInput,
    if_match: str | Unset = UNSET,
) -> CategoryResponse | ErrorEnvelope | None:
    """Replace the writable fields (If-Match honoured)

     PUT /api/v1/categories/{category_id} — replace the writable fields (If-Match honoured).
    Categories belong to the tenant: a client bound to a customer gets 403 forbidden.

    Args:
        category_id (str):
        if_match (str | Unset):
        body (CategoryInput): Body of create and PUT, and the result of applying a PATCH. Unknown
            fields are refused
            (id, version, product_count, tenant_id... cannot be assigned).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CategoryResponse | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            category_id=category_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
