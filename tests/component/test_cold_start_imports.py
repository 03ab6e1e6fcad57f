"""What a function's cold start imports (docs/api.md#performance-targets, docs/performance.md).

`common` registers powertools' `event_handler` and `data_classes` packages so that their
`__init__` files, which import every resolver and every event class, run only for names that
need them. These tests catch a handler or module that pulls them (or asyncio) back in, which
would add ~50 ms to every cold start without failing anything else.
"""

import json
import os
import subprocess
import sys
import textwrap

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


# What only writes need: the write use cases, the input models, the audit events and the
# category models (docs/performance.md, "Readers load no write code").
WRITE_MODULES = [
    "common.products.service",
    "common.products.inputs",
    "common.audit.models",
    "common.categories.models",
    "common.doors.seed001_writes",
    "common.doors.seed004_writes",
]


def test_functions_that_only_read_products_load_no_write_code() -> None:
    # Given the functions whose every route only reads products
    readers = [
        "GetProductFunction",
        "ListProductsFunction",
        "Seed000GetFunction",
        "Seed001GetFunction",
        "Seed001ListFunction",
        "Seed004GetFunction",
        "Seed004ListFunction",
    ]

    # When each handler is imported in an interpreter of its own
    loaded = {function: _loaded_by(function, WRITE_MODULES) for function in readers}

    # Then none of them creates a model or loads a module that only writes use
    assert loaded == {function: [] for function in readers}


def test_writes_without_product_input_never_load_the_input_models() -> None:
    # Given the functions that write products but take no product body: deletes and stock
    # operations (their audit event is products/audit.py, apart from the creates and updates)
    writers = [
        "DeleteProductFunction",
        "ProductInventoryFunction",
        "Seed001DeleteFunction",
        "Seed004DeleteFunction",
    ]
    input_modules = ["common.products.inputs", "common.products.service"]

    # When each handler is imported
    loaded = {function: _loaded_by(function, input_modules) for function in writers}

    # Then none loads the input models or the creates and updates; a create does
    assert loaded == {function: [] for function in writers}
    assert _loaded_by("CreateProductFunction", input_modules) == input_modules


def test_single_reads_never_load_the_cursors_or_their_keys() -> None:
    # Given the functions that read one product or category: they sign no cursor
    readers = ["GetProductFunction", "GetCategoryFunction", "Seed001GetFunction"]
    cursor_modules = ["common.cursor", "common.auth.keys"]

    # When each handler is imported
    loaded = {function: _loaded_by(function, cursor_modules) for function in readers}

    # Then none loads the cursors or the signing keys; the category listing does
    assert loaded == {function: [] for function in readers}
    assert _loaded_by("ListCategoriesFunction", cursor_modules) == cursor_modules


def test_door_functions_that_answer_no_product_load_no_product_representation() -> None:
    # Given the doors' functions that answer with a message (the deletes, seed 004's writes)
    answering_messages = [
        "Seed001DeleteFunction",
        "Seed004DeleteFunction",
        "Seed004CreateFunction",
        "Seed004UpdateFunction",
    ]
    representations = ["common.doors.seed001_products", "common.doors.seed004_products"]

    # When each handler is imported
    loaded = {f: _loaded_by(f, representations) for f in answering_messages}

    # Then none loads a product as a seed shows it; the gets do
    assert loaded == {function: [] for function in answering_messages}
    assert _loaded_by("Seed001GetFunction", representations) == representations[:1]
    assert _loaded_by("Seed004GetFunction", representations) == representations[1:]


def test_only_the_jwks_function_makes_the_jwk_models() -> None:
    # Given the JWK models, which cursors and tokens never need (they use the key cache)
    functions = ["JwksFunction", "ListProductsFunction", "AuthTokenFunction"]

    # When each handler is imported
    loaded = {function: _loaded_by(function, ["common.auth.jwks"]) for function in functions}

    # Then only the JWKS function loads them
    assert loaded == {
        "JwksFunction": ["common.auth.jwks"],
        "ListProductsFunction": [],
        "AuthTokenFunction": [],
    }


def test_writes_record_events_without_loading_the_trail_reader() -> None:
    # Given functions that write (and so record audit events) but never list anything
    writers = ["CreateProductFunction", "ProductInventoryFunction", "CreateCategoryFunction"]
    reader_modules = ["common.audit.service", "common.storage.audit_trail", "common.cursor"]

    # When each handler is imported
    loaded = {function: _loaded_by(function, reader_modules) for function in writers}

    # Then none loads the trail's reads or the cursors they sign; the trail's function does
    assert loaded == {function: [] for function in writers}
    assert _loaded_by("ListAuditEventsFunction", reader_modules) == reader_modules


def test_functions_that_sign_or_verify_tokens_never_run_x509() -> None:
    # Given PyJWT, whose algorithms import cryptography.x509 (~20 ms) only to check that an
    # HMAC secret is not a certificate, and tokens that are ES256 (common/__init__.py defers it)
    functions = ["AuthTokenFunction", "AuthRefreshFunction", "AuthorizerFunction", "JwksFunction"]

    # When each handler is imported
    loaded = {f: _loaded_by(f, ["jwt", "cryptography.x509.base"]) for f in functions}

    # Then PyJWT is loaded, and x509's code has not run
    assert loaded == {function: ["jwt"] for function in functions}


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
