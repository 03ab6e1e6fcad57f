from typing import Literal

RevokeRequestTokenTypeHintType0 = Literal["access_token", "refresh_token"]

REVOKE_REQUEST_TOKEN_TYPE_HINT_TYPE_0_VALUES: set[RevokeRequestTokenTypeHintType0] = {
    "access_token",
    "refresh_token",
}


def check_revoke_request_token_type_hint_type_0(value: str) -> RevokeRequestTokenTypeHintType0:
    if value in REVOKE_REQUEST_TOKEN_TYPE_HINT_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {REVOKE_REQUEST_TOKEN_TYPE_HINT_TYPE_0_VALUES!r}"
    )
