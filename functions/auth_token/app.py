"""POST /api/v1/auth/token — OAuth 2.0 client-credentials grant (public)."""

import base64
import binascii
from typing import Annotated
from urllib.parse import unquote

from common.auth import service
from common.auth.requests import TokenRequest
from common.errors import Unauthorized
from common.http import Body, Response, build_resolver, lambda_entrypoint, success

app = build_resolver()
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _basic_credentials(header: str | None) -> tuple[str, str] | None:
    scheme, _, encoded = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, secret = (
            base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
        )
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise Unauthorized("Malformed Basic credentials") from exc
    return unquote(client_id), unquote(secret)


@app.post("/api/v1/auth/token")
def issue_token(request: Annotated[TokenRequest, Body()]) -> Response[str]:
    basic = _basic_credentials(app.current_event.headers.get("authorization"))
    client_id, client_secret = basic or (request.client_id, request.client_secret)
    if not client_id or not client_secret:
        raise Unauthorized("Send client_id and client_secret")
    grant = service.grant_client_credentials(client_id, client_secret)
    return success(app, grant.model_dump(), headers=NO_STORE)


lambda_handler = lambda_entrypoint(app)
