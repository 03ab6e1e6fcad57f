"""The cold-start bench's paired ratio (bench/cold_start.py, docs/performance.md "Cold start")."""

import statistics

import pytest

from bench.cold_start import Samples


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
