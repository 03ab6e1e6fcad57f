"""common/heap.py: a settled handler runs no garbage collection on a warm request.

Each case runs in an interpreter of its own: the collector's state is the process's, and this
one's is whatever the tests before left."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

LAYER = Path(__file__).resolve().parents[2] / "layers" / "common"

# A handler whose request holds ~5,000 live containers at once, as a page of described
# products does, and frees them all by reference counting before it returns.
REQUESTS = textwrap.dedent(
    """
    import gc, json, sys
    at_start = gc.get_freeze_count()  # what the interpreter froze at its own start-up
    from common.heap import settled

    def handler(event, context):
        page = [{"id": n, "variants": [{"sku": str(n)}], "tags": ["a", "b"]} for n in range(1_700)]
        return {"statusCode": 200, "count": len(page)}

    if sys.argv[1] == "settled":
        handler = settled(handler)
    collections = []
    def watch(phase, info):
        if phase == "start":
            collections.append(info["generation"])
    handler({}, None)  # the first request
    frozen_after_first = gc.get_freeze_count()
    gc.callbacks.append(watch)
    for _ in range(50):
        handler({}, None)
    gc.callbacks.remove(watch)
    print(json.dumps({
        "threshold": gc.get_threshold(),
        "frozen_after_first": frozen_after_first - at_start,
        "frozen_after_warm": gc.get_freeze_count() - at_start,
        "collections": len(collections),
    }))
    """
)


def _run(code: str, *args: str, lambda_task_root: str | None = None) -> str:
    """What `code` prints, run in an interpreter of its own with the layer on its path (and
    LAMBDA_TASK_ROOT set if given, as Lambda sets it for a function's init)."""
    env = dict(os.environ, PYTHONPATH=str(LAYER))
    env.pop("LAMBDA_TASK_ROOT", None)
    if lambda_task_root is not None:
        env["LAMBDA_TASK_ROOT"] = lambda_task_root
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _requests(mode: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(_run(REQUESTS, mode))
    return result


def test_warm_requests_of_a_settled_handler_run_no_collection() -> None:
    # Given the same handler, settled and as it is
    # When each serves a first request and then 50 warm ones
    settled, plain = _requests("settled"), _requests("plain")

    # Then the plain one collects in the middle of its requests, the settled one never
    assert plain["collections"] > 50
    assert settled["collections"] == 0
    assert settled["threshold"] == [10_000, 20, 20]
    # and what the process held after the first request is frozen; warm requests freeze nothing
    assert plain["frozen_after_first"] == 0
    assert settled["frozen_after_first"] > 0
    assert settled["frozen_after_warm"] == settled["frozen_after_first"]


FAILING_FIRST = textwrap.dedent(
    """
    import gc
    from common.heap import settled

    kept = []
    def handler(event, context):
        kept.append([object() for _ in range(100)])
        raise ValueError("the first request fails")

    handler = settled(handler)
    at_init = gc.get_freeze_count()
    try:
        handler({}, None)
    except ValueError:
        pass
    print(at_init > 0, gc.get_freeze_count() > at_init)
    """
)


def test_a_failed_first_request_settles_the_heap_too() -> None:
    # Given a settled handler whose first request fails, When it is served
    frozen_at_init, frozen_after_the_failure = _run(FAILING_FIRST).split()

    # Then the heap was settled at init and again after that first request
    assert (frozen_at_init, frozen_after_the_failure) == ("True", "True")


# Counts the collections that run once common is imported, while a handler's init runs (pydantic
# models built, botocore loaded), then after the handler is made.
INIT = textwrap.dedent(
    """
    import gc, json
    collections = {"before": 0, "init": 0, "after": 0}
    phase = ["before"]
    def watch(stage, info):
        if stage == "start":
            collections[phase[0]] += 1
    gc.callbacks.append(watch)
    import common
    phase[0] = "init"
    off_in_init = not gc.isenabled()
    import botocore.session, pydantic
    models = [pydantic.create_model(f"M{n}", a=(int, 0), b=(list[str], [])) for n in range(300)]
    botocore.session.Session().get_service_model("dynamodb")
    from common.heap import settled
    handler = settled(lambda event, context: {"statusCode": 200})
    phase[0] = "after"
    garbage = [[[]] for _ in range(30_000)]
    del collections["before"]  # the interpreter's own imports, before common's
    print(json.dumps({**collections, "off_in_init": off_in_init, "on": gc.isenabled()}))
    """
)


def test_a_lambda_init_runs_no_collection_and_the_handler_turns_the_collector_on() -> None:
    # Given a function's init in Lambda (LAMBDA_TASK_ROOT set), and the same init elsewhere
    in_lambda = json.loads(_run(INIT, lambda_task_root="/var/task"))
    elsewhere = json.loads(_run(INIT))

    # Then in Lambda no collection ran until the handler was made, and after it the collector
    # is on (30,000 new containers: at least one young collection)
    assert in_lambda == {"init": 0, "after": in_lambda["after"], "off_in_init": True, "on": True}
    assert in_lambda["after"] >= 1
    # while elsewhere common leaves the collector as it is, and the same init collects
    assert elsewhere["off_in_init"] is False and elsewhere["init"] > 10
