"""What response models share: the `Output` base, timestamps, server-set (`readOnly`) fields.

Each resource's response model lives with its domain (products/views.py...); the envelopes
around them are the HTTP side's (http/schemas.py).
"""

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

# Amounts are Decimal end to end, written as JSON numbers (common/jsonio.py), never text.
Number = Annotated[Decimal, WithJsonSchema({"type": "number"})]
# Stored as RFC 3339 text ("2026-01-31T12:00:00Z"); served as stored.
Timestamp = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]


def read_only(description: str | None = None, **schema: Any) -> Any:
    """A field the server sets: `readOnly` in the document (a client never sends it)."""
    return Field(description=description, json_schema_extra={"readOnly": True, **schema})


class Output(BaseModel):
    """A response model: built from the stored model's attributes (`model_validate(stored,
    from_attributes=True)`), its schema built on first use, not at import (cold starts)."""

    model_config = ConfigDict(defer_build=True, from_attributes=True)
