"""POST /api/v1/auth/revoke — revoke a refresh token and its family (RFC 7009 style)."""

from typing import Annotated

from common.auth import service
from common.auth.requests import RevokeRequest
from common.http import (
    Body,
    Response,
    build_resolver,
    current_principal,
    lambda_entrypoint,
    ok,
    success,
)

app = build_resolver()


@app.post("/api/v1/auth/revoke", responses=ok(data=service.Revocation))
def revoke_token(request: Annotated[RevokeRequest, Body()]) -> Response[str]:
    # Access tokens are short-lived and not tracked: revoking one is a no-op, as RFC 7009 allows;
    # the hint is only a hint, so the token is always looked up as a refresh token.
    service.revoke_refresh_token(current_principal(app), request.token)
    return success(app, service.Revocation(revoked=True))


lambda_handler = lambda_entrypoint(app)
