"""The HTTP tier: `python -m local_api` (what `make run` starts) in a subprocess, on a
fresh DynamoDB Local, driven over real HTTP. Every request goes through a session of
tests/http/contract.py, whose hook checks each response against the OpenAPI documents; a test
that received a response its document does not allow fails."""

import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from local_api.process import RunningApi, start, stop
from tests.http.contract import checked_session, contract
from tests.support import credentials

# The local API this tier drives (local_api/process.py).
LocalApi = RunningApi


def start_local_api(
    local_dir: Path, *options: str, dynamodb_endpoint: str | None = None
) -> LocalApi:
    """python -m local_api on free ports, its health asked through the contract's session."""
    return start(
        local_dir, *options, dynamodb_endpoint=dynamodb_endpoint, get=checked_session().get
    )


def stop_local_api(api: LocalApi) -> int:
    return stop(api)


@pytest.fixture(scope="session")
def local_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalApi]:
    api = start_local_api(tmp_path_factory.mktemp("local"))
    # The test process talks to the same DynamoDB Local to create clients directly.
    os.environ.update(
        {
            "AWS_ENDPOINT_URL_DYNAMODB": api.dynamodb_endpoint,
            "PRODUCTS_TABLE": "ProductsTable",
            "AUTH_TABLE": "AuthTable",
            "SIGNING_KEYS_FILE": str(api.key_file),
        }
    )
    yield api
    stop_local_api(api)


class Http:
    def __init__(self, base: str) -> None:
        self.base = base
        self.session = checked_session()

    def call(
        self, method: str, path: str, token: str | None = None, body: Any = None, **headers: str
    ) -> requests.Response:
        sent = {name.replace("_", "-"): value for name, value in headers.items()}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        return self.session.request(
            method, f"{self.base}{path}", json=body, headers=sent, timeout=30
        )

    def token(self, client: dict[str, Any]) -> str:
        reply = self.call(
            "POST",
            "/api/v1/auth/token",
            body=credentials(client),
        )
        assert reply.status_code == 200, reply.text
        return str(reply.json()["data"]["access_token"])


@pytest.fixture(scope="session")
def http(local_api: LocalApi) -> Http:
    return Http(local_api.url)


@pytest.fixture(scope="session")
def new_client(local_api: LocalApi) -> Any:
    from common.auth.service import create_client
    from common.settings import get_settings
    from common.storage.dynamodb import dynamodb_client

    get_settings.cache_clear()
    dynamodb_client.cache_clear()

    def make(**kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("tenant_id", "tenant-a")
        # Scenario tests send more than 100 requests a minute; rate limits have their own test.
        kwargs.setdefault("rate_limit", 100_000)
        return create_client(**kwargs)

    return make


# Each phase of a test fails with the contract violations of the responses it received (a
# fixture's responses fail the setup of the test that asked for it).
def _responses_kept_the_contract() -> Generator[None]:
    try:
        yield
    finally:
        violations = contract().take_violations()
        if violations:
            pytest.fail(
                "responses outside their OpenAPI document:\n" + "\n".join(violations),
                pytrace=False,
            )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None]:
    return (yield from _responses_kept_the_contract())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None]:
    return (yield from _responses_kept_the_contract())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None]:
    return (yield from _responses_kept_the_contract())


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    checked = contract()
    terminalreporter.write_line(
        f"contract: {checked.checked} responses checked against the OpenAPI documents, "
        f"{checked.unmatched} to operations in none"
    )
