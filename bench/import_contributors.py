"""Where a function's cold start goes (docs/performance.md, "Cold start"): `python -X importtime`
of each function's handler module, imported and given its first request's clients as
bench.cold_start does, with every module's own time summed by the package it belongs to.

    .venv/bin/python -m bench.import_contributors [--runs 5] [--top 10] [Name ...]

Without names: the bare handler, the stack floor and the functions whose imports are the
heaviest. Own times are summed, so no module counts twice; each package's figure is its median
over the runs (one run moves by a tenth or more from the next on a shared machine).
`-X importtime` itself slows every import, so the totals are larger than the cold-start bench's
and only their shares compare.
"""

import argparse
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence

from bench.cold_start import (
    Subject,
    baseline_and_floor,
    compile_as_deployed,
    environment,
    run_child,
    subjects,
)
from local_api.template import Template

HEAVIEST = (
    "GetProductFunction",
    "ListProductsFunction",
    "CreateProductFunction",
    "PatchProductFunction",
    "ProductInventoryFunction",
    "Seed004UpdateFunction",
    "AuthorizerFunction",
)
# Packages whose parts are reported one by one: ours, and powertools' utilities.
_BY_SUBPACKAGE = ("common", "aws_lambda_powertools")
# One row for the standard library: the bare handler loads most of it too.
STANDARD_LIBRARY = "the standard library"


def package_of(module: str) -> str:
    """The package a module's time is counted under."""
    parts = module.split(".")
    if parts[0] in _BY_SUBPACKAGE:
        return ".".join(parts[:2])
    if parts[0] in sys.stdlib_module_names:
        return STANDARD_LIBRARY
    return parts[0]


def own_times(importtime_report: str) -> dict[str, float]:
    """Milliseconds of own import time per package, from `-X importtime`'s report (stderr)."""
    totals: dict[str, float] = defaultdict(float)
    for line in importtime_report.splitlines():
        if not line.startswith("import time:"):
            continue
        own, _cumulative, module = line.removeprefix("import time:").split("|")
        if not own.strip().isdigit():  # the report's header
            continue
        totals[package_of(module.strip())] += int(own) / 1000
    return dict(totals)


def medians(runs: Iterable[dict[str, float]]) -> dict[str, float]:
    """Each package's median over the runs (0 in a run that did not import it)."""
    runs = list(runs)
    packages = {package for run in runs for package in run}
    return {
        package: statistics.median(run.get(package, 0.0) for run in runs) for package in packages
    }


def report(name: str, times: dict[str, float], top: int) -> list[str]:
    total = sum(times.values())
    ranked = sorted(times.items(), key=lambda item: item[1], reverse=True)
    lines = [f"{name}: {total:.1f} ms in all"]
    lines += [f"  {package:<44} {ms:>7.1f} ms  {ms / total:>4.0%}" for package, ms in ranked[:top]]
    rest = sum(ms for _, ms in ranked[top:])
    lines.append(f"  {'the other ' + str(len(ranked) - top) + ' packages':<44} {rest:>7.1f} ms")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="logical ids of functions")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args(argv)

    template = Template.load()
    env = environment(template)
    chosen: list[Subject] = [
        *baseline_and_floor(),
        *subjects(template, args.names or HEAVIEST),
    ]
    compile_as_deployed(chosen)
    for subject in chosen:
        runs = [
            own_times(run_child(subject, env, ["-X", "importtime"]).stderr)
            for _ in range(args.runs)
        ]
        print("\n".join(report(subject.name, medians(runs), args.top)), end="\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
