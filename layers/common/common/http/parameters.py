"""Query parameters, checked on every route before routing: none repeated, none unknown."""

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from common.errors import ValidationFailed
from common.http.envelope import Resolver

QueryRewrite = Callable[[dict[str, str]], dict[str, str]]

REPEATED_PARAMETER = (
    "given more than once: give a query parameter once (list filters take comma-separated values)"
)


def refuse_repeated_parameters(event: dict[str, Any]) -> None:
    """A query parameter given more than once is a 400 naming it, on every route, before
    routing: which value counts would otherwise depend on the reader (powertools hands a query
    model the first value, API Gateway's queryStringParameters keep the last, and the Link
    header is built from those). Several values are one comma-separated parameter."""
    multi = event.get("multiValueQueryStringParameters") or {}
    repeated = sorted(
        name for name, values in multi.items() if isinstance(values, list) and len(values) > 1
    )
    if repeated:
        raise ValidationFailed(
            details=[{"field": name, "message": REPEATED_PARAMETER} for name in repeated]
        )


def rewrite_query(event: dict[str, Any], rewrite: QueryRewrite) -> None:
    params = rewrite(dict(event.get("queryStringParameters") or {}))
    event["queryStringParameters"] = params or None
    event["multiValueQueryStringParameters"] = {k: [v] for k, v in params.items()} or None


def query_models(app: Resolver) -> list[type[BaseModel]]:
    """The pydantic models the function's routes read their query into."""
    return [
        model
        for route in app.registered_routes
        for field in route.dependant.query_params
        if (model := _model_of(field)) is not None
    ]


def declared_query_parameters(app: Resolver) -> frozenset[str]:
    """The query parameters the function's routes declare (a model's fields count one by
    one). Read from powertools' registered routes, the same that validate them."""
    names: set[str] = set()
    for route in app.registered_routes:
        for field in route.dependant.query_params:
            model = _model_of(field)
            if model is None:
                names.add(field.alias)
            else:
                names.update(info.alias or name for name, info in model.model_fields.items())
    return frozenset(names)


def _model_of(field: Any) -> type[BaseModel] | None:
    """The model a route's query parameter is read into, None for a single parameter."""
    annotation = field.field_info.annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def refuse_unknown_parameters(event: dict[str, Any], known: frozenset[str]) -> None:
    """A query parameter the endpoint does not know is a 400 naming it, as Stripe answers:
    an ignored filter would return the wrong products without a word."""
    unknown = sorted(set(event.get("queryStringParameters") or {}) - known)
    if unknown:
        message = "unknown query parameter" + (
            f"; this endpoint takes {', '.join(sorted(known))}" if known else "; none is taken"
        )
        raise ValidationFailed(details=[{"field": name, "message": message} for name in unknown])
