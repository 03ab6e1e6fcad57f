"""Cursors (docs/decisions.md, "Listing and cursors"): opaque, tamper-proof, bound to the
tenant and the query."""

import pytest

from common.cursor import MAX_CURSOR_LENGTH, decode_cursor, encode_cursor
from common.errors import InvalidCursor

pytestmark = pytest.mark.usefixtures("signing_keys")
SCOPE = "products|tenant-a|live|*|{}"


def test_a_cursor_gives_back_its_position() -> None:
    position = {"v": "2026-01-01T00:00:00Z#prod_1", "p": 2}
    cursor = encode_cursor(position, SCOPE)
    assert "tenant-a" not in cursor
    assert decode_cursor(cursor, SCOPE) == position


@pytest.mark.parametrize(
    "scope",
    [
        "products|tenant-b|live|*|{}",  # another tenant
        "products|tenant-a|test|*|{}",  # the other mode
        'products|tenant-a|live|*|{"status":["draft"]}',  # another query
    ],
)
def test_a_cursor_is_refused_in_another_scope(scope: str) -> None:
    cursor = encode_cursor({"v": "x", "p": 2}, SCOPE)
    with pytest.raises(InvalidCursor) as refused:
        decode_cursor(cursor, scope)
    assert refused.value.details == [
        {"field": "cursor", "message": "Cursor does not belong to this query"}
    ]


def test_a_modified_cursor_is_refused() -> None:
    cursor = encode_cursor({"v": "x", "p": 2}, SCOPE)
    payload, signature = cursor.split(".")
    forged = encode_cursor({"v": "y", "p": 2}, SCOPE).split(".")[0]
    with pytest.raises(InvalidCursor):
        decode_cursor(f"{forged}.{signature}", SCOPE)
    with pytest.raises(InvalidCursor):
        decode_cursor(f"{payload}.{signature[:-2]}AA", SCOPE)


@pytest.mark.parametrize("cursor", ["", "no-dot", "a.b.c", "x" * (MAX_CURSOR_LENGTH + 1) + ".sig"])
def test_malformed_cursors_are_refused(cursor: str) -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(cursor, SCOPE)
