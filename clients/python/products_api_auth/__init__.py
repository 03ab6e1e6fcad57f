"""Authentication for the generated Products API client (products_api_client).

```python
from products_api_auth import TokenManager
from products_api_client.api.products import list_products

tokens = TokenManager("http://127.0.0.1:3000", client_id, client_secret)
api = tokens.client()  # an AuthenticatedClient: every request carries a fresh token
page = list_products.sync_detailed(client=api, limit=50).parsed
```
"""

from .tokens import TokenError, TokenManager

__all__ = ["TokenError", "TokenManager"]
