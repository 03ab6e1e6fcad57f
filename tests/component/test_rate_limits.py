"""Per-client rate limits (docs/decisions.md#rate-limits), from the caller's side."""

import io
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from botocore.exceptions import ClientError

from common import ratelimit
from common.auth import hashing, service
from common.observability import logger
from common.settings import get_settings
from common.storage import rate_limit_repository
from common.storage.dynamodb import dynamodb_client
from local_api.template import Template
from tests import grants
from tests.moto_gateway import Api, make_client, operations, record_calls
from tests.support import assert_meta, credentials, error_code

PRODUCTS = "/api/v1/products"
NOW = 1_800_000_030.0  # 30 s into a window: the window ends at 1_800_000_060


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The rate limiter's clock, held still (tests move it explicitly)."""
    now = [NOW]
    monkeypatch.setattr(ratelimit, "clock", lambda: now[0])
    return now


def limited(api: Api, rate_limit: int, **fields: Any) -> str:
    return api.token_for(make_client(customer_id="cust-1", rate_limit=rate_limit, **fields))


def test_150_concurrent_requests_let_exactly_100_through(api: Api) -> None:
    token = limited(api, 100)

    with ThreadPoolExecutor(max_workers=6) as workers:
        replies = list(workers.map(lambda _: api.request("GET", PRODUCTS, token), range(150)))

    statuses = [r.status for r in replies]
    assert statuses.count(200) == 100 and statuses.count(429) == 50
    refused = next(r for r in replies if r.status == 429)
    assert error_code(refused.body) == "rate_limit_exceeded"
    assert refused.headers["retry-after"] == "30"
    assert refused.body["meta"]["rate_limit"] == {
        "limit": 100,
        "remaining": 0,
        "reset": 1_800_000_060,
    }
    assert "Maximum of 100 requests per minute" in refused.body["error"]["details"]
    assert refused.headers["x-ratelimit-remaining"] == "0"
    assert refused.headers["x-request-id"] == refused.body["meta"]["request_id"]


def test_every_authenticated_response_carries_the_headers(api: Api) -> None:
    token = limited(api, 5)

    first = api.request("GET", PRODUCTS, token)
    missing = api.request("GET", f"{PRODUCTS}/prod_missing", token)
    invalid = api.request("POST", PRODUCTS, token, {"name": ""})

    for reply, remaining in ((first, "4"), (missing, "3"), (invalid, "2")):
        assert reply.headers["x-ratelimit-limit"] == "5"
        assert reply.headers["x-ratelimit-remaining"] == remaining
        assert reply.headers["x-ratelimit-reset"] == "1800000060"
    assert (missing.status, invalid.status) == (404, 400)  # refused requests count too
    public = api.request("GET", "/api/v1/health")
    assert "x-ratelimit-limit" not in public.headers


def test_the_window_resets_and_refused_requests_are_not_counted(
    api: Api, frozen_clock: list[float]
) -> None:
    token = limited(api, 2)
    assert [api.request("GET", PRODUCTS, token).status for _ in range(4)] == [200, 200, 429, 429]

    frozen_clock[0] = NOW + 30  # the next window
    reply = api.request("GET", PRODUCTS, token)
    assert reply.status == 200 and reply.headers["x-ratelimit-remaining"] == "1"


def watch_calls(monkeypatch: pytest.MonkeyPatch, seen: dict[str, threading.Event]) -> None:
    """Sets seen[operation] when the route sends that operation (the count's is not the
    route's)."""
    counts = get_settings().rate_limit_table

    def call(operation: str, params: dict[str, Any]) -> None:
        if operation in seen and params.get("TableName") != counts:
            seen[operation].set()

    record_calls(monkeypatch, on_call=call)


def count_after(monkeypatch: pytest.MonkeyPatch, event: threading.Event) -> list[bool]:
    """The rate-limit count waits (5 s at most) for `event`; returns whether it came."""
    waited: list[bool] = []
    count = rate_limit_repository.count

    def late_count(*args: Any, **kwargs: Any) -> tuple[bool, int]:
        waited.append(event.wait(timeout=5))
        return count(*args, **kwargs)

    monkeypatch.setattr(rate_limit_repository, "count", late_count)
    return waited


