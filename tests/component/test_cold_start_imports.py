"""What a function's cold start imports (docs/api.md#performance-targets, docs/performance.md).

`common` registers powertools' `event_handler` and `data_classes` packages so that their
`__init__` files, which import every resolver and every event class, run only for names that
need them. These tests catch a handler or module that pulls them (or asyncio) back in, which
would add ~50 ms to every cold start without failing anything else.
"""

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from typing import NamedTuple

import pytest

from bench.cold_start import environment, subjects
from bench.layer_botocore import pruned_botocore
from local_api.template import ROOT, Template

TEMPLATE = Template.load()
# Functions behind the REST API, and the authorizer in front of them: logical id -> code, handler.
_AUTHORIZER = TEMPLATE.authorizer()
CODE = {route.function: (route.code_uri, route.handler) for route in TEMPLATE.routes()} | {
    _AUTHORIZER.function: (_AUTHORIZER.code_uri, _AUTHORIZER.handler)
}
NEVER_IMPORTED = [
    "aws_lambda_powertools.event_handler.appsync",
    "aws_lambda_powertools.event_handler.bedrock_agent",
    "aws_lambda_powertools.utilities.data_classes.s3_event",
    "aws_lambda_powertools.utilities.data_classes.sqs_event",
    "asyncio",
]

