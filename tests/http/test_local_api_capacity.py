"""`make run` under a burst: every request answered, worker processes within the function's
concurrency cap, and gone once idle (local_api/capacity.py)."""

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.http.conftest import LocalApi, start_local_api, stop_local_api
from tests.http.contract import checked_session

CAP, IDLE_SECONDS, BURST = 4, 3, 80


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:  # the thread or process exited meanwhile
        return b""


def worker_processes(server_pid: int) -> int:
    """The server's function instances: its children started by multiprocessing's spawn."""
    children = [
        child
        for task in Path(f"/proc/{server_pid}/task").iterdir()
        for child in _read(task / "children").split()
    ]
    return sum(
        b"spawn_main" in _read(Path(f"/proc/{child.decode()}/cmdline")) for child in children
    )


@pytest.fixture
def capped_api(local_api: LocalApi, tmp_path: Path) -> Iterator[LocalApi]:
    """A second local API, on the session's DynamoDB Local, with a small cap and idle time."""
    if not Path("/proc/self/task").is_dir():
        pytest.skip("counts processes through /proc")
    api = start_local_api(
        tmp_path,
        "--no-demo-client",
        f"--function-concurrency={CAP}",
        f"--idle-seconds={IDLE_SECONDS}",
        dynamodb_endpoint=local_api.dynamodb_endpoint,
    )
    yield api
    assert stop_local_api(api) == 0


def test_a_burst_is_answered_within_the_cap_and_the_instances_retire(
    capped_api: LocalApi,
) -> None:
    server = capped_api.process.pid
    peak, sampling = 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not sampling.wait(0.05):
            peak = max(peak, worker_processes(server))

    sampler = threading.Thread(target=sample)
    sampler.start()
    barrier = threading.Barrier(BURST)

    def fetch(_: int) -> tuple[int, str]:
        barrier.wait()
        reply = checked_session().get(f"{capped_api.url}/api/v1/openapi.json", timeout=60)
        return reply.status_code, reply.json()["info"]["title"]

    # Given the API answered its startup health check (one HealthFunction instance)
    # When 80 clients fetch the OpenAPI document at once, each on its own connection
    try:
        with ThreadPoolExecutor(max_workers=BURST) as clients:
            replies = list(clients.map(fetch, range(BURST)))
    finally:
        sampling.set()
        sampler.join()

    # Then every one got the document: none reset, none throttled
    assert replies == [(200, "Products API")] * BURST
    # And no more than the cap of instances ran it (plus the health check's one)
    assert 1 < peak <= CAP + 1

    # And once idle for IDLE_SECONDS, every instance is retired: no worker process is left
    deadline = time.monotonic() + IDLE_SECONDS * 2 + 10
    while worker_processes(server) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert worker_processes(server) == 0

    # And the API still answers, with a new instance
    reply = checked_session().get(f"{capped_api.url}/api/v1/health", timeout=60)
    assert reply.status_code == 200 and reply.json()["data"]["healthy"] is True
