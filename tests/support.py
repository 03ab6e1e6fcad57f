"""Helpers shared by every tier: minting tokens, reading envelopes."""

import json
import time
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization

from common.auth.keys import ALGORITHM, parse_key_document


def signing_key(key_file: Path) -> tuple[str, Any]:
    """The active key id and private key of a local key file."""
    keyset = parse_key_document(json.loads(key_file.read_text()))
    return keyset.active.kid, keyset.active.private_key


def public_pem(key_file: Path) -> bytes:
    _, key = signing_key(key_file)
    return bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )


FORGED_CLIENT_ID = "cli_forged"


def register_forged_client(client_id: str = FORGED_CLIENT_ID, **fields: Any) -> None:
    """Stores an active client for minted tokens: the authorizer refuses tokens whose client is
    unknown or revoked, so attack tests must use a real client to fail only for their reason."""
    from common.auth.records import ApiClient
    from common.storage import auth_repository

    record = {
        "client_id": client_id,
        # Its own tenant, out of tests' client listings; the token's claims decide the caller.
        "tenant_id": "tenant-forged",
        "customer_id": "cust-1",
        "scopes": ["products:read", "products:write"],
        "mode": "live",
        "rate_limit": 100,
        "status": "active",
        "created_at": "2026-01-01T00:00:00Z",
        "secret_hash": "unused",
        **fields,
    }
    auth_repository.put_client(ApiClient.model_validate(record))


def mint_token(key_file: Path, *, headers: dict[str, Any] | None = None, **overrides: Any) -> str:
    """A token signed with the real key; claims overridable (None removes a claim). Its client
    (`sub`, FORGED_CLIENT_ID unless overridden) must exist: see register_forged_client."""
    kid, key = signing_key(key_file)
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": "products-api",
        "aud": "products-api",
        "sub": FORGED_CLIENT_ID,
        "tenant_id": "tenant-a",
        "customer_id": "cust-1",
        "scope": "products:read products:write",
        "mode": "live",
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "jti": "jti-1",
    }
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": kid, **(headers or {})})


def credentials(client: dict[str, Any]) -> dict[str, Any]:
    """The client-credentials grant body of seed 003 for a client (id and secret)."""
    return {
        "grant_type": "client_credentials",
        "client_id": client["client_id"],
        "client_secret": client["client_secret"],
    }


def error_code(body: dict[str, Any]) -> str:
    assert body["status"] == "error", body
    return str(body["error"]["code"])


def assert_meta(body: dict[str, Any]) -> None:
    assert body["meta"]["request_id"]
    assert body["meta"]["timestamp"].endswith("Z")
