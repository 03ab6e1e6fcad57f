"""GET /compat/{door}/openapi.json — a seed door's OpenAPI document (public).

The documents are docs/compat/NNN.openapi.json, generated from the doors' functions; a compact,
gzipped copy of each is packaged next to this module (scripts/generate_openapi.py).
"""

import gzip
from functools import cache
from pathlib import Path

from common.errors import NotFound
from common.http import JSON_CONTENT_TYPE, Response, build_resolver, lambda_entrypoint

HERE = Path(__file__).resolve().parent

# Its paths are /compat/NNN/... themselves: nothing to strip (not even seed 003's prefix).
app = build_resolver(strip_prefixes=())


@cache
def _document(door: str) -> str:
    packaged = HERE / f"{door}.openapi.json.gz"
    # Only the names the generator writes: three digits, so a path can't leave this folder.
    if not (len(door) == 3 and door.isdigit() and packaged.is_file()):
        raise NotFound(f"No seed door {door!r}: the doors are listed in docs/seed-mapping.md")
    return gzip.decompress(packaged.read_bytes()).decode("utf-8")


@app.get("/compat/<door>/openapi.json")
def door_openapi(door: str) -> Response[str]:
    return Response(
        status_code=200,
        content_type=JSON_CONTENT_TYPE,
        body=_document(door),
        headers={"Cache-Control": "public, max-age=300"},
    )


lambda_handler = lambda_entrypoint(app)
