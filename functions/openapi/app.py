"""GET /api/v1/openapi.json — the OpenAPI 3.1 description of the API (public).

The document is docs/openapi.json, generated from the code of every function.
"""

import gzip
from functools import cache
from pathlib import Path

from common.http import JSON_CONTENT_TYPE, Response, build_resolver, lambda_entrypoint

# scripts/generate_openapi.py writes a compact, gzipped copy next to this module, so it is
# packaged with the function and the package stays small; unpacked once per instance.
DOCUMENT = Path(__file__).resolve().parent / "openapi.json.gz"

app = build_resolver()


@cache
def _document() -> str:
    return gzip.decompress(DOCUMENT.read_bytes()).decode("utf-8")


# Described as an object, not by a $ref to the OpenAPI schema: linters would fetch it.
OPENAPI_DOCUMENT = {
    "type": "object",
    "description": "This OpenAPI 3.1 document",
    "required": ["openapi", "info", "paths"],
}


@app.get(
    "/api/v1/openapi.json",
    responses={
        200: {
            "description": "The document",
            "content": {JSON_CONTENT_TYPE: {"schema": OPENAPI_DOCUMENT}},
        }
    },
)
def openapi() -> Response[str]:
    # The OpenAPI document itself, not wrapped in the envelope: tools read it as is.
    return Response(
        status_code=200,
        content_type=JSON_CONTENT_TYPE,
        body=_document(),
        headers={"Cache-Control": "public, max-age=300"},
    )


lambda_handler = lambda_entrypoint(app)
