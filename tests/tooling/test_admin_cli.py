"""scripts/admin (local_api/admin.py): API clients created, listed and revoked, and the choice of
DynamoDB (local by default, AUTH_TABLE/PRODUCTS_TABLE, or a deployed stack's outputs).

main() runs in process on moto; the autouse `aws` fixture's AUTH_TABLE/PRODUCTS_TABLE make it
use the moto tables, as those variables do for the real CLI."""

import json
import os
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from common.auth.hashing import verify_secret
from common.storage.dynamodb import dynamodb_client
from local_api import admin
from local_api.dynamodb import create_tables
from local_api.template import ROOT, Template
from tests.moto_gateway import Api
from tests.support import credentials, error_code

TOKEN, REFRESH = "/api/v1/auth/token", "/api/v1/auth/refresh"


@pytest.fixture(autouse=True)
def _restore_environ() -> Iterator[None]:
    """main() points its process at the target through os.environ, as the real CLI does."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    """Exit status, parsed stdout and raw stderr of one CLI call."""
    status = admin.main(list(argv))
    out, err = capsys.readouterr()
    return status, json.loads(out) if out else None, err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        admin.main(list(argv))
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    return err


def token_request(api: Api, client: dict[str, Any]) -> Any:
    return api.request(
        "POST",
        TOKEN,
        json_body=credentials(client),
    )


def stored_client(client_id: str, table: str = "AuthTable") -> dict[str, Any] | None:
    item = dynamodb_client().get_item(
        TableName=table, Key={"pk": {"S": f"CLIENT#{client_id}"}, "sk": {"S": "CLIENT"}}
    )
    return item.get("Item")


# ------------------------------------------------------------------ create-client ---------
def test_create_client_prints_one_object_with_the_secret_first(
    api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    status, client, err = run(
        capsys,
        "create-client",
        "--tenant", "acme",
        "--customer", "seller-42",
        "--scopes", "products:write, inventory:write products:read",
        "--mode", "test",
        "--rate-limit", "250",
        "--name", "Seller 42 feed",
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert list(client)[:2] == ["client_id", "client_secret"]
    assert client["client_id"].startswith("cli_")
    assert client["client_secret"].startswith("sk_test_")
    assert {k: v for k, v in client.items() if k not in {"client_id", "client_secret"}} == {
        "tenant_id": "acme",
        "customer_id": "seller-42",
        "scopes": ["inventory:write", "products:read", "products:write"],
        "mode": "test",
        "rate_limit": 250,
        "name": "Seller 42 feed",
        "status": "active",
        "created_at": client["created_at"],
        "revoked_at": None,
    }
    datetime.strptime(client["created_at"], "%Y-%m-%dT%H:%M:%SZ")

    # Stored only as a hash, and the printed secret is the one that works.
    item = stored_client(client["client_id"])
    assert item is not None
    assert client["client_secret"] not in json.dumps(item)
    assert verify_secret(client["client_secret"], item["secret_hash"]["S"])
    reply = token_request(api, client)
    assert reply.status == 200, reply.body
    assert reply.body["data"]["scope"] == "inventory:write products:read products:write"


def test_create_client_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    status, client, _ = run(capsys, "create-client", "--tenant", "acme")
    assert status == 0
    assert client["client_secret"].startswith("sk_live_")
    assert (client["customer_id"], client["name"]) == (None, None)
    assert client["scopes"] == ["products:read", "products:write"]
    assert (client["mode"], client["rate_limit"], client["status"]) == ("live", 100, "active")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--scopes", "products:read products:delete"], "unknown scope products:delete"),
        (["--scopes", "read"], "choose from admin categories:write"),
        (["--scopes", " "], "unknown scope (none given)"),
        (["--mode", "sandbox"], "invalid choice: 'sandbox'"),
        (["--rate-limit", "0"], "must be a positive integer"),
        (["--rate-limit", "many"], "must be a positive integer"),
        (["--customer", ""], "must not be empty"),
        (["--stack", "products-api-dev", "--endpoint", "http://127.0.0.1:8000"], "not allowed"),
    ],
)
def test_create_client_refuses_bad_arguments(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    err = usage_error(capsys, "create-client", "--tenant", "acme", *argv)
    assert message in err
    assert "usage: scripts/admin create-client" in err
    # Nothing was written.
    assert run(capsys, "list-clients", "--tenant", "acme")[1] == []


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["create-client"],
        ["create-client", "--tenant", "  "],
        ["list-clients"],
        ["revoke-client"],
        ["delete-client", "--client-id", "cli_x"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert "usage: scripts/admin" in usage_error(capsys, *argv)


# ------------------------------------------------------------------ list-clients ----------
def test_list_clients_shows_a_tenants_clients_without_secrets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    created = [
        run(capsys, "create-client", "--tenant", "acme", "--customer", c)[1] for c in ("a", "b")
    ]
    other = run(capsys, "create-client", "--tenant", "globex")[1]

    status, listed, err = run(capsys, "list-clients", "--tenant", "acme")
    assert (status, err) == (0, "")
    assert isinstance(listed, list)
    assert sorted(c["client_id"] for c in listed) == sorted(c["client_id"] for c in created)
    text = json.dumps(listed)
    for client in [*created, other]:
        assert client["client_secret"] not in text
    assert "secret" not in text  # neither client_secret nor secret_hash
    for shown in listed:
        original = next(c for c in created if c["client_id"] == shown["client_id"])
        assert shown == {k: v for k, v in original.items() if k != "client_secret"}

    assert run(capsys, "list-clients", "--tenant", "initech")[:2] == (0, [])


# ------------------------------------------------------------------ revoke-client ---------
def test_revoked_client_can_no_longer_get_or_refresh_tokens(
    api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    client = run(capsys, "create-client", "--tenant", "tenant-a", "--customer", "cust-1")[1]
    before = token_request(api, client)
    assert before.status == 200, before.body
    refresh_token = before.body["data"]["refresh_token"]

    status, body, err = run(capsys, "revoke-client", "--client-id", client["client_id"])
    assert (status, body, err) == (0, {"client_id": client["client_id"], "revoked": True}, "")

    after = token_request(api, client)
    assert after.status == 401
    assert error_code(after.body) == "unauthorized"
    refreshed = api.request(
        "POST", REFRESH, json_body={"grant_type": "refresh_token", "refresh_token": refresh_token}
    )
    assert refreshed.status == 401
    assert error_code(refreshed.body) == "unauthorized"

    listed = run(capsys, "list-clients", "--tenant", "tenant-a")[1]
    assert [(c["status"], c["revoked_at"] is not None) for c in listed] == [("revoked", True)]


def test_revoking_an_unknown_client_fails_with_a_json_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "revoke-client", "--client-id", "cli_000000000000000000000000")
    assert (status, out) == (1, None)
    assert json.loads(err)["error"] == {
        "code": "not_found",
        "message": "No client with id cli_000000000000000000000000",
    }
    assert stored_client("cli_000000000000000000000000") is None  # no item made up


# ------------------------------------------------------------------ target selection ------
def target(environ: dict[str, str], *options: str) -> admin.Target:
    args = admin.build_parser().parse_args(["list-clients", "--tenant", "t", *options])
    return admin.resolve_target(args, environ)


def test_default_target_is_the_local_dynamodb_of_make_run() -> None:
    assert target({}) == admin.Target(
        auth_table="AuthTable",
        products_table="ProductsTable",
        endpoint="http://127.0.0.1:8000",
        local_dir=ROOT / ".local",
        start_port=8000,
    )
    moved = target({"DYNAMODB_PORT": "8123", "LOCAL_DIR": "/srv/local"}, "--region", "eu-west-1")
    assert (moved.endpoint, moved.start_port) == ("http://127.0.0.1:8123", 8123)
    assert (moved.local_dir, moved.region) == (Path("/srv/local"), "eu-west-1")
    # Another endpoint, given or from the environment: used as is, never started.
    for chosen in (
        target({}, "--endpoint", "http://dynamodb.internal:8000"),
        target({"AWS_ENDPOINT_URL_DYNAMODB": "http://dynamodb.internal:8000"}),
    ):
        assert (chosen.endpoint, chosen.start_port) == ("http://dynamodb.internal:8000", None)
        assert (chosen.auth_table, chosen.local_dir) == ("AuthTable", ROOT / ".local")


def test_table_variables_select_those_tables() -> None:
    tables = {"AUTH_TABLE": "prod-auth", "PRODUCTS_TABLE": "prod-products"}
    assert target(tables) == admin.Target(auth_table="prod-auth", products_table="prod-products")
    local = target({**tables, "AWS_ENDPOINT_URL_DYNAMODB": "http://localhost:8000"})
    assert local.endpoint == "http://localhost:8000"
    assert target(tables, "--endpoint", "http://other:8000").endpoint == "http://other:8000"
    with pytest.raises(admin.AdminError, match="both AUTH_TABLE and PRODUCTS_TABLE"):
        target({"AUTH_TABLE": "prod-auth"})


def test_local_target_creates_the_tables_and_key_file(
    template: Template, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The default path end to end, with moto standing in for DynamoDB Local (moto answers at
    the AWS endpoint, so that is the --endpoint given)."""
    for table in ("AuthTable", "ProductsTable"):
        dynamodb_client().delete_table(TableName=table)
    os.environ.pop("AUTH_TABLE")
    os.environ.pop("PRODUCTS_TABLE")
    os.environ["LOCAL_DIR"] = str(tmp_path)

    status, client, err = run(
        capsys,
        "create-client",
        "--tenant", "acme",
        "--endpoint", "https://dynamodb.us-east-1.amazonaws.com",
    )  # fmt: skip
    assert (status, err) == (0, "")
    tables = boto3.client("dynamodb").list_tables()["TableNames"]
    assert sorted(tables) == sorted(template.table_definitions())
    assert stored_client(client["client_id"]) is not None
    assert (tmp_path / "signing-keys.json").exists()


