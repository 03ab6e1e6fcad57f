"""The seeds' example clients in clients/seeds are the documents' own code, unchanged."""

import contextlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"


def code_blocks(seed: str) -> list[str]:
    documents = sorted(SEEDS.glob(f"{seed}_*.txt"))
    if not documents:
        pytest.skip("the seed documents are not beside this checkout")
    return re.findall(r"```\n(.*?)```", documents[0].read_text(), re.S)


def test_the_python_client_is_seed_003s_code_block_exactly() -> None:
    (block,) = [b for b in code_blocks("003") if "class EcommerceAPI" in b]
    assert (ROOT / "clients" / "seeds" / "seed003_ecommerce_api.py").read_text() == block


def test_the_node_client_keeps_every_line_of_seed_003s_fragments() -> None:
    """Reassembled: each line of the document's TokenManager and ApiClient fragments is in
    the file (indentation aside), the hard-coded refresh URL included."""
    blocks = [b for b in code_blocks("003") if "TokenManager" in b or "refreshAccessToken" in b]
    # The fragments end where the usage example begins (clients/seeds/seed003_example.js).
    fragments = [block.split("// Usage example")[0] for block in blocks]
    client = (ROOT / "clients" / "seeds" / "seed003_api_client.js").read_text()
    kept = {line.strip() for line in client.splitlines()}
    for fragment in fragments:
        for raw in fragment.splitlines():
            line = raw.strip()
            if not line or line in ("}", "})", "});"):
                continue
            assert line in kept, line


def json_documents(seed: str) -> list[Any]:
    """Every JSON value the document prints that parses as JSON (its request bodies; its
    responses with `// ...` comments do not)."""
    documents = sorted(SEEDS.glob(f"{seed}_*.txt"))
    if not documents:
        pytest.skip("the seed documents are not beside this checkout")
    text, decoder, found = documents[0].read_text(), json.JSONDecoder(), []
    for start in (match.start() for match in re.finditer(r"^\{", text, re.M)):
        with contextlib.suppress(json.JSONDecodeError):
            found.append(decoder.raw_decode(text, start)[0])
    return found


def test_seed_001s_request_bodies_are_the_documents() -> None:
    """clients/seeds/seed001_requests.json, which the door's tests and events send, holds the
    create and update bodies exactly as seed 001's document prints them."""
    requests = json.loads((ROOT / "clients" / "seeds" / "seed001_requests.json").read_text())
    printed = json_documents("001")
    assert requests["create"] in printed and requests["update"] in printed
