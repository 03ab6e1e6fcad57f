"""What a request and a response may weigh: the body limits and Lambda's response size."""

import json
from collections.abc import Sequence
from typing import Any

from common.jsonio import serialize

# Bodies over 1 MB are refused (docs/decisions.md, "Input limits"; API Gateway's own is 10 MB).
MAX_BODY_BYTES = 1_048_576
# JSON nested deeper than this is refused before validation (docs/decisions.md, "Input
# limits"): the deepest valid body, a batch item's variant attribute, is 8 levels deep.
MAX_JSON_DEPTH = 32
# Lambda returns at most 6 MB: the proxy response as JSON, with the body escaped inside it.
# A response body stays under this, with room left for the status and headers.
MAX_RESPONSE_BODY = 5_500_000
# What a page's envelope and pagination take besides its items, at most.
_ENVELOPE_ROOM = 16_384


def fits_in_response(body: str) -> bool:
    """Whether `body` fits in Lambda's response once escaped (at most 12 bytes a character:
    a character outside the BMP becomes two \\u escapes)."""
    return len(body) * 12 <= MAX_RESPONSE_BODY or len(json.dumps(body)) <= MAX_RESPONSE_BODY


def items_that_fit(items: Sequence[Any]) -> int:
    """How many of `items`, from the first, one response body can carry (at least one: a
    single resource is far below the limit, as DynamoDB items are 400 KB at most)."""
    budget = MAX_RESPONSE_BODY - _ENVELOPE_ROOM
    for count, item in enumerate(items):
        budget -= len(json.dumps(serialize(item))) + 1
        if budget < 0:
            return max(count, 1)
    return len(items)
