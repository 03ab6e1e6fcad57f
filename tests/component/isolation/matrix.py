"""The isolation matrix as data: one row per route of template.yaml, grouped by area; for
every attack kind, the case that attacks the route or the reason the attack does not apply."""

from local_api.template import Template
from tests.component.isolation.audit import (
    foreign_audit,
    foreign_audit_cursor,
    guessed_audit,
    smuggled_audit_headers,
    smuggled_audit_params,
)
from tests.component.isolation.auth import (
    OWN_CREDENTIAL,
    any_foreign,
    foreign_credentials,
    guessed_credentials,
    guessed_refresh_tokens,
    revoke_with_tenant_header,
    revoking,
    smuggled_refresh_context,
    smuggled_refresh_fields,
    smuggled_revoke_fields,
    smuggled_token_context,
    smuggled_token_fields,
)
from tests.component.isolation.canonical import (
    TO_CATEGORY,
    TO_PARENT,
    TO_STOCK_VARIANT,
    TO_VARIANT,
    OnCreate,
    OnListing,
    OnResource,
    create_row,
    listing_row,
    resource_row,
)
from tests.component.isolation.door000 import (
    DOOR_GET,
    DOOR_UPLOAD,
    door000_get_row,
    door000_upload_row,
)
from tests.component.isolation.door001 import door001_rows
from tests.component.isolation.door002 import DOOR_002, door002_row
from tests.component.isolation.door004 import door004_rows
from tests.component.isolation.public import Public
from tests.component.isolation.world import (
    AUDIT,
    CATEGORIES,
    CATEGORY,
    COMPAT_003,
    IF_MATCH,
    IF_NONE_MATCH,
    NO_BODY,
    NO_CURSOR_OR_KEY,
    NOT_IDEMPOTENT,
    PRODUCT,
    PRODUCTS,
    REFRESH,
    RENAME,
    REVOKE,
    TOKEN,
    Attack,
    Row,
)

PUT_PRODUCT = {"name": "Pwned", "price": 1}

# Unauthenticated routes: one case each, that they answer nothing of the victim's.
PUBLIC: dict[tuple[str, str], Public] = {
    ("GET", "/api/v1/health"): Public("liveness only"),
    ("GET", "/.well-known/jwks.json"): Public("the public signing keys, the same for everyone"),
    ("GET", "/api/v1/openapi.json"): Public("the API's description, the same for everyone"),
    ("GET", "/api/v1/docs"): Public("Swagger UI, the same for everyone"),
    **{
        (route.method, route.path): Public("a seed door's description, the same for everyone")
        for route in Template.load().routes()
        if route.function == "DoorOpenApiFunction"
    },
}

AUTH: dict[tuple[str, str], Row] = {
    ("POST", TOKEN): {
        Attack.OTHER_TENANT: foreign_credentials,
        Attack.OTHER_CUSTOMER: foreign_credentials,
        Attack.TEST_ON_LIVE: foreign_credentials,
        Attack.LIVE_ON_TEST: foreign_credentials,
        Attack.GUESSED_ID: guessed_credentials,
        Attack.BODY_FIELDS: smuggled_token_fields,
        Attack.QUERY_PARAMS: smuggled_token_context("query"),
        Attack.HEADERS: smuggled_token_context("headers"),
        **NO_CURSOR_OR_KEY,
    },
    ("POST", REFRESH): {
        Attack.OTHER_TENANT: OWN_CREDENTIAL,
        Attack.OTHER_CUSTOMER: OWN_CREDENTIAL,
        Attack.TEST_ON_LIVE: OWN_CREDENTIAL,
        Attack.LIVE_ON_TEST: OWN_CREDENTIAL,
        Attack.GUESSED_ID: guessed_refresh_tokens,
        Attack.BODY_FIELDS: smuggled_refresh_fields,
        Attack.QUERY_PARAMS: smuggled_refresh_context("query"),
        Attack.HEADERS: smuggled_refresh_context("headers"),
        **NO_CURSOR_OR_KEY,
    },
    ("POST", REVOKE): {
        Attack.OTHER_TENANT: revoking(any_foreign),
        Attack.OTHER_CUSTOMER: revoking(any_foreign),
        Attack.TEST_ON_LIVE: revoking(any_foreign),
        Attack.LIVE_ON_TEST: revoking(any_foreign),
        Attack.GUESSED_ID: revoking(lambda w, a: w.tenant_admin, guessed=True),
        Attack.BODY_FIELDS: smuggled_revoke_fields,
        Attack.QUERY_PARAMS: revoking(lambda w, a: w.tenant_admin, query=True),
        Attack.HEADERS: revoke_with_tenant_header,
        **NO_CURSOR_OR_KEY,
    },
}

