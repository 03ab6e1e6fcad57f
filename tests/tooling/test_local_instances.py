"""Function instances of the served local API: one worker process each, as Lambda sandboxes."""

import os
import textwrap
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from local_api.capacity import Capacity, Limits, Throttled
from local_api.gateway import FunctionInstance, FunctionPool, InstanceFailed

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


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def test_concurrent_requests_never_start_more_instances_than_the_cap(tmp_path: Path) -> None:
    # Given a function capped at 3 instances
    (tmp_path / "app.py").write_text(HANDLER)
    capacity: Capacity[FunctionInstance] = Capacity(Limits(per_function=3, queue_seconds=60))
    pool = FunctionPool("Probe", tmp_path, "app.handler", isolated=True, capacity=capacity)
    try:
        # When 12 requests arrive at once
        with ThreadPoolExecutor(max_workers=12) as workers:
            results = list(workers.map(lambda n: pool.invoke({"n": n, "pause": 0.3}), range(12)))

        # Then every one is answered, with its own request, by one of 3 worker processes
        assert [r["n"] for r in results] == list(range(12))
        assert len({r["pid"] for r in results}) == 3
        assert capacity.instances("Probe") == 3
    finally:
        pool.close()


def test_idle_instances_are_retired(tmp_path: Path) -> None:
    # Given instances retired after 0.3 s idle, and two of them started by concurrent requests
    (tmp_path / "app.py").write_text(HANDLER)
    capacity: Capacity[FunctionInstance] = Capacity(Limits(idle_seconds=0.3))
    pool = FunctionPool("Probe", tmp_path, "app.handler", isolated=True, capacity=capacity)
    try:
        with ThreadPoolExecutor(max_workers=2) as workers:
            results = list(workers.map(lambda n: pool.invoke({"n": n, "pause": 0.5}), range(2)))
        pids = {r["pid"] for r in results}
        assert len(pids) == 2 and capacity.instances("Probe") == 2

        # When nothing calls the function for longer than that
        exited = _wait_for(lambda: all(_gone(pid) for pid in pids), seconds=10)

        # Then their processes have exited, and the next request is a cold start
        assert exited and capacity.instances() == 0
        again = pool.invoke({"n": 3})
        assert again["pid"] not in pids and again["calls"] == 1
    finally:
        pool.close()


def test_beyond_the_cap_a_request_waits_then_is_throttled(tmp_path: Path) -> None:
    # Given a function of one instance, busy for 2 s, and requests waiting at most 0.2 s
    (tmp_path / "app.py").write_text(HANDLER)
    capacity: Capacity[FunctionInstance] = Capacity(Limits(per_function=1, queue_seconds=0.2))
    pool = FunctionPool("Probe", tmp_path, "app.handler", isolated=True, capacity=capacity)
    try:
        pool.invoke({"n": 0})  # started: the busy request below does not wait for its cold start
        with ThreadPoolExecutor(max_workers=1) as workers:
            busy = workers.submit(pool.invoke, {"n": 1, "pause": 2})
            time.sleep(0.2)

            # When another request arrives
            started = time.monotonic()
            with pytest.raises(Throttled, match=r"Probe: no instance free within 0\.2 s"):
                pool.invoke({"n": 2})

            # Then it was throttled after its wait, and the busy one still completes
            assert 0.2 <= time.monotonic() - started < 1.5
            assert busy.result()["n"] == 1
        assert pool.invoke({"n": 3})["calls"] == 3  # the one instance serves on
        assert capacity.instances("Probe") == 1
    finally:
        pool.close()


def test_the_total_cap_retires_another_functions_idle_instance(tmp_path: Path) -> None:
    # Given two functions sharing a total of 2 instances, both held by an idle function A
    (tmp_path / "app.py").write_text(HANDLER)
    capacity: Capacity[FunctionInstance] = Capacity(Limits(per_function=2, total=2))
    first = FunctionPool("A", tmp_path, "app.handler", isolated=True, capacity=capacity)
    second = FunctionPool("B", tmp_path, "app.handler", isolated=True, capacity=capacity)
    try:
        with ThreadPoolExecutor(max_workers=2) as workers:
            results = list(workers.map(lambda n: first.invoke({"n": n, "pause": 0.5}), range(2)))
        assert capacity.instances("A") == 2

        # When function B is called
        reply = second.invoke({"n": 9})

        # Then A's least recently used instance made room for B's: 2 instances in all
        assert reply["n"] == 9 and reply["pid"] not in {r["pid"] for r in results}
        assert (capacity.instances("A"), capacity.instances("B"), capacity.instances()) == (1, 1, 2)
    finally:
        first.close()
        second.close()
