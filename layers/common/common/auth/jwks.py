"""The public keys that verify access tokens, as a JSON Web Key Set (RFC 7517, 7518).

Apart from the signing keys (auth/keys.py) so that the many functions that only sign cursors
never create these models (cold starts, docs/performance.md).
"""

from typing import Literal

# Imported with this module, at the JWKS function's init: its every request turns the keys into
# JWKs (PyJWT, cryptography); common.auth.keys imports it on first use, for the many functions
# that never do. Here, not in the handler, so that common's deferred modules come first.
import jwt.algorithms  # noqa: F401
from pydantic import BaseModel, Field

from common.auth.keys import KeySet


class Jwk(BaseModel):
    """A public key that verifies access tokens (RFC 7517, 7518): an EC P-256 key."""

    kty: Literal["EC"]
    crv: Literal["P-256"]
    x: str
    y: str
    kid: str = Field(description="The `kid` of the tokens it verifies")
    use: Literal["sig"]
    alg: Literal["ES256"]


class JwkSet(BaseModel):
    """A JSON Web Key Set (RFC 7517): the keys that verify access tokens, newest first."""

    keys: list[Jwk]


def jwk_set(key_set: KeySet) -> JwkSet:
    """The public halves of the key set's keys, newest first."""
    return JwkSet(keys=[Jwk.model_validate(key.public_jwk()) for key in key_set.keys])
