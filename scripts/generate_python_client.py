#!/usr/bin/env python3
"""Generates the Python client, clients/python/products_api_client, from docs/openapi.json with
openapi-python-client (configured by clients/python/openapi-python-client.yaml).

`make client-python` rewrites the package; `--check` (in `make lint`) generates it again into a
temporary directory and exits 1 when the committed package differs. The generator lives in its
own virtualenv (.venv-clients, requirements-clients.txt) and runs with --fail-on-warning: a
warning (a schema or operation it could not generate) fails the run. Its post hooks format the
code with the project's ruff (.venv/bin first on PATH): the generation directory is inside the
repository, so ruff reads the root pyproject.toml.

One change is made to the document the generator reads: a component schema that refers to
itself (AttributeValue, a JSON value whose lists and objects hold AttributeValues) is given as
an unconstrained schema, any JSON value. openapi-python-client cannot generate a union that
contains itself: it warns and drops every schema and operation that uses it (Product and the
product endpoints among them). The generated client types such a value as `Any`; the server
still validates it.

One construct fails the run although the generator takes it without a warning: a `const`
beside other members of an anyOf or oneOf. openapi-python-client 0.29.1 checks the const
outside the try that lets the next member be tried (its issue #1044): every value but the
constant then fails to parse.

    .venv/bin/python scripts/generate_python_client.py [--check]
"""

import argparse
import difflib
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "docs" / "openapi.json"
CLIENT_DIR = ROOT / "clients" / "python"
CONFIG = CLIENT_DIR / "openapi-python-client.yaml"
PACKAGE = CLIENT_DIR / "products_api_client"
GENERATOR = ROOT / ".venv-clients" / "bin" / "openapi-python-client"
RUFF_BIN = ROOT / ".venv" / "bin"
SCHEMAS = "#/components/schemas/"
DIFF_LINES = 60  # of the drift check's unified diff


def _refers_to(schema: Any, target: str) -> bool:
    if isinstance(schema, dict):
        return schema.get("$ref") == target or any(_refers_to(v, target) for v in schema.values())
    if isinstance(schema, list):
        return any(_refers_to(v, target) for v in schema)
    return False


def self_referring(document: dict[str, Any]) -> list[str]:
    """The component schemas that refer to themselves."""
    schemas = document.get("components", {}).get("schemas", {})
    return sorted(name for name, schema in schemas.items() if _refers_to(schema, SCHEMAS + name))


def consts_in_unions(schema: Any, pointer: str = "") -> list[str]:
    """Where an anyOf or oneOf has a `const` member beside other non-null ones (JSON pointers)."""
    found: list[str] = []
    if isinstance(schema, dict):
        for key, value in schema.items():
            where = f"{pointer}/{key}"
            if key in ("anyOf", "oneOf") and isinstance(value, list):
                members = [m for m in value if m != {"type": "null"}]
                if len(members) > 1 and any(isinstance(m, dict) and "const" in m for m in members):
                    found.append(where)
            found += consts_in_unions(value, where)
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            found += consts_in_unions(value, f"{pointer}/{index}")
    return found


def client_document(document: dict[str, Any]) -> dict[str, Any]:
    """The document the generator reads: each self-referring schema is any JSON value (its
    title and description kept)."""
    schemas = document["components"]["schemas"]
    replaced = {
        name: {key: schemas[name][key] for key in ("title", "description") if key in schemas[name]}
        for name in self_referring(document)
    }
    return {**document, "components": {**document["components"], "schemas": schemas | replaced}}


def generate(into: Path) -> Path:
    """Runs the generator; returns the package directory it wrote under `into`."""
    given = client_document(json.loads(DOCUMENT.read_text()))
    if unions := consts_in_unions(given):
        sys.exit(
            "a const beside other members of a union (openapi-python-client would generate a "
            f"parser that refuses every other value): {', '.join(unions)}"
        )
    document = into / "openapi.json"
    document.write_text(json.dumps(given))
    package = into / PACKAGE.name
    env = {**os.environ, "PATH": f"{RUFF_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run(
        [str(GENERATOR), "generate", "--path", str(document), "--config", str(CONFIG),
         "--meta", "none", "--output-path", str(package), "--fail-on-warning"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    output = (run.stdout + run.stderr).replace(str(into) + os.sep, "")
    if run.returncode != 0 or "warning" in output.lower() or "error" in output.lower():
        sys.exit(f"openapi-python-client failed (exit {run.returncode}):\n{output}")
    print(output.strip())
    return package


def _files(tree: Path) -> set[Path]:
    return {
        path.relative_to(tree)
        for path in tree.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def drift(committed: Path, generated: Path) -> list[str]:
    """A unified diff (file names alone for files only one side has) of the two trees."""
    lines: list[str] = []
    ours, theirs = _files(committed), _files(generated)
    lines += [f"only committed: {name}" for name in sorted(ours - theirs)]
    lines += [f"only generated: {name}" for name in sorted(theirs - ours)]
    for name in sorted(ours & theirs):
        if not filecmp.cmp(committed / name, generated / name, shallow=False):
            lines += difflib.unified_diff(
                (committed / name).read_text().splitlines(),
                (generated / name).read_text().splitlines(),
                f"committed/{name}",
                f"generated/{name}",
                lineterm="",
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the package is stale")
    args = parser.parse_args(argv)
    if not GENERATOR.exists():
        sys.exit(f"{GENERATOR.relative_to(ROOT)} is missing: run `make client-python`")
    # Inside the repository (gitignored), for the post hooks' ruff to read pyproject.toml.
    with tempfile.TemporaryDirectory(prefix=".generate-", dir=CLIENT_DIR) as work:
        generated = generate(Path(work))
        name = PACKAGE.relative_to(ROOT)
        if args.check:
            lines = drift(PACKAGE, generated)
            if lines:
                print("\n".join(lines[:DIFF_LINES]))
                if len(lines) > DIFF_LINES:
                    print(f"... {len(lines) - DIFF_LINES} more lines")
                print(f"{name} is not what {DOCUMENT.relative_to(ROOT)} generates: "
                      "run `make client-python`")  # fmt: skip
                return 1
            print(f"{name} is up to date")
            return 0
        shutil.rmtree(PACKAGE, ignore_errors=True)
        shutil.move(generated, PACKAGE)
        print(f"wrote {name} from {DOCUMENT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
