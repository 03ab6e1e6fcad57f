"""The error envelope's models: what every error response of the canonical API (and of API
Gateway in front of it) looks like, for the OpenAPI documents (scripts/generate_openapi.py).

Error responses are made as plain values by common/http/errors.py, so no function builds these
six classes (one a RootModel): ~2 ms of every function's cold start (docs/performance.md). The
HTTP tests check every error response against the document these models describe.
"""

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, RootModel, WithJsonSchema

from common.errors import error_codes
from common.representation import Output

# API Gateway's $context.requestTime, the only time its own error responses can carry.
GATEWAY_TIME_PATTERN = r"^[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2} \+0000$"


class RateLimitMeta(Output):
    limit: int = Field(description="Requests per minute")
    remaining: int
    reset: int = Field(description="Epoch seconds when the minute's count starts again")


class ErrorMeta(Output):
    request_id: str
    timestamp: Annotated[
        str,
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "string", "format": "date-time"},
                    {"type": "string", "pattern": GATEWAY_TIME_PATTERN},
                ],
                "description": "Responses of API Gateway itself (401 before the authorizer, "
                "404 for no route, 413, 429 from stage throttling, 5xx) carry its "
                "`$context.requestTime`",
            }
        ),
    ]
    rate_limit: RateLimitMeta | None = Field(
        default=None, description="On 429 rate_limit_exceeded: the client's limit"
    )


class FieldProblem(Output):
    """One field at fault: where (`variants[1].sku`; a batch's items name their index first),
    and what is wrong with it."""

    model_config = ConfigDict(extra="allow")

    field: str
    message: str


class ErrorFacts(RootModel[dict[str, Any]]):
    """The facts of an error that is not about fields (the current ETag of a 412...)."""


class ErrorInfo(Output):
    code: Annotated[
        str,
        WithJsonSchema(
            {
                "type": "string",
                "enum": error_codes(),
                "description": "Stable machine-readable code: each operation's error "
                "responses list theirs (`x-error-codes`)",
            }
        ),
    ]
    message: str = Field(description="For people; may change")
    details: list[FieldProblem] | ErrorFacts | str | None = Field(
        description="The fields at fault, or the error's facts, or (429) a sentence; or null"
    )


class ErrorEnvelope(Output):
    """Every error response of the canonical API (and of API Gateway in front of it)."""

    status: Literal["error"]
    error: ErrorInfo
    meta: ErrorMeta
