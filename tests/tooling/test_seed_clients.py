"""The seeds' example clients in clients/seeds are the documents' own code, unchanged."""

import re
from pathlib import Path

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
