"""A local stand-in for API Gateway (REST, Lambda proxy integration), driven by template.yaml.

It does what API Gateway does in front of the functions, and nothing of the API itself:
match the route, run the TOKEN authorizer (with its identity validation expression and its
per-token policy cache), answer with the template's gateway responses, build the proxy event
the handlers get in AWS, and turn the handler's result into an HTTP response.
"""

import base64
import gzip
import importlib.util
import json
import logging
import multiprocessing
import re
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from local_api.capacity import Capacity, Limits, Throttled
from local_api.template import ANY, AuthorizerConfig, GatewayResponse, Route, Template

log = logging.getLogger(__name__)

ACCOUNT_ID, REGION, API_ID, STAGE = "123456789012", "us-east-1", "local", "local"
MAX_PAYLOAD_BYTES = 10 * 1024 * 1024  # API Gateway's own limit
POLICY_CACHE_PRUNE_AT = 1_000  # cached authorizer results before the expired ones are dropped
Handler = Callable[[dict[str, Any], Any], Any]


@dataclass
class LambdaContext:
    """The attributes of the Lambda context object that handlers and powertools read."""

    function_name: str
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    memory_limit_in_mb: int = 512
    function_version: str = "$LATEST"

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


_module_counter = 0
_module_lock = threading.Lock()


