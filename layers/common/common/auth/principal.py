"""The verified caller, as the authorizer handed it to the handler (flat context values)."""

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from common.errors import Forbidden, Unauthorized


class Scope(StrEnum):
    PRODUCTS_READ = "products:read"
    PRODUCTS_WRITE = "products:write"
    CATEGORIES_WRITE = "categories:write"
    INVENTORY_WRITE = "inventory:write"
    ADMIN = "admin"


Mode = Literal["live", "test"]
# Requests per minute of a client that was not given its own limit (docs/decisions.md#rate-limits).
DEFAULT_RATE_LIMIT_PER_MINUTE = 100


class Principal(BaseModel):
    model_config = ConfigDict(frozen=True)

    tenant_id: str
    client_id: str
    customer_id: str | None
    scopes: frozenset[str]
    mode: Mode
    # Seed 002's `userId` header: the person acting through the client, for the audit trail.
    user_id: str | None = None
    # The client's requests per minute, read from its record by the authorizer.
    rate_limit: int = DEFAULT_RATE_LIMIT_PER_MINUTE

    @property
    def is_admin(self) -> bool:
        return Scope.ADMIN in self.scopes

    def require(self, scope: Scope) -> "Principal":
        """Admin implies every scope; anything else must be granted explicitly."""
        if scope not in self.scopes and not self.is_admin:
            raise Forbidden(f"This operation needs the '{scope}' scope")
        return self

    def to_context(self) -> dict[str, str]:
        """Flat string values, as API Gateway passes authorizer context to the integration."""
        return {
            "tenant_id": self.tenant_id,
            "client_id": self.client_id,
            "customer_id": self.customer_id or "",
            "scopes": " ".join(sorted(self.scopes)),
            "mode": self.mode,
            "rate_limit": str(self.rate_limit),
        }


def principal_from_request(
    authorizer_context: dict[str, Any] | None, headers: dict[str, str] | Any
) -> Principal:
    """Build the principal from the authorizer's context; tenant never comes from the request."""
    context = authorizer_context or {}
    if not context.get("tenant_id") or not context.get("client_id"):
        # Only reachable if a route were deployed without the authorizer: fail closed.
        raise Unauthorized()
    tenant_header = headers.get("tenantId") or headers.get("tenantid")
    if tenant_header and tenant_header != context["tenant_id"]:
        raise Forbidden("The tenantId header does not match the token's tenant")
    mode = context.get("mode", "live")
    return Principal(
        tenant_id=context["tenant_id"],
        client_id=context["client_id"],
        customer_id=context.get("customer_id") or None,
        scopes=frozenset(str(context.get("scopes", "")).split()),
        mode="test" if mode == "test" else "live",
        user_id=headers.get("userId") or headers.get("userid") or None,
        rate_limit=int(context.get("rate_limit") or DEFAULT_RATE_LIMIT_PER_MINUTE),
    )
