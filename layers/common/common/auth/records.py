"""What the auth table stores: API clients, refresh tokens and their families
(storage/auth_repository.py keeps them; docs/data-model.md has the keys)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from common.auth.principal import DEFAULT_RATE_LIMIT_PER_MINUTE, Mode


class ApiClient(BaseModel):
    """An API client. Field order is the order operators see (public_client)."""

    model_config = ConfigDict(frozen=True)

    client_id: str
    tenant_id: str
    customer_id: str | None = None
    scopes: list[str] = []
    mode: Mode = "live"
    rate_limit: int = DEFAULT_RATE_LIMIT_PER_MINUTE
    name: str | None = None
    status: Literal["active", "revoked"] = "active"
    created_at: str
    revoked_at: str | None = None
    secret_hash: str


class RefreshToken(BaseModel):
    """One refresh token, stored by digest; `used_at` once it has been rotated."""

    model_config = ConfigDict(frozen=True)

    digest: str
    family_id: str
    client_id: str
    tenant_id: str
    issued_at: int
    expires_at: int  # epoch seconds; also the item's TTL
    used_at: int | None = None


class TokenFamily(BaseModel):
    """The chain of rotated refresh tokens of one grant: revoked as a whole on reuse."""

    model_config = ConfigDict(frozen=True)

    family_id: str
    client_id: str
    created_at: int
    expires_at: int
    revoked: bool = False
    revoked_at: int | None = None
