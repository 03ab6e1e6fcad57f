"""The HTTP tier's contract check: every response a test receives through `checked_session()`
is checked against its operation in the project's OpenAPI documents (docs/openapi.json and
each seed door's docs/compat/NNN.openapi.json), by one `requests` response hook. The generated
Python client (httpx) gets the same check as an httpx response event hook: `checked_httpx_args()`.

- The operation is found by the request's method and path alone: the documents' servers are
  ignored, since the local API listens at the root on a port of its own. A literal path segment
  wins over a templated one, as API Gateway routes (/api/products/get is seed 000's, not seed
  001's /api/products/{productId}).
- Its status must be documented (exactly, as NXX, or by `default`). When the documented response
  has content, the response's media type must be one of it, and a JSON body must validate
  against its schema: JSON Schema 2020-12 (OpenAPI 3.1's dialect, formats asserted), `$ref`s
  (components.schemas, components.responses) resolved through a `referencing` registry holding
  the documents. A response documented without content (304) is checked for its status only.
- A response to a (method, path) no document has (/compat/NNN/openapi.json, the gateway's 404
  for an unknown path, the 405 of a method a path lacks) is only counted.

The hook does not raise: a request sent from a thread would lose the error. It keeps each
violation until the test's phase ends, and tests/http/conftest.py fails that test with them.
"""

import json
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import requests
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry
from referencing.jsonschema import DRAFT202012


def _exact_multiple_of(
    validator: Any, step: float, instance: Any, schema: dict[str, Any]
) -> Iterable[ValidationError]:
    """multipleOf in decimal arithmetic: 19.99 is a multiple of 0.01 (jsonschema divides
    binary floats, and finds 1998.9999999999998). The JSON text's digits are what count."""
    if validator.is_type(instance, "number") and Decimal(repr(instance)) % Decimal(repr(step)):
        yield ValidationError(f"{instance!r} is not a multiple of {step!r}")


# Draft 2020-12, but for multipleOf.
Validator = validators.extend(Draft202012Validator, {"multipleOf": _exact_multiple_of})  # type: ignore[no-untyped-call]
ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [
    ROOT / "docs" / "openapi.json",
    *sorted((ROOT / "docs" / "compat").glob("*.openapi.json")),
]
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
EXCERPT = 600  # characters of a failing body quoted in the violation
# What the check reads of a response: status, headers, body, and its request's method and URL.
AnyResponse = requests.Response | httpx.Response


def _pointer(*segments: str) -> str:
    """A JSON pointer (RFC 6901) to segments, e.g. a path template holding '/'."""
    return "".join("/" + segment.replace("~", "~0").replace("/", "~1") for segment in segments)


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


@dataclass(frozen=True)
class _Path:
    template: str
    document: str  # its name in messages, e.g. docs/compat/001.openapi.json
    location: str  # the path item's URI in the registry: file:///…/openapi.json#/paths/…
    methods: frozenset[str]
    pattern: re.Pattern[str]
    rank: tuple[bool, ...]  # per segment, templated? (literal segments sort first)


