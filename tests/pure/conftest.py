"""The pure tier: the layer's rules as plain functions and models, with no moto and no AWS.

Any AWS call a test here would make fails it at once: a rule that needs DynamoDB to be checked
belongs in the component tier (tests/component)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.client import BaseClient

from common.auth.keys import ensure_local_key_file, key_cache
from common.settings import get_settings


@pytest.fixture(autouse=True)
def _no_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(client: BaseClient, operation: str, params: Any) -> Any:
        raise AssertionError(f"the pure tier makes no AWS call: {operation}")

    monkeypatch.setattr(BaseClient, "_make_api_call", refused)


@pytest.fixture
def signing_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A local key document, as `make run` keeps under .local/ (the cursors' HMAC secret)."""
    path = tmp_path / "signing-keys.json"
    ensure_local_key_file(path)
    monkeypatch.setenv("SIGNING_KEYS_FILE", str(path))
    # Table names the settings require; nothing here reads a table.
    monkeypatch.setenv("PRODUCTS_TABLE", "products-pure")
    monkeypatch.setenv("AUTH_TABLE", "auth-pure")
    get_settings.cache_clear()
    key_cache.reload()
    yield
    get_settings.cache_clear()
