"""The docs page in a real browser: Debian's chromium (`make browser` installs it), headless,
loads /api/v1/docs from the running local API, Swagger UI fetches /api/v1/openapi.json and
renders every operation. No network beyond the local API is needed."""

import json
import subprocess
from pathlib import Path
from typing import Any

from local_api.template import ROOT
from tests.http.conftest import LocalApi
from tests.http.contract import checked_session

CHROMIUM = Path("/usr/bin/chromium")
METHODS = {"get", "put", "post", "delete", "patch"}


def rendered_dom(url: str, profile: Path) -> str:
    """The DOM after the page's scripts ran (virtual time waits for its fetches)."""
    assert CHROMIUM.exists(), "run `make browser` to install chromium"
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=15000",
        "--dump-dom",
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_every_operation_shows_its_responses_with_examples(
    local_api: LocalApi, tmp_path: Path
) -> None:
    """With every operation open (#expand-all), each shows each documented status and, for
    its JSON success, an example made from the response schema: the product's fields."""
    document = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    page = rendered_dom(f"{local_api.url}/api/v1/docs#expand-all", tmp_path / "profile")
    start = page.index('<div id="swagger-ui">')
    dom = page[start : page.index('<section class="door"', start)]
    blocks = dom.split('<div class="opblock ')[1:]
    assert len(blocks) == sum(
        method in METHODS for item in document["paths"].values() for method in item
    )
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            marker = f'id="operations-{operation["tags"][0]}-{operation["operationId"]}"'
            block = next(block for block in blocks if marker in block)
            for status in operation["responses"]:
                assert f'data-code="{status}"' in block, (method, path, status)
            assert "Example Value" in block, (method, path)
    get_product = next(b for b in blocks if "operations-Products-GetProduct" in b)
    for field in ("stock_level", "variants", "inventory"):  # the example of ProductResponse
        assert f'"{field}"' in get_product or f"&quot;{field}&quot;" in get_product, field


def test_docs_page_lists_every_operation(local_api: LocalApi, tmp_path: Path) -> None:
    served = checked_session().get(f"{local_api.url}/api/v1/openapi.json", timeout=30)
    assert served.status_code == 200
    document: dict[str, Any] = served.json()
    assert document == json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))

    page = rendered_dom(f"{local_api.url}/api/v1/docs", tmp_path / "profile")
    # What Swagger UI rendered into its container (the doors' sections come after it).
    start = page.index('<div id="swagger-ui">')
    dom = page[start : page.index('<section class="door"', start)]

    assert "Products API" in dom and "Loading..." not in dom, dom[:2000]
    assert "Failed to load API definition" not in dom, dom[:2000]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            # Swagger UI renders each operation as a block with this id (tag, operationId).
            block = f'id="operations-{operation["tags"][0]}-{operation["operationId"]}"'
            assert block in dom, (method, path)
            assert f'data-path="{path}"' in dom, path

    # Each seed door's section renders its own document's operations.
    for door_file in sorted((ROOT / "docs" / "compat").glob("*.openapi.json")):
        door = door_file.name.split(".")[0]
        start = page.index(f'<section class="door" id="seed-{door}">')
        # Up to the next door's section, or the scripts after the last one.
        ends = [page.find(mark, start + 1) for mark in ('<section class="door"', "<script")]
        section = page[start : min(end for end in ends if end > 0)]
        assert "Failed to load API definition" not in section, section[:2000]
        door_document = json.loads(door_file.read_text(encoding="utf-8"))
        for path, item in door_document["paths"].items():
            for operation in item.values():
                tag = operation.get("tags", ["default"])[0]
                assert f'id="operations-{tag}-{operation["operationId"]}"' in section, path
