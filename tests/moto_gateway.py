"""The moto harness of the component and tooling tiers: the real handlers, authorizer and
layer code on moto, in process. Each tier's conftest.py turns it on (its fixtures are autouse).

Tables are created from template.yaml (so they cannot drift from what is deployed), and the
`api` fixture is the same LocalGateway that `make run` serves, without the sockets.
"""

import copy
import json
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from moto import mock_aws
from moto.dynamodb import models as moto_dynamodb_models
from moto.dynamodb.models.table import Table as MotoTable
from moto.dynamodb.responses import DynamoHandler

os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)

from common.auth import service as auth_service
from common.auth.keys import ensure_local_key_file, key_cache
from common.settings import get_settings
from common.storage.dynamodb import dynamodb_client
from local_api.dynamodb import create_tables, local_table_names
from local_api.gateway import LocalGateway
from local_api.template import Template
from tests import grants
from tests.support import credentials, register_forged_client


class _TableCopiedOnce:
    """moto backs up a table before a transaction once per *operation* (a deepcopy of the
    whole table each time): 100 operations on a table of thousands of items take minutes.
    This `copy` stand-in, used by moto's DynamoDB backend only, hands back the backup already
    made for the same table object: nothing is written while the backups are taken."""

    def __init__(self) -> None:
        self._backups: dict[int, Any] = {}

    def deepcopy(self, value: Any) -> Any:
        if not isinstance(value, MotoTable):
            return copy.deepcopy(value)
        backup = self._backups.get(id(value))
        if backup is None or backup[0] is not value:
            self._backups = {id(value): (value, copy.deepcopy(value))}
            backup = self._backups[id(value)]
        return backup[1]

    def forget(self) -> None:
        self._backups = {}


@pytest.fixture(scope="session", autouse=True)
def _fast_moto_transactions() -> Iterator[None]:
    shim = _TableCopiedOnce()
    original = moto_dynamodb_models.DynamoDBBackend.transact_write_items

    def transact_write_items(backend: Any, items: list[dict[str, Any]]) -> None:
        shim.forget()  # a fresh backup for every transaction
        try:
            original(backend, items)
        finally:
            shim.forget()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(moto_dynamodb_models, "copy", shim)
        patch.setattr(
            moto_dynamodb_models.DynamoDBBackend, "transact_write_items", transact_write_items
        )
        yield


@pytest.fixture(scope="session", autouse=True)
def _moto_serves_one_call_at_a_time() -> Iterator[None]:
    """DynamoDB serves concurrent calls; moto's tables are not thread-safe. A GetItem of a
    missing item adds a key to moto's table dict (a defaultdict) while a GSI Query iterates it
    on another thread: "dictionary changed size during iteration", a 500 that DynamoDB would
    never cause. The listing's ranges (storage/at_once.py) and the rate-limit count
    (http/admission.py) make such calls at once, so moto gets them one at a time."""
    lock = threading.RLock()
    original = DynamoHandler.call_action

    def call_action(handler: DynamoHandler) -> Any:
        with lock:
            return original(handler)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DynamoHandler, "call_action", call_action)
        yield


@pytest.fixture(scope="session")
def template() -> Template:
    return Template.load()


@pytest.fixture(scope="session")
def key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("keys") / "signing-keys.json"
    ensure_local_key_file(path)
    return path


@contextmanager
def moto_tables(
    template: Template, key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """The functions' environment from the template, and its tables on a fresh moto."""
    names = local_table_names(template)
    env = template.environment({**names, "SigningKeysSecret": None})
    for name, value in {**env, "SIGNING_KEYS_FILE": str(key_file)}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    key_cache.reload()
    with mock_aws():
        dynamodb_client.cache_clear()
        create_tables(dynamodb_client(), template, names)
        yield
    dynamodb_client.cache_clear()
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def aws(template: Template, key_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fresh moto tables for every test."""
    with moto_tables(template, key_file, monkeypatch):
        register_forged_client()  # the client of mint_token's tokens
        yield


@pytest.fixture(autouse=True)
def _dynamodb_calls_are_granted(template: Template, aws: None) -> Iterator[None]:
    """Fails a test in which a function made a DynamoDB call its policy does not grant
    (tests/grants.py): moto checks no IAM, AWS does."""
    calls: list[grants.Call] = []
    with grants.recording(calls, template):
        yield
    missing = grants.ungranted(template, calls)
    assert not missing, f"template.yaml does not grant these calls: {missing}"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    raw: bytes

    @property
    def body(self) -> Any:
        return json.loads(self.raw) if self.raw else None


class Api:
    """Requests through the local gateway: routing, authorizer and handlers, no sockets."""

    def __init__(self, gateway: LocalGateway) -> None:
        self.gateway = gateway

    def request(
        self,
        method: str,
        path: str,
        token: str | None = None,
        json_body: Any = None,
        raw_body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        sent = dict(headers or {})
        if token is not None:
            sent.setdefault("Authorization", f"Bearer {token}")
        body = raw_body or b""
        if json_body is not None:
            body = json.dumps(json_body).encode()
            sent.setdefault("Content-Type", "application/json")
        response = self.gateway.handle(method, path, list(sent.items()), body)
        return Reply(response.status, {k.lower(): v for k, v in response.headers}, response.body)

    def token_for(self, client: dict[str, Any]) -> str:
        reply = self.request(
            "POST",
            "/api/v1/auth/token",
            json_body=credentials(client),
        )
        assert reply.status == 200, reply.body
        return str(reply.body["data"]["access_token"])


@pytest.fixture(scope="session")
def gateway(template: Template) -> LocalGateway:
    return LocalGateway(template)


@pytest.fixture
def api(gateway: LocalGateway) -> Api:
    gateway._policy_cache.clear()  # each test starts with API Gateway's cache empty
    return Api(gateway)


def make_client(**kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("tenant_id", "tenant-a")
    # Scenario tests may send more than 100 requests a minute; test_rate_limits sets its own.
    kwargs.setdefault("rate_limit", 100_000)
    return auth_service.create_client(**kwargs)


@pytest.fixture
def seller(api: Api) -> str:
    """A token of a client bound to customer cust-1 of tenant-a, reading and writing."""
    return api.token_for(make_client(customer_id="cust-1"))


STOCK_SCOPES = ["products:read", "products:write", "inventory:write"]


@pytest.fixture
def keeper(api: Api) -> str:
    """A token of the same kind of client as `seller`'s that may also move stock."""
    return api.token_for(make_client(customer_id="cust-1", scopes=STOCK_SCOPES))


def record_calls(
    monkeypatch: pytest.MonkeyPatch,
    on_call: Callable[[str, dict[str, Any]], None] | None = None,
) -> list[tuple[str, dict[str, Any]]]:
    """Every DynamoDB call from here on, as (operation, parameters); `on_call` is told of each
    as it is sent, before the client's hooks run (the write gate's among them)."""
    client = dynamodb_client()
    original = client._make_api_call  # type: ignore[attr-defined]
    calls: list[tuple[str, dict[str, Any]]] = []

    def call(operation: str, params: dict[str, Any]) -> Any:
        calls.append((operation, params))
        if on_call is not None:
            on_call(operation, params)
        return original(operation, params)

    monkeypatch.setattr(client, "_make_api_call", call)
    return calls


def operations(calls: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """The recorded calls' operations, the rate-limit count first: it runs beside the route's
    reads (common/http/admission.py), so its place among them is not fixed."""
    table = get_settings().rate_limit_table
    counts = [operation for operation, params in calls if params.get("TableName") == table]
    return counts + [operation for operation, params in calls if params.get("TableName") != table]
