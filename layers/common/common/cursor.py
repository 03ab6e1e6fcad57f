"""Opaque, tamper-proof pagination cursors, bound to the caller's tenant and to the query.

A cursor is base64url(JSON position) + "." + HMAC-SHA256 over it and over the scope (tenant,
mode, visibility and the normalized query). A modified cursor, or one replayed with other
filters or by another tenant, fails the HMAC check and is refused with 400.
"""

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from common.auth.keys import key_cache
from common.errors import InvalidCursor

MAX_CURSOR_LENGTH = 2048


def _signature(payload: str, scope: str) -> str:
    mac = hmac.new(key_cache.get().cursor_secret, f"{scope}\n{payload}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:18]).decode()


def encode_cursor(position: dict[str, Any], scope: str) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(position, separators=(",", ":")).encode())
    text = payload.decode().rstrip("=")
    return f"{text}.{_signature(text, scope)}"


def decode_cursor(cursor: str, scope: str) -> dict[str, Any]:
    if len(cursor) > MAX_CURSOR_LENGTH or cursor.count(".") != 1:
        raise InvalidCursor(details=[{"field": "cursor", "message": "Malformed cursor"}])
    text, signature = cursor.split(".")
    if not hmac.compare_digest(signature, _signature(text, scope)):
        raise InvalidCursor(
            details=[{"field": "cursor", "message": "Cursor does not belong to this query"}]
        )
    try:
        position = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError) as exc:  # unreachable unless the secret leaked
        raise InvalidCursor(details=[{"field": "cursor", "message": "Malformed cursor"}]) from exc
    if not isinstance(position, dict):
        raise InvalidCursor(details=[{"field": "cursor", "message": "Malformed cursor"}])
    return position
