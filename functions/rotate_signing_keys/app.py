"""Secrets Manager rotation of the token-signing keys (the four-step rotation protocol).

createSecret prepends a fresh ES256 key to the current document (older keys stay while tokens
they signed can still be valid); finishSecret makes it current. Runs once right after the
stack creates the secret, then on the schedule in template.yaml.
"""

import json
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from common.auth.keys import parse_key_document, rotate_key_document
from common.aws_clients import new_client
from common.heap import settled
from common.observability import logger, tracer
from common.settings import get_settings

if TYPE_CHECKING:
    from mypy_boto3_secretsmanager import SecretsManagerClient


def _keep_old_keys_for() -> timedelta:
    # A token signed just before a rotation lives access_token_ttl longer; add margin for leeway.
    return timedelta(seconds=get_settings().access_token_ttl_seconds * 2)


def _create(client: "SecretsManagerClient", secret_id: str, token: str) -> None:
    try:
        client.get_secret_value(SecretId=secret_id, VersionId=token, VersionStage="AWSPENDING")
        return  # this step already ran for this rotation
    except client.exceptions.ResourceNotFoundException:
        pass
    current = json.loads(
        client.get_secret_value(SecretId=secret_id, VersionStage="AWSCURRENT")["SecretString"]
    )
    document = rotate_key_document(current, keep_for=_keep_old_keys_for())
    client.put_secret_value(
        SecretId=secret_id,
        ClientRequestToken=token,
        SecretString=json.dumps(document),
        VersionStages=["AWSPENDING"],
    )


def _test(client: "SecretsManagerClient", secret_id: str, token: str) -> None:
    pending = client.get_secret_value(
        SecretId=secret_id, VersionId=token, VersionStage="AWSPENDING"
    )
    parse_key_document(json.loads(pending["SecretString"]))  # raises if unusable


def _finish(client: "SecretsManagerClient", secret_id: str, token: str) -> None:
    versions = client.describe_secret(SecretId=secret_id)["VersionIdsToStages"]
    current = next((v for v, stages in versions.items() if "AWSCURRENT" in stages), None)
    if current == token or current is None:
        return
    client.update_secret_version_stage(
        SecretId=secret_id,
        VersionStage="AWSCURRENT",
        MoveToVersionId=token,
        RemoveFromVersionId=current,
    )


@settled  # common/heap.py: the handler is made last in the function's init
@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> None:
    client: SecretsManagerClient = new_client("secretsmanager")
    step, secret_id, token = event["Step"], event["SecretId"], event["ClientRequestToken"]
    logger.info("Rotating signing keys", extra={"step": step})
    if step == "createSecret":
        _create(client, secret_id, token)
    elif step == "testSecret":
        _test(client, secret_id, token)
    elif step == "finishSecret":
        _finish(client, secret_id, token)
    # setSecret: nothing outside the secret holds the keys, so there is nothing to set.
