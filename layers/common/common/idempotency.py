"""Idempotency-Key (docs/decisions.md) for POST endpoints, on powertools' Idempotency utility.

A route decorated with `idempotent_route(app)` runs at most once per key: the first successful
response is stored for 24 h in the idempotency table and replayed, with
`Idempotent-Replayed: true`, to a retry that sends the same key and the same request. The key is
scoped to the caller and the route, so two clients, tenants, modes or routes (or two products
of the inventory route) never share a record. See docs/decisions.md#idempotency.

- no header: the route runs as usual;
- a header that is not 1 to 255 printable ASCII characters: 400 `validation_error`;
- same key, other body (or other If-Match): 422 `idempotency_key_reused`;
- same key while the first request still runs: 409 `conflict` with `Retry-After` (a batch;
  a create or stock operation writes its record in its own transaction, `respond` below, so
  a duplicate runs too, and the one that comes second replays the first one's answer);
- a failed request (an ApiError, 4xx/5xx response or any exception) leaves no record, so a
  retry runs again.
"""

import base64
import functools
import hashlib
import json
import re
import zlib
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, cast

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.shared.json_encoder import Encoder
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyPersistenceLayerError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord
from aws_lambda_powertools.utilities.idempotency.serialization.base import (
    BaseIdempotencySerializer,
)
from botocore.exceptions import BotoCoreError, ClientError

from common.errors import ApiError, Conflict, IdempotencyKeyReused, ValidationFailed
from common.http import RETRY_AFTER_SECONDS, current_principal
from common.observability import logger
from common.settings import get_settings
from common.storage.dynamodb import dynamodb_client
from common.storage.idempotency_records import IdempotencyRecords
from common.storage.keyed_writes import (
    RECORD_SECONDS,
    KeyTaken,
    serving,
)

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
EXPIRES_AFTER_SECONDS = RECORD_SECONDS
# Every record id is "<prefix>#<sha256 of the scoped key>". A constant prefix, not the function
# name powertools uses by default: the scope is in the hashed data, and one persistence layer
# serves every route of a process.
KEY_PREFIX = "products-api"
# Visible ASCII, spaces allowed inside only (HTTP strips them at the ends anyway).
# 1 to 255 printable ASCII characters, no space at either end (the document's pattern too).
KEY_PATTERN = r"^[!-~]([ -~]{0,253}[!-~])?$"
_VALID_KEY = re.compile(KEY_PATTERN[1:-1])
# Stored response bodies larger than this are kept zlib-compressed (a batch of 100 products),
# so that the record stays well inside DynamoDB's 400 KB item limit.
_COMPRESS_ABOVE_BYTES = 16 * 1024

P = ParamSpec("P")
R = TypeVar("R")
_RENDERED = "rendered_once"


def idempotency_key(event: APIGatewayProxyEvent) -> str | None:
    """The request's Idempotency-Key (header names are case-insensitive), None without one."""
    values = [
        value
        for name, values in (event.multi_value_headers or {}).items()
        if name.lower() == HEADER.lower()
        for value in values
    ]
    if not values:
        single = event.headers.get(HEADER)
        values = [single] if single is not None else []
    if not values:
        return None
    if len(set(values)) > 1 or not _VALID_KEY.fullmatch(values[0]):
        raise ValidationFailed(
            details=[
                {
                    "field": HEADER,
                    "message": "Must be one value of 1 to 255 printable ASCII characters",
                }
            ]
        )
    return values[0]


def rendered_once(
    app: APIGatewayRestResolver,
) -> Callable[[Callable[[R], Response[str]]], Callable[[R], Response[str]]]:
    """Makes a route's answer to a result rendered once per request: the answer a write stores
    in its request's record (`idempotent_route(respond=...)`) is then the one the route sends,
    the same text (`meta.timestamp` included), made once (a door's may read)."""

    def decorate(respond: Callable[[R], Response[str]]) -> Callable[[R], Response[str]]:
        @functools.wraps(respond)
        def once(result: R) -> Response[str]:
            # powertools clears `context` after every request.
            rendered = app.context.get(_RENDERED)
            if rendered is not None and rendered[0] is result:
                return cast("Response[str]", rendered[1])
            response = respond(result)
            app.context[_RENDERED] = (result, response)
            return response

        return once

    return decorate


