"""The write gate (common/storage/write_gate.py): a request's writes wait for its gate; its
reads, and other threads' calls, do not."""

import threading
from types import SimpleNamespace

import pytest

from common.storage.write_gate import WRITE_OPERATIONS, hold_writes, unheld, writes_wait_for


class Refused(Exception):
    pass


def refuse() -> None:
    raise Refused


def call(operation: str) -> None:
    hold_writes(model=SimpleNamespace(name=operation))


@pytest.mark.parametrize("operation", sorted(WRITE_OPERATIONS))
def test_a_write_inside_the_block_calls_the_gate(operation: str) -> None:
    with writes_wait_for(refuse), pytest.raises(Refused):
        call(operation)


@pytest.mark.parametrize("operation", ["GetItem", "Query", "BatchGetItem", "TransactGetItems"])
def test_a_read_goes_by(operation: str) -> None:
    with writes_wait_for(refuse):
        call(operation)


def test_no_gate_outside_the_block_nor_on_another_thread() -> None:
    call("PutItem")  # before
    errors: list[BaseException] = []

    def other_thread() -> None:
        try:
            call("PutItem")
        except Refused as error:
            errors.append(error)

    with writes_wait_for(refuse):
        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join()
    call("PutItem")  # after
    assert errors == []


def test_an_unheld_write_goes_at_once_and_the_gate_holds_again_after_it() -> None:
    with writes_wait_for(refuse):
        with unheld():
            call("PutItem")  # a request's own bookkeeping (its idempotency record)
        with pytest.raises(Refused):
            call("PutItem")