PRODUCT_ROUTES: dict[tuple[str, str], Row] = {
    ("POST", PRODUCTS): create_row(OnCreate(PRODUCT, PRODUCTS)),
    ("POST", f"{PRODUCTS}/batch"): create_row(OnCreate(PRODUCT, f"{PRODUCTS}/batch", batch=True)),
    ("GET", PRODUCTS): listing_row(OnListing(PRODUCT)),
    ("GET", f"{PRODUCTS}/{{product_id}}"): resource_row(
        OnResource(PRODUCT, "GET", precondition=IF_NONE_MATCH)
    ),
    ("PUT", f"{PRODUCTS}/{{product_id}}"): resource_row(
        OnResource(
            PRODUCT, "PUT", body=PUT_PRODUCT, precondition=IF_MATCH, links=(TO_CATEGORY, TO_VARIANT)
        )
    ),
    ("PATCH", f"{PRODUCTS}/{{product_id}}"): resource_row(
        OnResource(
            PRODUCT, "PATCH", body=RENAME, precondition=IF_MATCH, links=(TO_CATEGORY, TO_VARIANT)
        )
    ),
    ("DELETE", f"{PRODUCTS}/{{product_id}}"): resource_row(
        OnResource(PRODUCT, "DELETE", precondition=IF_MATCH)
    ),
    ("POST", f"{PRODUCTS}/{{product_id}}/inventory"): resource_row(
        OnResource(
            PRODUCT,
            "POST",
            suffix="/inventory",
            body={"operation": "set", "quantity": 999},
            precondition=IF_MATCH,
            links=(TO_STOCK_VARIANT,),
            idempotent=True,
        )
    ),
}

CATEGORY_ROUTES: dict[tuple[str, str], Row] = {
    ("POST", CATEGORIES): create_row(OnCreate(CATEGORY, CATEGORIES)),
    ("GET", CATEGORIES): listing_row(OnListing(CATEGORY)),
    ("GET", f"{CATEGORIES}/{{category_id}}"): resource_row(
        OnResource(CATEGORY, "GET", precondition=IF_NONE_MATCH)
    ),
    ("PUT", f"{CATEGORIES}/{{category_id}}"): resource_row(
        OnResource(CATEGORY, "PUT", body=RENAME, precondition=IF_MATCH, links=(TO_PARENT,))
    ),
    ("PATCH", f"{CATEGORIES}/{{category_id}}"): resource_row(
        OnResource(CATEGORY, "PATCH", body=RENAME, precondition=IF_MATCH, links=(TO_PARENT,))
    ),
    ("DELETE", f"{CATEGORIES}/{{category_id}}"): resource_row(
        OnResource(CATEGORY, "DELETE", precondition=IF_MATCH)
    ),
}

# The seed doors (docs/seed-mapping.md): the same domain, in each seed's shapes.
DOORS: dict[tuple[str, str], Row] = {
    **{
        ("POST", f"{prefix}{DOOR_UPLOAD}"): door000_upload_row(prefix)
        for prefix in ("", "/compat/000")
    },
    **{("GET", f"{prefix}{DOOR_GET}"): door000_get_row(prefix) for prefix in ("", "/compat/000")},
    ("GET", DOOR_002): door002_row(),
    **door001_rows(),
    **door004_rows(""),
    **door004_rows("/compat/004"),
}

AUDIT_TRAIL: dict[tuple[str, str], Row] = {
    ("GET", AUDIT): {
        Attack.OTHER_TENANT: foreign_audit,
        Attack.OTHER_CUSTOMER: foreign_audit,
        Attack.TEST_ON_LIVE: foreign_audit,
        Attack.LIVE_ON_TEST: foreign_audit,
        Attack.GUESSED_ID: guessed_audit,
        Attack.BODY_FIELDS: NO_BODY,
        Attack.QUERY_PARAMS: smuggled_audit_params,
        Attack.HEADERS: smuggled_audit_headers,
        Attack.FOREIGN_CURSOR: foreign_audit_cursor,
        Attack.IDEMPOTENCY_KEY: NOT_IDEMPOTENT,
    },
}

MATRIX: dict[tuple[str, str], Row | Public] = {
    **PUBLIC,
    **AUTH,
    **PRODUCT_ROUTES,
    **CATEGORY_ROUTES,
    **DOORS,
    **AUDIT_TRAIL,
}

# Seed 003's operations (its document's), also served under /compat/003: the same rows.
SEED_003_OPERATIONS = [
    ("POST", TOKEN),
    ("POST", REFRESH),
    ("GET", PRODUCTS),
    ("POST", PRODUCTS),
    ("GET", f"{PRODUCTS}/{{product_id}}"),
    ("PUT", f"{PRODUCTS}/{{product_id}}"),
    ("DELETE", f"{PRODUCTS}/{{product_id}}"),
    ("GET", CATEGORIES),
    ("GET", f"{CATEGORIES}/{{category_id}}"),
]
MATRIX.update(
    {(method, COMPAT_003 + path): MATRIX[(method, path)] for method, path in SEED_003_OPERATIONS}
)
