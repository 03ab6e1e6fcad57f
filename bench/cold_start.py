"""Cold start (docs/api.md): each function's init against a bare handler that only creates a boto3
DynamoDB client, measured side by side in one run.

A Lambda's init phase is the import of its handler module, so for every AWS::Serverless::Function
in template.yaml a fresh interpreter imports `app` the way Lambda does (sys.path is the function's
directory and the layer, with the layer's botocore pruned to our services as `sam build` prunes it:
bench/layer_botocore.py; the environment is the template's Globals plus the runtime's
LAMBDA_TASK_ROOT, which tells the X-Ray SDK it runs in Lambda, where it samples locally instead of
creating X-Ray clients, and common to run no garbage collection until the handler is made) and
reports how long the import took. The baseline is
bench/bare_handler/app.py (`client = boto3.client("dynamodb")` at import, on the whole botocore a
function without a layer gets from the runtime). A second row,
bench/stack_floor/app.py, adds what the project's fixed stack costs before any code of ours
(powertools' Logger and REST resolver with validation, one pydantic model): not a target, the
floor under every function's figure.
Runs are interleaved, in an order reshuffled every round, so machine noise hits every side alike.

    .venv/bin/python -m bench.cold_start [--rounds 20] [--max-ratio 1.25] [--max-client-ratio 1.4]
        [--only Name ...]

`paired`: the median of each sample's ratio to the baseline sample timed beside it (import /
import + client), which cancels the machine's drift during a run; the exit status stays on the
ratio of the medians.

Exits 1 when a function's median import is more than --max-ratio times the baseline's, or
its import + client more than --max-client-ratio times: our functions create their AWS clients
on first use (the DynamoDB client, and the idempotency and signing-key stores where they have
them: bench/_child.py make_first_request_clients), so "+ client" is what init plus the first
request's set-up cost, over the baseline's import (which includes its client).
"""

import argparse
import compileall
import os
import random
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.layer_botocore import pruned_botocore
from local_api.template import Template

ROOT = Path(__file__).resolve().parent.parent
LAYER = ROOT / "layers" / "common"
BASELINE = "bare handler (boto3 DynamoDB client)"
# Not a target: where the fixed stack (powertools + pydantic) starts, before any code of ours.
FLOOR = "stack floor (+ powertools, pydantic)"
CHILD = Path(__file__).resolve().parent / "_child.py"
# What `!Ref` of the template's resources resolves to when deployed; any names will do here.
SECRET_REF = {"SigningKeysSecret": "bench-signing-keys"}


@dataclass(frozen=True)
class Subject:
    name: str
    code_dir: Path
    module: str
    with_client: bool  # also time the first request's clients after the import
    # On the layer's botocore, pruned to our services (bench/layer_botocore.py), as deployed;
    # the bare handler runs on the runtime's whole botocore, as a bare function would.
    layer_botocore: bool = True


@dataclass
class Samples:
    imports: list[float] = field(default_factory=list)
    with_client: list[float] = field(default_factory=list)
    # The baseline's import timed beside each sample (the other half of its pair).
    beside: list[float] = field(default_factory=list)

    def paired_ratios(self) -> tuple[float, float]:
        """The medians of each sample's ratio to the baseline sample timed beside it, import
        and import + client. The machine's speed drifts during a run (other tenants of its
        host); a pair shares the moment it ran in, so its ratio cancels the drift that the
        ratio of the two medians keeps."""
        return (
            statistics.median(
                mine / base for mine, base in zip(self.imports, self.beside, strict=True)
            ),
            statistics.median(
                mine / base for mine, base in zip(self.with_client, self.beside, strict=True)
            ),
        )


def subjects(template: Template, only: Sequence[str] = ()) -> list[Subject]:
    """Every function of the template (or those named in `only`), as Lambda imports it."""
    found = []
    functions = template.resources_of_type("AWS::Serverless::Function")
    for name, resource in functions.items():
        if only and name not in only:
            continue
        props = resource.get("Properties", {})
        handler = props.get("Handler", template.globals.get("Handler", "app.lambda_handler"))
        module = handler.rsplit(".", 1)[0]
        found.append(Subject(name, template.root / props["CodeUri"], module, with_client=True))
    return found