class Contract:
    def __init__(self, documents: Iterable[Path] = DOCUMENTS) -> None:
        registry: Registry[Any] = Registry()
        self._paths: list[_Path] = []
        for file in documents:
            document = json.loads(file.read_text(encoding="utf-8"))
            uri = file.as_uri()
            registry = registry.with_resource(uri, DRAFT202012.create_resource(document))
            for template, item in document.get("paths", {}).items():
                parts = re.split(r"(\{[^/}]+\})", template)
                self._paths.append(
                    _Path(
                        template=template,
                        document=str(file.relative_to(ROOT)) if file.is_relative_to(ROOT) else uri,
                        location=f"{uri}#{_pointer('paths', template)}",
                        methods=frozenset(item) & METHODS,
                        pattern=re.compile(
                            "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
                        ),
                        rank=tuple("{" in segment for segment in template.split("/")),
                    )
                )
        self._registry = registry
        # One validator per schema; hooks run in the tests' threads too, hence the lock.
        self._validator = cache(self._new_validator)
        self._lock = threading.Lock()
        self.checked = 0  # responses whose operation a document has
        self.unmatched = 0  # responses to a (method, path) in no document
        self.violations: list[str] = []

    def _new_validator(self, schema_location: str) -> Any:
        return Validator(
            {"$ref": schema_location},
            registry=self._registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )

    def _operation(self, method: str, path: str) -> tuple[_Path, str] | None:
        """The documented path the gateway would route `path` to, if it has `method`."""
        matches = [known for known in self._paths if known.pattern.fullmatch(path)]
        if not matches:
            return None
        best = min(known.rank for known in matches)
        for known in matches:
            if known.rank == best and method in known.methods:
                return known, f"{known.location}{_pointer(method, 'responses')}"
        return None  # the route exists, the method does not (a 405)

    def check(self, response: AnyResponse) -> list[str] | None:
        """None when no document has the response's operation; else its violations."""
        method = (response.request.method or "").lower()
        path = urlsplit(str(response.request.url or "")).path
        found = self._operation(method, path)
        if found is None:
            return None
        known, location = found
        status = str(response.status_code)
        where = f"{method.upper()} {known.template} ({known.document}) answered {status} to {path}"
        resolver = self._registry.resolver()
        responses = resolver.lookup(location).contents
        key = next((k for k in (status, f"{status[0]}XX", "default") if k in responses), None)
        if key is None:
            return [f"{where}: status not documented (documented: {', '.join(sorted(responses))})"]
        return self._content_violations(response, location + _pointer(key), where)

    def _content_violations(self, response: AnyResponse, location: str, where: str) -> list[str]:
        """What the response's media type and body break of the response object at location."""
        resolver = self._registry.resolver()
        documented = resolver.lookup(location).contents
        while "$ref" in documented:  # components.responses, or any other response object
            location = urljoin(location, documented["$ref"])
            documented = resolver.lookup(location).contents
        content = documented.get("content")
        if not content:
            return []
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media_type not in content:
            return [f"{where}: Content-Type {media_type!r} not documented ({', '.join(content)})"]
        if not _is_json(media_type) or "schema" not in content[media_type]:
            return []
        excerpt = response.text[:EXCERPT]
        try:
            body = json.loads(response.content)
        except ValueError:
            return [f"{where}: the body is not JSON: {excerpt!r}"]
        validator = self._validator(f"{location}{_pointer('content', media_type, 'schema')}")
        # best_match: within an anyOf or oneOf, the branch's error that says the most, when
        # one does; all of the body's errors in one violation, with its excerpt once.
        errors = sorted(
            (best_match([error]) for error in validator.iter_errors(body)),
            key=lambda error: error.json_path,
        )
        lines = [f"    {error.json_path}: {error.message}" for error in errors]
        # An error response lists the codes the operation gives (x-error-codes).
        codes = documented.get("x-error-codes")
        error = body.get("error") if isinstance(body, dict) else None
        code = error.get("code") if isinstance(error, dict) else None
        if codes and code not in codes:
            lines.append(f"    $.error.code: {code!r} is not one of x-error-codes {codes}")
        if not lines:
            return []
        return ["\n".join([f"{where}:", *lines, f"    body: {excerpt}"])]

    def hook(self, response: AnyResponse, *args: Any, **kwargs: Any) -> None:
        """The `requests` response hook: checks the response and keeps what it found."""
        violations = self.check(response)
        with self._lock:
            if violations is None:
                self.unmatched += 1
            else:
                self.checked += 1
                self.violations += violations

    def httpx_hook(self, response: httpx.Response) -> None:
        """The httpx response event hook: the body is read first (hooks run before it is)."""
        response.read()
        self.hook(response)

    def take_violations(self) -> list[str]:
        with self._lock:
            taken, self.violations = self.violations, []
        return taken

    def session(self) -> requests.Session:
        session = requests.Session()
        session.hooks["response"].append(self.hook)
        return session


@cache
def contract() -> Contract:
    """The HTTP tier's one contract, over the committed documents."""
    return Contract()


def checked_session() -> requests.Session:
    """A requests session whose every response is checked: how the HTTP tier sends requests."""
    return contract().session()


def checked_httpx_args() -> dict[str, Any]:
    """httpx.Client arguments whose every response is checked (the generated client's
    `httpx_args`)."""
    return {"event_hooks": {"response": [contract().httpx_hook]}}
