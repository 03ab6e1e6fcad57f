"""Every DynamoDB call a function makes in the moto tests must be granted by its policy in
template.yaml. moto checks no IAM, so without this a missing grant (a GetItem a code path
added, an index a query started using) passes every test and fails only when deployed.

`recording(calls)` notes, while a function of the local gateway runs, each DynamoDB call with
the IAM actions it needs and the resource they apply to; `ungranted(template, calls)` lists
the ones no statement of that function allows.
"""

import fnmatch
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import pytest
from botocore.client import BaseClient

from local_api import gateway
from local_api.dynamodb import local_table_names
from local_api.template import Template

_FUNCTION: ContextVar[str | None] = ContextVar("invoked_function", default=None)
# The action each TransactWriteItems / TransactGetItems member needs.
_TRANSACT_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
    "Get": "GetItem",
}


@dataclass(frozen=True)
class Call:
    function: str
    action: str  # "dynamodb:GetItem"
    resource: str  # "ProductsTable", "ProductsTable/index/gsi1"


def _needs(operation: str, params: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """(action, table name, index name) for each permission the call needs."""
    if operation in ("TransactWriteItems", "TransactGetItems"):
        return [
            (_TRANSACT_ACTIONS[kind], request["TableName"], None)
            for item in params["TransactItems"]
            for kind, request in item.items()
        ]
    if operation in ("BatchGetItem", "BatchWriteItem"):
        return [(operation, table, None) for table in params["RequestItems"]]
    if "TableName" in params:
        return [(operation, params["TableName"], params.get("IndexName"))]
    return [(operation, "*", None)]


@contextmanager
def invoking(function: str) -> Iterator[None]:
    """Marks calls as `function`'s, for tests that call a handler without the gateway (the
    scheduled and stream functions)."""
    token = _FUNCTION.set(function)
    try:
        yield
    finally:
        _FUNCTION.reset(token)


@contextmanager
def recording(calls: list[Call], template: Template) -> Iterator[None]:
    logical_ids = {name: logical for logical, name in local_table_names(template).items()}
    original_invoke = gateway.FunctionPool.invoke
    original_call = getattr(BaseClient, "_make_api_call")  # noqa: B009 - private to botocore

    def invoke(pool: gateway.FunctionPool, event: dict[str, Any]) -> Any:
        with invoking(pool.name):
            return original_invoke(pool, event)

    def make_api_call(client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
        function = _FUNCTION.get()
        if function is not None and client.meta.service_model.service_name == "dynamodb":
            for action, table, index in _needs(operation, params):
                resource = logical_ids.get(table, table)
                if index:
                    resource = f"{resource}/index/{index}"
                calls.append(Call(function, f"dynamodb:{action}", resource))
        return original_call(client, operation, params)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gateway.FunctionPool, "invoke", invoke)
        patch.setattr(BaseClient, "_make_api_call", make_api_call)
        yield


def _resource_patterns(resource: Any) -> list[str]:
    """A statement's Resource as patterns over logical ids: `!GetAtt T.Arn` is "T",
    `!Sub "${T.Arn}/index/*"` is "T/index/*"; anything else matches nothing here."""
    if isinstance(resource, list):
        return [pattern for item in resource for pattern in _resource_patterns(item)]
    if isinstance(resource, dict) and "Fn::GetAtt" in resource:
        logical, attribute = resource["Fn::GetAtt"]
        return [logical] if attribute == "Arn" else []
    if isinstance(resource, dict) and isinstance(resource.get("Fn::Sub"), str):
        text = resource["Fn::Sub"]
        if text.startswith("${") and ".Arn}" in text:
            logical, rest = text[2:].split(".Arn}", 1)
            return [logical + rest]
    return []


def granted(template: Template, function: str) -> set[tuple[str, str]]:
    """(action, resource pattern) pairs the function's inline statements allow."""
    properties = template.resources[function]["Properties"]
    pairs = set()
    for policy in properties.get("Policies", []):
        for statement in policy.get("Statement", []):
            if statement.get("Effect") != "Allow":
                continue
            actions = statement["Action"]
            for action in [actions] if isinstance(actions, str) else actions:
                for pattern in _resource_patterns(statement["Resource"]):
                    pairs.add((action, pattern))
    return pairs


def ungranted(template: Template, calls: list[Call]) -> list[Call]:
    missing = []
    for call in dict.fromkeys(calls):  # each distinct call once, in order
        allowed = granted(template, call.function)
        if not any(
            action == call.action and fnmatch.fnmatchcase(call.resource, pattern)
            for action, pattern in allowed
        ):
            missing.append(call)
    return missing
