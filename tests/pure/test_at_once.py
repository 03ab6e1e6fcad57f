"""storage/at_once.py: a request's independent reads, sent at once."""

import threading
import time
from functools import partial
from types import SimpleNamespace

import pytest

from common.storage.at_once import at_once
from common.storage.write_gate import hold_writes, writes_wait_for


def test_the_calls_run_together_and_answer_in_their_order() -> None:
    # Given three calls that each wait until all three have started
    started = threading.Barrier(3, timeout=5)

    def call(n: int) -> int:
        started.wait()
        time.sleep(0.01 * (3 - n))  # the first finishes last
        return n

    # When made at once, then all three ran together, and the answers keep the calls' order
    assert at_once([partial(call, n) for n in range(3)]) == [0, 1, 2]


def test_a_calls_error_is_raised() -> None:
    def fails() -> int:
        raise LookupError("no such range")

    with pytest.raises(LookupError):
        at_once([lambda: 1, fails])


def test_the_requests_write_gate_holds_on_the_worker_threads_too() -> None:
    class Refused(Exception):
        pass

    def refuse() -> None:
        raise Refused

    def write() -> None:
        hold_writes(model=SimpleNamespace(name="PutItem"))

    with writes_wait_for(refuse), pytest.raises(Refused):
        at_once([write, write])
