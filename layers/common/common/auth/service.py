"""Auth use cases: API clients (admin CLI), the OAuth grants and refresh-token revocation."""

import re
import secrets
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from common.auth.hashing import DUMMY_SECRET_HASH, hash_secret, token_digest, verify_secret
from common.auth.principal import DEFAULT_RATE_LIMIT_PER_MINUTE, Mode, Principal, Scope
from common.auth.records import ApiClient, RefreshToken, TokenFamily
from common.errors import Unauthorized, ValidationFailed
from common.ratelimit import GRANTS_PER_MINUTE, consume
from common.settings import get_settings
from common.storage import auth_repository as repo
from common.text import ACCOUNT_ID_PATTERN

DEFAULT_SCOPES = (Scope.PRODUCTS_READ, Scope.PRODUCTS_WRITE)


class TokenGrant(BaseModel):
    """An OAuth 2.0 token response (RFC 6749, section 5.1)."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    access_token: str = Field(description="A JWT (ES256): send it as `Authorization: Bearer`")
    refresh_token: str = Field(description="Single use: POST /api/v1/auth/refresh swaps it")
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int = Field(description="Seconds the access token is valid for", gt=0)
    scope: str = Field(description="The granted scopes, space-separated")


class Revocation(BaseModel):
    """The answer to a revocation: revoked, or nothing to revoke (RFC 7009 answers alike)."""

    revoked: Literal[True]


def _now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def create_client(
    tenant_id: str,
    customer_id: str | None = None,
    scopes: Iterable[str] = DEFAULT_SCOPES,
    mode: Mode = "live",
    rate_limit: int = DEFAULT_RATE_LIMIT_PER_MINUTE,
    name: str | None = None,
) -> dict[str, Any]:
    """Creates a client and returns it with its secret, which is shown this once only."""
    scope_set = sorted({str(s) for s in scopes})
    unknown = set(scope_set) - {s.value for s in Scope}
    if unknown:
        raise ValidationFailed(f"Unknown scopes: {', '.join(sorted(unknown))}")
    if mode not in ("live", "test"):
        raise ValidationFailed("mode must be live or test")
    for label, account in (("tenant", tenant_id), ("customer", customer_id)):
        if account is not None and not re.fullmatch(ACCOUNT_ID_PATTERN, account):
            raise ValidationFailed(f"{label} ids are 1-64 letters, digits, '.', '_' or '-'")
    if not tenant_id or rate_limit < 1:
        raise ValidationFailed("A tenant and a positive rate limit are required")
    client_id = f"cli_{secrets.token_hex(12)}"
    client_secret = f"sk_{mode}_{secrets.token_urlsafe(32)}"
    client = ApiClient(
        client_id=client_id,
        tenant_id=tenant_id,
        customer_id=customer_id,
        scopes=scope_set,
        mode=mode,
        rate_limit=rate_limit,
        name=name,
        status="active",
        created_at=_now_iso(),
        secret_hash=hash_secret(client_secret),
    )
    repo.put_client(client)
    return {**public_client(client), "client_secret": client_secret}


def public_client(client: ApiClient) -> dict[str, Any]:
    """A client as shown to operators: never the secret hash."""
    shown = client.model_dump(exclude={"secret_hash"})
    shown["scopes"] = sorted(shown["scopes"])
    return shown


def list_clients(tenant_id: str) -> list[dict[str, Any]]:
    return [public_client(record) for record in repo.list_clients(tenant_id)]


def revoke_client(client_id: str) -> bool:
    return repo.mark_client_revoked(client_id, _now_iso())


def set_rate_limit(client_id: str, rate_limit: int) -> bool:
    """A client's own requests per minute; applies within the authorizer's cache time."""
    if rate_limit < 1:
        raise ValidationFailed("rate_limit must be at least 1")
    return repo.set_client_rate_limit(client_id, rate_limit)


def _principal_of(client: ApiClient) -> Principal:
    return Principal(
        tenant_id=client.tenant_id,
        client_id=client.client_id,
        customer_id=client.customer_id or None,
        scopes=frozenset(client.scopes),
        mode=client.mode,
        rate_limit=client.rate_limit,
    )


def _new_refresh_token(client: ApiClient, family_id: str, now: int) -> tuple[str, RefreshToken]:
    token = f"rt_{secrets.token_urlsafe(32)}"
    record = RefreshToken(
        digest=token_digest(token),
        family_id=family_id,
        client_id=client.client_id,
        tenant_id=client.tenant_id,
        issued_at=now,
        expires_at=now + get_settings().refresh_token_ttl_seconds,
    )
    return token, record


def _grant(client: ApiClient, refresh_token: str, now: int) -> TokenGrant:
    # Imported here: PyJWT and cryptography sign, never revoke (cold start: performance.md); the
    # token and refresh functions, which sign on every request, import it at init.
    from common.auth.tokens import issue_access_token

    principal = _principal_of(client)
    access_token, ttl = issue_access_token(principal, now)
    return TokenGrant(
        access_token=access_token,
        refresh_token=refresh_token,
        expires_in=ttl,
        scope=" ".join(sorted(principal.scopes)),
    )


def grant_client_credentials(client_id: str, client_secret: str) -> TokenGrant:
    """A grant for a correct secret, never refused for anyone's failures: a failed attempt
    costs one GetItem and one scrypt check, writes nothing and is counted nowhere, so it cannot
    lock the client out (docs/decisions.md, "Failed attempts lock nobody out"). Only the
    client's own grants are limited, counted once the secret is verified."""
    client = repo.get_client(client_id)
    # Always pay for one scrypt check, so timing does not tell which client ids exist.
    stored_hash = client.secret_hash if client else DUMMY_SECRET_HASH
    secret_ok = verify_secret(client_secret, stored_hash)
    if client is None or not secret_ok or client.status != "active":
        raise Unauthorized("Invalid client credentials")
    consume(f"grant#{client_id}", GRANTS_PER_MINUTE)
    now = int(time.time())
    family_id = f"fam_{secrets.token_hex(12)}"
    refresh_token, record = _new_refresh_token(client, family_id, now)
    family = TokenFamily(
        family_id=family_id, client_id=client_id, created_at=now, expires_at=record.expires_at
    )
    repo.start_family(family, record)
    return _grant(client, refresh_token, now)


