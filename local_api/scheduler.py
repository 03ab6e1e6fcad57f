"""The template's Schedule events, run locally as EventBridge runs them when deployed: each
scheduled function (the batch sweeper) is invoked on its rate, in a function instance of its
own, with a "Scheduled Event". `make run` starts it beside the API."""

import logging
import threading
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from local_api.capacity import Capacity, Throttled
from local_api.gateway import ACCOUNT_ID, REGION, FunctionInstance, FunctionPool, InstanceFailed
from local_api.template import Schedule

log = logging.getLogger("local_api.scheduler")


def scheduled_event(rule: str, event_id: str, time: str) -> dict[str, Any]:
    """What an EventBridge schedule rule sends its target."""
    return {
        "version": "0",
        "id": event_id,
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT_ID,
        "time": time,
        "region": REGION,
        "resources": [f"arn:aws:events:{REGION}:{ACCOUNT_ID}:rule/{rule}"],
        "detail": {},
    }


class Scheduler:
    """isolated: each function instance is a worker process, as for the API (FunctionPool).
    capacity: the instance caps to count the scheduled functions in (the gateway's, so that
    they share its total); their own otherwise."""

    def __init__(
        self,
        schedules: Sequence[Schedule],
        isolated: bool = True,
        capacity: Capacity[FunctionInstance] | None = None,
    ) -> None:
        self._stop = threading.Event()
        self._threads = []
        for schedule in schedules:
            pool = FunctionPool(
                schedule.function, schedule.code_uri, schedule.handler, isolated, capacity
            )
            self._threads.append(
                threading.Thread(
                    target=self._run,
                    args=(schedule, pool),
                    name=f"schedule-{schedule.function}",
                    daemon=True,
                )
            )

    def start(self) -> "Scheduler":
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)

    def _run(self, schedule: Schedule, pool: FunctionPool) -> None:
        try:
            while not self._stop.wait(schedule.every_seconds):
                now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                event = scheduled_event(f"local-{schedule.function}", str(uuid.uuid4()), now)
                try:
                    log.info("%s: %s", schedule.function, pool.invoke(event))
                except (InstanceFailed, Throttled) as failure:  # the next tick runs again
                    log.error("%s failed: %s", schedule.function, failure)
        finally:
            pool.close()
