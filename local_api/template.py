"""Reads template.yaml: the routes, the authorizer, the gateway responses, the tables and the
functions' environment. The local API, the unit tests' tables and the admin CLI all take their
shape from here, so nothing can drift from what is deployed."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_PATH = ROOT / "template.yaml"
ANY = "ANY"  # SAM's `Method: any`: every method the resource does not declare


class _CloudFormationLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short-form intrinsics (!Ref, !GetAtt, !Sub, ...)."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = str(value).split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


_CloudFormationLoader.add_multi_constructor("!", _intrinsic)


def load_template(path: Path = TEMPLATE_PATH) -> dict[str, Any]:
    return dict(yaml.load(path.read_text(), Loader=_CloudFormationLoader))  # noqa: S506 - SafeLoader subclass


@dataclass(frozen=True)
class Route:
    method: str  # upper case
    path: str  # as in the template, e.g. /api/v1/products/{product_id}
    function: str  # logical id
    code_uri: Path
    handler: str
    authorized: bool


@dataclass(frozen=True)
class Schedule:
    """A function's Schedule event: `rate(N unit)`, as seconds between invocations."""

    function: str  # logical id
    code_uri: Path
    handler: str
    every_seconds: float


_RATE = re.compile(r"rate\((\d+) (minute|minutes|hour|hours|day|days)\)")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def rate_seconds(expression: str) -> int:
    """Seconds of an EventBridge `rate(...)` expression; cron expressions are not served."""
    match = _RATE.fullmatch(expression.strip())
    if match is None:
        raise ValueError(f"Only rate(...) schedules run locally, not {expression!r}")
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2).rstrip("s")]


@dataclass(frozen=True)
class GatewayResponse:
    status: int | None
    body_template: str | None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AuthorizerConfig:
    function: str
    code_uri: Path
    handler: str
    header: str
    validation_expression: str | None
    cache_seconds: int


