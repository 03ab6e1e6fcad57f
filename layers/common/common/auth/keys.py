"""Signing keys: ES256 key pairs with a `kid`, newest first, plus the cursor-signing secret.

Deployed, the key document lives in Secrets Manager (written by the rotation function); locally
in a file under .local/. Rotation prepends a new key and keeps older ones for as long as tokens
signed with them can still be valid, so verification keeps working across a rotation.
"""

import base64
import json
import secrets
import time
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from common.settings import get_settings

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import ec

    from common.auth.secret_store import SecretStore

ALGORITHM = "ES256"


class SigningKey(NamedTuple):
    kid: str
    private_key_pem: str
    created_at: str

    @property
    def private_key(self) -> "ec.EllipticCurvePrivateKey":
        return _private_key(self.kid, self.private_key_pem)

    def public_jwk(self) -> dict[str, Any]:
        from jwt.algorithms import ECAlgorithm

        jwk = ECAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return {**jwk, "kid": self.kid, "use": "sig", "alg": ALGORITHM}


@lru_cache(maxsize=16)  # a document's few keys, parsed once per process
def _private_key(kid: str, pem: str) -> "ec.EllipticCurvePrivateKey":
    # Imported here: cursors only need the key document's cursor secret, not cryptography.
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError(f"Signing key {kid} is not an EC key")
    return key


class KeySet(NamedTuple):
    keys: tuple[SigningKey, ...]  # newest first: keys[0] signs
    cursor_secret: bytes

    @property
    def active(self) -> SigningKey:
        return self.keys[0]

    def find(self, kid: str) -> SigningKey | None:
        return next((key for key in self.keys if key.kid == kid), None)


def parse_key_document(document: dict[str, Any]) -> KeySet:
    keys = tuple(SigningKey(**entry) for entry in document["keys"])
    if not keys:
        raise ValueError("The key document holds no signing key")
    return KeySet(keys=keys, cursor_secret=base64.b64decode(document["cursor_secret"]))


def new_signing_key(now: datetime | None = None) -> dict[str, str]:
    # Imported here: only the rotation function and local tooling make keys.
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    private_key = ec.generate_private_key(ec.SECP256R1())
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    created = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"kid": f"key_{secrets.token_hex(8)}", "private_key_pem": pem, "created_at": created}


def rotate_key_document(
    document: dict[str, Any] | None, keep_for: timedelta, now: datetime | None = None
) -> dict[str, Any]:
    """A new document with a fresh key first; keys that stopped signing more than `keep_for`
    ago (the access-token lifetime plus margin) are dropped, the rest still verify."""
    now = now or datetime.now(UTC)
    document = document or {}
    kept: list[dict[str, str]] = []
    retired_at = now  # the newest existing key stops signing now
    for entry in document.get("keys", []):
        if now - retired_at <= keep_for:
            kept.append(entry)
        retired_at = datetime.strptime(entry["created_at"], "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=UTC
        )
    cursor_secret = (
        document.get("cursor_secret") or base64.b64encode(secrets.token_bytes(32)).decode()
    )
    return {"keys": [new_signing_key(now), *kept], "cursor_secret": cursor_secret}


# An unknown kid forces a re-read (a key may just have rotated in), but at most this often, so
# tokens with made-up kids cannot turn every request into a Secrets Manager call.
MIN_FORCED_RELOAD_SECONDS = 30.0


class _KeySetCache:
    """Keys are read at most once per max-age per Lambda instance, and again on an unknown kid."""

    def __init__(self) -> None:
        self._value: KeySet | None = None
        self._loaded_at = -MIN_FORCED_RELOAD_SECONDS

    def get(self, force: bool = False) -> KeySet:
        age = time.monotonic() - self._loaded_at
        forced = force and age >= MIN_FORCED_RELOAD_SECONDS
        if forced or self._value is None or age > get_settings().signing_keys_max_age_seconds:
            return self.reload()
        return self._value

    def reload(self) -> KeySet:
        self._value = parse_key_document(_read_key_document())
        self._loaded_at = time.monotonic()
        return self._value


def _read_key_document() -> dict[str, Any]:
    settings = get_settings()
    if settings.signing_keys_file:
        return dict(json.loads(Path(settings.signing_keys_file).read_text()))
    if settings.signing_keys_secret_id:
        # max_age=0: caching is _KeySetCache's job, so a forced reload really reads the secret.
        secret = secret_store().get(
            settings.signing_keys_secret_id,
            transform="json",
            max_age=0,
            VersionStage="AWSCURRENT",
        )
        if not isinstance(secret, dict):
            raise RuntimeError("The signing keys secret is not a JSON object")
        return secret
    raise RuntimeError("Set SIGNING_KEYS_FILE or SIGNING_KEYS_SECRET_ID")


@lru_cache(maxsize=1)
def secret_store() -> "SecretStore":
    """Made on first use; deployed, the first token check or grant of an instance makes it."""
    # Imported here: functions that only read the key file (locally) or never verify a token
    # need no Secrets Manager client.
    from common.auth.secret_store import SecretStore

    return SecretStore()


key_cache = _KeySetCache()


def ensure_local_key_file(path: Path) -> None:
    """Local runs: create the key document once; it is kept across restarts under .local/."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rotate_key_document(None, keep_for=timedelta(0)), indent=2))
    path.chmod(0o600)
