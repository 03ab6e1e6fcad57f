"""The token manager: the one part of the Python client not generated from docs/openapi.json."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator, Mapping
from typing import Any

import httpx

from products_api_client import AuthenticatedClient, Client
from products_api_client.api.auth import auth_refresh, auth_revoke, auth_token
from products_api_client.models import (
    ErrorEnvelope,
    RefreshRequest,
    RevocationResponse,
    RevokeRequest,
    TokenGrantResponse,
    TokenRequest,
)
from products_api_client.types import Response


class TokenError(Exception):
    """A grant or a revocation the API refused (its error envelope's code and message)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message

    @classmethod
    def from_response(cls, response: Response[Any]) -> TokenError:
        if isinstance(response.parsed, ErrorEnvelope):
            error = response.parsed.error
            return cls(response.status_code, str(error.code), error.message)
        text = response.content.decode(errors="replace")[:200]
        return cls(response.status_code, f"http_{int(response.status_code)}", text)


class TokenManager(httpx.Auth):
    """Keeps an access token for the generated client, as an `httpx.Auth`.

    - The first request gets a token with the client-credentials grant.
    - The token is renewed `skew` seconds (300; at most half its lifetime) before `expires_in`
      runs out, with the refresh-token grant. Refresh tokens are single use: the new one
      replaces the old. When the refresh fails (used, revoked or expired family, or no answer),
      a new client-credentials grant starts over.
    - A request answered 401 renews the token (unless another thread already did) and is sent
      again, once.
    - A lock makes concurrent threads renew once.

    `client()` gives an `AuthenticatedClient` for the generated API functions whose requests
    carry the current token. The grants themselves are the generated auth_token and
    auth_refresh functions, sent through a `Client` built with the same `httpx_args`
    (a transport, event hooks, ...).
    """

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        skew: float = 300.0,
        timeout: float = 30.0,
        httpx_args: Mapping[str, Any] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self._client_secret = client_secret
        self.skew = skew
        self.timeout = httpx.Timeout(timeout)
        self.httpx_args = dict(httpx_args or {})
        self.clock = clock
        self.access_token: str | None = None
        self.refresh_token: str | None = None
        self.scope: str | None = None
        # In clock() seconds: when the access token expires, and when it is renewed (set
        # refresh_at in the past to renew on the next request).
        self.expires_at = 0.0
        self.refresh_at = 0.0
        self._lock = threading.RLock()
        self._grants = Client(base_url=self.base_url, timeout=self.timeout,
                              httpx_args=self.httpx_args)  # fmt: skip
        self._revocations: AuthenticatedClient | None = None

    # -- for the generated API functions -------------------------------------------------------

    def client(self, **kwargs: Any) -> AuthenticatedClient:
        """An `AuthenticatedClient` whose every request carries this manager's current token.

        kwargs are `AuthenticatedClient`'s (headers, raise_on_unexpected_status, httpx_args,
        ...); the manager's own `httpx_args` come first."""
        httpx_args = {**self.httpx_args, **kwargs.pop("httpx_args", {}), "auth": self}
        kwargs.setdefault("timeout", self.timeout)
        # `token` is not sent as such: auth_flow sets the Authorization header of each request.
        return AuthenticatedClient(base_url=self.base_url, token="", httpx_args=httpx_args,
                                   **kwargs)  # fmt: skip

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self.token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = f"Bearer {self.force_refresh(stale=token)}"
            yield request

    # -- the token ----------------------------------------------------------------------------

    def token(self) -> str:
        """A valid access token, renewed first when it is due."""
        with self._lock:
            if self.access_token is None or self.clock() >= self.refresh_at:
                self._renew()
            assert self.access_token is not None
            return self.access_token

    def force_refresh(self, stale: str | None = None) -> str:
        """Renews now, unless another caller already replaced `stale` (the token refused): a
        burst of 401s renews once."""
        with self._lock:
            if stale is None or self.access_token in (None, stale):
                self._renew()
            return self.token()

    def revoke(self) -> None:
        """Revokes the refresh token's family (RFC 7009) and forgets both tokens."""
        with self._lock:
            if self.refresh_token is not None:
                self.token()  # a valid access token authenticates the revocation
                if self._revocations is None:
                    self._revocations = self.client()
                body = RevokeRequest(token=self.refresh_token,
                                     token_type_hint="refresh_token")  # noqa: S106  # fmt: skip
                response = auth_revoke.sync_detailed(client=self._revocations, body=body)
                if not isinstance(response.parsed, RevocationResponse):
                    raise TokenError.from_response(response)
            self.access_token = self.refresh_token = self.scope = None
            self.expires_at = self.refresh_at = 0.0

    def close(self) -> None:
        """Closes the manager's HTTP clients."""
        for client in (self._grants, self._revocations):
            if client is not None:
                client.get_httpx_client().close()

    def _renew(self) -> None:
        if self.refresh_token is not None:
            refresh = RefreshRequest(refresh_token=self.refresh_token)
            try:
                self._grant(lambda: auth_refresh.sync_detailed(client=self._grants, body=refresh))
            except (TokenError, httpx.HTTPError, KeyError, TypeError, ValueError):
                # Used, revoked or expired family, or no (readable) answer: the token may have
                # been rotated server side. A new family from the client's credentials.
                self.refresh_token = None
            else:
                return
        credentials = TokenRequest(grant_type="client_credentials", client_id=self.client_id,
                                   client_secret=self._client_secret)  # fmt: skip
        self._grant(lambda: auth_token.sync_detailed(client=self._grants, body=credentials))

    def _grant(self, send: Callable[[], Response[ErrorEnvelope | TokenGrantResponse]]) -> None:
        started = self.clock()
        response = send()
        if not isinstance(response.parsed, TokenGrantResponse):
            raise TokenError.from_response(response)
        grant = response.parsed.data
        self.access_token, self.refresh_token = grant.access_token, grant.refresh_token
        self.scope = grant.scope
        self.expires_at = started + grant.expires_in
        self.refresh_at = self.expires_at - min(self.skew, grant.expires_in / 2)
