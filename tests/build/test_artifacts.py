"""Checks of `sam build` output (run after the build in `make test`): the arm64 trap of
docs/api.md#deployment, that code packages stay small with dependencies in the layer, and that
the layer's botocore is pruned to our services."""

import subprocess
from pathlib import Path

import pytest

from bench.layer_botocore import services_in
from common.aws_clients import SERVICES
from local_api.template import ROOT, Template

BUILD = ROOT / ".aws-sam" / "build"


@pytest.fixture(scope="module")
def built() -> Path:
    if not (BUILD / "template.yaml").exists():
        pytest.fail("No sam build output: run `make build` first")
    return BUILD


def test_native_libraries_in_the_layer_are_arm64(built: Path) -> None:
    shared_objects = list((built / "CommonLayer" / "python").rglob("*.so"))
    assert shared_objects, "the layer should carry pydantic_core and cryptography"
    for library in shared_objects:
        kind = subprocess.run(
            ["file", "-b", str(library)], capture_output=True, text=True, check=True
        ).stdout
        assert "aarch64" in kind, f"{library.relative_to(built)} is {kind}"


def test_layer_has_the_shared_code_and_runtime_deps(built: Path) -> None:
    python = built / "CommonLayer" / "python"
    for package in ("common", "aws_lambda_powertools", "pydantic", "pydantic_core", "jwt"):
        assert (python / package).is_dir(), package
    assert (python / "aws_xray_sdk").is_dir() and (python / "wrapt").is_dir(), "Tracer's SDK"
    for unused in ("boto3", "s3transfer"):
        assert not (python / unused).exists(), f"{unused}: no function imports it"


def test_layer_botocore_is_pruned_to_our_services(built: Path) -> None:
    # The layer's own botocore (before the runtime's on sys.path), with the models of the
    # services in SERVICES only, as bench/layer_botocore.py prunes it for the bench and tests
    assert services_in(built / "CommonLayer" / "python") == (set(SERVICES), set(SERVICES))


def test_function_packages_are_small(built: Path) -> None:
    functions = Template.load().resources_of_type("AWS::Serverless::Function")
    for name in functions:
        package = built / name
        size = sum(f.stat().st_size for f in package.rglob("*") if f.is_file())
        assert (package / "app.py").is_file(), name
        assert size < 64 * 1024, f"{name} is {size} bytes: dependencies belong in the layer"


def test_layer_ships_bytecode_for_every_module(built: Path) -> None:
    # /opt is read-only in Lambda: a module without its .pyc is compiled again on every cold start.
    python = built / "CommonLayer" / "python"
    sources = [path for path in python.rglob("*.py") if "__pycache__" not in path.parts]
    assert len(sources) > 500
    missing = [
        str(source.relative_to(python))
        for source in sources
        if not list(source.parent.glob(f"__pycache__/{source.stem}.cpython-312*.pyc"))
    ]
    assert missing == []
    with (python / "common" / "__pycache__" / "errors.cpython-312.pyc").open("rb") as compiled:
        header = compiled.read(8)
    # PEP 552 flags: 0b01 = hash-based, 0b10 = check the source; unchecked-hash is 0b01.
    assert int.from_bytes(header[4:8], "little") == 0b01
