"""GET /.well-known/jwks.json — the public keys that verify access tokens (public)."""

from common.auth.jwks import JwkSet, jwk_set
from common.auth.keys import key_cache
from common.http import JSON_CONTENT_TYPE, Response, build_resolver, lambda_entrypoint, ok
from common.jsonio import serialize

app = build_resolver()


@app.get("/.well-known/jwks.json", responses=ok(body=JwkSet))
def jwks() -> Response[str]:
    # A standard JWK Set document (RFC 7517), not wrapped in the envelope: JOSE libraries read it.
    return Response(
        status_code=200,
        content_type=JSON_CONTENT_TYPE,
        body=serialize(jwk_set(key_cache.get())),
        headers={"Cache-Control": "public, max-age=300"},
    )


lambda_handler = lambda_entrypoint(app)
