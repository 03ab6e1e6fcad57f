"""`build_resolver()`: every function's resolver, with validation, its body type, its error
shape and the error mapping, so that every endpoint answers in the same envelope."""

from collections.abc import Sequence

from common.http.body import JsonBody, body_parser
from common.http.envelope import ErrorShape, Resolver, error_body
from common.http.errors import map_errors
from common.jsonio import serialize

# Seed 003's door is the canonical API itself: the canonical functions of the operations seed
# 003 documents are served under /compat/003 too (template.yaml, docs/seed-mapping.md).
SEED_003_PREFIX = "/compat/003"


def build_resolver(
    json_body: JsonBody = "object",
    error_shape: ErrorShape = error_body,
    strip_prefixes: Sequence[str] = (SEED_003_PREFIX,),
) -> Resolver:
    """A REST API resolver with request validation and the project's error mapping.
    `json_body` is the top-level JSON type the function's request body must have;
    `error_shape` how its errors look (a seed door's own); `strip_prefixes` the path prefixes
    its routes may also be served under (a door's /compat/NNN; the canonical API's, seed
    003's)."""
    app = Resolver(
        error_shape,
        enable_validation=True,
        serializer=serialize,
        json_body_deserializer=body_parser(json_body),
        strip_prefixes=list(strip_prefixes),
    )
    map_errors(app)
    return app
