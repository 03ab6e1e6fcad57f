"""scripts/admin: create, list and revoke API clients, set their rate limits (README, "Admin CLI").

    scripts/admin create-client --tenant T [--customer C] [--scopes "products:read ..."]
                                [--mode live|test] [--rate-limit N] [--name NAME]
    scripts/admin list-clients --tenant T
    scripts/admin revoke-client --client-id ID
    scripts/admin set-rate-limit --client-id ID --rate-limit N

Which DynamoDB it talks to (every command takes the same options):
  --stack NAME [--region R]  a deployed stack: its outputs name the tables, in real DynamoDB;
  AUTH_TABLE, PRODUCTS_TABLE those tables (at AWS_ENDPOINT_URL_DYNAMODB when set);
  otherwise                  the local DynamoDB of `make run`: http://127.0.0.1:$DYNAMODB_PORT
                             (8000), tables from template.yaml, created when missing; DynamoDB
                             Local is started for the command when nothing listens there.
  --endpoint URL overrides the endpoint of the last two.

Results are JSON on stdout; failures a JSON error on stderr with exit status 1 (2: bad usage).
"""

import argparse
import contextlib
import json
import os
import re
import socket
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from common.auth import service
from common.auth.principal import DEFAULT_RATE_LIMIT_PER_MINUTE, Scope
from common.errors import ApiError, NotFound
from common.settings import get_settings
from common.storage.dynamodb import dynamodb_client
from local_api.template import ROOT, Template

STACK_OUTPUTS = {
    "auth_table": "AuthTableName",
    "products_table": "ProductsTableName",
    "signing_keys_secret": "SigningKeysSecretArn",
}


class AdminError(Exception):
    """A failure reported to the operator as {"error": {"code": ..., "message": ...}}."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Target:
    """The tables the commands use and where they are."""

    auth_table: str
    products_table: str
    endpoint: str | None = None  # None: the region's real DynamoDB
    region: str | None = None
    signing_keys_secret: str | None = None
    local_dir: Path | None = None  # the local DynamoDB of `make run` (tables created if missing)
    start_port: int | None = None  # start DynamoDB Local on this port if nothing listens there


# ------------------------------------------------------------------ where to talk to -------
def cloudformation_client(region: str | None) -> Any:
    import boto3

    return boto3.client("cloudformation", region_name=region)


def stack_target(stack: str, region: str | None) -> Target:
    client = cloudformation_client(region)
    stacks = client.describe_stacks(StackName=stack)["Stacks"]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stacks[0].get("Outputs", [])}
    missing = [key for key in STACK_OUTPUTS.values() if key not in outputs]
    if missing:
        raise AdminError(
            "invalid_stack", f"Stack {stack} has no output {', '.join(missing)}: not this API?"
        )
    values = {field: outputs[key] for field, key in STACK_OUTPUTS.items()}
    return Target(region=str(client.meta.region_name), **values)


def resolve_target(args: argparse.Namespace, environ: Mapping[str, str]) -> Target:
    if args.stack:
        return stack_target(args.stack, args.region)
    endpoint = args.endpoint or environ.get("AWS_ENDPOINT_URL_DYNAMODB") or None
    if environ.get("AUTH_TABLE") or environ.get("PRODUCTS_TABLE"):
        if not (environ.get("AUTH_TABLE") and environ.get("PRODUCTS_TABLE")):
            raise AdminError("invalid_environment", "Set both AUTH_TABLE and PRODUCTS_TABLE")
        return Target(
            auth_table=environ["AUTH_TABLE"],
            products_table=environ["PRODUCTS_TABLE"],
            endpoint=endpoint,
            region=args.region,
        )
    from local_api.dynamodb import local_table_names

    names = local_table_names(Template.load())
    port = None if endpoint else int(environ.get("DYNAMODB_PORT", "8000"))
    return Target(
        auth_table=names["AuthTable"],
        products_table=names["ProductsTable"],
        endpoint=endpoint or f"http://127.0.0.1:{port}",
        region=args.region,
        local_dir=Path(environ.get("LOCAL_DIR", ROOT / ".local")),
        start_port=port,
    )


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), 0.5):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def connected(target: Target) -> Iterator[None]:
    """Points the layer's settings and DynamoDB client at the target, for this process."""
    variables = {
        "AUTH_TABLE": target.auth_table,
        "PRODUCTS_TABLE": target.products_table,
        "AWS_ENDPOINT_URL_DYNAMODB": target.endpoint,
        "AWS_DEFAULT_REGION": target.region,
        "SIGNING_KEYS_SECRET_ID": target.signing_keys_secret,
    }
    for name, value in variables.items():
        if value is not None:
            os.environ[name] = value
        elif name == "AWS_ENDPOINT_URL_DYNAMODB":
            os.environ.pop(name, None)  # a stack or an AWS table: never an emulator
    get_settings.cache_clear()
    dynamodb_client.cache_clear()
    with contextlib.ExitStack() as stack:
        if target.local_dir is not None:
            if target.start_port is not None and not _listening(target.start_port):
                from local_api.dynamodb import DynamoDBLocal

                local = DynamoDBLocal(target.local_dir / "dynamodb", target.start_port)
                try:
                    stack.enter_context(local)
                except (OSError, RuntimeError) as exc:
                    raise AdminError(
                        "dynamodb_unavailable",
                        f"Nothing listens at {target.endpoint} and DynamoDB Local did not start "
                        f"({exc}); run `make run` or pass --endpoint",
                    ) from exc
            from local_api.environment import configure_environment

            configure_environment(target.local_dir)  # key file and tables, as `make run`
        yield


