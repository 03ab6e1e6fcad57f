"""bench/warm_overhead.py's own arithmetic: DynamoDB time is the time at least one call was in
flight (the rate-limit count runs beside the route's calls), and a batch's target is per
product."""

import pytest

from bench.warm_overhead import (
    OTHER_MS,
    RequestKind,
    Sample,
    covered,
    door_kinds,
    report,
    request_kinds,
)


def test_overlapping_calls_are_waited_once() -> None:
    assert covered([]) == 0
    assert covered([(0.0, 2.0), (1.0, 3.0), (5.0, 6.0)]) == 4.0
    assert covered([(1.0, 3.0), (0.0, 4.0), (2.0, 2.5)]) == 4.0
    assert covered([(0.0, 1.0), (1.0, 2.0)]) == 2.0


def _batch(own_ms: float) -> RequestKind:
    kind = RequestKind("POST products/batch (100 products)", "Fn", lambda n: ("POST", "/", [], {}))
    kind.products = 100
    kind.samples = [Sample(total_ms=1000 + own_ms, dynamodb_ms=1000, calls=10)] * 3
    kind.replayed_ms = [own_ms * 0.8] * 3
    return kind


def test_a_batch_is_held_to_the_target_per_product(capsys: pytest.CaptureFixture[str]) -> None:
    # Given a batch of 100 whose own code is 49 ms: 0.49 ms a product
    # When the report compares it with the target
    status = report([_batch(49.0)], requests=3)

    # Then it is within (49 ms is over 2 ms for the whole request, not per product)
    printed = capsys.readouterr().out
    assert status == 0
    assert "own code 0.49 ms per product (replayed 0.39)" in printed
    assert "all within" in printed


def test_a_batch_over_the_target_per_product_fails(capsys: pytest.CaptureFixture[str]) -> None:
    status = report([_batch(OTHER_MS * 100 + 50)], requests=3)

    printed = capsys.readouterr().out
    assert status == 1
    assert "ms per product" in printed
    assert "over it: POST products/batch (100 products)" in printed


def test_a_listing_shows_its_time_with_nothing_kept(capsys: pytest.CaptureFixture[str]) -> None:
    # Given a listing, replayed with its products kept and with nothing kept, and a read
    listing = RequestKind("GET products", "Fn", lambda n: ("GET", "/", None, {}))
    listing.samples = [Sample(total_ms=11.5, dynamodb_ms=10, calls=3)] * 3
    listing.replayed_ms, listing.anew_ms = [1.25] * 3, [2.75] * 3
    read = RequestKind("GET product", "Fn", lambda n: ("GET", "/", None, {}))
    read.samples, read.replayed_ms = [Sample(total_ms=10.5, dynamodb_ms=10, calls=1)] * 3, [0.4]

    # When the report prints them
    report([listing, read], requests=3)

    # Then the listing's row has both replayed figures, and the read's says it has no second
    rows = {line[:34].strip(): line.split()[-2:] for line in capsys.readouterr().out.splitlines()}
    assert rows["GET products"] == ["1.25", "2.75"]
    assert rows["GET product"] == ["0.40", "-"]


def test_every_rename_writes() -> None:
    """A rename to the name the product already has writes nothing, so a recorded request
    would have no transaction for its replays to find: each request names it anew."""
    setup = {"product": "prod_1", "category": "cat_1", "described": "token"}
    renames = [
        kind
        for kind in [*request_kinds(setup), *door_kinds(setup)]
        if kind.request(0)[0] in ("PATCH", "PUT")
    ]
    assert {kind.name for kind in renames} >= {"PATCH product", "seed 004 PUT product"}
    for kind in renames:
        names = {kind.request(n)[2]["name"] for n in range(6)}
        assert len(names) == 6, kind.name


def test_the_python_calls_of_a_replayed_request_are_a_column(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given a kind whose replayed requests were counted (--calls), and one that was not
    counted = RequestKind("POST inventory", "Fn", lambda n: ("POST", "/", {}, {}))
    counted.samples = [Sample(total_ms=10.5, dynamodb_ms=10, calls=3)] * 3
    counted.replayed_ms, counted.python_calls = [0.45] * 3, 1512.0
    other = RequestKind("GET product", "Fn", lambda n: ("GET", "/", None, {}))
    other.samples, other.replayed_ms = [Sample(total_ms=10.5, dynamodb_ms=10, calls=1)] * 3, [0.4]

    # When the report prints them
    report([counted, other], requests=3)

    # Then the counted kind's row ends with its calls, under a column of their own
    lines = capsys.readouterr().out.splitlines()
    assert any(line.rstrip().endswith("py calls") for line in lines)
    rows = {line[:34].strip(): line.split()[-1] for line in lines if line.strip()}
    assert rows["POST inventory"] == "1,512"
    assert rows["GET product"] == "-"
