"""Function instances of the served local API: one worker process each, as Lambda sandboxes."""

import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from local_api.gateway import FunctionPool, InstanceFailed

# A handler that keeps the request in module state across a pause, as powertools keeps
# BaseRouter.current_event: shared state would make it answer with another request's value.
HANDLER = textwrap.dedent(
    """
    import os
    import time

    SEEN = {}
    CALLS = []


    def handler(event, context):
        if event.get("crash"):
            os._exit(3)
        if event.get("raise"):
            raise ValueError("bad input")
        SEEN["n"] = event["n"]
        CALLS.append(event["n"])
        time.sleep(event.get("pause", 0))
        return {"pid": os.getpid(), "n": SEEN["n"], "calls": len(CALLS)}
    """
)


@pytest.fixture
def pool(tmp_path: Path) -> Any:
    (tmp_path / "app.py").write_text(HANDLER)
    pool = FunctionPool("Probe", tmp_path, "app.handler", isolated=True)
    yield pool
    pool.close()


def test_concurrent_requests_run_in_separate_instances(pool: FunctionPool) -> None:
    with ThreadPoolExecutor(max_workers=4) as workers:
        results = list(workers.map(lambda n: pool.invoke({"n": n, "pause": 0.5}), range(4)))

    assert [r["n"] for r in results] == [0, 1, 2, 3]  # each saw its own request
    assert len({r["pid"] for r in results}) == 4


def test_a_warm_instance_serves_the_next_request(pool: FunctionPool) -> None:
    first = pool.invoke({"n": 1})
    second = pool.invoke({"n": 2})
    assert second["pid"] == first["pid"] and second["calls"] == 2


def test_a_handler_error_fails_the_invoke_and_keeps_the_instance(pool: FunctionPool) -> None:
    first = pool.invoke({"n": 1})
    with pytest.raises(InstanceFailed, match="ValueError: bad input"):
        pool.invoke({"raise": True})
    assert pool.invoke({"n": 2})["pid"] == first["pid"]


def test_a_dead_instance_is_replaced(pool: FunctionPool) -> None:
    first = pool.invoke({"n": 1})
    with pytest.raises(InstanceFailed, match="code 3"):
        pool.invoke({"crash": True})
    again = pool.invoke({"n": 2})
    assert again["pid"] != first["pid"] and again["calls"] == 1
