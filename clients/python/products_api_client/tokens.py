"""Seed 003's token manager: client-credentials grant, refresh before expiry, rotation."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import requests

from ._http import RetryPolicy, Session, send
from .errors import ClientError, error_from_response

TOKEN_PATH = "/api/v1/auth/token"  # noqa: S105 - a path, not a secret
REFRESH_PATH = "/api/v1/auth/refresh"
REVOKE_PATH = "/api/v1/auth/revoke"


class TokenManager:
    """Holds an access token and its refresh token, and renews them `skew` seconds (300, as
    in seed 003) before the access token expires.

    Renewal uses the refresh-token grant; refresh tokens are single use, so the successor
    replaces the old one. When a refresh fails (used, revoked or expired family), the manager
    falls back to a new client-credentials grant. A lock makes concurrent callers renew once.
    """

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        session: Session | None = None,
        skew: float = 300.0,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        timeout: float = 30.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self._client_secret = client_secret
        self.session: Session = session if session is not None else requests.Session()
        self.skew = skew
        self.retry = retry or RetryPolicy()
        self.sleep = sleep
        self.clock = clock
        self.timeout = timeout
        self.access_token: str | None = None
        self.refresh_token: str | None = None
        # When the access token expires, in `clock()` seconds; set it in the past to force a
        # renewal on the next call.
        self.expires_at = 0.0
        self.scope: str | None = None
        self._lock = threading.Lock()

    def token(self) -> str:
        """A valid access token, renewed first if it expires within `skew` seconds."""
        with self._lock:
            if self.access_token is None or self._expiring():
                self._renew()
            assert self.access_token is not None
            return self.access_token

    def force_refresh(self, stale: str | None = None) -> str:
        """Renews now, unless another caller already replaced `stale` (the token that was
        refused), in which case the current token is returned: a burst of 401s renews once."""
        with self._lock:
            if stale is None or self.access_token in (None, stale) or self._expiring():
                self._renew()
            assert self.access_token is not None
            return self.access_token

    def revoke(self) -> None:
        """Revokes the refresh token's family (RFC 7009) and forgets both tokens."""
        with self._lock:
            if self.refresh_token and self.access_token and not self._expiring():
                response = self._post(
                    REVOKE_PATH,
                    {"token": self.refresh_token, "token_type_hint": "refresh_token"},
                    {"Authorization": f"Bearer {self.access_token}"},
                )
                if response.status_code != 200:
                    raise error_from_response(response)
            self.access_token = self.refresh_token = None
            self.expires_at = 0.0

    def _expiring(self) -> bool:
        return self.clock() >= self.expires_at - self.skew

    def _renew(self) -> None:
        if self.refresh_token:
            try:
                self._grant(REFRESH_PATH, {"grant_type": "refresh_token",
                                           "refresh_token": self.refresh_token})  # fmt: skip
            except ClientError:
                # Used, revoked or expired family, or no answer (the token may have been
                # rotated server side): start a new family with the client's credentials.
                pass
            else:
                return
            self.refresh_token = None
        self._grant(TOKEN_PATH, {"grant_type": "client_credentials",
                                 "client_id": self.client_id,
                                 "client_secret": self._client_secret})  # fmt: skip

    def _grant(self, path: str, body: dict[str, Any]) -> None:
        started = self.clock()
        response = self._post(path, body)
        if response.status_code != 200:
            raise error_from_response(response)
        data = response.json()["data"]
        self.access_token = str(data["access_token"])
        self.refresh_token = data.get("refresh_token")
        self.expires_at = started + float(data.get("expires_in", 3600))
        self.scope = data.get("scope")

    def _post(
        self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> requests.Response:
        # The grants are not idempotent (refresh tokens are single use): send() retries them
        # only on 429/503, when the server did nothing.
        return send(
            self.session,
            "POST",
            f"{self.base_url}{path}",
            policy=self.retry,
            sleep=self.sleep,
            headers=headers,
            body=body,
            timeout=self.timeout,
        )
