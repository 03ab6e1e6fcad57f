"""OAuth endpoints and the authorizer, through the gateway, from the attacker's side too."""

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jwt
import pytest

from common.auth.hashing import hash_secret, verify_secret
from common.settings import get_settings
from common.storage.dynamodb import dynamodb_client
from tests.moto_gateway import Api, make_client
from tests.support import assert_meta, credentials, error_code, mint_token, public_pem

TOKEN = "/api/v1/auth/token"
REFRESH = "/api/v1/auth/refresh"
REVOKE = "/api/v1/auth/revoke"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def grant(api: Api, client: dict[str, Any]) -> dict[str, Any]:
    reply = api.request(
        "POST",
        TOKEN,
        json_body=credentials(client),
    )
    assert reply.status == 200, reply.body
    return dict(reply.body["data"])


def refresh(api: Api, refresh_token: str) -> Any:
    return api.request("POST", REFRESH, json_body={"refresh_token": refresh_token})


class TestClientCredentials:
    def test_issues_a_verifiable_token(self, api: Api, key_file: Path) -> None:
        client = make_client(customer_id="cust-1", scopes=["products:read"], mode="test")
        reply = api.request(
            "POST",
            TOKEN,
            json_body=credentials(client),
        )

        data = reply.body["data"]
        assert reply.status == 200 and reply.headers["cache-control"] == "no-store"
        assert_meta(reply.body)
        assert data["token_type"] == "Bearer" and data["expires_in"] == 3600
        assert data["refresh_token"].startswith("rt_")
        header = jwt.get_unverified_header(data["access_token"])
        assert header["alg"] == "ES256" and header["kid"]
        claims = jwt.decode(
            data["access_token"],
            public_pem(key_file),
            algorithms=["ES256"],
            audience="products-api",
        )
        assert claims["sub"] == client["client_id"] and claims["tenant_id"] == "tenant-a"
        assert claims["customer_id"] == "cust-1" and claims["mode"] == "test"
        assert claims["scope"] == "products:read" and claims["iss"] == "products-api"
        assert claims["exp"] - claims["iat"] == 3600 and claims["jti"]

    def test_form_encoded_and_basic_auth(self, api: Api) -> None:
        client = make_client()
        form = api.request(
            "POST",
            TOKEN,
            raw_body=(
                f"grant_type=client_credentials&client_id={client['client_id']}"
                f"&client_secret={client['client_secret']}"
            ).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        basic = base64.b64encode(f"{client['client_id']}:{client['client_secret']}".encode())
        with_basic = api.request(
            "POST",
            TOKEN,
            json_body={"grant_type": "client_credentials"},
            headers={"Authorization": f"Basic {basic.decode()}"},
        )
        assert form.status == 200, form.body
        assert with_basic.status == 200, with_basic.body

    @pytest.mark.parametrize(
        "mutate",
        [
            lambda c: {**c, "client_secret": c["client_secret"] + "x"},
            lambda c: {**c, "client_id": "cli_unknown"},
            lambda c: {**c, "client_secret": ""},
        ],
        ids=["wrong-secret", "unknown-client", "empty-secret"],
    )
    def test_bad_credentials(self, api: Api, mutate: Any) -> None:
        client = mutate(make_client())
        reply = api.request(
            "POST",
            TOKEN,
            json_body=credentials(client),
        )
        assert reply.status in (400, 401)
        assert error_code(reply.body) in ("unauthorized", "validation_error")

    def test_unknown_and_wrong_secret_look_the_same(self, api: Api) -> None:
        client = make_client()
        wrong = api.request(
            "POST",
            TOKEN,
            json_body=credentials({"client_id": client["client_id"], "client_secret": "nope"}),
        )
        unknown = api.request(
            "POST",
            TOKEN,
            json_body=credentials({"client_id": "cli_nobody", "client_secret": "nope"}),
        )
        assert wrong.status == unknown.status == 401
        assert wrong.body["error"] == unknown.body["error"]

    def test_unsupported_grant_type(self, api: Api) -> None:
        reply = api.request("POST", TOKEN, json_body={"grant_type": "password"})
        assert reply.status == 400 and error_code(reply.body) == "validation_error"

    def test_revoked_client_gets_no_token(self, api: Api) -> None:
        from common.auth.service import revoke_client

        client = make_client()
        tokens = grant(api, client)
        revoke_client(client["client_id"])

        reply = api.request(
            "POST",
            TOKEN,
            json_body=credentials(client),
        )
        assert reply.status == 401
        assert refresh(api, tokens["refresh_token"]).status == 401

    def test_secrets_are_stored_as_salted_slow_hashes(self) -> None:
        first, second = hash_secret("s3cret"), hash_secret("s3cret")
        assert first != second and first.startswith("scrypt$16384$")
        assert verify_secret("s3cret", first) and not verify_secret("s3cret!", first)
        assert not verify_secret("s3cret", "garbage")


def basic(client_id: str, secret: str) -> dict[str, str]:
    """An `Authorization: Basic` header of id:secret."""
    encoded = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


def send_credentials(api: Api, way: str, client_id: str, secret: str) -> Any:
    """The client-credentials grant with these credentials, sent one of the three ways."""
    if way == "basic":
        body = {"grant_type": "client_credentials"}
        return api.request("POST", TOKEN, json_body=body, headers=basic(client_id, secret))
    fields = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    if way == "json":
        return api.request("POST", TOKEN, json_body=fields)
    form = urlencode(fields).encode()
    return api.request("POST", TOKEN, raw_body=form, headers=FORM)


def assert_envelope(reply: Any, status: int, code: str) -> dict[str, Any]:
    assert reply.status == status, reply.body
    assert set(reply.body) == {"status", "error", "meta"} and reply.body["status"] == "error"
    assert reply.body["error"]["code"] == code, reply.body
    assert_meta(reply.body)
    assert reply.headers["x-request-id"] == reply.body["meta"]["request_id"]
    return dict(reply.body["error"])


def nothing_counted() -> bool:
    """No request counter was written (a refused credential never reaches DynamoDB)."""
    table = get_settings().rate_limit_table or ""
    return dynamodb_client().scan(TableName=table)["Items"] == []


class TestCredentialBounds:
    """Was a 500: a 3,000-character client id in Basic credentials skipped the body's bounds,
    and DynamoDB refused the rate-limit key (over 2,048 bytes). Basic, form and JSON
    credentials now go through the same model: the same 400, naming the same field."""

    @pytest.mark.parametrize("way", ["basic", "json", "form"])
    @pytest.mark.parametrize(
        ("client_id", "secret", "field"),
        [
            ("c" * 3_000, "sk_live_x", "client_id"),
            ("c" * 257, "sk_live_x", "client_id"),
            ("é" * 1_000, "sk_live_x", "client_id"),  # 2,000 bytes, over 256 characters
            ("cli_x", "s" * 3_000, "client_secret"),
            ("cli_x", "s" * 257, "client_secret"),
            ("cli_x", "", "client_secret"),
        ],
        ids=[
            "3000-char id",
            "257-char id",
            "multibyte id",
            "3000-char secret",
            "257-char secret",
            "empty secret",
        ],
    )
    def test_out_of_bounds(
        self, api: Api, way: str, client_id: str, secret: str, field: str
    ) -> None:
        reply = send_credentials(api, way, client_id, secret)

        error = assert_envelope(reply, 400, "validation_error")
        assert [detail["field"] for detail in error["details"]] == [field]
        assert nothing_counted()

    @pytest.mark.parametrize("way", ["basic", "json", "form"])
    def test_the_longest_credentials_are_read(self, api: Api, way: str) -> None:
        """Control case: 256 characters each are within bounds (and wrong: 401)."""
        reply = send_credentials(api, way, "c" * 256, "s" * 256)
        assert_envelope(reply, 401, "unauthorized")

    @pytest.mark.parametrize(
        "header",
        [
            "Basic !!!not-base64!!!",
            "Basic " + base64.b64encode(b"no-colon").decode(),
            "Basic " + base64.b64encode(b"\xff\xfe:secret").decode(),  # not UTF-8
            "Basic " + base64.b64encode(b"cli_\xed\xa0\x80:s").decode(),  # a surrogate
            "Basic " + base64.b64encode(b"c" * 3_000).decode(),  # long, and no colon
            "Basic ",
            "Basic",
        ],
        ids=["bad base64", "no colon", "not UTF-8", "surrogate", "long no colon", "empty", "bare"],
    )
    def test_malformed_basic(self, api: Api, header: str) -> None:
        body = {"grant_type": "client_credentials"}
        reply = api.request("POST", TOKEN, json_body=body, headers={"Authorization": header})

        error = assert_envelope(reply, 401, "unauthorized")
        assert error["message"] == "Malformed Basic credentials"
        assert nothing_counted()

    def test_basic_credentials_are_url_decoded_then_bounded(self, api: Api) -> None:
        """RFC 6749 §2.3.1: 256 characters once decoded (%41 is one character, A)."""
        client = make_client()
        encoded = "".join(f"%{ord(char):02X}" for char in client["client_id"])
        ok = api.request(
            "POST",
            TOKEN,
            json_body={"grant_type": "client_credentials"},
            headers=basic(encoded, client["client_secret"]),
        )
        too_long = send_credentials(api, "basic", "%41" * 257, "s")
        assert ok.status == 200, ok.body
        assert assert_envelope(too_long, 400, "validation_error")["details"][0]["field"] == (
            "client_id"
        )

    @pytest.mark.parametrize("way", ["json", "form"])
    @pytest.mark.parametrize(("path", "field"), [(REFRESH, "refresh_token"), (REVOKE, "token")])
    def test_refresh_and_revoke_tokens_are_bounded(
        self, api: Api, way: str, path: str, field: str
    ) -> None:
        token = api.token_for(make_client()) if path == REVOKE else None
        fields = {field: "rt_" + "x" * 3_000}
        if way == "json":
            reply = api.request("POST", path, token, json_body=fields)
        else:
            form = urlencode(fields).encode()
            reply = api.request("POST", path, token, raw_body=form, headers=FORM)

        error = assert_envelope(reply, 400, "validation_error")
        assert [detail["field"] for detail in error["details"]] == [field]

    def test_refresh_reads_no_basic_credentials(self, api: Api) -> None:
        """The refresh grant authenticates by its token alone: a Basic header, however long,
        is not read."""
        tokens = grant(api, make_client())
        reply = api.request(
            "POST",
            REFRESH,
            json_body={"refresh_token": tokens["refresh_token"]},
            headers=basic("c" * 3_000, "s" * 3_000),
        )
        assert reply.status == 200, reply.body

    def test_revoke_takes_no_basic_credentials(self, api: Api) -> None:
        client = make_client()
        reply = api.request(
            "POST",
            REVOKE,
            json_body={"token": "rt_x"},
            headers=basic("c" * 3_000, client["client_secret"]),
        )
        assert reply.status == 401 and error_code(reply.body) == "unauthorized"


class TestRefresh:
    def test_rotates_and_detects_reuse(self, api: Api) -> None:
        first = grant(api, make_client())

        rotated = refresh(api, first["refresh_token"])
        reused = refresh(api, first["refresh_token"])
        successor = refresh(api, rotated.body["data"]["refresh_token"])

        assert rotated.status == 200
        assert rotated.body["data"]["refresh_token"] != first["refresh_token"]
        assert rotated.body["data"]["access_token"] != first["access_token"]
        assert reused.status == 401 and error_code(reused.body) == "unauthorized"
        # Reuse revoked the whole family: the legitimate successor is dead too.
        assert successor.status == 401

    def test_unknown_token(self, api: Api) -> None:
        reply = refresh(api, "rt_made_up")
        assert reply.status == 401 and error_code(reply.body) == "unauthorized"

    def test_new_access_token_works(self, api: Api) -> None:
        tokens = grant(api, make_client(customer_id="cust-1"))
        new = refresh(api, tokens["refresh_token"]).body["data"]["access_token"]
        assert api.request("GET", "/api/v1/products", new).status == 200


class TestRevoke:
    def test_revokes_the_family(self, api: Api) -> None:
        tokens = grant(api, make_client())
        reply = api.request(
            "POST", REVOKE, tokens["access_token"], {"token": tokens["refresh_token"]}
        )
        assert reply.status == 200 and reply.body["data"] == {"revoked": True}
        assert refresh(api, tokens["refresh_token"]).status == 401

    def test_cannot_revoke_another_clients_token(self, api: Api) -> None:
        victim = grant(api, make_client())
        attacker = grant(api, make_client())
        reply = api.request(
            "POST", REVOKE, attacker["access_token"], {"token": victim["refresh_token"]}
        )
        assert reply.status == 200  # RFC 7009: no hint whether the token exists
        assert refresh(api, victim["refresh_token"]).status == 200

    def test_needs_a_bearer_token(self, api: Api) -> None:
        reply = api.request("POST", REVOKE, None, {"token": "rt_x"})
        assert reply.status == 401


class TestAuthorizer:
    """Every refused token is a 401 in the envelope; the right code for expiry."""

    def products(self, api: Api, token: str | None, **headers: str) -> Any:
        return api.request("GET", "/api/v1/products", token, headers=headers)

    def test_valid_forged_with_real_key_works(self, api: Api, key_file: Path) -> None:
        # Control case: the minting helper makes tokens the authorizer accepts.
        assert self.products(api, mint_token(key_file)).status == 200

    def test_expired(self, api: Api, key_file: Path) -> None:
        past = int(time.time()) - 7200
        reply = self.products(api, mint_token(key_file, iat=past, nbf=past, exp=past + 3600))
        assert reply.status == 401 and error_code(reply.body) == "token_expired"
        assert reply.headers["www-authenticate"] == "Bearer"

    @pytest.mark.parametrize(
        "claims",
        [
            {"aud": "someone-else"},
            {"iss": "https://evil.example"},
            {"nbf": int(time.time()) + 3600},
            {"iat": int(time.time()) + 3600},
            {"exp": None},
            {"iat": None},
            {"iss": None},
            {"aud": None},
            {"sub": None},
            {"tenant_id": None},
            {"jti": None},
            {"tenant_id": ""},
            {"mode": "prod"},
            {"customer_id": 42},
        ],
    )
    def test_bad_claims(self, api: Api, key_file: Path, claims: dict[str, Any]) -> None:
        reply = self.products(api, mint_token(key_file, **claims))
        assert reply.status == 401 and error_code(reply.body) == "unauthorized"

    def test_alg_none(self, api: Api) -> None:
        token = jwt.encode(
            {"sub": "x", "tenant_id": "tenant-a", "exp": int(time.time()) + 60},
            key=None,  # type: ignore[arg-type]
            algorithm="none",
        )
        assert self.products(api, token + "sig").status == 401

    def test_hs256_signed_with_the_public_key(self, api: Api, key_file: Path) -> None:
        claims = jwt.decode(mint_token(key_file), options={"verify_signature": False})
        kid = jwt.get_unverified_header(mint_token(key_file))["kid"]
        forged = _hs256(claims, public_pem(key_file), kid)
        assert self.products(api, forged).status == 401

    def test_unknown_kid(self, api: Api, key_file: Path) -> None:
        token = mint_token(key_file, headers={"kid": "key_unknown"})
        assert self.products(api, token).status == 401

    def test_tampered_payload(self, api: Api, key_file: Path) -> None:
        header, _, signature = mint_token(key_file).split(".")
        claims = jwt.decode(mint_token(key_file), options={"verify_signature": False})
        claims["tenant_id"] = "tenant-b"
        forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
        reply = self.products(api, f"{header}.{forged_payload.decode()}.{signature}")
        assert reply.status == 401 and error_code(reply.body) == "unauthorized"

    def test_key_of_another_issuer(self, api: Api, tmp_path: Path) -> None:
        from common.auth.keys import ensure_local_key_file

        other = tmp_path / "other.json"
        ensure_local_key_file(other)
        assert self.products(api, mint_token(other)).status == 401

    @pytest.mark.parametrize(
        "header",
        ["", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer a b", "bearer\tx", "Token abc"],
    )
    def test_malformed_authorization_headers(self, api: Api, header: str) -> None:
        reply = api.request("GET", "/api/v1/products", headers={"Authorization": header})
        assert reply.status == 401 and error_code(reply.body) == "unauthorized"

    def test_missing_header(self, api: Api) -> None:
        reply = api.request("GET", "/api/v1/products")
        assert reply.status == 401 and error_code(reply.body) == "unauthorized"
        assert reply.body["meta"]["request_id"]

    def test_cached_policy_serves_every_route(self, api: Api, seller: str) -> None:
        """API Gateway reuses the first decision for every route within the cache TTL."""
        created = api.request("POST", "/api/v1/products", seller, {"name": "Lamp", "price": 20})
        product_id = created.body["data"]["item"]["id"]
        path = f"/api/v1/products/{product_id}"
        assert len(api.gateway._policy_cache) == 1
        assert api.request("GET", path, seller).status == 200
        assert api.request("PATCH", path, seller, {"price": 21}).status == 200
        assert api.request("PUT", path, seller, {"name": "Lamp", "price": 22}).status == 200
        assert api.request("GET", "/api/v1/products", seller).status == 200
        assert api.request("DELETE", path, seller).status == 200
        assert len(api.gateway._policy_cache) == 1  # one authorizer decision served them all

    def test_cached_scopes_still_checked_per_route(self, api: Api) -> None:
        reader = api.token_for(make_client(customer_id="cust-1", scopes=["products:read"]))
        assert api.request("GET", "/api/v1/products", reader).status == 200
        denied = api.request("POST", "/api/v1/products", reader, {"name": "x", "price": 1})
        assert denied.status == 403 and error_code(denied.body) == "forbidden"


def _hs256(claims: dict[str, Any], secret: bytes, kid: str) -> str:
    """An HS256 token keyed with the public key: the classic algorithm-confusion attack."""

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": kid}).encode())
    payload = b64(json.dumps(claims).encode())
    signature = hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"
