"""Prunes a botocore package to the AWS services the functions make clients of
(common/aws_clients.py SERVICES), at layer build time (docs/performance-log.md, "botocore pruned").

A botocore client's creation lists every service directory of botocore's data (about 440) on
its first model load, then parses endpoints.json (1.2 MB, every service in every partition):
about 40 of the 60 ms a first DynamoDB client takes. Without the other services' directories,
and with endpoints.json holding only our services (in every partition, so that any region
resolves as before), the same client takes about 20 ms.

    python3.12 prune_botocore.py <directory holding the botocore package>
"""

import ast
import json
import shutil
import sys
from pathlib import Path

AWS_CLIENTS = Path(__file__).resolve().parent / "common" / "aws_clients.py"


def services() -> frozenset[str]:
    """SERVICES of common/aws_clients.py, read without importing it (the build's interpreter
    has none of the layer's packages)."""
    for node in ast.parse(AWS_CLIENTS.read_text()).body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "SERVICES":
            return frozenset(ast.literal_eval(node.value))
    raise LookupError(f"no SERVICES in {AWS_CLIENTS}")


def prune(site: Path, keep: frozenset[str]) -> None:
    data = site / "botocore" / "data"
    missing = sorted(name for name in keep if not (data / name).is_dir())
    if missing:
        raise LookupError(f"botocore in {site} has no model for {missing}")
    for entry in data.iterdir():
        if entry.is_dir() and entry.name not in keep:
            shutil.rmtree(entry)
    endpoints_file = data / "endpoints.json"
    endpoints = json.loads(endpoints_file.read_text())
    for partition in endpoints["partitions"]:
        partition["services"] = {
            name: service for name, service in partition["services"].items() if name in keep
        }
    endpoints_file.write_text(json.dumps(endpoints, separators=(",", ":")))


if __name__ == "__main__":
    prune(Path(sys.argv[1]), services())
