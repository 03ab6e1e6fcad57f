"""Bodies of the OAuth endpoints (JSON as in seed 003, or form-encoded as RFC 6749 says), and
the client credentials of an `Authorization: Basic` header, validated by the same model."""

import base64
import binascii
from enum import StrEnum
from typing import Literal
from urllib.parse import unquote

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from common.errors import Unauthorized, from_validation_errors

_Credential = Field(min_length=1, max_length=256)


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grant_type: Literal["client_credentials"]
    # Optional in the body when sent as HTTP Basic credentials (RFC 6749 §2.3.1).
    client_id: str | None = Field(default=None, min_length=1, max_length=256)
    client_secret: str | None = Field(default=None, min_length=1, max_length=256)
    scope: str | None = Field(default=None, max_length=1000)

    def with_basic_credentials(self, authorization: str | None) -> "TokenRequest":
        """This request with the credentials of an `Authorization: Basic` header, which take
        precedence over the body's, validated by this model as the body's are: the same
        bounds however the credentials arrive. Raises Unauthorized for a malformed header and
        ValidationFailed for credentials out of bounds."""
        basic = basic_credentials(authorization)
        if basic is None:
            return self
        client_id, client_secret = basic
        fields = {**self.model_dump(exclude_none=True), "client_id": client_id}
        try:
            return TokenRequest.model_validate({**fields, "client_secret": client_secret})
        except ValidationError as exc:
            raise from_validation_errors(exc.errors()) from None


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """(client id, secret) of a Basic `Authorization` header, each URL-decoded (RFC 6749
    §2.3.1); None when the header is absent or of another scheme."""
    scheme, _, encoded = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise Unauthorized("Malformed Basic credentials") from None
    client_id, colon, secret = decoded.partition(":")
    if not colon:  # RFC 7617: user-id ":" password
        raise Unauthorized("Malformed Basic credentials")
    return unquote(client_id), unquote(secret)


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grant_type: Literal["refresh_token"] = "refresh_token"
    refresh_token: str = _Credential


class TokenTypeHint(StrEnum):
    """RFC 7009's hint of what the token is (the API looks it up as a refresh token anyway)."""

    REFRESH_TOKEN = "refresh_token"  # noqa: S105 - a token type, not a secret
    ACCESS_TOKEN = "access_token"  # noqa: S105 - a token type, not a secret


class RevokeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = _Credential
    token_type_hint: TokenTypeHint | None = None