def idempotent_route(
    app: APIGatewayRestResolver,
    respond: Callable[[Any], Response[str]] | None = None,
) -> Callable[[Callable[P, Response[str]]], Callable[P, Response[str]]]:
    """Makes a route honour Idempotency-Key. Put it under the `@app.post(...)` decorator; the
    route's signature (and so its request validation) is unchanged.

    `respond`, for a route whose write is one transaction, is how the route answers with that
    write's result (made `rendered_once`, and called by the route too): the write puts the
    request's record, completed with that answer, in its transaction (storage/keyed_writes.py
    `completing_record`), and the record needs no call of its own. A route whose write calls
    `completing_record` must give it."""

    def decorate(route: Callable[P, Response[str]]) -> Callable[P, Response[str]]:
        @functools.wraps(route)
        def run(*args: P.args, **kwargs: P.kwargs) -> Response[str]:
            key = idempotency_key(app.current_event)
            if key is None:
                return route(*args, **kwargs)
            return _run_once(app, key, functools.partial(route, *args, **kwargs), respond)

        return run

    return decorate


class _NotStored(Exception):
    """A response the route returned (not raised) with an error status: powertools deletes the
    record when the function raises, so the response travels out in this exception."""

    def __init__(self, response: Response[str]) -> None:
        super().__init__(response.status_code)
        self.response = response


def _run_once(
    app: APIGatewayRestResolver,
    key: str,
    operation: Callable[[], Response[str]],
    respond: Callable[[Any], Response[str]] | None,
) -> Response[str]:
    request = _scoped_request(app, key)
    scope = functools.partial(_scope_hash, request)
    config = records_config()
    store = persistence_store()
    stored_response = None if respond is None else _stored_response_of(respond)
    if stored_response is not None:
        claimed = _claiming_key(store, config, request, scope, operation, stored_response)
        if claimed is not None:
            return claimed
    # What the operation returned or raised, for when the record cannot be completed.
    outcome: list[Response[str] | Exception] = []

    def execute(request: dict[str, Any]) -> Response[str]:
        try:
            response = operation()
        except Exception as error:
            outcome.append(error)
            raise
        outcome.append(response)
        if response.status_code >= 400:
            raise _NotStored(response)
        return response

    # The in-progress lock lasts as long as the invocation can: a timed-out request frees it.
    config.register_lambda_context(app.lambda_context)
    once = idempotent_function(
        execute,
        data_keyword_argument="request",
        persistence_store=store,
        config=config,
        output_serializer=ResponseSerializer(),
        key_prefix=KEY_PREFIX,
    )
    try:
        # Multi-step writes derive their ids from the scope; a one-transaction write completes
        # the record powertools puts, with the stored response.
        with serving(scope, stored_response):
            response: Response[str] = once(request=request)
    except _NotStored as not_stored:
        return not_stored.response
    except IdempotencyValidationError:
        raise IdempotencyKeyReused() from None
    except IdempotencyAlreadyInProgressError:
        raise Conflict(
            "A request with this Idempotency-Key is still in progress; retry shortly",
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        ) from None
    except IdempotencyPersistenceLayerError as failure:
        if not outcome:
            raise _cause(failure) from failure
        # The operation ran, but its record could not be completed (or deleted). The caller
        # still gets the real outcome; the in-progress record lapses with the invocation.
        logger.error("Idempotency record not updated", extra={"error": str(failure)})
        if isinstance(outcome[0], Exception):
            raise outcome[0] from None
        return outcome[0]
    return response


def records_config() -> IdempotencyConfig:
    """How powertools names, checks and keeps the records. Each record's id and payload hash
    derive from it: a change would make every retry in flight across a deploy run again, so
    tests/pure/test_idempotency_hashes.py pins them."""
    return IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="payload",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=EXPIRES_AFTER_SECONDS,
        hash_function="sha256",
        response_hook=_mark_replayed,
    )


def _claiming_key(
    store: IdempotencyRecords,
    config: IdempotencyConfig,
    request: dict[str, Any],
    scope: Callable[[], str],
    operation: Callable[[], Response[str]],
    stored_response: Callable[[Any], str],
) -> Response[str] | None:
    """The first attempt of a write made in one transaction (a create, a stock operation): no
    record is put before the route, whose transaction puts it completed, on powertools' own
    condition, so the write claims the key (storage/keyed_writes.py `completing_record`).
    Powertools is not needed until the key turns out taken; then this returns None, and the
    request goes through powertools, which puts its record first and answers from the one in
    the way: a replay, 422, or 409 while an attempt holds it in progress.

    The key is taken when the transaction is cancelled on the record (KeyTaken), or when the
    route refused (a 4xx, an ApiError) and the record exists all the same: an earlier attempt
    wrote, and its write (or one since) may be what this attempt's route refused, an If-Match
    it moved past, units it reserved, a product deleted since. A failure with the key free
    leaves no record, so a retry runs again."""
    store.configure(config, key_prefix=KEY_PREFIX)
    record_id, validation = store.record_of(request)
    with serving(scope, stored_response, claim=(record_id, validation)):
        try:
            response = operation()
        except KeyTaken:
            return None
        except ApiError:
            if store.holds(record_id):
                return None
            raise
        if response.status_code >= 400 and store.holds(record_id):
            return None
        return response