def available(reply: Any) -> int:
    return int(reply.body["data"]["item"]["inventory"]["available"])


class TestTheCountBesideTheRoute:
    """The count runs while the route validates and reads (common/http/admission.py)."""

    def test_a_routes_reads_do_not_wait_for_the_count(
        self, api: Api, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Given a client's count that answers only once the listing's first read went out
        token = limited(api, 5)
        assert api.request("GET", PRODUCTS, token).status == 200  # authorized once
        read = threading.Event()
        watch_calls(monkeypatch, {"GetItem": read, "Query": read, "BatchGetItem": read})
        waited = count_after(monkeypatch, read)
        # When the listing is asked for
        reply = api.request("GET", PRODUCTS, token)
        # Then its reads did not wait for the count, which still counted the request
        assert waited == [True]
        assert reply.status == 200 and reply.headers["x-ratelimit-remaining"] == "3"

    @pytest.mark.parametrize("keyed", [False, True], ids=["plain", "Idempotency-Key"])
    def test_a_write_waits_for_the_count_and_a_refused_request_writes_nothing(
        self, api: Api, monkeypatch: pytest.MonkeyPatch, frozen_clock: list[float], keyed: bool
    ) -> None:
        # Given a product with 5 units, and a client with one request left this minute
        owner = api.token_for(make_client(customer_id="cust-1"))
        body = {"name": "Lamp", "price": 10, "inventory": 5}
        product = api.request("POST", PRODUCTS, owner, body).body["data"]["item"]
        token = limited(api, 2, scopes=["products:read", "inventory:write"])
        assert api.request("GET", PRODUCTS, token).status == 200
        # whose next count answers only once the route has tried to write
        write = threading.Event()
        watch_calls(monkeypatch, {"TransactWriteItems": write, "PutItem": write})
        waited = count_after(monkeypatch, write)
        # When it adjusts the stock twice: the second goes over its limit
        stock = f"{PRODUCTS}/{product['id']}/inventory"
        adjust = {"operation": "adjust", "quantity": 3}
        first, second = ({"Idempotency-Key": key} if keyed else {} for key in ("k1", "k2"))
        admitted = api.request("POST", stock, token, adjust, headers=first)
        logged = io.StringIO()
        monkeypatch.setattr(logger.registered_handler, "stream", logged)
        refused = api.request("POST", stock, token, adjust, headers=second)
        # Then both routes reached their write before their count answered; the admitted one
        # wrote once it did, the refused one never did
        assert waited == [True, True]
        assert admitted.status == 200 and available(admitted) == 8
        assert refused.status == 429 and error_code(refused.body) == "rate_limit_exceeded"
        assert '"level":"ERROR"' not in logged.getvalue()  # a refusal, not a failure to alert
        assert refused.body["meta"]["rate_limit"] == {
            "limit": 2,
            "remaining": 0,
            "reset": 1_800_000_060,
        }
        after = api.request("GET", f"{PRODUCTS}/{product['id']}", owner).body["data"]["item"]
        assert after["inventory"]["available"] == 8 and after["version"] == 2
        # and, in the next minute, its retry (with the same key) is applied once
        frozen_clock[0] = NOW + 30
        retried = api.request("POST", stock, token, adjust, headers=second)
        assert retried.status == 200 and available(retried) == 11

    def test_a_keyed_requests_record_does_not_wait_for_the_count(
        self, api: Api, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A batch puts its idempotency record in progress before it starts (a create or a
        stock operation puts its record in its own transaction, held as every write is)."""
        # Given a client whose count answers only once a request's record has gone out
        token = limited(api, 5, scopes=["products:read", "products:write"])
        put, table = threading.Event(), get_settings().idempotency_table

        def call(operation: str, params: dict[str, Any]) -> None:
            in_progress = params.get("Item", {}).get("status") == {"S": "INPROGRESS"}
            if operation == "PutItem" and params.get("TableName") == table and in_progress:
                put.set()

        record_calls(monkeypatch, on_call=call)
        waited = count_after(monkeypatch, put)
        # When it creates a batch with an Idempotency-Key
        lamp = {"name": "Lamp", "price": 10, "inventory": 5}
        reply = api.request(
            "POST", f"{PRODUCTS}/batch", token, [lamp], headers={"Idempotency-Key": "k1"}
        )
        # Then the record went out without waiting for the count (held, it would have waited
        # for a count that waits for it), and the batch was written once the count answered
        assert waited == [True]
        assert reply.status == 201, reply.body

    def test_a_refused_client_is_counted_first_until_its_window_ends(
        self, api: Api, frozen_clock: list[float], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Given a client refused once this minute
        token = limited(api, 1)
        assert [api.request("GET", PRODUCTS, token).status for _ in range(2)] == [200, 429]
        # When it asks again in the same window
        calls = record_calls(monkeypatch)
        again = api.request("GET", PRODUCTS, token)
        # Then it is counted before anything is read: a client past its limit costs no reads
        assert again.status == 429 and operations(calls) == ["UpdateItem"]
        # and, once its window has ended, its count runs beside its reads again
        frozen_clock[0] = NOW + 30
        calls.clear()
        reply = api.request("GET", PRODUCTS, token)
        assert reply.status == 200 and operations(calls)[0] == "UpdateItem" and len(calls) > 1


def test_clients_have_their_own_counts(api: Api) -> None:
    busy, other = limited(api, 1), limited(api, 1)
    assert api.request("GET", PRODUCTS, busy).status == 200
    assert api.request("GET", PRODUCTS, busy).status == 429
    assert api.request("GET", PRODUCTS, other).status == 200


def test_a_batch_counts_as_its_items_and_a_refused_batch_writes_nothing(api: Api) -> None:
    token = limited(api, 10)
    batch = [{"name": f"Item {n}", "price": 1} for n in range(8)]

    created = api.request("POST", f"{PRODUCTS}/batch", token, batch)
    refused = api.request("POST", f"{PRODUCTS}/batch", token, batch[:3])

    assert created.status == 201 and created.headers["x-ratelimit-remaining"] == "2"
    assert refused.status == 429
    assert refused.body["meta"]["rate_limit"]["remaining"] == 2
    listed = api.request("GET", f"{PRODUCTS}?limit=100", token)
    assert len(listed.body["data"]["items"]) == 8


def test_a_batch_larger_than_the_limit_says_so(api: Api) -> None:
    token = limited(api, 5)
    reply = api.request("POST", f"{PRODUCTS}/batch", token, [{"name": "x", "price": 1}] * 6)
    assert reply.status == 429
    assert "counts as 6 requests, more than the 5" in reply.body["error"]["details"]


def test_an_operator_changes_a_clients_limit(api: Api) -> None:
    client = make_client(customer_id="cust-1", rate_limit=1)
    token = api.token_for(client)
    assert api.request("GET", PRODUCTS, token).status == 200
    assert api.request("GET", PRODUCTS, token).status == 429

    assert service.set_rate_limit(client["client_id"], 3)
    api.gateway._policy_cache.clear()  # API Gateway's authorizer cache expired (5 min)

    reply = api.request("GET", PRODUCTS, token)
    assert reply.status == 200 and reply.headers["x-ratelimit-limit"] == "3"
    assert not service.set_rate_limit("cli_unknown", 3)


TOKEN = "/api/v1/auth/token"


def attempt(api: Api, client_id: str, secret: str) -> Any:
    body = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    return api.request("POST", TOKEN, json_body=body)


def assert_refused(reply: Any) -> None:
    """401 unauthorized in the error envelope, the same for every failed attempt."""
    assert reply.status == 401, reply.body
    assert reply.body["error"] == {
        "code": "unauthorized",
        "message": "Invalid client credentials",
        "details": None,
    }
    assert_meta(reply.body)
    assert reply.headers["x-request-id"] == reply.body["meta"]["request_id"]
    assert "x-ratelimit-limit" not in reply.headers  # failures are counted nowhere


def test_failed_attempts_by_someone_else_never_lock_the_owner_out(api: Api) -> None:
    """Was: 20 wrong secrets in a minute made the right one a 429 until the minute's end. Every
    request here comes from the same address (the local gateway's 127.0.0.1), in one minute."""
    owner = make_client()
    granted_after = {}
    for failures in range(1, 101):
        # Given someone else sending wrong secrets for the owner's client id
        assert_refused(attempt(api, owner["client_id"], f"sk_live_guess{failures}"))
        if failures in (20, 21, 100):
            # When the owner asks with the right secret, then it gets its tokens
            reply = api.request("POST", TOKEN, json_body=credentials(owner))
            granted_after[failures] = reply.status
            assert reply.body["data"]["access_token"], reply.body
    assert granted_after == {20: 200, 21: 200, 100: 200}


@pytest.mark.parametrize("failure", ["wrong secret", "unknown client", "revoked client"])
def test_a_failed_attempt_reads_once_hashes_once_and_writes_nothing(
    api: Api, template: Template, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    """The bounded price of a failure: one GetItem of the client and one scrypt check (also for
    an unknown id, so timing does not tell which ids exist), no write anywhere."""
    client = make_client()
    client_id, secret = client["client_id"], client["client_secret"]
    if failure == "wrong secret":
        secret = "sk_live_" + "x" * 43
    elif failure == "unknown client":
        client_id = "cli_" + "0" * 24
    else:
        service.revoke_client(client_id)
    checks = []
    scrypt = hashing._scrypt

    def counted(*args: Any) -> bytes:
        checks.append(args[0])
        return scrypt(*args)

    monkeypatch.setattr(hashing, "_scrypt", counted)
    calls: list[grants.Call] = []

    with grants.recording(calls, template):
        for _ in range(5):
            assert_refused(attempt(api, client_id, secret))

    read = grants.Call("AuthTokenFunction", "dynamodb:GetItem", "AuthTable")
    assert calls == [read] * 5
    assert len(checks) == 5
    counters = dynamodb_client().scan(TableName=get_settings().rate_limit_table or "")
    assert counters["Items"] == []


def test_a_clients_own_grants_are_limited(api: Api, frozen_clock: list[float]) -> None:
    """Only grants with the right secret count: the client's own, which nobody else can
    make. Past the limit a wrong secret is still a 401, so the 429 tells nothing to a guesser."""
    client, other = make_client(), make_client()
    for _ in range(ratelimit.GRANTS_PER_MINUTE):
        assert api.request("POST", TOKEN, json_body=credentials(client)).status == 200

    over = api.request("POST", TOKEN, json_body=credentials(client))
    guess = attempt(api, client["client_id"], "sk_live_guess")

    assert over.status == 429 and error_code(over.body) == "rate_limit_exceeded"
    assert over.headers["retry-after"] == "30"
    assert over.headers["x-ratelimit-limit"] == str(ratelimit.GRANTS_PER_MINUTE)
    assert over.headers["x-ratelimit-remaining"] == "0"
    assert_refused(guess)
    assert api.request("POST", TOKEN, json_body=credentials(other)).status == 200
    frozen_clock[0] = NOW + 30  # the next window
    assert api.request("POST", TOKEN, json_body=credentials(client)).status == 200


def test_a_counter_that_cannot_be_written_does_not_fail_the_request(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = limited(api, 5)
    throttled = ClientError(
        {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}},
        "UpdateItem",
    )

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise throttled

    monkeypatch.setattr(rate_limit_repository, "count", fail)
    reply = api.request("GET", PRODUCTS, token)
    assert reply.status == 200 and "x-ratelimit-limit" not in reply.headers


def test_a_revoked_clients_tokens_stop_working(api: Api) -> None:
    client = make_client(customer_id="cust-1")
    token = api.token_for(client)
    assert service.revoke_client(client["client_id"])

    reply = api.request("GET", PRODUCTS, token)  # first use: no cached decision for it
    assert reply.status == 401 and error_code(reply.body) == "unauthorized"
