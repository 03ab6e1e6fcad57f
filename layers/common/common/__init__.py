"""Shared code of the Products API: models, validation, errors, auth and data access.

Packaged by SAM as the `common` Lambda layer (importable as `common` under /opt/python).

Records: a value record is a `typing.NamedTuple`, mutable state a plain class with `__slots__`,
never a `dataclasses.dataclass`: defining one writes and compiles its methods, 0.3-0.9 ms of a
cold start each, and a listing function defined ten (docs/performance.md;
tests/component/test_cold_start_imports.py checks).
"""

import ast
import importlib
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any


def _exported_names(init_path: str, package: str) -> dict[str, str]:
    """`name -> defining module` for every `from module import name` of a package's __init__."""
    with open(init_path, encoding="utf-8") as source:
        tree = ast.parse(source.read(), init_path)
    exported = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            module = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
            exported.update({alias.asname or alias.name: module for alias in node.names})
    return exported


def _defer_package_init(name: str) -> None:
    """Register package `name` so that its `__init__` imports only what is used.

    powertools' `event_handler/__init__.py` imports every resolver (AppSync, Bedrock, VPC
    Lattice...) and `utilities/data_classes/__init__.py` every event class (S3, SQS, Kinesis,
    Cognito... 30 modules): together ~50 ms of each HTTP function's cold start
    (docs/performance.md) for code the functions never run. Registered this way,
    `from aws_lambda_powertools.event_handler import Response` imports the one submodule that
    defines `Response`; a name the `__init__` does not import from a submodule runs it whole.
    """
    spec = importlib.util.find_spec(name)
    if name in sys.modules or spec is None or spec.loader is None or spec.origin is None:
        return
    exported = _exported_names(spec.origin, name)
    package = importlib.util.module_from_spec(spec)
    loader = spec.loader

    def lazy_attribute(attribute: str) -> Any:
        if attribute in exported:
            value = getattr(importlib.import_module(exported[attribute]), attribute)
        elif importlib.util.find_spec(f"{name}.{attribute}") is not None:
            value = importlib.import_module(f"{name}.{attribute}")
        else:
            del package.__getattr__
            loader.exec_module(package)
            return getattr(package, attribute)
        setattr(package, attribute, value)
        return value

    package.__getattr__ = lazy_attribute  # type: ignore[method-assign]
    sys.modules[name] = package


# Runs before any handler reaches powertools: handlers take their HTTP names from common.http.
_defer_package_init("aws_lambda_powertools.event_handler")
_defer_package_init("aws_lambda_powertools.utilities.data_classes")
# Their __init__s import powertools' DynamoDB store and its AWS providers, and through them boto3
# (~55 ms), where this project has its own on botocore (common/storage/idempotency_records.py,
# common/auth/secret_store.py).
_defer_package_init("aws_lambda_powertools.utilities.idempotency")
_defer_package_init("aws_lambda_powertools.utilities.parameters")


class _DeferredModules:
    """A finder (sys.meta_path) that imports the named modules lazily: the module object is made
    at once and its code runs on first attribute access (importlib.util.LazyLoader).

    `from package import module` then binds the module without running it. A finder, rather
    than a lazy module put in sys.modules beforehand, because that would import the parent
    package in every function, and `from package import module` would touch the module's
    `__spec__` on the way and run it."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name not in self.names:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


# PyJWT's algorithms module imports cryptography.x509 (~20 ms, most of PyJWT's cold start
# beyond the EC keys it signs with) to check that an HMAC secret is not a certificate. Tokens
# here are ES256: x509 runs only if something uses it.
sys.meta_path.insert(0, _DeferredModules(frozenset({"cryptography.x509"})))
