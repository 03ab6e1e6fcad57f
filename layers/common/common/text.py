"""Bounded, printable text types shared by every model.

Each type's rule is also its JSON Schema (a `pattern`), so the OpenAPI document states exactly
what the API accepts: the schemathesis run (tests/http/test_fuzz_schemathesis.py) sends
schema-valid input and expects it accepted, and schema-invalid input and expects a 400. Lengths
count what the client sent, before trimming, as the schema's maxLength does.
"""

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

# Unicode category Cc (C0, DEL, C1), as explicit ranges: the same set in Python's `re`, the
# Rust and ECMA-262 engines that read the document.
CONTROL = r"\x00-\x1f\x7f-\x9f"
# What str.strip() removes, less the Cc characters (refused anyway).
SPACES = r"\x20\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Bidirectional controls: embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069),
# and the marks LRM, RLM and ALM. They reorder what is displayed ("Lamp\u202egpj.exe" shows
# as "Lampexe.jpg"): refused anywhere in a line.
BIDI = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Invisible characters: the Default_Ignorable_Code_Point set of the Basic Multilingual Plane,
# less the bidirectional controls (soft hyphen, zero-width space and joiners, word joiner,
# invisible operators, variation selectors, BOM, Hangul fillers...). Joiners and selectors
# belong inside words and emoji, so a line may contain them, but not start with one: its
# first character once trimmed is a visible one. Only the BMP: characters above it cannot be
# written in a pattern that ECMA-262 reads the same with and without its `u` flag.
INVISIBLE = (
    r"\xad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200d\u2060-\u2065"
    r"\u206a-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
)
# One line: no control character and no bidirectional control; once trimmed, it starts with a
# visible character.
LINE_PATTERN = f"^[{SPACES}]*[^{CONTROL}{BIDI}{SPACES}{INVISIBLE}][^{CONTROL}{BIDI}]*$"
# Paragraphs: newlines and tabs are the only control characters allowed.
PARAGRAPHS_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
_ALLOWED_IN_PARAGRAPHS = {"\n", "\r", "\t"}
_BIDI = re.compile(f"[{BIDI}]")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")


def _one_line(value: str) -> str:
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValueError("must not contain control characters")
    if _BIDI.search(value):
        raise ValueError(
            "must not contain bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, "
            "U+200F, U+061C)"
        )
    trimmed = value.strip()
    if not trimmed:
        raise ValueError("must not be blank")
    if _INVISIBLE.match(trimmed):
        raise ValueError(
            "must start with a visible character, not an invisible one such as U+200B or U+FEFF"
        )
    return trimmed


def _printable_paragraphs(value: str) -> str:
    if any(unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_IN_PARAGRAPHS for ch in value):
        raise ValueError("must not contain control characters other than newlines and tabs")
    return value


_LINE = (AfterValidator(_one_line), Field(json_schema_extra={"pattern": LINE_PATTERN}))
_PARAGRAPHS = (
    AfterValidator(_printable_paragraphs),
    Field(json_schema_extra={"pattern": PARAGRAPHS_PATTERN}),
)


def fullmatch(pattern: str, value: str) -> bool:
    """A document pattern (anchored ^...$) applied the way JSON Schema does: the whole string,
    no trailing newline slipping past `$`."""
    return re.fullmatch(pattern, value) is not None


# One line of text, 1 to N characters as sent; stored trimmed.
Name = Annotated[str, StringConstraints(min_length=1, max_length=200), *_LINE]
Identifier = Annotated[str, StringConstraints(min_length=1, max_length=128), *_LINE]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=64), *_LINE]
# Tenant and customer ids are parts of DynamoDB keys: no `#` or other separators, ever.
ACCOUNT_ID_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"
AccountId = Annotated[str, StringConstraints(pattern=ACCOUNT_ID_PATTERN)]
# Free text: newlines and tabs allowed.
ShortText = Annotated[str, StringConstraints(max_length=1_000), *_PARAGRAPHS]
Text = Annotated[str, StringConstraints(max_length=10_000), *_PARAGRAPHS]
LongText = Annotated[str, StringConstraints(max_length=50_000), *_PARAGRAPHS]
