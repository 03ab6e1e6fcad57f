"""Access tokens: ES256 JWTs signed with the active key, verified against the key set."""

import secrets
import time
from typing import Any

import jwt

from common.auth.keys import ALGORITHM, key_cache
from common.auth.principal import Principal
from common.errors import TokenExpired, Unauthorized
from common.settings import get_settings

REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub", "tenant_id", "jti"]


def issue_access_token(principal: Principal, now: int | None = None) -> tuple[str, int]:
    """Returns the signed token and its lifetime in seconds."""
    settings = get_settings()
    issued_at = int(now if now is not None else time.time())
    ttl = settings.access_token_ttl_seconds
    claims: dict[str, Any] = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": principal.client_id,
        "tenant_id": principal.tenant_id,
        "scope": " ".join(sorted(principal.scopes)),
        "mode": principal.mode,
        "iat": issued_at,
        "nbf": issued_at,
        "exp": issued_at + ttl,
        "jti": secrets.token_urlsafe(16),
    }
    if principal.customer_id:
        claims["customer_id"] = principal.customer_id
    key = key_cache.get().active
    token = jwt.encode(claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid})
    return token, ttl


def verify_access_token(token: str) -> Principal:
    """Signature, algorithm (pinned, never read from the token), exp/nbf/iat, iss, aud, claims."""
    settings = get_settings()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as exc:
        raise Unauthorized("The access token is malformed") from exc
    kid = header.get("kid")
    if not isinstance(kid, str) or header.get("alg") != ALGORITHM:
        raise Unauthorized("The access token is not signed with an accepted key")
    key = key_cache.get().find(kid) or key_cache.get(force=True).find(kid)  # new key rotated in?
    if key is None:
        raise Unauthorized("The access token is not signed with an accepted key")
    try:
        claims = jwt.decode(
            token,
            key.private_key.public_key(),
            algorithms=[ALGORITHM],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            leeway=settings.jwt_leeway_seconds,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError as exc:
        raise TokenExpired() from exc
    except jwt.InvalidTokenError as exc:
        raise Unauthorized("The access token is invalid") from exc
    return _principal_from_claims(claims)


def _principal_from_claims(claims: dict[str, Any]) -> Principal:
    tenant_id, client_id = claims.get("tenant_id"), claims.get("sub")
    customer_id, scope, mode = (
        claims.get("customer_id"),
        claims.get("scope", ""),
        claims.get("mode"),
    )
    if not (isinstance(tenant_id, str) and tenant_id and isinstance(client_id, str) and client_id):
        raise Unauthorized("The access token is invalid")
    if customer_id is not None and not (isinstance(customer_id, str) and customer_id):
        raise Unauthorized("The access token is invalid")
    if not isinstance(scope, str) or mode not in ("live", "test"):
        raise Unauthorized("The access token is invalid")
    return Principal(
        tenant_id=tenant_id,
        client_id=client_id,
        customer_id=customer_id,
        scopes=frozenset(scope.split()),
        mode=mode,
    )
