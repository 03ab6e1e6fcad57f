"""Token attacks that need real concurrency: racing refreshes of one refresh token."""

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.http.conftest import Http
from tests.support import credentials


def test_concurrent_refreshes_of_one_token_issue_at_most_one_and_revoke_the_family(
    http: Http, new_client: Any
) -> None:
    """Two holders of one refresh token (a stolen copy) racing: the token is single use, and
    the race itself is treated as reuse, so the whole family ends revoked (RFC 6819)."""
    grant = http.call("POST", "/api/v1/auth/token", body=credentials(new_client()))
    refresh_token = grant.json()["data"]["refresh_token"]

    def refresh(_: int) -> Any:
        return http.call("POST", "/api/v1/auth/refresh", body={"refresh_token": refresh_token})

    with ThreadPoolExecutor(max_workers=6) as pool:
        replies = list(pool.map(refresh, range(6)))

    winners = [r for r in replies if r.status_code == 200]
    assert len(winners) <= 1 and len(replies) - len(winners) >= 5
    assert all(r.json()["error"]["code"] == "unauthorized" for r in replies if r.status_code != 200)
    for winner in winners:  # its new refresh token belongs to the revoked family
        again = winner.json()["data"]["refresh_token"]
        reply = http.call("POST", "/api/v1/auth/refresh", body={"refresh_token": again})
        assert reply.status_code == 401
