"""AWS clients, made from botocore alone.

`boto3.client(...)` is botocore's client behind boto3's default session; importing boto3 (its
session, s3transfer and, through it, multiprocessing) is 25-55 ms of a cold start for nothing
this project uses (docs/performance.md, "Cold start"). Every client here shares one botocore
session, as boto3's clients share its default one (the service models, endpoints and
credentials are loaded once per process); it is `Session`, botocore's made cheaper to start.
Every client is X-Ray traced, and retries as boto3's "standard" mode does: exponential backoff
with jitter on throttling and 5xx.

The layer ships its own botocore, pruned to SERVICES at build (layers/common/prune_botocore.py):
a client of any other service works on moto and DynamoDB Local but not deployed, so
`new_client` refuses it everywhere.
"""

import gzip
import os
import threading
from functools import lru_cache
from typing import Any

import botocore.session
import orjson
from botocore import handlers
from botocore.config import Config
from botocore.context import get_context
from botocore.loaders import JSONFileLoader, create_loader

from common.observability import trace_aws_calls

# The services the layer's code makes clients of, the only models its botocore keeps: ours, and
# the X-Ray SDK's (made outside Lambda only: in Lambda it samples locally, with no client).
SERVICES = ("dynamodb", "events", "secretsmanager", "xray")
# Their names in botocore's event names (each model's serviceId, hyphenated): a built-in handler
# registered for any other name never fires for our clients.
EVENT_SERVICE_NAMES = frozenset({"dynamodb", "eventbridge", "secrets-manager", "xray"})
STANDARD_RETRIES = Config(retries={"mode": "standard", "max_attempts": 4})
# A botocore session is not thread-safe (its clients are), and the local API runs the functions
# of concurrent requests on threads of one process, each making its clients on first use.
_CREATING = threading.Lock()


def fires_for_our_services(event_name: str) -> bool:
    """Whether a handler registered for `event_name` can fire for a client of SERVICES: the
    event names no service ("before-call", "needs-retry.*") or one of ours. Documentation
    events ("docs.<section>.<service>...") serve botocore's docs builder, never a client."""
    parts = event_name.split(".")
    if parts[0] == "docs":
        return False
    return len(parts) < 2 or parts[1] in ("*", *EVENT_SERVICE_NAMES)


class JSONFiles(JSONFileLoader):
    """botocore's JSON file loader (its `exists` and `load_file`), parsing with orjson: botocore
    parses into OrderedDicts with the standard library, 7.9 ms for DynamoDB's model (556 KB)
    where orjson takes 2.1, and a first client parses ten such files."""

    _OPENERS = ((".json", open), (".json.gz", gzip.open))

    def exists(self, file_path: str) -> bool:
        return any(os.path.isfile(file_path + extension) for extension, _ in self._OPENERS)

    def load_file(self, file_path: str) -> Any:
        """The data of `file_path` + .json (or .json.gz), None if there is neither."""
        for extension, opener in self._OPENERS:
            if os.path.isfile(file_path + extension):
                with opener(file_path + extension, "rb") as file:
                    return orjson.loads(file.read())
        return None


class Session(botocore.session.Session):
    """botocore's session, cheaper to start (docs/performance.md, "Cold start"; each checked
    against botocore's own by tests/pure/test_aws_clients_session.py):
    - it registers only the built-in handlers that can fire for SERVICES: 9 of its 127, the
      rest being other services' (S3's alone are 37); registering them all is 10-12 ms of a
      cold start's first client, for events our clients never emit;
    - it reads botocore's data files with orjson (JSONFiles)."""

    def __init__(self) -> None:
        super().__init__()
        loader = create_loader(self.get_config_variable("data_path"))  # as botocore makes it
        loader.file_loader = JSONFiles()
        self.register_component("data_loader", loader)

    def _register_builtin_handlers(self, events: Any) -> None:
        # botocore's own loop over its handlers (session.py), with the filter; `events` is
        # the session's emitter.
        for event_name, handler, *register_type in handlers.BUILTIN_HANDLERS:
            if not fires_for_our_services(event_name):
                continue
            if not register_type:
                self.register(event_name, handler)
            elif register_type[0] is handlers.REGISTER_FIRST:
                events.register_first(event_name, handler)
            elif register_type[0] is handlers.REGISTER_LAST:
                events.register_last(event_name, handler)


@lru_cache(maxsize=1)
def _session() -> botocore.session.Session:
    return Session()


def new_client(service: str, config: Config = STANDARD_RETRIES) -> Any:
    """A new client of `service` (callers keep it: each costs the loading of its model)."""
    if service not in SERVICES:
        raise ValueError(f"{service} is not in SERVICES: the deployed layer has no model for it")
    trace_aws_calls()
    with _CREATING:
        client = _session().create_client(service, config=config)
    remember_user_agent(client)
    return client


def remember_user_agent(client: Any) -> None:
    """The client's User-Agent header, built once per set of features: botocore builds it
    twice per call, sanitizing it character by character (38 µs each: a fifth of a small call's
    own time, docs/performance.md, "Items on the wire"), though it only changes with the
    features a call uses (retry mode, paginator...). The client's builder keeps its class; its
    `to_string`, which both of botocore's uses look up on it, is this instance's."""
    creator = client._user_agent_creator
    build = creator.to_string
    built: dict[frozenset[str], str] = {}

    def to_string() -> str:
        context = get_context()
        features = frozenset(creator._client_features or ()).union(
            context.features if context is not None else ()
        )
        text = built.get(features)
        if text is None:
            text = built[features] = build()
        return text

    creator.to_string = to_string
