"""GET /api/v1/docs — the API reference as a Swagger UI page (public).

The page is self-contained: Swagger UI's script and style sheet are the copies bundled with
powertools (in the layer), inlined, so it needs no CDN. It loads the document from
openapi.json, relative to its own URL (/api/v1/openapi.json, under the stage when deployed),
and below it one section per seed door, each from that door's own document
(/compat/NNN/openapi.json; the list of doors, doors.json, is written by
scripts/generate_openapi.py from the template).
"""

import json
from functools import cache
from importlib.resources import files
from pathlib import Path

from common.http import Response, build_resolver, lambda_entrypoint

# Swagger UI bundled with powertools, located after `common` is imported (common/__init__.py).
ASSETS = files("aws_lambda_powertools.event_handler.openapi.swagger_ui")

DOORS = Path(__file__).resolve().parent / "doors.json"

app = build_resolver()

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Products API — reference</title>
<style>{css}
nav.doors, section.door > h2 {{
  font-family: sans-serif; max-width: 1460px; margin: 1em auto; padding: 0 20px;
}}
</style>
</head>
<body>
<nav class="doors">Seed doors (each seed API's own format over the same catalog): {links}</nav>
<div id="swagger-ui">Loading...</div>
{sections}
<script>{js}</script>
<script>
function render(url, dom_id, deepLinking) {{
  return SwaggerUIBundle({{
    url: new URL(url, window.location.href).href,
    dom_id: dom_id,
    // /api/v1/docs#expand-all opens every operation (to read or search the whole page).
    docExpansion: window.location.hash === "#expand-all" ? "full" : "list",
    deepLinking: deepLinking,
    filter: deepLinking,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  }});
}}
window.ui = render("openapi.json", "#swagger-ui", true);
window.doors = {doors}.map(function (door) {{
  return render(door.url, "#swagger-ui-" + door.door, false);
}});
</script>
</body>
</html>
"""

# One section per door; its Swagger UI renders into the div.
SECTION = (
    '<section class="door" id="seed-{door}"><h2>{title}</h2>'
    '<div id="swagger-ui-{door}">Loading...</div></section>'
)


@cache
def _page() -> str:
    # Built on first use, not at import: the page is large and cold starts stay small.
    css = (ASSETS / "swagger-ui.min.css").read_text(encoding="utf-8")
    js = (ASSETS / "swagger-ui-bundle.min.js").read_text(encoding="utf-8")
    doors = json.loads(DOORS.read_text(encoding="utf-8"))
    return PAGE.format(
        css=css,
        js=js.replace("</script", "<\\/script"),
        links=", ".join(f'<a href="#seed-{d["door"]}">{d["door"]}</a>' for d in doors),
        sections="\n".join(SECTION.format(**door) for door in doors),
        doors=json.dumps([{"door": d["door"], "url": d["url"]} for d in doors]),
    )


@app.get(
    "/api/v1/docs",
    responses={
        200: {
            "description": "The Swagger UI page",
            "content": {"text/html": {"schema": {"type": "string"}}},
        }
    },
)
def docs() -> Response[str]:
    return Response(
        status_code=200,
        content_type="text/html; charset=utf-8",
        body=_page(),
        headers={"Cache-Control": "public, max-age=300"},
    )


lambda_handler = lambda_entrypoint(app)