# Imports every handler the way Lambda does, each as its own module, in one interpreter (one
# per function would cost a second each), then reports which of NEVER_IMPORTED got loaded.
PROBE = textwrap.dedent(
    """
    import importlib.util, json, sys
    handlers, never = json.loads(sys.argv[1]), json.loads(sys.argv[2])
    for function, path in handlers.items():
        spec = importlib.util.spec_from_file_location(f"handler_{function}", path)
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
        loaded = [name for name in never if name in sys.modules]
        if loaded:
            print(json.dumps({function: loaded}))
            break
    """
)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """Runs a probe on the layer as deployed: its code, and its botocore pruned to our services."""
    layer = [str(pruned_botocore()), str(ROOT / "layers" / "common")]
    env = dict(environment(TEMPLATE), PYTHONPATH=os.pathsep.join(layer))
    return subprocess.run(
        [sys.executable, "-c", *args],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_handler_imports_leave_out_unused_powertools_packages() -> None:
    # Given every API function's handler file (handler modules import nothing from their folder)
    handlers = {}
    for function, (code_dir, handler) in CODE.items():
        handlers[function] = str(code_dir / f"{handler.rsplit('.', 1)[0]}.py")
    assert len(handlers) >= 20 and "AuthorizerFunction" in handlers

    # When they are all imported, in the order of the template
    done = _run(PROBE, json.dumps(handlers), json.dumps(NEVER_IMPORTED))

    # Then none pulled in the packages they never use
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""


def test_deferred_packages_still_export_every_name() -> None:
    # Given common imported first, when names are read from the deferred packages
    script = textwrap.dedent(
        """
        import sys
        import common
        from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
        from aws_lambda_powertools.event_handler.api_gateway import Response as Defined
        from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent
        assert Response is Defined
        assert "aws_lambda_powertools.event_handler.appsync" not in sys.modules
        from aws_lambda_powertools.event_handler import AppSyncResolver, content_types
        from aws_lambda_powertools.utilities.data_classes import S3Event
        import aws_lambda_powertools.event_handler as package
        assert content_types.APPLICATION_JSON == "application/json"
        try:
            package.NoSuchName
        except AttributeError:
            print("ok")
        """
    )

    done = _run(script)

    # Then names outside the import path still resolve, and unknown names fail as usual
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ok"]


# Imports each handler in an interpreter of its own and makes the AWS clients its requests make
# (its first request's, as bench.cold_start's "+ client" column makes them, and the EventBridge
# and Secrets Manager clients of the stream and rotation functions); prints the functions that
# loaded boto3.
BOTO3_PROBE = textwrap.dedent(
    """
    import importlib.util, json, subprocess, sys
    handlers = json.loads(sys.argv[1])
    for function, path in handlers.items():
        script = (
            "import importlib.util, sys\\n"
            f"spec = importlib.util.spec_from_file_location('handler', {path!r})\\n"
            "spec.loader.exec_module(importlib.util.module_from_spec(spec))\\n"
            "from bench._child import make_first_request_clients\\n"
            "make_first_request_clients()\\n"
            "from common.aws_clients import SERVICES, new_client\\n"
            "new_client('events'), new_client('secretsmanager')\\n"
            "from botocore.session import get_session\\n"
            "assert sorted(get_session().get_available_services()) == sorted(SERVICES)\\n"
            "print(int('boto3' in sys.modules))\\n"
        )
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        if done.returncode != 0 or done.stdout.strip() != "0":
            print(function, done.stdout.strip(), done.stderr[-500:])
    """
)


def test_functions_make_their_clients_without_importing_boto3() -> None:
    # Given every function's handler file, the stream and rotation functions' too
    handlers = {each.name: str(each.code_dir / f"{each.module}.py") for each in subjects(TEMPLATE)}
    assert {"ProductEventsFunction", "RotateSigningKeysFunction"} <= handlers.keys()

    # When each is imported and makes its AWS clients, as its first requests do
    done = _run(BOTO3_PROBE, json.dumps(handlers))

    # Then each made them on the layer's pruned botocore, and none imported boto3 (25-55 ms of
    # a cold start: the clients are botocore's, the idempotency and secret stores our own on
    # powertools' base classes)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""


# Imports one handler and prints which of the modules named got loaded.
LOADED_PROBE = textwrap.dedent(
    """
    import importlib.util, json, sys
    spec = importlib.util.spec_from_file_location("handler", sys.argv[1])
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    print(json.dumps([name for name in json.loads(sys.argv[2]) if name in sys.modules]))
    """
)


def _loaded_by(function: str, modules: list[str]) -> list[str]:
    """Which of `modules` the function's handler loads, imported in an interpreter of its own."""
    code_dir, handler = CODE[function]
    done = _run(
        LOADED_PROBE, str(code_dir / f"{handler.rsplit('.', 1)[0]}.py"), json.dumps(modules)
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout)
    return loaded


def test_what_every_request_needs_is_init_work() -> None:
    # Given modules that common imports on first use, so that functions that never need them
    # never load them (PyJWT and cryptography: ~35 ms), and the functions whose every request
    # needs one: token and refresh sign a token, JWKS turns the keys into JWKs; revoke never
    expected = {
        ("AuthTokenFunction", "jwt"): True,
        ("AuthRefreshFunction", "jwt"): True,
        ("JwksFunction", "jwt.algorithms"): True,
        ("AuthRevokeFunction", "jwt"): False,
    }

    # When each handler is imported in an interpreter of its own
    loaded = {
        (function, module): _loaded_by(function, [module]) == [module]
        for function, module in expected
    }

    # Then it is loaded at init where every request needs it, so no first request pays for
    # it unseen by the cold-start bench, and left out where no request does
    assert loaded == expected


class Boundary(NamedTuple):
    """Functions that load none of `modules` (`spared`), and functions that load some of them,
    exactly those listed (`needing`: so that a probe which finds nothing, a module renamed,
    fails too)."""

    spared: list[str]
    modules: list[str]
    needing: dict[str, list[str]]


# What each function loads is what its requests use (docs/performance.md, "Cold start").
BOUNDARIES = {
    # The write use cases, the input models, the audit events and the category models.
    "product readers load no write code": Boundary(
        spared=[
            "GetProductFunction",
            "ListProductsFunction",
            "Seed000GetFunction",
            "Seed001GetFunction",
            "Seed001ListFunction",
            "Seed004GetFunction",
            "Seed004ListFunction",
        ],
        modules=[
            "common.products.service",
            "common.products.inputs",
            "common.audit.models",
            "common.categories.models",
            "common.doors.seed000_writes",
            "common.doors.seed001_writes",
            "common.doors.seed004_writes",
        ],
        needing={
            "Seed004CreateFunction": [
                "common.products.service",
                "common.products.inputs",
                "common.audit.models",
                "common.doors.seed004_writes",
            ],
            "CreateCategoryFunction": ["common.audit.models", "common.categories.models"],
        },
    ),
    # Deletes and stock operations take their audit event from products/audit.py.
    "writes without a product body load no input model": Boundary(
        spared=[
            "DeleteProductFunction",
            "ProductInventoryFunction",
            "Seed001DeleteFunction",
            "Seed004DeleteFunction",
        ],
        modules=["common.products.inputs", "common.products.service"],
        needing={"CreateProductFunction": ["common.products.inputs", "common.products.service"]},
    ),
    # The PUT body is ProductInput's fields made optional: a second model as large as it.
    "only the replace function builds the PUT body": Boundary(
        spared=[
            "CreateProductFunction",
            "PatchProductFunction",
            "BatchCreateProductsFunction",
            "Seed000UploadFunction",
            "Seed001CreateFunction",
            "Seed004UpdateFunction",
        ],
        modules=["common.products.replacement"],
        needing={"ReplaceProductFunction": ["common.products.replacement"]},
    ),
    "single reads sign no cursor": Boundary(
        spared=["GetProductFunction", "GetCategoryFunction", "Seed001GetFunction"],
        modules=["common.cursor", "common.auth.keys"],
        needing={"ListCategoriesFunction": ["common.cursor", "common.auth.keys"]},
    ),
    "door answers without a product load no product representation": Boundary(
        spared=[
            "Seed001DeleteFunction",
            "Seed004DeleteFunction",
            "Seed004CreateFunction",
            "Seed004UpdateFunction",
        ],
        modules=["common.doors.seed001_products", "common.doors.seed004_products"],
        needing={
            "Seed001GetFunction": ["common.doors.seed001_products"],
            "Seed004GetFunction": ["common.doors.seed004_products"],
        },
    ),
    # Cursors and tokens use the key cache; only the JWK Set is made of JWKs.
    "only the JWKS function makes the JWK models": Boundary(
        spared=["ListProductsFunction", "AuthTokenFunction"],
        modules=["common.auth.jwks"],
        needing={"JwksFunction": ["common.auth.jwks"]},
    ),
    "writes record events without the trail's reads": Boundary(
        spared=["CreateProductFunction", "ProductInventoryFunction", "CreateCategoryFunction"],
        modules=["common.audit.service", "common.storage.audit_trail", "common.cursor"],
        needing={
            "ListAuditEventsFunction": [
                "common.audit.service",
                "common.storage.audit_trail",
                "common.cursor",
            ]
        },
    ),
    # Error responses are plain values (common/http/errors.py): the error envelope's models
    # serve the documents' generator, which imports them, so a rename fails its --check.
    "only the documents' generator builds the error envelope's models": Boundary(
        spared=[
            "HealthFunction",
            "OpenApiFunction",
            "GetProductFunction",
            "ListProductsFunction",
            "CreateProductFunction",
            "ProductInventoryFunction",
            "Seed002ListFunction",
            "AuthTokenFunction",
        ],
        # RootModel: the audit events' details and seed 000's list of products are ones.
        modules=["common.http.error_schemas", "pydantic.root_model"],
        needing={
            "ListAuditEventsFunction": ["pydantic.root_model"],
            "Seed000GetFunction": ["pydantic.root_model"],
        },
    ),
    # pydantic reads importlib.metadata for its plugins (turned off by the template), urllib3's
    # HTTP/2 package to enable HTTP/2 (never called); botocore's docstrings are generated by
    # help() alone, and botocore's docstring module imports its documentation builder at the
    # top: common/__init__.py defers the first two, common/botocore_docstrings.py stands in.
    "no function loads what only plugins, HTTP/2 or help() use": Boundary(
        spared=[
            "GetProductFunction",
            "ListProductsFunction",
            "CreateProductFunction",
            "Seed001CreateFunction",
            "AuthTokenFunction",
            "AuthorizerFunction",
        ],
        modules=[
            "importlib.metadata._meta",
            "zipfile",
            "urllib3.http2.connection",
            "botocore.docs.bcdoc.restdoc",
            "botocore.docs.service",
            "html.parser",
        ],
        needing={},
    ),
    # PyJWT's algorithms import cryptography.x509 (~20 ms) only to check that an HMAC secret
    # is not a certificate; tokens are ES256, and common/__init__.py defers it.
    "PyJWT's users never run x509": Boundary(
        spared=[],
        modules=["jwt", "cryptography.x509.base"],
        needing={
            function: ["jwt"]
            for function in [
                "AuthTokenFunction",
                "AuthRefreshFunction",
                "AuthorizerFunction",
                "JwksFunction",
            ]
        },
    ),
}


@pytest.mark.parametrize("boundary", BOUNDARIES.values(), ids=list(BOUNDARIES))
def test_functions_load_only_what_their_requests_use(boundary: Boundary) -> None:
    # Given functions that never use some modules, and functions that do
    functions = [*boundary.spared, *boundary.needing]

    # When each handler is imported in an interpreter of its own
    loaded = {function: _loaded_by(function, boundary.modules) for function in functions}

    # Then the first load none of them, and the others exactly the ones they use
    assert loaded == {function: [] for function in boundary.spared} | boundary.needing
    # (and each module is there to load: a renamed one would be spared by every function)
    assert [m for m in boundary.modules if importlib.util.find_spec(m) is None] == []


DEFERRED_PROBE = textwrap.dedent(
    """
    import sys
    import common, jwt
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec
    key = ec.generate_private_key(ec.SECP256R1())
    claims = jwt.decode(jwt.encode({"sub": "c1"}, key, algorithm="ES256"), key.public_key(),
                        algorithms=["ES256"])
    ran_for_tokens = "cryptography.x509.base" in sys.modules
    loader = x509.load_der_x509_certificate  # first use runs the module
    print(claims["sub"], ran_for_tokens, "cryptography.x509.base" in sys.modules, loader.__name__)
    """
)


def test_a_deferred_module_runs_on_first_use() -> None:
    # Given common imported, then PyJWT and `from cryptography import x509`
    # When a token is signed and verified, then an x509 function is looked up
    done = _run(DEFERRED_PROBE)
    assert done.returncode == 0, done.stderr

    # Then tokens work without x509's code, and x509 works when something uses it
    assert done.stdout.split() == ["c1", "False", "True", "load_der_x509_certificate"]


INIT_ON_DEMAND_PROBE = textwrap.dedent(
    """
    import sys
    import common
    from botocore.session import Session
    Session().create_client("dynamodb", region_name="us-east-1")
    import urllib3.http2 as http2
    before = [m in sys.modules for m in ("urllib3.http2.probe", "importlib.metadata._meta")]
    from urllib3.http2 import inject_into_urllib3, extract_from_urllib3
    after = "importlib.metadata._meta" in sys.modules
    print(*before, after, inject_into_urllib3.__module__, http2.probe.__name__)
    """
)


def test_a_package_init_on_demand_runs_for_a_name_it_defines() -> None:
    # Given common imported, then a botocore client made (urllib3 imports its HTTP/2 package)
    # When a name the package's __init__ defines is imported from it
    done = _run(INIT_ON_DEMAND_PROBE)
    assert done.returncode == 0, done.stderr

    # Then the probe module was there before, importlib.metadata only once the __init__ ran
    assert done.stdout.split() == ["True", "False", "True", "urllib3.http2", "urllib3.http2.probe"]


def test_the_layer_defines_its_records_without_dataclasses() -> None:
    """Defining a dataclass writes and compiles its methods: 0.3-0.9 ms of cold start each
    (docs/performance.md), where a NamedTuple takes 0.08 and a plain class nothing. A listing
    defined ten. Records of the layer are NamedTuples, mutable state plain classes."""
    import ast

    offenders = []
    for path in sorted((ROOT / "layers" / "common" / "common").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported = any(alias.name == "dataclasses" for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                imported = node.module == "dataclasses"
            else:
                continue
            if imported:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


# Imports every function's handler module, each as its own module, in one interpreter, and
# names the handlers that are not wrapped by common.heap.settled.
SETTLED_PROBE = textwrap.dedent(
    """
    import importlib.util, json, sys
    unsettled = []
    for function, path in json.loads(sys.argv[1]).items():
        spec = importlib.util.spec_from_file_location(f"handler_{function}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if module.lambda_handler.__code__.co_qualname != "settled.<locals>.settling":
            unsettled.append(function)
    print(json.dumps(unsettled))
    """
)


def test_every_function_settles_its_heap_after_init() -> None:
    """Warm requests run no garbage collection (common/heap.py) in every function but the one
    that answers 405 from a bare handler: it imports nothing of ours and holds nothing. In
    Lambda, common turns the collector off for init and settling turns it on again
    (tests/pure/test_heap.py): a function whose handler is not settled would never collect."""
    # Given every function of the template
    handlers = {
        subject.name: str(subject.code_dir / f"{subject.module}.py")
        for subject in subjects(TEMPLATE)
    }

    # When each handler module is imported
    done = _run(SETTLED_PROBE, json.dumps(handlers))

    # Then every handler is wrapped by settled, which froze the heap at init
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["MethodNotAllowedFunction"]


# Imports every route function's handler module and names the routes whose validation is not
# made yet, and the request models (bodies and query models) whose validator is not built.
UNBUILT_PROBE = textwrap.dedent(
    """
    import importlib.util, json, sys, typing
    from pydantic import BaseModel

    def models(annotation):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield annotation
        for argument in typing.get_args(annotation):
            yield from models(argument)

    unbuilt = {}
    for function, path in json.loads(sys.argv[1]).items():
        spec = importlib.util.spec_from_file_location(f"handler_{function}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for route in module.app.registered_routes:
            if route._dependant is None:  # powertools' validation of the route, made on use
                unbuilt.setdefault(function, []).append(f"{route.method} {route.path}")
            hints = typing.get_type_hints(route.func, include_extras=True)
            hints.pop("return", None)
            for annotation in hints.values():
                for model in models(annotation):
                    if not model.__pydantic_complete__:
                        unbuilt.setdefault(function, []).append(model.__name__)
    print(json.dumps(unbuilt))
    """
)


def test_the_models_requests_validate_are_built_at_init() -> None:
    """A request model built on first use (pydantic's defer_build) would cost the first
    request its schema (~16 ms for a product's body) where the cold-start bench cannot see it:
    init pays for what every request of the function validates."""
    # Given every function behind the API
    handlers = {
        function: str(code_dir / f"{handler.rsplit('.', 1)[0]}.py")
        for function, (code_dir, handler) in CODE.items()
        if function != _AUTHORIZER.function
    }

    # When each handler module is imported
    done = _run(UNBUILT_PROBE, json.dumps(handlers))

    # Then its routes' validation is made, and the body and query models they declare built
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {}
