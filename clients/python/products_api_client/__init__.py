"""Typed Python client of the Products API.

```python
from products_api_client import ProductsClient

api = ProductsClient("http://127.0.0.1:3000", client_id, client_secret)
product = api.create_product({"name": "Serenity Candle", "price": 24.99, "inventory": 45})
for item in api.iter_products(limit=50, status="active"):
    ...
```
"""

from ._http import RetryPolicy, Session
from .client import BatchResult, InventoryOperation, Json, Page, ProductsClient, etag
from .errors import (
    ApiError,
    BadRequest,
    ClientError,
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    RateLimited,
    ServerError,
    ServiceUnavailable,
    TransportError,
    Unauthorized,
    UnprocessableEntity,
    ValidationError,
    error_from_response,
)
from .tokens import TokenManager

__all__ = [
    "ApiError",
    "BadRequest",
    "BatchResult",
    "ClientError",
    "Conflict",
    "Forbidden",
    "InventoryOperation",
    "Json",
    "NotFound",
    "Page",
    "PreconditionFailed",
    "ProductsClient",
    "RateLimited",
    "RetryPolicy",
    "ServerError",
    "ServiceUnavailable",
    "Session",
    "TokenManager",
    "TransportError",
    "Unauthorized",
    "UnprocessableEntity",
    "ValidationError",
    "error_from_response",
    "etag",
]
