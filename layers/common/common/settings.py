"""Runtime configuration, read once from environment variables (see template.yaml Globals)."""

import os
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field


# A plain model filled from os.environ, not pydantic-settings' BaseSettings: that package costs
# ~30 ms of every cold start (performance.md) for what is a case-insensitive lookup of these fields.
class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    products_table: str = Field(min_length=3)
    auth_table: str = Field(min_length=3)
    # Idempotency-Key records (decisions.md). Optional so tools that only touch the other tables
    # (the admin CLI) need not set it; the functions always get it from the template's Globals.
    idempotency_table: str | None = Field(default=None, min_length=3)
    # Per-client request counts of the current minute (decisions.md); optional for the same reason.
    rate_limit_table: str | None = Field(default=None, min_length=3)
    # How long audit events are kept before DynamoDB's TTL removes them (docs/decisions.md#audit).
    audit_retention_days: int = Field(default=365, ge=1)

    jwt_issuer: str = "products-api"
    jwt_audience: str = "products-api"
    access_token_ttl_seconds: int = 3600
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    # Leeway for exp/nbf/iat checks: clocks of callers and Lambda hosts drift a little.
    jwt_leeway_seconds: int = 30

    # Where the signing keys live: a Secrets Manager secret when deployed, a file locally.
    signing_keys_secret_id: str | None = None
    signing_keys_file: str | None = None
    # How long a Lambda instance trusts its cached copy of the keys before reading them again.
    signing_keys_max_age_seconds: int = 300


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """One field per environment variable, named like it in any case (PRODUCTS_TABLE)."""
    environment = {name.lower(): value for name, value in os.environ.items()}
    return Settings.model_validate(
        {name: environment[name] for name in Settings.model_fields if name in environment}
    )