def _stored_response_of(respond: Callable[[Any], Response[str]]) -> Callable[[Any], str]:
    """The record's `data` for a result, as powertools' `save_success` writes it."""
    serializer = ResponseSerializer()

    def stored_response(result: Any) -> str:
        return json.dumps(serializer.to_dict(respond(result)), cls=Encoder, sort_keys=True)

    return stored_response


def _scope_hash(request: dict[str, Any]) -> str:
    """The caller, route, key and request (body and If-Match) as one hash."""
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _cause(failure: IdempotencyPersistenceLayerError) -> Exception:
    """The error behind a persistence failure, so the resolver answers it as it answers it
    anywhere: throttling and outages 503 like any other DynamoDB call; anything else stays a
    500."""
    cause = failure.__cause__
    if isinstance(cause, ClientError | BotoCoreError):
        return cause
    return failure


def _scoped_request(app: APIGatewayRestResolver, key: str) -> dict[str, Any]:
    """The data powertools hashes: `key` names the record, `payload` must match on replay."""
    event = app.current_event
    principal = current_principal(app)
    return {
        "key": {
            "tenant_id": principal.tenant_id,
            "mode": principal.mode,
            "client_id": principal.client_id,
            "method": event.http_method,
            "resource": event.resource,
            "path_parameters": dict(sorted((event.path_parameters or {}).items())),
            "idempotency_key": key,
        },
        "payload": {
            # As the request's validation parsed it (powertools keeps it): not parsed again.
            "body_sha256": body_digest(event.json_body),
            "if_match": event.headers.get("if-match"),
        },
    }


def body_digest(body: Any) -> str:
    """SHA-256 of the parsed body's canonical JSON: key order, whitespace and number spelling
    (1 vs 1.0, 0.10 vs 0.1) do not matter; a number never equals a string. No body: of ""."""
    if body is None:
        return hashlib.sha256(b"").hexdigest()
    canonical = json.dumps(
        body,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=_canonical_number,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _canonical_number(value: Any) -> Any:
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return {"$decimal": str(value.normalize())}
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _mark_replayed(response: Any, idempotent_data: DataRecord) -> Any:
    if isinstance(response, Response):
        response.headers[REPLAYED_HEADER] = "true"
    return response


class ResponseSerializer(BaseIdempotencySerializer):
    """A route's Response <-> the record's `data`: status, headers (ETag, Location,
    Content-Type) and the body text as sent the first time."""

    def to_dict(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, Response):
            raise TypeError("An idempotent route must return a Response")
        body = data.body if isinstance(data.body, str) else ""
        stored: dict[str, Any] = {
            "status_code": data.status_code,
            "headers": {name: value for name, value in data.headers.items()},
        }
        encoded = body.encode()
        if len(encoded) > _COMPRESS_ABOVE_BYTES:
            stored["body_zlib"] = base64.b64encode(zlib.compress(encoded, 6)).decode()
        else:
            stored["body"] = body
        return stored

    def from_dict(self, data: dict[str, Any]) -> Response[str]:
        if "body_zlib" in data:
            body = zlib.decompress(base64.b64decode(data["body_zlib"])).decode()
        else:
            body = str(data.get("body", ""))
        return Response(
            status_code=int(data["status_code"]),
            body=body,
            headers=dict(data.get("headers") or {}),
        )


def persistence_store() -> IdempotencyRecords:
    """Created on first use (never at import), on the shared DynamoDB client."""
    table = get_settings().idempotency_table
    if not table:
        raise RuntimeError("IDEMPOTENCY_TABLE is not set")
    return _persistence_store(table, dynamodb_client())


@lru_cache(maxsize=4)
def _persistence_store(table: str, client: "DynamoDBClient") -> IdempotencyRecords:
    # powertools' handler configures the store from the first IdempotencyConfig it sees; every
    # request builds the same one, with only its own Lambda context and hook, which powertools
    # reads per call.
    return IdempotencyRecords(table, client)
