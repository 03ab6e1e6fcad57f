"""Hashes for stored credentials: slow salted scrypt for client secrets, SHA-256 for tokens."""

import base64
import hashlib
import hmac
import secrets

# scrypt cost: ~50 ms and 16 MB per check on a Lambda core, one check per grant attempt: a
# bounded price for a failed attempt. Secrets are 256-bit random, so neither guessing at the
# token endpoint nor at a leaked table's hashes can succeed, whatever the attempt rate.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P, _SCRYPT_LEN = 2**14, 8, 1, 32


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        secret.encode(), salt=salt, n=n, r=r, p=p, dklen=_SCRYPT_LEN, maxmem=64 * 1024 * 1024
    )


def hash_secret(secret: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(secret, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_secret(secret: str, stored: str) -> bool:
    """Constant-time comparison; a malformed stored hash never matches."""
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
        cost = int(n), int(r), int(p)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    return hmac.compare_digest(_scrypt(secret, salt, *cost), expected)


# Checked when the client id is unknown, so response time does not reveal which ids exist.
# It is the hash of a discarded random secret.
_DUMMY_SALT, _DUMMY_DIGEST = (
    "d5e1OChSRytnlvDi2s+LCw==",
    "rsQOOx5DA0hwq7deGyKxHMXXEWmqQ76+xY/rDocxriM=",
)
DUMMY_SECRET_HASH = f"scrypt$16384$8$1${_DUMMY_SALT}${_DUMMY_DIGEST}"


def token_digest(token: str) -> str:
    """Refresh tokens are 256-bit random values: a plain SHA-256 is enough to store them."""
    return hashlib.sha256(token.encode()).hexdigest()
