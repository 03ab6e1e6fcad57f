"""GET /compat/002/api/v1/products — seed 002's listing, in its own names and shape.

The catalog filtered by seed 002's parameters and its countryCode header, answered as
{"products", "totalItems", "totalPages", "currentPage"}; 404 when no product matches."""

from typing import Annotated

from common.doors import seed002
from common.http import (
    JSON_CONTENT_TYPE,
    Header,
    Query,
    Response,
    build_resolver,
    current_principal,
    lambda_entrypoint,
    ok,
)
from common.observability import logger
from common.products import listing
from common.products.validators import COUNTRY_CODE_PATTERN

app = build_resolver(error_shape=seed002.error_body, strip_prefixes=[seed002.PREFIX])


@app.get(seed002.PATH, responses=ok(body=seed002.Seed002Page))
def list_products(
    params: Annotated[seed002.Seed002Query, Query()],
    # Required, as the seed marks them. tenantId is checked against the token's tenant and
    # userId carried as the acting user, by current_principal (common/auth/principal.py).
    tenant_id: Annotated[
        str, Header(alias="tenantId", min_length=1, description="The token's tenant, else 403")
    ],
    user_id: Annotated[
        str, Header(alias="userId", min_length=1, description="The person acting (audit trail)")
    ],
    country_code: Annotated[
        str,
        Header(
            alias="countryCode",
            pattern=COUNTRY_CODE_PATTERN,
            description="Products located in this country (ISO 3166-1 alpha-2)",
        ),
    ],
) -> Response[str]:
    principal = current_principal(app)
    logger.append_keys(user_id=principal.user_id)
    query = seed002.product_query(params, country_code)
    page = listing.list_products(principal, query, None)
    return Response(200, JSON_CONTENT_TYPE, seed002.body_of(page))


lambda_handler = lambda_entrypoint(app)
