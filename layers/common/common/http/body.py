"""Request bodies: made JSON before validation, and parsed with their top-level type checked."""

import json
from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import parse_qs

from common.errors import InvalidJson, PayloadTooLarge, UnsupportedMediaType, ValidationFailed
from common.http.envelope import JSON_CONTENT_TYPE
from common.http.limits import MAX_BODY_BYTES, MAX_JSON_DEPTH
from common.jsonio import NumberOutOfRange, deserialize, nesting_depth

JsonBody = Literal["object", "array"]


def body_parser(expected: JsonBody) -> Callable[[str], Any]:
    """Parses a request body and checks its top-level type. powertools would otherwise take
    the first element of an array sent where one object is expected."""
    expected_type = dict if expected == "object" else list

    def parse(text: str) -> Any:
        too_deep = ValidationFailed(
            details=[
                {"field": "body", "message": f"JSON may nest at most {MAX_JSON_DEPTH} levels deep"}
            ]
        )
        try:
            value = deserialize(text)
        except RecursionError:  # Python's parser gives up near 1,000 levels
            raise too_deep from None
        except NumberOutOfRange as exc:  # malformed JSON goes on to powertools' json_invalid
            raise InvalidJson(details=[{"field": "body", "message": str(exc)}]) from None
        if nesting_depth(value) > MAX_JSON_DEPTH:
            raise too_deep
        if not isinstance(value, expected_type):
            raise ValidationFailed(
                details=[{"field": "body", "message": f"The body must be a JSON {expected}"}]
            )
        return value

    return parse


def normalize_body(event: dict[str, Any]) -> None:
    """Bodies reach the validator as JSON: +json media types (application/merge-patch+json)
    are JSON already, and form-encoded bodies (OAuth clients send them) become one JSON object
    of single values, so both are validated by the same models in the same way. Multipart
    bodies are refused (415), and so are bodies over 1 MB (413), before anything parses them."""
    body = event.get("body") or ""
    size = (
        len(body) * 3 // 4
        if event.get("isBase64Encoded")
        else len(body.encode("utf-8", "surrogatepass"))
    )
    if size > MAX_BODY_BYTES:
        raise PayloadTooLarge(
            details=[{"field": "body", "message": f"at most {MAX_BODY_BYTES} bytes"}]
        )
    headers = event.get("headers") or {}
    for name, value in list(headers.items()):
        if name.lower() != "content-type" or not isinstance(value, str):
            continue
        media_type = value.split(";")[0].strip().lower()
        if media_type.startswith("application/") and media_type.endswith("+json"):
            headers[name] = JSON_CONTENT_TYPE
        elif media_type.startswith("multipart/"):
            # Powertools would parse it (and fail on a missing boundary); this API takes JSON.
            raise UnsupportedMediaType(
                details=[{"field": "Content-Type", "message": "Must be application/json"}]
            )
        elif media_type == "application/x-www-form-urlencoded" and not event.get("isBase64Encoded"):
            fields = parse_qs(event.get("body") or "", keep_blank_values=True)
            event["body"] = json.dumps({key: values[-1] for key, values in fields.items()})
            headers[name] = JSON_CONTENT_TYPE
