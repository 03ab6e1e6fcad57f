"""Shared code of the Products API: models, validation, errors, auth and data access.

Packaged by SAM as the `common` Lambda layer (importable as `common` under /opt/python).

Records: a value record is a `typing.NamedTuple`, mutable state a plain class with `__slots__`,
never a `dataclasses.dataclass`: defining one writes and compiles its methods, 0.3-0.9 ms of a
cold start each, and a listing function defined ten (docs/performance.md;
tests/component/test_cold_start_imports.py checks).
"""

import ast
import gc
import importlib
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

# A function's init imports a few hundred modules and builds pydantic's schemas: with the
# collector on, ~100 young collections (13-17 ms of a cold start) that find ~800 objects to
# free. In Lambda (LAMBDA_TASK_ROOT) it waits for the end of init, where common.heap.settle
# freezes what init made and turns it back on: every function's handler is made by
# common.heap.settled (tests/component/test_cold_start_imports.py), so the collector is on
# before the first request. Elsewhere (tests, the local API, scripts) it is left as it is.
if os.environ.get("LAMBDA_TASK_ROOT"):
    gc.disable()


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
    Imports the package's parent now: for a package met later, see _DeferredModules.
    """
    spec = importlib.util.find_spec(name)
    if name in sys.modules or spec is None or spec.loader is None or spec.origin is None:
        return
    package = importlib.util.module_from_spec(spec)
    _run_init_on_demand(package, spec.loader)
    sys.modules[name] = package


def _run_init_on_demand(package: ModuleType, loader: Any) -> None:
    """Give `package`, not yet run, a module `__getattr__` that imports each name from the
    submodule its `__init__` takes it from (or the submodule of that name), and runs the
    `__init__` only for a name it defines itself."""
    exported = _exported_names(package.__spec__.origin, package.__name__)  # type: ignore[union-attr,arg-type]
    name = package.__name__

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


class _InitOnDemand:
    """The loader of a package whose `__init__` runs on demand (_run_init_on_demand). A plain
    class: importlib.abc, its base, would cost 2 ms to import."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self.loader.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        _run_init_on_demand(module, self.loader)


# Runs before any handler reaches powertools: handlers take their HTTP names from common.http.
_defer_package_init("aws_lambda_powertools.event_handler")
_defer_package_init("aws_lambda_powertools.utilities.data_classes")
# Their __init__s import powertools' DynamoDB store and its AWS providers, and through them boto3
# (~55 ms), where this project has its own on botocore (common/storage/idempotency_records.py,
# common/auth/secret_store.py).
_defer_package_init("aws_lambda_powertools.utilities.idempotency")
_defer_package_init("aws_lambda_powertools.utilities.parameters")


class _DeferredModules:
    """A finder (sys.meta_path) for modules imported lazily and packages whose `__init__` runs
    on demand, applied when they are first imported (their parent is then imported anyway).

    `lazy`: the module object is made at once and its code runs on first attribute access
    (importlib.util.LazyLoader), so `from package import module` binds the module without
    running it. A finder, rather than a lazy module put in sys.modules beforehand, because that
    would import the parent package in every function, and `from package import module` would
    touch the module's `__spec__` on the way and run it. `from module import name` runs it.

    `init_on_demand`: as _defer_package_init, for a package that `from package import name`
    reaches (which runs a lazy module), and whose parent not every function imports."""

    def __init__(self, lazy: frozenset[str], init_on_demand: frozenset[str]) -> None:
        self.lazy = lazy
        self.init_on_demand = init_on_demand

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name not in self.lazy and name not in self.init_on_demand:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None:
            return spec
        if name in self.lazy:
            spec.loader = importlib.util.LazyLoader(spec.loader)
        else:
            spec.loader = _InitOnDemand(spec.loader)  # type: ignore[assignment]
        return spec


# PyJWT's algorithms module imports cryptography.x509 (~20 ms, most of PyJWT's cold start
# beyond the EC keys it signs with) to check that an HMAC secret is not a certificate. Tokens
# here are ES256: x509 runs only if something uses it.
#
# `importlib.metadata` (with zipfile, csv, importlib.resources: ~7 ms) is imported by pydantic
# for its plugins, which the template turns off (PYDANTIC_DISABLE_PLUGINS), and by urllib3's
# HTTP/2 package for the function that enables HTTP/2, which botocore never calls. urllib3's
# connection module imports that package for a probe module within it: its `__init__` runs on
# demand. So does botocore.docs's, which imports botocore's documentation builder (below).
sys.meta_path.insert(
    0,
    _DeferredModules(
        lazy=frozenset({"cryptography.x509", "importlib.metadata"}),
        init_on_demand=frozenset({"urllib3.http2", "botocore.docs"}),
    ),
)

# botocore's client module imports its methods' lazy docstrings from botocore.docs.docstring,
# which imports botocore's documentation builder (6-8 ms) at the top: ours generate the same
# docstrings and import the builder only then. In sys.modules before botocore is imported, so
# `from botocore.docs.docstring import ...` runs neither botocore's module nor its package's
# __init__ (botocore.handlers imports botocore.docs.utils: that __init__ runs on demand).
sys.modules.setdefault(
    "botocore.docs.docstring", importlib.import_module("common.botocore_docstrings")
)
