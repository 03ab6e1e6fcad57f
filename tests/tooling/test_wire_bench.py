"""bench/dynamodb_wire.py runs, and botocore's stock client and the layer's give the same
answers to every call it times (the bench refuses to time clients that disagree)."""

import sys

import pytest

from common.storage.dynamodb import dynamodb_client


def test_the_wire_bench_times_clients_that_agree(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Imported here, once the tier's environment is set: the bench sets defaults of its own.
    from bench import dynamodb_wire

    monkeypatch.setattr(sys, "argv", ["dynamodb_wire", "--rounds", "1", "--repeat", "1"])
    dynamodb_client.cache_clear()  # the bench's canned answers stay on a client of its own
    try:
        assert dynamodb_wire.main() == 0
    finally:
        dynamodb_client.cache_clear()

    rows = capsys.readouterr().out.splitlines()
    assert [row.split("  ")[0] for row in rows[1:4]] == [
        "a product read (GetItem)",
        "a listing's page of 20 (BatchGetItem)",
        "a create (50 writes, postings too)",
    ]