STACK = "products-api-dev"
STACK_TABLES = {
    "ProductsTable": "products-api-dev-ProductsTable-1QX0Z7K8J3N2",
    "AuthTable": "products-api-dev-AuthTable-7YH2M4C9B1T5",
    "IdempotencyTable": "products-api-dev-IdempotencyTable-3KD8P0W6R4F1",
}
SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:SigningKeysSecret-a1B2c3"


def stubbed_stack(
    monkeypatch: pytest.MonkeyPatch, outputs: dict[str, str] | None, region: str = "eu-west-1"
) -> Stubber:
    """CloudFormation answering describe_stacks for STACK (the request and the response are
    checked against the real API model)."""
    client = boto3.client("cloudformation", region_name=region)
    stubber = Stubber(client)
    if outputs is None:
        stubber.add_client_error(
            "describe_stacks",
            service_error_code="ValidationError",
            service_message=f"Stack with id {STACK} does not exist",
            http_status_code=400,
            expected_params={"StackName": STACK},
        )
    else:
        stack = {
            "StackName": STACK,
            "StackId": f"arn:aws:cloudformation:{region}:123456789012:stack/{STACK}/8c2e",
            "CreationTime": datetime(2025, 1, 15, tzinfo=UTC),
            "StackStatus": "UPDATE_COMPLETE",
            "Outputs": [{"OutputKey": k, "OutputValue": v} for k, v in outputs.items()],
        }
        stubber.add_response("describe_stacks", {"Stacks": [stack]}, {"StackName": STACK})
    stubber.activate()

    def factory(asked_region: str | None) -> Any:
        assert asked_region == region
        return client

    monkeypatch.setattr(admin, "cloudformation_client", factory)
    return stubber