def environment(template: Template) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "POWERTOOLS_", "PYTHON"))
    }
    tables = {name: f"bench-{name}" for name in template.table_definitions()}
    env.update(template.environment({**tables, **SECRET_REF}))
    env = {key: value for key, value in env.items() if value != ""}
    env.update(
        {
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_LAMBDA_FUNCTION_NAME": "bench",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def run_child(
    subject: Subject, env: dict[str, str], python_flags: Sequence[str] = ()
) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter that imports the subject as Lambda does (bench/_child.py)."""
    # -I would drop PYTHONPATH; -S is not used because Lambda's runtime imports site too.
    # Lambda's sys.path: the function's code, then the layer, then the runtime's packages.
    path = [subject.code_dir, *([pruned_botocore()] if subject.layer_botocore else []), LAYER]
    child_env = dict(
        env,
        PYTHONPATH=os.pathsep.join(str(each) for each in path),
        LAMBDA_TASK_ROOT=str(subject.code_dir),
    )
    mode = "client" if subject.with_client else "import"
    out = subprocess.run(
        [sys.executable, *python_flags, str(CHILD), subject.module, mode],
        env=child_env,
        cwd=subject.code_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{subject.name}: import failed\n{out.stderr}")
    return out


def run_once(subject: Subject, env: dict[str, str]) -> tuple[float, float]:
    imported, total = (float(part) for part in run_child(subject, env).stdout.split())
    return imported, total


def baseline_and_floor() -> tuple[Subject, Subject]:
    here = Path(__file__).resolve().parent
    baseline = Subject(BASELINE, here / "bare_handler", "app", False, layer_botocore=False)
    return baseline, Subject(FLOOR, here / "stack_floor", "app", False)


def compile_as_deployed(subjects: Sequence[Subject]) -> None:
    """Bytecode as deployed (the layer ships .pyc, see layers/common/Makefile); the children
    write none, so a fresh clone would otherwise compile `common` in every sample."""
    for directory in [LAYER / "common", *(subject.code_dir for subject in subjects)]:
        compileall.compile_dir(directory, quiet=1)


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    # The targets (docs/api.md#performance-targets): the import, and the import + the client.
    parser.add_argument("--max-ratio", type=float, default=1.25)
    parser.add_argument("--max-client-ratio", type=float, default=1.4)
    parser.add_argument("--only", nargs="*", default=[], help="logical ids of functions")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)

    template = Template.load()
    env = environment(template)
    functions = subjects(template, args.only)
    baseline, floor = baseline_and_floor()
    functions = [floor, *sorted(functions, key=lambda each: each.name)]
    everyone = [baseline, *functions]
    samples = {subject.name: Samples() for subject in everyone}
    rng = random.Random(args.seed)

    compile_as_deployed(everyone)
    for subject in everyone:  # warm the OS file cache
        run_once(subject, env)
    for round_number in range(args.rounds):
        # The baseline runs before and after each function in turn, in a new order every round.
        order = functions[:]
        rng.shuffle(order)
        for subject in order:
            pair = [baseline, subject] if round_number % 2 == 0 else [subject, baseline]
            timed = {each.name: run_once(each, env) for each in pair}
            for each in pair:
                imported, total = timed[each.name]
                samples[each.name].imports.append(imported)
                samples[each.name].with_client.append(total)
            samples[subject.name].beside.append(timed[BASELINE][0])
        print(f"round {round_number + 1}/{args.rounds}", file=sys.stderr, end="\r", flush=True)
    print(file=sys.stderr)

    base = statistics.median(samples[BASELINE].imports)
    header = (
        f"{'function':<36} {'median ms':>10} {'p90 ms':>8} {'ratio':>6} "
        f"{'+ client ms':>12} {'ratio':>6} {'paired':>13}"
    )
    print(header)
    print("-" * len(header))
    line = "{:<36} {:>10.1f} {:>8.1f} {:>6} {:>12.1f} {:>6} {:>13}"
    base_p90 = p90(samples[BASELINE].imports)
    print(line.format(BASELINE, base, base_p90, "1.00", base, "1.00", "1.00 / 1.00"))
    worst = worst_client = 0.0
    failed = []
    for subject in functions:
        median = statistics.median(samples[subject.name].imports)
        ratio = median / base
        with_client = statistics.median(samples[subject.name].with_client)
        flag = ""
        if subject is not floor:
            worst = max(worst, ratio)
            worst_client = max(worst_client, with_client / base)
            if ratio > args.max_ratio or with_client / base > args.max_client_ratio:
                flag = "  > max"
                failed.append(subject.name)
        print(
            line.format(
                subject.name,
                median,
                p90(samples[subject.name].imports),
                f"{ratio:.2f}",
                with_client,
                f"{with_client / base:.2f}",
                "{:.2f} / {:.2f}".format(*samples[subject.name].paired_ratios()),
            )
            + flag
        )
    print(
        f"\n{len(functions) - 1} functions, {args.rounds} rounds, Python {sys.version.split()[0]}; "
        f"worst ratio {worst:.2f} (max {args.max_ratio}), with the client "
        f"{worst_client:.2f} (max {args.max_client_ratio}); over: {len(failed)}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
