#!/usr/bin/env python3
"""Checks that no handler imports storage: a handler calls a service, and the service its
repository (README, "Architecture").

Handlers (functions/*/*.py) are not a package, so import-linter cannot see them; this reads
their imports with `ast`. What counts as storage is the source list of the .importlinter
contract "storage-no-service", so the two checks never disagree. Exit status 1 names each
offending import.
"""

import ast
import configparser
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def storage_patterns() -> list[re.Pattern[str]]:
    """The storage modules, as the import-linter contract names them (`**` any depth)."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    names = config["importlinter:contract:storage-no-service"]["source_modules"].split()
    patterns = []
    for name in names:
        parts = [
            r"[\w.]+" if part == "**" else r"\w+" if part == "*" else re.escape(part)
            for part in name.split(".")
        ]
        patterns.append(re.compile(r"\.".join(parts) + r"(\..+)?"))
    return patterns


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, with its line; `from a import b` counts `a` and `a.b`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def main() -> int:
    patterns = storage_patterns()
    broken = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sorted((ROOT / "functions").glob("*/*.py"))
        for line, module in imported_modules(path)
        if any(pattern.fullmatch(module) for pattern in patterns)
    ]
    for line in broken:
        print(f"handler imports storage: {line}", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
