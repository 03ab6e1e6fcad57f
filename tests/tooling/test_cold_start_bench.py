"""The cold-start bench's paired ratio (bench/cold_start.py) and its import contributors
(bench/import_contributors.py), docs/performance.md "Cold start"."""

import statistics

import pytest

from bench.cold_start import Samples
from bench.import_contributors import STANDARD_LIBRARY, medians, own_times, report


def test_the_paired_ratio_cancels_drift_that_the_ratio_of_medians_keeps() -> None:
    # Given a function that always takes 1.2 times the baseline, on a machine that slows down
    # during the run, and baseline samples that happened to come from its fast moments
    speeds = [1.0, 1.0, 1.0, 1.6, 1.6, 1.6]
    function = Samples(
        imports=[240 * speed for speed in speeds],
        with_client=[300 * speed for speed in speeds],
        beside=[200 * speed for speed in speeds],
    )
    baseline = [200.0, 200.0, 200.0, 200.0, 320.0, 320.0]

    # When both ratios are taken
    of_medians = statistics.median(function.imports) / statistics.median(baseline)
    paired_import, paired_client = function.paired_ratios()

    # Then the paired ones are the function's own, and the ratio of medians is not
    assert paired_import == pytest.approx(1.2)
    assert paired_client == pytest.approx(1.5)
    assert of_medians == pytest.approx(1.56)


def test_every_sample_needs_its_baseline_beside_it() -> None:
    # Given a sample whose baseline was not recorded
    samples = Samples(imports=[240.0, 250.0], with_client=[300.0, 310.0], beside=[200.0])

    # Then the paired ratio refuses to guess
    with pytest.raises(ValueError):
        samples.paired_ratios()


# `-X importtime`'s report, as CPython 3.12 writes it to stderr (nesting by indentation).
IMPORTTIME_REPORT = """\
import time: self [us] | cumulative | imported package
import time:       120 |        120 |   _io
import time:      2500 |       2620 | json
import time:      1500 |       1500 |     botocore.utils
import time:      4000 |       5500 |   botocore
import time:       300 |        300 |       common.storage.dynamodb
import time:       700 |       1000 |     common.storage
import time:      1000 |       1000 |   aws_lambda_powertools.event_handler.api_gateway
import time:       250 |       3250 | app
"""


def test_import_time_is_summed_by_package_from_each_modules_own_time() -> None:
    # When the report is read
    times = own_times(IMPORTTIME_REPORT)

    # Then each module counts once, by its own time, under its package
    assert times == pytest.approx(
        {
            STANDARD_LIBRARY: 2.62,
            "botocore": 5.5,
            "common.storage": 1.0,
            "aws_lambda_powertools.event_handler": 1.0,
            "app": 0.25,
        }
    )
    assert sum(times.values()) == pytest.approx(10.37)


def test_a_package_missing_from_a_run_counts_as_nothing_in_the_median() -> None:
    runs = [{"botocore": 30.0, "jwt": 4.0}, {"botocore": 34.0}, {"botocore": 32.0}]

    assert medians(runs) == {"botocore": 32.0, "jwt": 0.0}


def test_the_report_ranks_packages_and_sums_the_rest() -> None:
    lines = report("GetProductFunction", {"a": 1.0, "b": 6.0, "c": 3.0}, top=2)

    assert lines[0] == "GetProductFunction: 10.0 ms in all"
    assert [line.split()[0] for line in lines[1:3]] == ["b", "c"]
    assert lines[3].split()[-2:] == ["1.0", "ms"]
