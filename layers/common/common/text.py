"""Bounded, printable text types shared by every model."""

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

_ALLOWED_IN_PARAGRAPHS = {"\n", "\r", "\t"}


def _no_control_characters(value: str) -> str:
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValueError("must not contain control characters")
    return value


def _printable_paragraphs(value: str) -> str:
    if any(unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_IN_PARAGRAPHS for ch in value):
        raise ValueError("must not contain control characters other than newlines and tabs")
    return value


_line = AfterValidator(_no_control_characters)
_paragraphs = AfterValidator(_printable_paragraphs)

# One line of text: trimmed, no control characters.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), _line]
Identifier = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128), _line
]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64), _line]
# Tenant and customer ids are parts of DynamoDB keys: no `#` or other separators, ever.
ACCOUNT_ID_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"
AccountId = Annotated[str, StringConstraints(pattern=ACCOUNT_ID_PATTERN)]
# Free text: newlines and tabs allowed.
ShortText = Annotated[str, StringConstraints(max_length=1_000), _paragraphs]
Text = Annotated[str, StringConstraints(max_length=10_000), _paragraphs]
LongText = Annotated[str, StringConstraints(max_length=50_000), _paragraphs]