class Template:
    def __init__(self, document: dict[str, Any], root: Path = ROOT) -> None:
        self.document = document
        self.root = root
        self.resources: dict[str, Any] = document.get("Resources", {})
        self.globals: dict[str, Any] = document.get("Globals", {}).get("Function", {})

    @classmethod
    def load(cls, path: Path = TEMPLATE_PATH) -> "Template":
        return cls(load_template(path), root=path.parent)

    def parameter_default(self, name: str) -> Any:
        return self.document.get("Parameters", {})[name].get("Default")

    def resolve(self, value: Any, refs: dict[str, Any] | None = None) -> Any:
        """Resolves Ref to parameters (their defaults) or to the given resource values."""
        refs = refs or {}
        if isinstance(value, dict) and "Ref" in value:
            name = value["Ref"]
            if name in refs:
                return refs[name]
            if name in self.document.get("Parameters", {}):
                return self.parameter_default(name)
            raise KeyError(f"Cannot resolve Ref {name} locally")
        return value

    def resources_of_type(self, kind: str) -> dict[str, dict[str, Any]]:
        return {name: res for name, res in self.resources.items() if res.get("Type") == kind}

    def _function_props(self, logical_id: str) -> dict[str, Any]:
        return dict(self.resources[logical_id].get("Properties", {}))

    def _code(self, logical_id: str) -> tuple[Path, str]:
        props = self._function_props(logical_id)
        handler = props.get("Handler", self.globals.get("Handler", "app.lambda_handler"))
        return self.root / props["CodeUri"], handler

    def api_logical_id(self) -> str:
        apis = self.resources_of_type("AWS::Serverless::Api")
        if len(apis) != 1:
            raise ValueError("The local API serves exactly one AWS::Serverless::Api")
        return next(iter(apis))

    def _api_props(self) -> dict[str, Any]:
        return dict(self.resources[self.api_logical_id()].get("Properties", {}))

    def routes(self) -> list[Route]:
        """The API's operations: every Api event but the `ANY` ones (fallback_routes)."""
        return [route for route in self._api_routes() if route.method != ANY]

    def fallback_routes(self) -> list[Route]:
        """The `ANY` methods: what API Gateway invokes for a method its resource does not
        declare (405, functions/method_not_allowed)."""
        return [route for route in self._api_routes() if route.method == ANY]

    def _api_routes(self) -> list[Route]:
        default_authorizer = self._api_props().get("Auth", {}).get("DefaultAuthorizer")
        routes = []
        for name, resource in self.resources_of_type("AWS::Serverless::Function").items():
            code_uri, handler = self._code(name)
            for event in resource.get("Properties", {}).get("Events", {}).values():
                if event.get("Type") != "Api":
                    continue
                props = event["Properties"]
                authorizer = props.get("Auth", {}).get("Authorizer", default_authorizer)
                routes.append(
                    Route(
                        method=props["Method"].upper(),
                        path=props["Path"],
                        function=name,
                        code_uri=code_uri,
                        handler=handler,
                        authorized=authorizer not in (None, "NONE"),
                    )
                )
        return routes

    def schedules(self) -> list[Schedule]:
        """Every function's Schedule events (the batch sweeper's, for one)."""
        found = []
        for name, resource in self.resources_of_type("AWS::Serverless::Function").items():
            code_uri, handler = self._code(name)
            for event in resource.get("Properties", {}).get("Events", {}).values():
                if event.get("Type") == "Schedule":
                    seconds = rate_seconds(event["Properties"]["Schedule"])
                    found.append(Schedule(name, code_uri, handler, seconds))
        return found

    def authorizer(self) -> AuthorizerConfig:
        auth = self._api_props()["Auth"]
        config = auth["Authorizers"][auth["DefaultAuthorizer"]]
        function = config["FunctionArn"]["Fn::GetAtt"][0]
        code_uri, handler = self._code(function)
        identity = config.get("Identity", {})
        return AuthorizerConfig(
            function=function,
            code_uri=code_uri,
            handler=handler,
            header=identity.get("Header", "Authorization"),
            validation_expression=identity.get("ValidationExpression"),
            cache_seconds=int(self.resolve(identity.get("ReauthorizeEvery", 300))),
        )

    def memory_size(self, function: str) -> int:
        """A function's MemorySize in MB: its own, or the Globals'."""
        own = self.resources[function]["Properties"].get("MemorySize")
        default = self.document.get("Globals", {}).get("Function", {}).get("MemorySize", 128)
        return int(own if own is not None else default)

    def minimum_compression_size(self) -> int | None:
        """The smallest body API Gateway compresses; None: it compresses nothing."""
        size = self._api_props().get("MinimumCompressionSize")
        return None if size is None else int(size)

    def gateway_responses(self) -> dict[str, GatewayResponse]:
        responses = {}
        for kind, spec in self._api_props().get("GatewayResponses", {}).items():
            headers = spec.get("ResponseParameters", {}).get("Headers", {})
            responses[kind] = GatewayResponse(
                status=int(spec["StatusCode"]) if "StatusCode" in spec else None,
                body_template=spec.get("ResponseTemplates", {}).get("application/json"),
                # Static header values are quoted in the template: 'Bearer' -> Bearer.
                headers={name: str(value).strip("'") for name, value in headers.items()},
            )
        return responses

    def environment(self, refs: dict[str, Any]) -> dict[str, str]:
        """The functions' Globals environment; a variable that resolves to None is left out."""
        variables = self.globals.get("Environment", {}).get("Variables", {})
        resolved = {name: self.resolve(value, refs) for name, value in variables.items()}
        return {name: str(value) for name, value in resolved.items() if value is not None}

    def table_definitions(self) -> dict[str, dict[str, Any]]:
        """CreateTable arguments for every AWS::DynamoDB::Table, keyed by logical id."""
        definitions = {}
        for name, resource in self.resources_of_type("AWS::DynamoDB::Table").items():
            props = resource["Properties"]
            definition: dict[str, Any] = {
                "AttributeDefinitions": props["AttributeDefinitions"],
                "KeySchema": props["KeySchema"],
                "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
            }
            if "GlobalSecondaryIndexes" in props:
                definition["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
            if "StreamSpecification" in props:
                definition["StreamSpecification"] = {
                    "StreamEnabled": True,
                    **props["StreamSpecification"],
                }
            definitions[name] = definition
        return definitions

    def time_to_live(self) -> dict[str, str]:
        """Logical id -> TTL attribute, for tables that expire items."""
        ttl = {}
        for name, resource in self.resources_of_type("AWS::DynamoDB::Table").items():
            spec = resource["Properties"].get("TimeToLiveSpecification")
            if spec and spec.get("Enabled"):
                ttl[name] = spec["AttributeName"]
        return ttl
