"""Bodies of the OAuth endpoints (JSON as in seed 003, or form-encoded as RFC 6749 says)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

_Credential = Field(min_length=1, max_length=256)


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grant_type: Literal["client_credentials"]
    # Optional in the body when sent as HTTP Basic credentials (RFC 6749 §2.3.1).
    client_id: str | None = Field(default=None, min_length=1, max_length=256)
    client_secret: str | None = Field(default=None, min_length=1, max_length=256)
    scope: str | None = Field(default=None, max_length=1000)


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grant_type: Literal["refresh_token"] = "refresh_token"
    refresh_token: str = _Credential


class RevokeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = _Credential
    token_type_hint: Literal["refresh_token", "access_token"] | None = None
