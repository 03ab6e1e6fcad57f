"""storage/dynamodb_wire.py's parser, validator and serializer give exactly what botocore's
own give, for any item (binary values and sets included) and for malformed values: they only
skip botocore's walk of the values that are the same on the wire as in the client's API."""

import base64
import json
from typing import Any, cast

import botocore.session
import pytest
from boto3.dynamodb.types import TypeSerializer
from botocore.exceptions import ParamValidationError
from botocore.model import Shape
from botocore.parsers import create_parser
from botocore.serialize import create_serializer
from botocore.validate import ParamValidator
from hypothesis import given
from hypothesis import strategies as st

from common.storage.dynamodb_wire import (
    AttributeValueParsers,
    AttributeValueSerializer,
    AttributeValueValidator,
    passes_as_is,
)
from tests.pure.test_dynamodb_values import VALUES

MODEL = botocore.session.get_session().get_service_model("dynamodb")
GET_ITEM, PUT_ITEM, BATCH_GET = (
    MODEL.operation_model(name) for name in ("GetItem", "PutItem", "BatchGetItem")
)
GET_ITEM_OUTPUT, PUT_ITEM_INPUT, BATCH_GET_OUTPUT = (
    cast(Shape, shape)
    for shape in (GET_ITEM.output_shape, PUT_ITEM.input_shape, BATCH_GET.output_shape)
)
ITEMS = st.dictionaries(st.text(min_size=1, max_size=8), VALUES, max_size=6).map(
    lambda values: {name: TypeSerializer().serialize(value) for name, value in values.items()}
)
# Values botocore refuses or parses its own way: wrong types, two members, none, unknown ones.
MALFORMED: list[Any] = [
    {"S": 1},
    {"N": 5},
    {"S": None},
    {"S": "a", "N": "1"},
    {},
    {"M": []},
    {"M": {"a": {"S": 1}}},
    {"L": {}},
    {"L": [{"BOOL": "true"}]},
    {"BOOL": 1},
    {"NULL": "yes"},
    {"SS": [1]},
    {"NS": "1"},
    {"X": "y"},
    "S",
    None,
]
UNPARSABLE: list[Any] = [{"M": []}, "S"]


def _put(item: dict[str, Any]) -> dict[str, Any]:
    return {"TableName": "products", "Item": item}


def _wire_body(item: dict[str, Any]) -> bytes:
    """A GetItem answer holding the item as DynamoDB sends it (binary values in base64)."""
    sent = json.loads(create_serializer("json").serialize_to_request(_put(item), PUT_ITEM)["body"])
    return json.dumps({"Item": sent["Item"]}).encode()


def _answer(body: bytes) -> dict[str, Any]:
    return {"body": body, "headers": {"x-amzn-requestid": "r-1"}, "status_code": 200}


def _report(validator: ParamValidator, params: dict[str, Any]) -> str:
    return str(validator.validate(params, PUT_ITEM_INPUT).generate_report())


@given(ITEMS)
def test_an_item_serializes_and_validates_as_botocore_does(item: dict[str, Any]) -> None:
    ours = create_serializer("json")
    ours._serializer = AttributeValueSerializer()  # type: ignore[attr-defined]
    ours._param_validator = AttributeValueValidator()  # type: ignore[attr-defined]
    expected = create_serializer("json").serialize_to_request(_put(item), PUT_ITEM)
    assert ours.serialize_to_request(_put(item), PUT_ITEM) == expected


@given(ITEMS)
def test_an_item_parses_as_botocore_parses_it(item: dict[str, Any]) -> None:
    answer = _answer(_wire_body(item))
    expected = create_parser("json").parse(answer, GET_ITEM_OUTPUT)
    assert AttributeValueParsers().create_parser("json").parse(answer, GET_ITEM_OUTPUT) == (
        expected
    )
    assert expected["Item"] == item  # bytes back from base64: the round trip is whole


@pytest.mark.parametrize("value", MALFORMED, ids=repr)
def test_a_malformed_value_gets_botocores_own_report(value: Any) -> None:
    params = _put({"name": {"S": "ok"}, "bad": value})
    report = _report(ParamValidator(), params)
    assert _report(AttributeValueValidator(), params) == report
    # botocore lets these two through (DynamoDB refuses them); every other one, it refuses.
    assert bool(report) is (value not in ({}, {"S": "a", "N": "1"}))
    if report:
        client_side = create_serializer("json")
        client_side._param_validator = AttributeValueValidator()  # type: ignore[attr-defined]
        with pytest.raises(ParamValidationError):
            client_side.serialize_to_request(params, PUT_ITEM)


@pytest.mark.parametrize("value", MALFORMED, ids=repr)
def test_a_malformed_value_in_an_answer_is_botocores_to_parse(value: Any) -> None:
    answer = _answer(json.dumps({"Item": {"name": {"S": "ok"}, "odd": value}}).encode())
    ours = AttributeValueParsers().create_parser("json")
    assert not passes_as_is(value)
    if value in UNPARSABLE:  # botocore fails on them: so does ours, the same way
        for parser in (create_parser("json"), ours):
            with pytest.raises(AttributeError):
                parser.parse(answer, GET_ITEM_OUTPUT)
        return
    expected = create_parser("json").parse(answer, GET_ITEM_OUTPUT)
    assert ours.parse(answer, GET_ITEM_OUTPUT) == expected


def test_binary_values_are_decoded_as_botocore_decodes_them() -> None:
    raw = b"\x00\xffbytes"
    encoded = base64.b64encode(raw).decode()
    wire = {"Responses": {"products": [{"pk": {"S": "p"}, "blob": {"B": encoded}}]}}
    answer = _answer(json.dumps(wire).encode())
    parsed = AttributeValueParsers().create_parser("json").parse(answer, BATCH_GET_OUTPUT)
    assert parsed["Responses"]["products"] == [{"pk": {"S": "p"}, "blob": {"B": raw}}]
    assert not passes_as_is({"B": encoded})


def test_answers_that_are_not_json_get_botocores_own_reading() -> None:
    # An error page from a proxy: botocore keeps its text as the message.
    answer = {"body": b"<html>busy</html>", "headers": {}, "status_code": 400}
    expected = create_parser("json").parse(answer, GET_ITEM_OUTPUT)
    assert AttributeValueParsers().create_parser("json").parse(answer, GET_ITEM_OUTPUT) == (
        expected
    )
    assert expected["Error"]["Message"] == "<html>busy</html>"


def test_other_protocols_get_botocores_own_parsers() -> None:
    assert type(AttributeValueParsers().create_parser("query")) is type(create_parser("query"))
