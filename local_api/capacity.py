"""How many function instances the local API keeps, bounded as Lambda bounds them: at most
`per_function` instances of a function (its reserved concurrency) and `total` of all functions
(the account's concurrency), a bounded wait for a free instance and then a throttle, and
instances idle for `idle_seconds` retired. Each instance of `make run` is a worker process of
~65 MB: without these bounds a burst of 80 requests left 80 of them running until the API
stopped."""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


class Retirable(Protocol):
    def close(self) -> None: ...


@dataclass(frozen=True)
class Limits:
    per_function: int = 10
    total: int = 32
    # How long a request waits for a free instance before the throttle. Lambda does not wait;
    # locally a burst's cold starts share a few cores (10 take ~10 s on 2), so requests wait up
    # to API Gateway's integration timeout, the longest any request may take when deployed.
    queue_seconds: float = 29.0
    idle_seconds: float = 300.0

    def __post_init__(self) -> None:
        if self.per_function < 1 or self.total < 1:
            raise ValueError("Instance caps must be at least 1")
        if self.queue_seconds < 0 or self.idle_seconds <= 0:
            raise ValueError("queue_seconds must be >= 0 and idle_seconds > 0")


class Throttled(RuntimeError):
    """No instance of the function came free within queue_seconds: Lambda's throttle
    (TooManyRequestsException)."""


class Capacity[I: Retirable]:
    """The instances of every function sharing these limits, busy or idle, counted under one
    lock. A request takes an idle instance of its function (the most recently used: the others
    age and retire), else starts one if the caps allow (retiring the least recently used idle
    instance of another function when only the total cap is in the way), else waits."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._changed = threading.Condition()
        self._counts: dict[str, int] = {}
        self._idle: dict[str, list[tuple[float, I]]] = {}  # (last used, instance), oldest first
        self._closed = False
        self._stop = threading.Event()
        self._reaper: threading.Thread | None = None

    def instances(self, function: str | None = None) -> int:
        """How many instances live (busy or idle): of one function, or of all."""
        with self._changed:
            if function is not None:
                return self._counts.get(function, 0)
            return sum(self._counts.values())

    def acquire(self, function: str, start: Callable[[], I]) -> I:
        """An instance of the function to invoke, for the caller alone until release()."""
        deadline = time.monotonic() + self.limits.queue_seconds
        victim: I | None = None
        with self._changed:
            while True:
                idle = self._idle.get(function)
                if idle:
                    return idle.pop()[1]
                if self._counts.get(function, 0) < self.limits.per_function:
                    room, victim = self._make_room()
                    if room:
                        self._counts[function] = self._counts.get(function, 0) + 1
                        break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise Throttled(
                        f"{function}: no instance free within {self.limits.queue_seconds:g} s"
                    )
                self._changed.wait(remaining)
        if victim is not None:
            victim.close()
        self._start_reaper()
        try:
            return start()
        except BaseException:
            self._forget(function)
            raise

    def release(self, function: str, instance: I, reusable: bool) -> None:
        """Gives the instance back: idle for the next request, or retired (it died, or the
        capacity is closed)."""
        with self._changed:
            keep = reusable and not self._closed
            if keep:
                self._idle.setdefault(function, []).append((time.monotonic(), instance))
            else:
                self._counts[function] -= 1
            self._changed.notify_all()
        if not keep:
            instance.close()

    def retire_idle(self, older_than: float = 0.0, function: str | None = None) -> int:
        """Retires the idle instances unused for older_than seconds (of one function, or of
        all); returns how many."""
        cutoff = time.monotonic() - older_than
        retired: list[I] = []
        with self._changed:
            for name, idle in self._idle.items():
                if function is not None and name != function:
                    continue
                stale = [instance for used, instance in idle if used <= cutoff]
                idle[:] = [(used, instance) for used, instance in idle if used > cutoff]
                self._counts[name] -= len(stale)
                retired.extend(stale)
            if retired:
                self._changed.notify_all()
        for instance in retired:
            instance.close()
        return len(retired)

    def close(self) -> None:
        """Retires every idle instance, and each busy one when it is released."""
        with self._changed:
            self._closed = True
        self._stop.set()
        self.retire_idle()

    # ------------------------------------------------------------------ internals ---
    def _make_room(self) -> tuple[bool, I | None]:
        """Whether one more instance fits in the total cap; if only by retiring the least
        recently used idle instance, that instance (to close outside the lock)."""
        if sum(self._counts.values()) < self.limits.total:
            return True, None
        oldest: tuple[float, str] | None = None
        for name, idle in self._idle.items():
            if idle and (oldest is None or idle[0][0] < oldest[0]):
                oldest = (idle[0][0], name)
        if oldest is None:
            return False, None
        victim = self._idle[oldest[1]].pop(0)[1]
        self._counts[oldest[1]] -= 1
        return True, victim

    def _forget(self, function: str) -> None:
        """An instance that failed to start frees its place."""
        with self._changed:
            self._counts[function] -= 1
            self._changed.notify_all()

    def _start_reaper(self) -> None:
        with self._changed:
            if self._reaper is not None or self._closed:
                return
            self._reaper = threading.Thread(
                target=self._reap, name="retire-idle-instances", daemon=True
            )
        self._reaper.start()

    def _reap(self) -> None:
        # Checked four times per idle period (at most every 30 s): an idle instance is retired
        # between idle_seconds and 1.25 x idle_seconds after its last request.
        interval = min(max(self.limits.idle_seconds / 4, 0.01), 30.0)
        while not self._stop.wait(interval):
            self.retire_idle(older_than=self.limits.idle_seconds)
