"""`python -m local_api` in a subprocess, on free ports, started until it answers and stopped as
Ctrl-C stops it: what the HTTP tests and the load test (bench/load) each need."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from local_api.dynamodb import free_port
from local_api.template import ROOT

STARTUP_SECONDS = 90


@dataclass
class RunningApi:
    url: str
    local_dir: Path
    dynamodb_endpoint: str
    process: subprocess.Popen[str]

    @property
    def key_file(self) -> Path:
        return self.local_dir / "signing-keys.json"

    def demo_client(self) -> dict[str, Any]:
        return dict(json.loads((self.local_dir / "demo-client.json").read_text()))


def start(
    local_dir: Path,
    *options: str,
    dynamodb_endpoint: str | None = None,
    log: Path | None = None,
    get: Callable[..., requests.Response] = requests.get,
) -> RunningApi:
    """options: more of python -m local_api's; dynamodb_endpoint: a running DynamoDB to use
    rather than starting DynamoDB Local; log: where its output goes (else a pipe, read when it
    exits early); get: how /api/v1/health is asked (the tests' session checks the answer)."""
    port, dynamodb_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k != "AWS_ENDPOINT_URL_DYNAMODB"}
    env["PYTHONPATH"] = f"{ROOT / 'layers' / 'common'}:{ROOT}"
    if dynamodb_endpoint:
        env["AWS_ENDPOINT_URL_DYNAMODB"] = dynamodb_endpoint
    output = log.open("w") if log else subprocess.PIPE
    # Its own process group: stop() can take its workers and DynamoDB Local down with it.
    process = subprocess.Popen(
        [sys.executable, "-m", "local_api", "--port", str(port),
         "--dynamodb-port", str(dynamodb_port), "--local-dir", str(local_dir), *options],
        cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    api = RunningApi(
        f"http://127.0.0.1:{port}",
        local_dir,
        dynamodb_endpoint or f"http://127.0.0.1:{dynamodb_port}",
        process,
    )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = (
                log.read_text()[-3000:] if log else process.stdout.read() if process.stdout else ""
            )
            raise RuntimeError(f"the local API exited:\n{said}")
        try:
            # The first request imports the function (a cold start): allow it time.
            if get(f"{api.url}/api/v1/health", timeout=15).status_code == 200:
                return api
        except requests.RequestException:
            time.sleep(0.2)
    stop(api)
    raise TimeoutError("the local API did not answer /api/v1/health")


def stop(api: RunningApi) -> int:
    """SIGINT stops the server, its workers and DynamoDB Local; the group is killed if not.
    The server's exit status."""
    if api.process.poll() is None:
        api.process.send_signal(signal.SIGINT)
        try:
            return api.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(api.process.pid, signal.SIGKILL)
            api.process.wait()
            raise
    return api.process.returncode
