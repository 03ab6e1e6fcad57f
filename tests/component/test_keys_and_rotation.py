"""Signing keys: rotation keeps old keys while their tokens live; the rotation Lambda."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest

from common.auth.jwks import jwk_set
from common.auth.keys import key_cache, parse_key_document, rotate_key_document
from common.auth.principal import Principal
from common.auth.tokens import issue_access_token, verify_access_token
from local_api.gateway import LambdaContext, load_handler
from local_api.template import ROOT

T0 = datetime(2026, 1, 1, tzinfo=UTC)
PRINCIPAL = Principal(
    tenant_id="t", client_id="cli_1", customer_id=None, scopes=frozenset({"admin"}), mode="live"
)


def test_rotation_prepends_and_retires_after_the_grace_period() -> None:
    first = rotate_key_document(None, keep_for=timedelta(hours=2), now=T0)
    second = rotate_key_document(first, keep_for=timedelta(hours=2), now=T0 + timedelta(days=30))
    third = rotate_key_document(second, keep_for=timedelta(hours=2), now=T0 + timedelta(days=60))

    kids = [[k["kid"] for k in doc["keys"]] for doc in (first, second, third)]
    assert len(kids[0]) == 1
    assert kids[1][1] == kids[0][0]  # the previous key still verifies
    assert kids[2][1] == kids[1][0] and kids[0][0] not in kids[2]  # long retired: dropped
    assert first["cursor_secret"] == third["cursor_secret"]  # cursors survive rotations


def test_tokens_signed_before_a_rotation_still_verify(key_file: Path) -> None:
    old_token, _ = issue_access_token(PRINCIPAL)
    original = key_file.read_text()
    try:
        rotated = rotate_key_document(json.loads(original), keep_for=timedelta(hours=2))
        key_file.write_text(json.dumps(rotated))
        key_cache.reload()
        new_token, _ = issue_access_token(PRINCIPAL)

        assert verify_access_token(old_token).client_id == "cli_1"
        assert verify_access_token(new_token).client_id == "cli_1"
        assert jwk_set(key_cache.get()).keys[0].kid == rotated["keys"][0]["kid"]
    finally:
        key_file.write_text(original)
        key_cache.reload()


def test_an_empty_document_is_refused() -> None:
    with pytest.raises(ValueError, match="no signing key"):
        parse_key_document({"keys": [], "cursor_secret": ""})


def test_rotation_lambda_runs_the_secrets_manager_protocol(monkeypatch: pytest.MonkeyPatch) -> None:
    client = boto3.client("secretsmanager")
    arn = client.create_secret(Name="signing-keys", SecretString='{"keys": []}')["ARN"]
    handler = load_handler(ROOT / "functions/rotate_signing_keys", "app.lambda_handler")

    def rotate(token: str) -> dict[str, Any]:
        for step in ("createSecret", "setSecret", "testSecret", "finishSecret"):
            event = {"Step": step, "SecretId": arn, "ClientRequestToken": token}
            handler(event, LambdaContext(function_name="RotateSigningKeysFunction"))
        current = client.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")
        return dict(json.loads(current["SecretString"]))

    first = rotate("a" * 32)
    second = rotate("b" * 32)

    assert len(first["keys"]) == 1
    assert [k["kid"] for k in second["keys"]][1] == first["keys"][0]["kid"]
    assert parse_key_document(second).active.kid == second["keys"][0]["kid"]

    # The deployed functions read exactly this secret.
    monkeypatch.delenv("SIGNING_KEYS_FILE")
    monkeypatch.setenv("SIGNING_KEYS_SECRET_ID", arn)
    from common.settings import get_settings

    get_settings.cache_clear()
    try:
        assert key_cache.reload().active.kid == second["keys"][0]["kid"]
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize("stored", ['["a list"]', '"a string"'])
def test_a_secret_that_is_no_key_document_is_refused(
    monkeypatch: pytest.MonkeyPatch, stored: str
) -> None:
    # Given a deployed function whose signing keys' secret holds JSON but no object
    arn = boto3.client("secretsmanager").create_secret(Name="keys", SecretString=stored)["ARN"]
    monkeypatch.delenv("SIGNING_KEYS_FILE")
    monkeypatch.setenv("SIGNING_KEYS_SECRET_ID", arn)
    from common.settings import get_settings

    get_settings.cache_clear()
    try:
        # When the keys are read, then the error names the secret's problem
        with pytest.raises(RuntimeError, match="not a JSON object"):
            key_cache.reload()
    finally:
        get_settings.cache_clear()


def test_unknown_kids_cannot_force_a_key_read_per_request(
    key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from common.auth import keys
    from common.errors import Unauthorized
    from tests.support import mint_token

    key_cache.reload()
    reads: list[int] = []
    real_read = keys._read_key_document

    def counted_read() -> dict[str, Any]:
        reads.append(1)
        return real_read()

    monkeypatch.setattr(keys, "_read_key_document", counted_read)
    for n in range(20):
        with pytest.raises(Unauthorized):
            verify_access_token(mint_token(key_file, headers={"kid": f"key_made_up_{n}"}))
    assert reads == []  # the keys were read less than MIN_FORCED_RELOAD_SECONDS ago

    monkeypatch.setattr(
        key_cache, "_loaded_at", key_cache._loaded_at - keys.MIN_FORCED_RELOAD_SECONDS
    )
    with pytest.raises(Unauthorized):
        verify_access_token(mint_token(key_file, headers={"kid": "key_new"}))
    assert reads == [1]  # a kid that may have just rotated in is looked up once
