"""GET /api/v1/openapi.json — the OpenAPI 3.1 description of the API (public).

openapi.json is written next to this module by scripts/generate_openapi.py (a copy of
docs/openapi.json), so it is packaged with the function.
"""

from functools import cache
from pathlib import Path

from common.http import JSON_CONTENT_TYPE, Response, build_resolver, lambda_entrypoint

DOCUMENT = Path(__file__).resolve().parent / "openapi.json"

app = build_resolver()


@cache
def _document() -> str:
    return DOCUMENT.read_text(encoding="utf-8")


@app.get("/api/v1/openapi.json")
def openapi() -> Response[str]:
    # The OpenAPI document itself, not wrapped in the envelope: tools read it as is.
    return Response(
        status_code=200,
        content_type=JSON_CONTENT_TYPE,
        body=_document(),
        headers={"Cache-Control": "public, max-age=300"},
    )


lambda_handler = lambda_entrypoint(app)
