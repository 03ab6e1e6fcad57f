"""What the benches share: the local stack they measure against, and percentiles."""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from local_api.gateway import LocalGateway
    from local_api.template import Template


@contextmanager
def local_stack(metrics: bool = False) -> Iterator[tuple["Template", "LocalGateway"]]:
    """DynamoDB Local in memory with the tables of template.yaml, the functions' environment,
    and the local gateway (real authorizer and handlers, in this process): (template, gateway).
    metrics: powertools Metrics on, as deployed (EMF lines on stdout)."""
    from local_api.dynamodb import DynamoDBLocal, free_port

    with (
        tempfile.TemporaryDirectory() as tmp,
        DynamoDBLocal(Path(tmp), free_port(), in_memory=True) as db,
    ):
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = db.endpoint
        if metrics:
            os.environ["POWERTOOLS_METRICS_DISABLED"] = "false"
        from local_api.environment import configure_environment
        from local_api.gateway import LocalGateway

        template = configure_environment(Path(tmp))
        gateway = LocalGateway(template)
        try:
            yield template, gateway
        finally:
            gateway.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