STACK_OUTPUTS = {
    "ApiUrl": "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/dev",
    "AuthTableName": STACK_TABLES["AuthTable"],
    "ProductsTableName": STACK_TABLES["ProductsTable"],
    "SigningKeysSecretArn": SECRET_ARN,
}


def test_stack_outputs_name_the_tables_in_the_stacks_region(
    template: Template, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stubber = stubbed_stack(monkeypatch, STACK_OUTPUTS)
    eu_dynamodb = boto3.client("dynamodb", region_name="eu-west-1")
    create_tables(eu_dynamodb, template, STACK_TABLES)
    # A stack is real DynamoDB: an emulator endpoint in the environment must not be used
    # (moto does not answer there, so the write would fail).
    os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = "http://127.0.0.1:9"

    status, client, err = run(
        capsys,
        "create-client",
        "--stack", STACK,
        "--region", "eu-west-1",
        "--tenant", "acme",
        "--scopes", "admin",
    )  # fmt: skip
    assert (status, err) == (0, ""), err
    stubber.assert_no_pending_responses()
    key = {"pk": {"S": f"CLIENT#{client['client_id']}"}, "sk": {"S": "CLIENT"}}
    stored = eu_dynamodb.get_item(TableName=STACK_TABLES["AuthTable"], Key=key)
    assert stored["Item"]["tenant_id"] == {"S": "acme"}
    assert "AWS_ENDPOINT_URL_DYNAMODB" not in os.environ
    assert os.environ["SIGNING_KEYS_SECRET_ID"] == SECRET_ARN
    assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-1"
    # Nothing went to the local-named tables in the default region.
    us_dynamodb = boto3.client("dynamodb", region_name="us-east-1")
    local_items = us_dynamodb.scan(TableName="AuthTable")["Items"]
    assert [item for item in local_items if item.get("tenant_id") == {"S": "acme"}] == []


def test_stack_target_mapping(monkeypatch: pytest.MonkeyPatch) -> None:
    stubbed_stack(monkeypatch, STACK_OUTPUTS, region="us-west-2")
    tables_in_environment = {"AUTH_TABLE": "ignored", "PRODUCTS_TABLE": "ignored"}
    resolved = target(tables_in_environment, "--stack", STACK, "--region", "us-west-2")
    assert resolved == admin.Target(
        auth_table=STACK_TABLES["AuthTable"],
        products_table=STACK_TABLES["ProductsTable"],
        region="us-west-2",
        signing_keys_secret=SECRET_ARN,
    )


def test_stack_without_the_outputs_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stubbed_stack(monkeypatch, {"ApiUrl": STACK_OUTPUTS["ApiUrl"]})
    status, out, err = run(
        capsys, "list-clients", "--stack", STACK, "--region", "eu-west-1", "--tenant", "acme"
    )
    assert (status, out) == (1, None)
    error = json.loads(err)["error"]
    assert error["code"] == "invalid_stack"
    assert "AuthTableName" in error["message"]


def test_unknown_stack_fails_with_a_json_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stubbed_stack(monkeypatch, None)
    status, out, err = run(
        capsys, "list-clients", "--stack", STACK, "--region", "eu-west-1", "--tenant", "acme"
    )
    assert (status, out) == (1, None)
    error = json.loads(err)["error"]
    assert error["code"] == "aws_error"
    assert f"Stack with id {STACK} does not exist" in error["message"]


# ------------------------------------------------------------------ the script ------------
def test_script_runs_from_anywhere_with_the_project_virtualenv(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def script(*argv: str) -> subprocess.CompletedProcess[str]:
        command = [str(ROOT / "scripts" / "admin"), *argv]
        return subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False
        )

    shown = script("create-client", "--help")
    assert shown.returncode == 0, shown.stderr
    assert "--tenant" in shown.stdout
    assert "--stack" in shown.stdout
    refused = script("create-client", "--tenant", "t", "--mode", "x")
    assert refused.returncode == 2
    assert "invalid choice" in refused.stderr


def _legacy(product_id: str, entry_tpk: str, entry_cpk: str) -> None:
    """Rewrites a product into the layout before 2026-12-05: the item in the all-statuses
    partitions, a status entry in its status's."""
    client, table = dynamodb_client(), os.environ["PRODUCTS_TABLE"]
    key = {"pk": {"S": f"live#tenant-a#PRODUCT#{product_id}"}, "sk": {"S": "PRODUCT"}}
    item = client.get_item(TableName=table, Key=key)["Item"]
    sort_keys = {name: item[name] for name in ("s_created", "s_updated", "s_price", "s_name")}
    client.put_item(
        TableName=table,
        Item={**key, "sk": {"S": "LIST#STATUS"}, "product_id": {"S": product_id},
              "tpk": {"S": entry_tpk}, "cpk": {"S": entry_cpk}, **sort_keys},
    )  # fmt: skip


def test_migrate_status_entries_moves_legacy_products_and_drops_stale_entries(
    api: Api, seller: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given two products stored the old way, and one the new code rewrote after the old did
    ids = []
    for name in ("Lamp", "Desk", "Chair"):
        reply = api.request("POST", "/api/v1/products", seller, {"name": name, "price": 5})
        ids.append(reply.body["data"]["item"]["id"])
    status_tpk, status_cpk = "live#tenant-a#P#S#active", "live#tenant-a#P#C#cust-1#S#active"
    client, table = dynamodb_client(), os.environ["PRODUCTS_TABLE"]
    for product_id in ids[:2]:
        _legacy(product_id, status_tpk, status_cpk)
        client.update_item(
            TableName=table,
            Key={"pk": {"S": f"live#tenant-a#PRODUCT#{product_id}"}, "sk": {"S": "PRODUCT"}},
            UpdateExpression="SET tpk = :t, cpk = :c",
            ExpressionAttributeValues={":t": {"S": "live#tenant-a#P"},
                                       ":c": {"S": "live#tenant-a#P#C#cust-1"}},
        )  # fmt: skip
    _legacy(ids[2], status_tpk, status_cpk)  # its item already has the new partitions

    # When the operator migrates, twice
    status, moved, _ = run(capsys, "migrate-status-entries")
    again, repeated, _ = run(capsys, "migrate-status-entries")

    # Then the legacy products moved, the stale entry is gone, and a second run finds nothing
    assert status == 0 and moved == {"products_moved": 2, "stale_entries_deleted": 1}
    assert again == 0 and repeated == {"products_moved": 0, "stale_entries_deleted": 0}
    for product_id in ids:
        key = {"pk": {"S": f"live#tenant-a#PRODUCT#{product_id}"}}
        item = client.get_item(TableName=table, Key={**key, "sk": {"S": "PRODUCT"}})["Item"]
        assert (item["tpk"]["S"], item["cpk"]["S"]) == (status_tpk, status_cpk)
        entry = {**key, "sk": {"S": "LIST#STATUS"}}
        assert "Item" not in client.get_item(TableName=table, Key=entry)
    # and every product is listed once, newest first
    listed = api.request("GET", "/api/v1/products", seller).body["data"]["items"]
    assert [p["id"] for p in listed] == ids[::-1]