def grant_refresh_token(refresh_token: str) -> TokenGrant:
    """Single use and rotated: presenting a used token revokes its whole family
    (RFC 6819 §5.2.2.3)."""
    now = int(time.time())
    stored = repo.get_refresh_token(token_digest(refresh_token))
    if stored is None or stored.expires_at <= now:
        raise Unauthorized("Invalid refresh token")
    family_id = stored.family_id
    if stored.used_at is not None:
        repo.revoke_family(family_id, now)
        raise Unauthorized("Refresh token reuse detected: the token family is revoked")
    family = repo.get_family(family_id)
    client = repo.get_client(stored.client_id)
    if (
        family is None
        or family.revoked
        or family.expires_at <= now  # TTL deletes expired items only eventually
        or client is None
        or client.status != "active"
    ):
        raise Unauthorized("Invalid refresh token")
    new_token, record = _new_refresh_token(client, family_id, now)
    if not repo.rotate_refresh_token(stored.digest, now, record):
        # Lost a race with another refresh of the same token: treat as reuse.
        repo.revoke_family(family_id, now)
        raise Unauthorized("Refresh token reuse detected: the token family is revoked")
    return _grant(client, new_token, now)


def revoke_refresh_token(principal: Principal, refresh_token: str) -> None:
    """RFC 7009: revokes the token's family when it belongs to the caller; unknown tokens or
    other clients' tokens are ignored silently, so the answer reveals nothing."""
    stored = repo.get_refresh_token(token_digest(refresh_token))
    if stored and stored.client_id == principal.client_id:
        repo.revoke_family(stored.family_id, int(time.time()))
