"""The TypeScript client (clients/typescript): tsc type-checks it, its test included, against the
types generated from docs/openapi.json (so the walk-through's request bodies and the response
fields it reads are the document's), then its walk-through test runs against the local API with
node's test runner (tsx runs the TypeScript): token, categories, products with variants, a
keyed reservation, the listing by cursor, a delete with If-Match and the 404 after.

Its requests go through fetch, not the contract session of tests/http/contract.py: the types
stand for the document on that side."""

import os
import re
import secrets
import subprocess
from pathlib import Path
from typing import Any

from tests.http.conftest import LocalApi

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "clients" / "typescript"
BIN = ROOT / "node_modules" / ".bin"
# Categories are written by tenant-wide clients only: no customer binding.
SCOPES = ["products:read", "products:write", "inventory:write", "categories:write"]


def run(command: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def output(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"


def test_the_typescript_client_type_checks_and_does_the_walk_through(
    local_api: LocalApi, new_client: Any
) -> None:
    # Given the client and its test, type-checked against the document's types
    tsc = run([str(BIN / "tsc"), "--noEmit", "--project", str(CLIENT)])
    assert tsc.returncode == 0, output(tsc)

    # When the walk-through runs as a tenant-wide client of a tenant of its own
    client = new_client(tenant_id=f"tenant-ts-{secrets.token_hex(4)}", scopes=SCOPES)
    env = {
        **os.environ,
        "PRODUCTS_API_URL": local_api.url,
        "PRODUCTS_API_CLIENT_ID": client["client_id"],
        "PRODUCTS_API_CLIENT_SECRET": client["client_secret"],
    }
    test = CLIENT / "test" / "walkthrough.test.ts"
    walk = run(["node", "--import", "tsx", "--test", "--test-reporter=spec", str(test)], env)

    # Then every step answered as the README says
    assert walk.returncode == 0, output(walk)
    # (and the test ran: node's runner passes a file with no tests)
    summary = re.findall(r"^\S+ (pass|fail) (\d+)$", walk.stdout, re.MULTILINE)
    assert summary == [("pass", "1"), ("fail", "0")], output(walk)
