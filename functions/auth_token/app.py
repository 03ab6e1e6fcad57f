"""POST /api/v1/auth/token — OAuth 2.0 client-credentials grant (public)."""

from typing import Annotated

# Imported at init: every request here issues a token. common.auth.service imports it on first
# use, which spares the revoke function PyJWT and cryptography (docs/performance.md).
import common.auth.tokens  # noqa: F401
from common.auth import service
from common.auth.requests import TokenRequest
from common.errors import Unauthorized
from common.http import Body, Response, build_resolver, lambda_entrypoint, ok, success

app = build_resolver()
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@app.post("/api/v1/auth/token", responses=ok(data=service.TokenGrant))
def issue_token(request: Annotated[TokenRequest, Body()]) -> Response[str]:
    credentials = request.with_basic_credentials(app.current_event.headers.get("authorization"))
    client_id, client_secret = credentials.client_id, credentials.client_secret
    if not client_id or not client_secret:
        raise Unauthorized("Send client_id and client_secret")
    grant = service.grant_client_credentials(client_id, client_secret)
    return success(app, grant, headers=NO_STORE)


lambda_handler = lambda_entrypoint(app)
