"""powertools' Parameters for Secrets Manager, on a botocore client (common/aws_clients.py).

powertools' `SecretsProvider`, and the parameters package's `__init__` that loads every
provider, import boto3: ~55 ms of the first authorization or token grant of every instance
(docs/performance.md, "Cold start"). `BaseProvider` is powertools' extension point for a
provider of one's own: the same `get`, transforms and caching, on the client given here.
"""

from typing import Any

from aws_lambda_powertools.utilities.parameters.base import BaseProvider

from common.aws_clients import new_client


class SecretStore(BaseProvider):
    def __init__(self) -> None:
        self._client = new_client("secretsmanager")
        super().__init__(client=self._client)  # type: ignore[no-untyped-call]

    def _get(self, name: str, **sdk_options: Any) -> str:
        return str(self._client.get_secret_value(SecretId=name, **sdk_options)["SecretString"])

    def _get_multiple(self, path: str, **sdk_options: Any) -> dict[str, str]:
        # As powertools' own SecretsProvider: Secrets Manager has no paths.
        raise NotImplementedError()