def load_module(code_uri: Path, handler: str) -> ModuleType:
    """Imports a function's module from its CodeUri under a unique name (every function has an
    app.py), as a fresh Lambda instance would."""
    global _module_counter  # noqa: PLW0603 - a process-wide counter of loaded instances
    module_name = handler.rsplit(".", 1)[0]
    with _module_lock:
        _module_counter += 1
        unique = f"lambda_{code_uri.name}_{_module_counter}"
    spec = importlib.util.spec_from_file_location(unique, code_uri / f"{module_name}.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"Cannot load {code_uri}/{module_name}.py")
    module: ModuleType = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_handler(code_uri: Path, handler: str) -> Handler:
    """A fresh instance of a function (see load_module) and its handler."""
    return getattr(load_module(code_uri, handler), handler.rsplit(".", 1)[1])  # type: ignore[no-any-return]


class InstanceFailed(RuntimeError):
    """A function instance raised or died: API Gateway answers 502, as for a Lambda error."""


def _serve_instance(conn: Connection, code_uri: str, handler: str) -> None:
    """A worker process's loop: one instance of a function, one invocation at a time."""
    instance = load_handler(Path(code_uri), handler)
    while True:
        try:
            event, context = conn.recv()
        except EOFError:
            return  # the gateway closed the pipe: the instance is retired
        try:
            conn.send((True, instance(event, context)))
        except Exception:
            log.exception("%s raised", handler)
            conn.send((False, traceback.format_exc()))


class FunctionInstance(Protocol):
    """One instance of a function: it serves one invocation at a time."""

    @property
    def alive(self) -> bool: ...

    def __call__(self, event: dict[str, Any], context: LambdaContext) -> Any: ...

    def close(self) -> None: ...


class _ProcessInstance:
    """A function instance in its own process, as Lambda gives each instance its own sandbox:
    nothing module- or class-level is shared between concurrent requests."""

    def __init__(self, code_uri: Path, handler: str) -> None:
        spawn = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._conn, child = spawn.Pipe()
        self._process = spawn.Process(
            target=_serve_instance, args=(child, str(code_uri), handler), daemon=True
        )
        self._process.start()
        child.close()

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    def __call__(self, event: dict[str, Any], context: LambdaContext) -> Any:
        try:
            self._conn.send((event, context))
            ok, value = self._conn.recv()
        except (EOFError, OSError) as error:
            self._process.join(timeout=5)
            raise InstanceFailed(f"instance exited (code {self._process.exitcode})") from error
        if not ok:
            raise InstanceFailed(value)
        return value

    def close(self) -> None:
        self._conn.close()
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(timeout=5)


# Powertools keeps the event being handled in a class attribute (BaseRouter.current_event),
# shared by every resolver in a process. Lambda runs one request per process, so that is safe
# there; in-process instances (the unit tests' gateway, on moto) would read each other's body,
# path and authorizer context, so they run one invocation at a time. Reentrant: a unit test may
# send a request from inside another (a competitor's write landing mid-request); the outer
# request gets its own event back afterwards.
_IN_PROCESS_LOCK = threading.RLock()


class _ModuleInstance:
    """A function instance imported into this process (see _IN_PROCESS_LOCK)."""

    alive = True

    def __init__(self, code_uri: Path, handler: str) -> None:
        self._handler = load_handler(code_uri, handler)

    def __call__(self, event: dict[str, Any], context: LambdaContext) -> Any:
        from aws_lambda_powertools.event_handler.api_gateway import BaseRouter

        with _IN_PROCESS_LOCK:
            names = ("current_event", "lambda_context")
            outer = {name: BaseRouter.__dict__.get(name) for name in names}
            try:
                return self._handler(event, context)
            finally:
                for name, value in outer.items():
                    setattr(BaseRouter, name, value)

    def close(self) -> None:
        pass  # the module is garbage once no pool holds it


class FunctionPool:
    """Instances of one function. Like Lambda, an instance serves one request at a time, and a
    request finding every instance busy starts a new one (a cold start) within the limits of
    its capacity (local_api/capacity.py: caps, queue, throttle, idle retirement), which the
    pools of one gateway share.

    isolated: each instance is a worker process, so requests run truly concurrently, as in
    AWS (`make run`). Otherwise instances are modules imported in this process (moto's state
    is in-process) and invocations of every function are serialized (see _IN_PROCESS_LOCK).
    """

    def __init__(
        self,
        name: str,
        code_uri: Path,
        handler: str,
        isolated: bool = False,
        capacity: Capacity[FunctionInstance] | None = None,
    ) -> None:
        self.name, self.code_uri, self.handler = name, code_uri, handler
        self.isolated = isolated
        self._owns_capacity = capacity is None
        self.capacity: Capacity[FunctionInstance] = capacity or Capacity()

    def invoke(self, event: dict[str, Any]) -> Any:
        """The function's result; InstanceFailed if it raised or died, Throttled if no
        instance came free in time."""
        instance = self.capacity.acquire(self.name, self._new_instance)
        try:
            return instance(event, LambdaContext(function_name=self.name))
        finally:
            self.capacity.release(self.name, instance, reusable=instance.alive)

    def _new_instance(self) -> FunctionInstance:
        if self.isolated:
            return _ProcessInstance(self.code_uri, self.handler)
        return _ModuleInstance(self.code_uri, self.handler)

    def close(self) -> None:
        """Retires the idle instances (worker processes exit)."""
        if self._owns_capacity:
            self.capacity.close()
        else:
            self.capacity.retire_idle(function=self.name)


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class _Resource:
    """A path of the API and its methods (ANY: the fallback for the others)."""

    path: str
    pattern: re.Pattern[str]
    methods: dict[str, Route]

    @property
    def precedence(self) -> tuple[int, ...]:
        # API Gateway walks the resource tree: at each level a literal segment wins over a
        # {parameter} (POST /products/batch is not /products/{product_id}).
        return tuple(int(segment.startswith("{")) for segment in self.path.split("/"))


def _resources(routes: list[Route]) -> list[_Resource]:
    by_path: dict[str, dict[str, Route]] = {}
    for route in routes:
        by_path.setdefault(route.path, {})[route.method] = route
    resources = []
    for path, methods in by_path.items():
        regex = re.sub(r"\\\{([A-Za-z0-9_]+)\\\}", r"(?P<\1>[^/]+)", re.escape(path))
        # As API Gateway (REST): a request path's trailing slash reaches the same resource
        # (seed 004's clients write /v1/products/); the event's `path` keeps it.
        resources.append(_Resource(path, re.compile(f"^{regex}/?$"), methods))
    return sorted(resources, key=lambda resource: resource.precedence)


def _accepts_gzip(headers: list[tuple[str, str]]) -> bool:
    """Whether Accept-Encoding allows gzip (by name or `*`, with a q-value above 0)."""
    for name, value in headers:
        if name.lower() != "accept-encoding":
            continue
        for coding in value.split(","):
            token, _, params = coding.strip().partition(";")
            quality = params.strip().removeprefix("q=").strip() if "q=" in params else "1"
            try:
                accepted = float(quality) > 0
            except ValueError:
                accepted = False
            if token.strip().lower() in ("gzip", "*") and accepted:
                return True
    return False


def compressed(
    response: HttpResponse, request_headers: list[tuple[str, str]], minimum: int | None
) -> HttpResponse:
    """The response as API Gateway sends it with MinimumCompressionSize: gzip-compressed when
    the client accepts gzip and the body is at least `minimum` bytes, not already encoded."""
    encoded = any(name.lower() == "content-encoding" for name, _ in response.headers)
    if minimum is None or encoded or len(response.body) < minimum:
        return response
    if not _accepts_gzip(request_headers):
        return response
    varies = [value for name, value in response.headers if name.lower() == "vary"]
    headers = [(name, value) for name, value in response.headers if name.lower() != "vary"]
    headers += [("Content-Encoding", "gzip"), ("Vary", ", ".join([*varies, "Accept-Encoding"]))]
    return HttpResponse(response.status, headers, gzip.compress(response.body, mtime=0))


def _arn_matches(pattern: str, arn: str) -> bool:
    return re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), arn) is not None


