"""bench/warm_overhead.py's own arithmetic: DynamoDB time is the time at least one call was in
flight (the rate-limit count runs beside the route's calls)."""

from bench.warm_overhead import covered


def test_overlapping_calls_are_waited_once() -> None:
    assert covered([]) == 0
    assert covered([(0.0, 2.0), (1.0, 3.0), (5.0, 6.0)]) == 4.0
    assert covered([(1.0, 3.0), (0.0, 4.0), (2.0, 2.5)]) == 4.0
    assert covered([(0.0, 1.0), (1.0, 2.0)]) == 2.0
