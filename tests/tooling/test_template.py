"""template.yaml assertions: data safety, least privilege, runtime and architecture."""

import json
import sys
from typing import Any

from local_api.template import Template

WRITE_ACTIONS = {
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
}


def statements(function: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for policy in function["Properties"].get("Policies", []):
        assert isinstance(policy, dict) and "Statement" in policy, "inline statements only"
        found.extend(policy["Statement"])
    return found


def actions(statement: dict[str, Any]) -> list[str]:
    action = statement["Action"]
    return [action] if isinstance(action, str) else list(action)


def test_tables_are_on_demand_recoverable_encrypted_and_protected_in_prod(
    template: Template,
) -> None:
    tables = template.resources_of_type("AWS::DynamoDB::Table")
    assert set(tables) == {"ProductsTable", "AuthTable", "IdempotencyTable", "RateLimitTable"}
    for table in tables.values():
        props = table["Properties"]
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert props["SSESpecification"] == {"SSEEnabled": True}
        assert props["DeletionProtectionEnabled"] == {"Fn::If": ["IsProd", True, False]}
    for expiring in ("AuthTable", "RateLimitTable"):
        ttl = tables[expiring]["Properties"]["TimeToLiveSpecification"]
        assert ttl == {"AttributeName": "expires_at", "Enabled": True}


def test_every_bearer_route_and_the_token_grant_count_requests_and_nothing_else_does(
    template: Template,
) -> None:
    """docs/decisions.md: the per-client count is one UpdateItem per request, by the functions that
    serve bearer-authenticated routes and by the token grant (its own per-client-id limit)."""
    table_arn = {"Fn::GetAtt": ["RateLimitTable", "Arn"]}
    counting = {r.function for r in template.routes() if r.authorized} | {"AuthTokenFunction"}
    for name, function in template.resources_of_type("AWS::Serverless::Function").items():
        granted = {
            a for s in statements(function) if s["Resource"] == table_arn for a in actions(s)
        }
        assert granted == ({"dynamodb:UpdateItem"} if name in counting else set()), name


def test_idempotency_table_fits_powertools_and_only_its_writers_use_it(
    template: Template,
) -> None:
    props = template.resources["IdempotencyTable"]["Properties"]
    # DynamoDBPersistenceLayer's defaults: partition key `id`, expiry in `expiration`.
    assert props["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert props["TimeToLiveSpecification"] == {"AttributeName": "expiration", "Enabled": True}
    variables = template.globals["Environment"]["Variables"]
    assert variables["IDEMPOTENCY_TABLE"] == {"Ref": "IdempotencyTable"}
    table_arn = {"Fn::GetAtt": ["IdempotencyTable", "Arn"]}
    users = {}
    for name, function in template.resources_of_type("AWS::Serverless::Function").items():
        granted = {
            a for s in statements(function) if s["Resource"] == table_arn for a in actions(s)
        }
        if granted:
            users[name] = granted
    record_actions = {
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
    }
    assert users == {
        "CreateProductFunction": record_actions,
        "BatchCreateProductsFunction": record_actions,
        "ProductInventoryFunction": record_actions,
        "Seed000UploadFunction": record_actions,  # seed 000's upload is the batch create
        "Seed001CreateFunction": record_actions,  # seed 001's create is the create
        "Seed004CreateFunction": record_actions,  # seed 004's create is the create
    }


def test_stage_throttling_guards_the_whole_api(template: Template) -> None:
    """docs/api.md: API Gateway's throttling is the outer guard, whatever the per-client limits."""
    (setting,) = template.resources["ProductsApi"]["Properties"]["MethodSettings"]
    assert (setting["ResourcePath"], setting["HttpMethod"]) == ("/*", "*")
    assert setting["ThrottlingRateLimit"] > 0 and setting["ThrottlingBurstLimit"] > 0


def test_policies_are_least_privilege(template: Template) -> None:
    for name, function in template.resources_of_type("AWS::Serverless::Function").items():
        for statement in statements(function):
            assert statement["Resource"] != "*", name
            for action in actions(statement):
                assert not action.endswith(":*"), (name, action)
                assert action != "dynamodb:Scan", (name, "no Scan on any request path")


def test_read_endpoints_cannot_write(template: Template) -> None:
    """...the catalog or the credentials: counting the request itself is their only write."""
    readers = {r.function for r in template.routes() if r.method == "GET"}
    functions = template.resources_of_type("AWS::Serverless::Function")
    counters = {"Fn::GetAtt": ["RateLimitTable", "Arn"]}
    for name in readers:
        granted = {
            a for s in statements(functions[name]) if s["Resource"] != counters for a in actions(s)
        }
        assert not granted & WRITE_ACTIONS, (name, granted)


def test_runtime_matches_the_test_interpreter_and_is_arm64(template: Template) -> None:
    runtime = template.globals["Runtime"]
    assert runtime == f"python{sys.version_info.major}.{sys.version_info.minor}"
    assert template.globals["Architectures"] == ["arm64"]
    layer = template.resources["CommonLayer"]
    assert layer["Metadata"]["BuildArchitecture"] == "arm64"
    assert layer["Properties"]["CompatibleArchitectures"] == ["arm64"]


def test_signing_key_lives_in_secrets_manager_and_rotates(template: Template) -> None:
    secret = template.resources["SigningKeysSecret"]
    schedule = template.resources["SigningKeysRotationSchedule"]["Properties"]
    assert secret["Type"] == "AWS::SecretsManager::Secret"
    assert schedule["RotationLambdaARN"] == {"Fn::GetAtt": ["RotateSigningKeysFunction", "Arn"]}
    assert template.globals["Environment"]["Variables"]["SIGNING_KEYS_SECRET_ID"] == {
        "Ref": "SigningKeysSecret"
    }


def test_authorizer_guards_every_non_public_route(template: Template) -> None:
    authorizer = template.authorizer()
    assert authorizer.function == "AuthorizerFunction"
    assert authorizer.header == "Authorization" and authorizer.cache_seconds == 300
    responses = template.gateway_responses()
    assert responses["ACCESS_DENIED"].status == 401
    assert responses["UNAUTHORIZED"].status == 401
    assert responses["MISSING_AUTHENTICATION_TOKEN"].status == 404


def test_operations_are_observable(template: Template) -> None:
    alarms = template.resources_of_type("AWS::CloudWatch::Alarm")
    metrics = {a["Properties"].get("MetricName") for a in alarms.values()}
    assert {"5XXError", "Latency", "Throttles"} <= metrics
    assert any("Metrics" in a["Properties"] for a in alarms.values())  # DynamoDB throttles
    for alarm in alarms.values():
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": "AlarmTopic"}]
    assert template.resources_of_type("AWS::CloudWatch::Dashboard")
    logs = template.resources["FunctionsLogGroup"]["Properties"]
    assert logs["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    assert template.globals["LoggingConfig"] == {
        "LogFormat": "JSON",
        "LogGroup": {"Ref": "FunctionsLogGroup"},
    }


def _resources(statement: dict[str, Any]) -> list[Any]:
    resource = statement["Resource"]
    return resource if isinstance(resource, list) else [resource]


def test_no_statement_grants_everything_or_everywhere(template: Template) -> None:
    """No `*` action or service wildcard (`dynamodb:*`), no `*` resource, even inside a list,
    and every DynamoDB grant names a table of this stack (or its indexes or stream)."""
    tables = set(template.resources_of_type("AWS::DynamoDB::Table"))
    for name, function in template.resources_of_type("AWS::Serverless::Function").items():
        for statement in statements(function):
            assert statement.get("Effect") == "Allow", name
            assert "NotAction" not in statement and "NotResource" not in statement, name
            for action in actions(statement):
                assert action != "*" and not action.endswith(":*"), (name, action)
            for resource in _resources(statement):
                assert resource != "*", name
                if not any(a.startswith("dynamodb:") for a in actions(statement)):
                    continue
                text = json.dumps(resource)
                named = [t for t in tables if f'"{t}.Arn' in text or f'"{t}"' in text]
                named += [t for t in tables if "${" + t + ".Arn}" in text]
                assert named, (name, resource)
                assert "*" not in text.replace(".Arn}/index/*", ""), (name, resource)


def test_the_grant_check_of_the_unit_tests_catches_a_missing_grant(template: Template) -> None:
    """tests/grants.py, which every component and tooling test runs through (moto_gateway)."""
    from tests.grants import Call, ungranted

    reads = Call("GetProductFunction", "dynamodb:GetItem", "ProductsTable")
    writes = Call("GetProductFunction", "dynamodb:PutItem", "ProductsTable")
    by_index = Call("ListProductsFunction", "dynamodb:Query", "ProductsTable/index/t_created")
    other_table = Call("GetProductFunction", "dynamodb:GetItem", "AuthTable")
    assert ungranted(template, [reads, writes, by_index, other_table]) == [writes, other_table]


def test_seed_004s_paths_are_declared_without_their_trailing_slash(template: Template) -> None:
    """Seed 004 writes /v1/products/ and /v1/products/{id}/. API Gateway (REST) has no
    resource ending in a slash and routes such a request to the resource without it, so
    each operation is declared once per prefix, without the slash (tests/component/
    test_local_gateway.py checks the local gateway routes both forms alike); the door's
    resources have their ANY fallback, as every other resource."""
    declared = {
        (route.method, route.path)
        for route in template.routes()
        if route.code_uri.name.startswith("seed004_")
    }
    one = "/v1/products/{product_id}"
    operations = [("POST", "/v1/products"), ("GET", "/v1/products")]
    operations += [(method, one) for method in ("GET", "PUT", "DELETE")]
    expected = {
        (method, f"{prefix}{path}") for prefix in ("", "/compat/004") for method, path in operations
    }
    assert declared == expected
    assert {path for _, path in expected} <= {route.path for route in template.fallback_routes()}
