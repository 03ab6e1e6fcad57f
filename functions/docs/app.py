"""GET /api/v1/docs — the API reference as a Swagger UI page (public).

The page is self-contained: Swagger UI's script and style sheet are the copies bundled with
powertools (in the layer), inlined, so it needs no CDN. It loads the document from
openapi.json, relative to its own URL (/api/v1/openapi.json, under the stage when deployed).
"""

from functools import cache
from importlib.resources import files

from common.http import Response, build_resolver, lambda_entrypoint

# Swagger UI bundled with powertools, located after `common` is imported (common/__init__.py).
ASSETS = files("aws_lambda_powertools.event_handler.openapi.swagger_ui")

app = build_resolver()

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Products API — reference</title>
<style>{css}</style>
</head>
<body>
<div id="swagger-ui">Loading...</div>
<script>{js}</script>
<script>
window.ui = SwaggerUIBundle({{
  url: new URL("openapi.json", window.location.href).href,
  dom_id: "#swagger-ui",
  docExpansion: "list",
  deepLinking: true,
  filter: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout"
}});
</script>
</body>
</html>
"""


@cache
def _page() -> str:
    # Built on first use, not at import: the page is large and cold starts stay small.
    css = (ASSETS / "swagger-ui.min.css").read_text(encoding="utf-8")
    js = (ASSETS / "swagger-ui-bundle.min.js").read_text(encoding="utf-8")
    return PAGE.format(css=css, js=js.replace("</script", "<\\/script"))


@app.get("/api/v1/docs")
def docs() -> Response[str]:
    return Response(
        status_code=200,
        content_type="text/html; charset=utf-8",
        body=_page(),
        headers={"Cache-Control": "public, max-age=300"},
    )


lambda_handler = lambda_entrypoint(app)
