"""Fuzzing (issue 5): schemathesis against the local API, from the project's OpenAPI document.

Every check (`--checks all`), positive and negative data, all four phases (examples, coverage,
fuzzing, stateful), a bounded number of examples per operation and a fixed seed, so a run in CI
is reproducible and a few minutes long. Authenticated as a customer-bound client with every
write scope and a rate limit the run cannot reach (429s would only hide the API behind them).
`make fuzz` runs the same with more examples (FUZZ_EXAMPLES). docs/security.md, "Fuzzing",
records the figures; tests/integration/schemathesis.toml and fuzz_hooks.py the settings.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from local_api.template import ROOT
from tests.integration.conftest import Http, LocalApi

SEED = 42
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
CONFIG = ROOT / "tests" / "integration" / "schemathesis.toml"
BASELINE = ROOT / "tests" / "integration" / "schemathesis-baseline.json"
SCOPES = ["products:read", "products:write", "categories:write", "inventory:write"]
RUN_SECONDS = 1200


def command(api: LocalApi, token: str, report_dir: Path) -> list[str]:
    st = Path(sys.executable).parent / "st"
    args = [
        str(st), "--config-file", str(CONFIG), "run", str(ROOT / "docs" / "openapi.json"),
        "--url", api.url,
        "--checks", "all",
        "--mode", "all",
        "--phases", "examples,coverage,fuzzing,stateful",
        "--max-examples", str(EXAMPLES),
        "--seed", str(SEED),
        "--workers", "2",
        "--generation-database", "none",
        "--request-timeout", "30",
        "--report", "json,har", "--report-dir", str(report_dir),
        "--no-color",
        "-H", f"Authorization: Bearer {token}",
    ]  # fmt: skip
    if BASELINE.exists():
        args += ["--baseline", str(BASELINE)]
    return args


def _report(report_dir: Path, kind: str) -> dict[str, Any]:
    (path,) = report_dir.glob(f"{kind}-*.json")
    return dict(json.loads(path.read_text()))


# Not in `make test` yet: one run on a loaded machine went past 8 minutes (slow responses,
# ST112), over the CI budget; `make fuzz` (or FUZZ_EXAMPLES=10) runs it.
@pytest.mark.skipif("FUZZ_EXAMPLES" not in os.environ, reason="make fuzz runs it")
@pytest.mark.timeout(RUN_SECONDS + 60)
def test_schemathesis_finds_nothing(
    local_api: LocalApi, http: Http, new_client: Any, tmp_path: Path
) -> None:
    client = new_client(customer_id="fuzz-customer", scopes=SCOPES, rate_limit=1_000_000)
    token = http.token(client)
    run = subprocess.run(
        command(local_api, token, tmp_path),
        cwd=ROOT, capture_output=True, text=True, timeout=RUN_SECONDS, check=False,
    )  # fmt: skip
    output = run.stdout + run.stderr
    report = _report(tmp_path, "json")
    requests_sent = len(_report(tmp_path, "har")["log"]["entries"])
    failures = report["failures"]
    # The figures docs/security.md records, in the test log (pytest -s, or on failure).
    print(
        f"schemathesis {report['schemathesis_version']} seed {report['seed']}: "
        f"{report['operations']['tested']} operations, {EXAMPLES} examples each, "
        f"{report['test_cases']['generated']} test cases, {requests_sent} requests, "
        f"{len(failures)} failures, {len(report['errors'])} errors, "
        f"{report['running_time']:.0f} s"
    )
    assert report["complete"] and report["operations"]["tested"] == report["operations"]["total"]
    assert not report["errors"], output[-5000:]
    assert not failures and run.returncode == 0, output[-20000:]
    assert requests_sent > 0
