"""The layer's botocore session registers only the built-in handlers that can fire for our
services (common/aws_clients.py): every event our clients emit finds the same handlers, in the
same order, as on botocore's own session."""

from collections.abc import Iterator
from typing import Any, cast

import botocore.session
import pytest
from botocore import handlers
from botocore.context import start_as_current_context
from botocore.useragent import UserAgentString, register_feature_id

from common.aws_clients import (
    EVENT_SERVICE_NAMES,
    SERVICES,
    JSONFiles,
    Session,
    fires_for_our_services,
    new_client,
)

# Every stage botocore's built-in handlers listen to, but the documentation builder's.
STAGES = sorted({spec[0].split(".")[0] for spec in handlers.BUILTIN_HANDLERS} - {"docs"})


def _handlers(session: botocore.session.Session, event_name: str) -> list[str]:
    """What `event_name` would call, in order (botocore's lookup, with its aliases), by name:
    some handlers are made per session (powertools' user-agent feature)."""
    emitter = cast(Any, session)._events  # an EventAliaser over a HierarchicalEmitter
    aliased = emitter._alias_event_name(event_name)
    return [_name(h) for h in emitter._emitter._handlers.prefix_search(aliased)]


def _name(handler: Any) -> str:
    return f"{handler.__module__}.{getattr(handler, '__qualname__', type(handler).__name__)}"


def _events(session: botocore.session.Session) -> Iterator[str]:
    """Every event name a client of SERVICES emits: each stage with each service, each
    operation and each client method (`getattr`), and the service-less ones."""
    for service in SERVICES:
        model = session.get_service_model(service)
        name = model.service_id.hyphenize()
        yield f"creating-client-class.{name}"
        for operation in model.operation_names:
            for stage in STAGES:
                yield f"{stage}.{name}.{operation}"
                yield f"{stage}.{name}"
            yield f"getattr.{name}.{botocore.xform_name(operation)}"
    yield from STAGES


def test_every_event_of_our_clients_finds_the_same_handlers() -> None:
    # Given botocore's own session and ours
    theirs, ours = botocore.session.Session(), Session()

    # When each looks up the handlers of every event a client of ours emits
    events = list(_events(theirs))
    differing = [e for e in events if _handlers(ours, e) != _handlers(theirs, e)]

    # Then they find the same ones (a service's own, like DynamoDB's, included)
    assert len(events) > 1000
    assert differing == []
    assert any(_handlers(theirs, e) for e in events if "dynamodb" in e)


def test_our_services_event_names_are_their_models() -> None:
    session = botocore.session.Session()
    names = {session.get_service_model(s).service_id.hyphenize() for s in SERVICES}
    assert names == EVENT_SERVICE_NAMES


def test_handlers_of_other_services_and_of_the_docs_are_left_out() -> None:
    assert not fires_for_our_services("before-call.s3.PutObject")
    assert not fires_for_our_services("docs.*.dynamodb.*.complete-section")
    assert fires_for_our_services("before-call")
    assert fires_for_our_services("needs-retry.*")
    assert fires_for_our_services("before-parameter-build.dynamodb.GetItem")
    kept = [spec for spec in handlers.BUILTIN_HANDLERS if fires_for_our_services(spec[0])]
    assert 0 < len(kept) < len(handlers.BUILTIN_HANDLERS) / 5


def test_every_data_file_of_our_clients_reads_as_botocore_reads_it() -> None:
    # Given botocore's data loader and ours (orjson)
    theirs = botocore.session.Session().get_component("data_loader")
    ours = Session().get_component("data_loader")
    assert isinstance(ours.file_loader, JSONFiles)

    # When each reads what a client of each of our services reads, then they read the same
    for service in SERVICES:
        for kind in ("service-2", "endpoint-rule-set-1", "paginators-1", "waiters-2"):
            if service in theirs.list_available_services(kind):
                assert ours.load_service_model(service, kind) == theirs.load_service_model(
                    service, kind
                ), (service, kind)
    for name in ("endpoints", "partitions", "_retry", "sdk-default-configuration"):
        assert ours.load_data(name) == theirs.load_data(name), name
    assert JSONFiles().load_file("/nonexistent/model") is None


def test_a_clients_user_agent_is_botocores_built_once_per_set_of_features(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a client of the layer, and botocore's builder counted
    client = new_client("dynamodb")
    creator = cast(Any, client)._user_agent_creator
    builds = []
    build_sdk_metadata = cast(Any, UserAgentString)._build_sdk_metadata

    def counted(self: UserAgentString) -> Any:
        builds.append(1)
        return build_sdk_metadata(self)

    monkeypatch.setattr(UserAgentString, "_build_sdk_metadata", counted)

    def botocores() -> str:  # the class's own, as every call built it
        return str(UserAgentString.to_string(creator))

    # When calls use no feature, then one that uses one (a paginator's, as botocore marks it)
    plain = [creator.to_string() for _ in range(3)]
    with start_as_current_context():
        register_feature_id("PAGINATOR")
        paginated = [creator.to_string() for _ in range(3)]
        assert paginated[0] == botocores()

    # Then each is botocore's header for its features, and each was built once
    assert plain == [botocores()] * 3
    assert paginated == [paginated[0]] * 3 and paginated[0] != plain[0]
    assert len(builds) == 2 + 2  # ours, once per set of features; and the two checks above
