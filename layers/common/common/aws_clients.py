"""AWS clients, made from botocore alone.

`boto3.client(...)` is botocore's client behind boto3's default session; importing boto3 (its
session, s3transfer and, through it, multiprocessing) is 25-55 ms of a cold start for nothing
this project uses (docs/performance.md, "Cold start"). Every client here shares one botocore
session, as boto3's clients share its default one (the service models, endpoints and
credentials are loaded once per process), is X-Ray traced, and retries as boto3's "standard"
mode does: exponential backoff with jitter on throttling and 5xx.

The layer ships its own botocore, pruned to SERVICES at build (layers/common/prune_botocore.py):
a client of any other service works on moto and DynamoDB Local but not deployed, so
`new_client` refuses it everywhere.
"""

import threading
from functools import lru_cache
from typing import Any

import botocore.session
from botocore.config import Config

from common.observability import trace_aws_calls

# The services the layer's code makes clients of, the only models its botocore keeps: ours, and
# the X-Ray SDK's (made outside Lambda only: in Lambda it samples locally, with no client).
SERVICES = ("dynamodb", "events", "secretsmanager", "xray")
STANDARD_RETRIES = Config(retries={"mode": "standard", "max_attempts": 4})
# A botocore session is not thread-safe (its clients are), and the local API runs the functions
# of concurrent requests on threads of one process, each making its clients on first use.
_CREATING = threading.Lock()


@lru_cache(maxsize=1)
def _session() -> botocore.session.Session:
    return botocore.session.get_session()


def new_client(service: str, config: Config = STANDARD_RETRIES) -> Any:
    """A new client of `service` (callers keep it: each costs the loading of its model)."""
    if service not in SERVICES:
        raise ValueError(f"{service} is not in SERVICES: the deployed layer has no model for it")
    trace_aws_calls()
    with _CREATING:
        return _session().create_client(service, config=config)