# ------------------------------------------------------------------ commands ---------------
def create_client(args: argparse.Namespace) -> dict[str, Any]:
    client = service.create_client(
        args.tenant,
        customer_id=args.customer,
        scopes=args.scopes,
        mode=args.mode,
        rate_limit=args.rate_limit,
        name=args.name,
    )
    # The secret is shown this once: it is stored only as a hash.
    return {"client_id": client["client_id"], "client_secret": client["client_secret"], **client}


def list_clients(args: argparse.Namespace) -> list[dict[str, Any]]:
    return service.list_clients(args.tenant)


def revoke_client(args: argparse.Namespace) -> dict[str, Any]:
    if not service.revoke_client(args.client_id):
        raise NotFound(f"No client with id {args.client_id}")
    return {"client_id": args.client_id, "revoked": True}


def set_rate_limit(args: argparse.Namespace) -> dict[str, Any]:
    if not service.set_rate_limit(args.client_id, args.rate_limit):
        raise NotFound(f"No client with id {args.client_id}")
    return {"client_id": args.client_id, "rate_limit": args.rate_limit}


def migrate_status_entries(args: argparse.Namespace) -> dict[str, Any]:
    from local_api.migrations import migrate_status_entries as migrate

    done = migrate()
    return {"products_moved": done.moved, "stale_entries_deleted": done.stale}


# ------------------------------------------------------------------ command line -----------
def _text(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return value.strip()


def _scopes(value: str) -> list[str]:
    scopes = [scope for scope in re.split(r"[\s,]+", value) if scope]
    known = sorted(scope.value for scope in Scope)
    unknown = [scope for scope in scopes if scope not in known]
    if unknown or not scopes:
        raise argparse.ArgumentTypeError(
            f"unknown scope {', '.join(unknown) or '(none given)'}; choose from {' '.join(known)}"
        )
    return scopes


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, not {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    target = argparse.ArgumentParser(add_help=False)  # every command's choice of DynamoDB
    exclusive = target.add_mutually_exclusive_group()
    exclusive.add_argument("--stack", help="a deployed stack's name: use its tables")
    exclusive.add_argument("--endpoint", help="DynamoDB endpoint URL (default: local, port 8000)")
    target.add_argument("--region", help="AWS region of the stack or tables")

    parser = argparse.ArgumentParser(
        prog="scripts/admin",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    create = commands.add_parser("create-client", parents=[target], help="create API credentials")
    create.add_argument("--tenant", required=True, type=_text)
    create.add_argument("--customer", type=_text, help="bind the client to one customer")
    create.add_argument(
        "--scopes",
        type=_scopes,
        default=[str(scope) for scope in service.DEFAULT_SCOPES],
        help='space- or comma-separated (default: "products:read products:write")',
    )
    create.add_argument("--mode", choices=["live", "test"], default="live")
    create.add_argument(
        "--rate-limit",
        type=_positive,
        default=DEFAULT_RATE_LIMIT_PER_MINUTE,
        help="requests per minute",
    )
    create.add_argument("--name", type=_text, help="a label for operators")
    create.set_defaults(run=create_client)

    listing = commands.add_parser("list-clients", parents=[target], help="a tenant's clients")
    listing.add_argument("--tenant", required=True, type=_text)
    listing.set_defaults(run=list_clients)

    revoke = commands.add_parser("revoke-client", parents=[target], help="revoke a client")
    revoke.add_argument("--client-id", required=True, type=_text)
    revoke.set_defaults(run=revoke_client)

    limit = commands.add_parser(
        "set-rate-limit", parents=[target], help="change a client's requests per minute"
    )
    limit.add_argument("--client-id", required=True, type=_text)
    limit.add_argument("--rate-limit", required=True, type=_positive, help="requests per minute")
    limit.set_defaults(run=set_rate_limit)

    migrate = commands.add_parser(
        "migrate-status-entries",
        parents=[target],
        help="move products written before 2026-12-05 to the listing layout without status "
        "entries (docs/data-model.md); safe to run again",
    )
    migrate.set_defaults(run=migrate_status_entries)
    return parser


def _fail(code: str, message: str, details: Any = None) -> int:
    error = {"code": code, "message": message, **({"details": details} if details else {})}
    print(json.dumps({"error": error}, default=str), file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], Any] = args.run
    try:
        with connected(resolve_target(args, os.environ)):
            result = run(args)
    except AdminError as error:
        return _fail(error.code, error.message)
    except ApiError as error:
        return _fail(error.code, error.message, error.details)
    except (ClientError, BotoCoreError) as error:
        return _fail("aws_error", str(error))
    print(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