class LocalGateway:
    """isolated: run each function instance in its own process (see FunctionPool).
    limits: the instance caps, queue and idle retirement every function shares (capacity.py)."""

    def __init__(
        self, template: Template, isolated: bool = False, limits: Limits | None = None
    ) -> None:
        routes = template.routes() + template.fallback_routes()
        self.resources = _resources(routes)
        self.gateway_responses = template.gateway_responses()
        self.minimum_compression_size = template.minimum_compression_size()
        self.authorizer_config: AuthorizerConfig = template.authorizer()
        self.capacity: Capacity[FunctionInstance] = Capacity(limits)
        self.authorizer = FunctionPool(
            self.authorizer_config.function,
            self.authorizer_config.code_uri,
            self.authorizer_config.handler,
            isolated,
            self.capacity,
        )
        self.functions = {
            r.function: FunctionPool(r.function, r.code_uri, r.handler, isolated, self.capacity)
            for r in routes
        }
        # Authorizer results by token, as API Gateway caches them (ReauthorizeEvery).
        self._policy_cache: dict[str, tuple[float, dict[str, Any]]] = {}
        self._prune_policies_at = POLICY_CACHE_PRUNE_AT
        self._cache_lock = threading.Lock()

    def close(self) -> None:
        self.capacity.close()

    # -------------------------------------------------------------- request handling ---
    def handle(
        self,
        method: str,
        raw_url: str,
        headers: list[tuple[str, str]],
        body: bytes,
        source_ip: str = "127.0.0.1",
    ) -> HttpResponse:
        response = self._answer(method, raw_url, headers, body, source_ip)
        return compressed(response, headers, self.minimum_compression_size)

    def _answer(
        self,
        method: str,
        raw_url: str,
        headers: list[tuple[str, str]],
        body: bytes,
        source_ip: str,
    ) -> HttpResponse:
        request_id = str(uuid.uuid4())
        url = urlsplit(raw_url)
        path = url.path
        context: dict[str, Any] = {"requestId": request_id}
        if len(body) > MAX_PAYLOAD_BYTES:
            return self.payload_too_large(request_id)
        matched = self._match(method.upper(), path)
        if matched is None:
            return self._gateway_response("MISSING_AUTHENTICATION_TOKEN", 403, context)
        route, path_parameters = matched
        authorizer_context: dict[str, Any] | None = None
        if route.authorized:
            outcome = self._authorize(route, method, path, headers, context)
            if isinstance(outcome, HttpResponse):
                return outcome
            authorizer_context = outcome
        event = self._proxy_event(
            route,
            method,
            path,
            url.query,
            headers,
            body,
            path_parameters,
            request_id,
            authorizer_context,
            source_ip,
        )
        try:
            result = self.functions[route.function].invoke(event)
        except Throttled:
            log.warning("%s throttled on %s %s", route.function, method, path)
            # Lambda refuses the invocation (429 TooManyRequestsException); API Gateway answers
            # a refused invocation with a 500 (INTEGRATION_FAILURE, rendered as DEFAULT_5XX).
            return self._gateway_response("INTEGRATION_FAILURE", 500, context)
        except Exception:
            # Lambda writes the traceback to the function's log; so does the local API.
            log.exception("%s failed on %s %s", route.function, method, path)
            return self._gateway_response("DEFAULT_5XX", 502, context)
        return self._to_http(result)

    def payload_too_large(self, request_id: str | None = None) -> HttpResponse:
        """API Gateway's answer to a body over its payload limit (REQUEST_TOO_LARGE)."""
        context = {"requestId": request_id or str(uuid.uuid4())}
        return self._gateway_response("REQUEST_TOO_LARGE", 413, context)

    def _match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        """As API Gateway: the resource first, then its method, else its ANY method; None
        (MISSING_AUTHENTICATION_TOKEN) for a path no resource matches."""
        for resource in self.resources:
            found = resource.pattern.match(path)
            if found:
                route = resource.methods.get(method) or resource.methods.get(ANY)
                if route is None:
                    return None
                return route, {k: unquote(v) for k, v in found.groupdict().items()}
        return None

    def _authorize(
        self,
        route: Route,
        method: str,
        path: str,
        headers: list[tuple[str, str]],
        context: dict[str, Any],
    ) -> HttpResponse | dict[str, Any]:
        config = self.authorizer_config
        token = next((v for k, v in headers if k.lower() == config.header.lower()), None)
        expression = config.validation_expression
        if not token or (expression and not re.fullmatch(expression, token)):
            return self._gateway_response("UNAUTHORIZED", 401, context)
        method_arn = (
            f"arn:aws:execute-api:{REGION}:{ACCOUNT_ID}:{API_ID}/{STAGE}/{method.upper()}{path}"
        )
        policy = self._cached_policy(token, method_arn)
        if policy is None:
            return self._gateway_response("AUTHORIZER_FAILURE", 500, context)
        auth_context = {**policy.get("context", {}), "principalId": policy.get("principalId")}
        context["authorizer"] = auth_context
        if not self._allows(policy, method_arn):
            return self._gateway_response("ACCESS_DENIED", 403, context)
        return auth_context

    def _cached_policy(self, token: str, method_arn: str) -> dict[str, Any] | None:
        now = time.monotonic()
        with self._cache_lock:
            cached = self._policy_cache.get(token)
        if cached and cached[0] > now:
            return cached[1]
        event = {"type": "TOKEN", "authorizationToken": token, "methodArn": method_arn}
        try:
            policy = self.authorizer.invoke(event)
        except Exception:  # noqa: BLE001 - any authorizer crash is AUTHORIZER_FAILURE in AWS
            return None
        if not isinstance(policy, dict) or "policyDocument" not in policy:
            return None
        if self.authorizer_config.cache_seconds > 0:
            with self._cache_lock:
                if len(self._policy_cache) >= self._prune_policies_at:
                    # Entries are only ever replaced: without pruning, every distinct token
                    # seen (a load test's, an attacker's) would stay in memory. The next prune
                    # waits for the cache to double, so inserts stay O(1) amortized.
                    self._policy_cache = {
                        key: entry for key, entry in self._policy_cache.items() if entry[0] > now
                    }
                    self._prune_policies_at = max(
                        POLICY_CACHE_PRUNE_AT, 2 * len(self._policy_cache)
                    )
                expiry = now + self.authorizer_config.cache_seconds
                self._policy_cache[token] = (expiry, policy)
        return policy

    @staticmethod
    def _allows(policy: dict[str, Any], method_arn: str) -> bool:
        allowed = False
        for statement in policy["policyDocument"].get("Statement", []):
            resources = statement.get("Resource", [])
            resources = [resources] if isinstance(resources, str) else resources
            if any(_arn_matches(resource, method_arn) for resource in resources):
                if statement.get("Effect") == "Deny":
                    return False  # an explicit Deny always wins
                allowed = allowed or statement.get("Effect") == "Allow"
        return allowed

    # -------------------------------------------------------------- events and responses -
    @staticmethod
    def _proxy_event(
        route: Route,
        method: str,
        path: str,
        query: str,
        headers: list[tuple[str, str]],
        body: bytes,
        path_parameters: dict[str, str],
        request_id: str,
        authorizer_context: dict[str, Any] | None,
        source_ip: str,
    ) -> dict[str, Any]:
        multi_headers: dict[str, list[str]] = {}
        for name, value in headers:
            multi_headers.setdefault(name, []).append(value)
        multi_query = parse_qs(query, keep_blank_values=True) if query else {}
        now = datetime.now(UTC)
        try:
            text_body: str | None = body.decode("utf-8") if body else None
            is_base64 = False
        except UnicodeDecodeError:
            text_body, is_base64 = base64.b64encode(body).decode(), True
        request_context: dict[str, Any] = {
            "accountId": ACCOUNT_ID,
            "apiId": API_ID,
            "resourceId": "local",
            "resourcePath": route.path,
            "httpMethod": method.upper(),
            "path": f"/{STAGE}{path}",
            "stage": STAGE,
            "requestId": request_id,
            "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "requestTimeEpoch": int(now.timestamp() * 1000),
            "protocol": "HTTP/1.1",
            "identity": {
                "sourceIp": source_ip,
                "userAgent": (multi_headers.get("User-Agent") or [""])[-1],
            },
        }
        if authorizer_context is not None:
            request_context["authorizer"] = authorizer_context
        return {
            "resource": route.path,
            "path": path,
            "httpMethod": method.upper(),
            "headers": {name: values[-1] for name, values in multi_headers.items()} or None,
            "multiValueHeaders": multi_headers or None,
            "queryStringParameters": {k: v[-1] for k, v in multi_query.items()} or None,
            "multiValueQueryStringParameters": multi_query or None,
            "pathParameters": path_parameters or None,
            "stageVariables": None,
            "requestContext": request_context,
            "body": text_body,
            "isBase64Encoded": is_base64,
        }

    @staticmethod
    def _to_http(result: Any) -> HttpResponse:
        if not isinstance(result, dict) or "statusCode" not in result:
            return HttpResponse(
                502, [("Content-Type", "application/json")], b'{"message": "Internal server error"}'
            )
        headers: list[tuple[str, str]] = []
        single = result.get("headers") or {}
        multi = result.get("multiValueHeaders") or {}
        for name, value in single.items():
            if name not in multi:
                headers.append((name, str(value)))
        for name, values in multi.items():
            headers.extend((name, str(value)) for value in values)
        body = result.get("body") or ""
        raw = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode()
        return HttpResponse(int(result["statusCode"]), headers, raw)

    def _gateway_response(
        self, kind: str, default_status: int, context: dict[str, Any]
    ) -> HttpResponse:
        """Renders a gateway response from the template; falls back to DEFAULT_4XX/5XX."""
        family = "DEFAULT_5XX" if default_status >= 500 else "DEFAULT_4XX"
        spec = self.gateway_responses.get(kind) or self.gateway_responses.get(family)
        status = (spec.status if spec and spec.status else None) or default_status
        headers = [("Content-Type", "application/json"), ("x-amzn-RequestId", context["requestId"])]
        if spec is None or spec.body_template is None:
            body = json.dumps({"message": kind.replace("_", " ").capitalize()})
        else:
            body = _render(spec, context)
            headers.extend(spec.headers.items())
        return HttpResponse(status, headers, body.encode())


def _render(spec: GatewayResponse, context: dict[str, Any]) -> str:
    """API Gateway's substitution of $context variables in a gateway response template."""
    authorizer = context.get("authorizer") or {}
    values = {
        "$context.requestId": context["requestId"],
        "$context.requestTime": datetime.now(UTC).strftime("%d/%b/%Y:%H:%M:%S +0000"),
    }
    text = spec.body_template or ""
    text = re.sub(
        r"\$context\.authorizer\.([A-Za-z0-9_]+)",
        lambda m: str(authorizer.get(m.group(1), "")),
        text,
    )
    for name, value in values.items():
        text = text.replace(name, value)
    return text
