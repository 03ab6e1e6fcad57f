"""POST /api/v1/auth/refresh — refresh-token grant with rotation and reuse detection (public)."""

from typing import Annotated

# Imported at init: every request here issues a token. common.auth.service imports it on first
# use, which spares the revoke function PyJWT and cryptography (docs/performance.md).
import common.auth.tokens  # noqa: F401
from common.auth import service
from common.auth.requests import RefreshRequest
from common.http import Body, Response, build_resolver, lambda_entrypoint, ok, success

app = build_resolver()


@app.post("/api/v1/auth/refresh", responses=ok(data=service.TokenGrant))
def refresh_token(request: Annotated[RefreshRequest, Body()]) -> Response[str]:
    grant = service.grant_refresh_token(request.refresh_token)
    return success(app, grant, headers={"Cache-Control": "no-store"})


lambda_handler = lambda_entrypoint(app)
