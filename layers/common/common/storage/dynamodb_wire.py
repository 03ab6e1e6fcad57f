"""DynamoDB's items on the wire, without botocore's walk of every attribute value.

botocore validates, serializes and parses requests and responses by walking the service's
shapes, member by member: for each attribute value of an item it visits the ten members of
the AttributeValue shape. A listing of 20 storefront products spent 4 ms in botocore's parse
of the BatchGetItem answer, where decoding its JSON takes 0.3; writing ten such products in a
transaction, 2.3 ms validating and 3.8 ms serializing them (docs/performance.md, "Items on
the wire"). In DynamoDB's JSON protocol an attribute value of a string, a number, a boolean,
a null, a map or a list of those, or a set of strings or numbers, is the same on the wire as
in the client's API, so botocore's walk only rebuilds it. This module's parser, validator and
serializer pass such values through as they are, after one check of their types; anything
else (binary values, sets of them, malformed values) goes to botocore's own code, which also
reports every error as botocore does. tests/pure/test_dynamodb_wire.py checks they agree.
"""

from typing import Any

import orjson
from botocore.parsers import JSONParser, ResponseParserFactory
from botocore.serialize import JSONSerializer
from botocore.validate import ParamValidationDecorator, ParamValidator

ATTRIBUTE_VALUE = "AttributeValue"  # the shape's name in DynamoDB's service model


def passes_as_is(value: Any) -> bool:  # noqa: PLR0911, PLR0912 - a return per type
    """Whether an attribute value is the same on the wire as in the client's API: one member
    of a plain type (a binary value is base64 on the wire and bytes in the API), recursively.
    Exact types only: anything unusual is left to botocore. Loops, not all(): this runs for
    every value of every item."""
    if type(value) is not dict or len(value) != 1:
        return False
    if "S" in value:
        return type(value["S"]) is str
    if "N" in value:
        return type(value["N"]) is str
    if "M" in value:
        return _all_pass_as_is(value["M"])
    if "L" in value:
        members = value["L"]
        if type(members) is not list:
            return False
        for member in members:  # noqa: SIM110 - all() over a generator: twice the time
            if not passes_as_is(member):
                return False
        return True
    if "BOOL" in value:
        return type(value["BOOL"]) is bool
    if "NULL" in value:
        return type(value["NULL"]) is bool
    if "SS" in value or "NS" in value:
        members = value.get("SS", value.get("NS"))
        if type(members) is not list:
            return False
        for member in members:  # noqa: SIM110 - as above
            if type(member) is not str:
                return False
        return True
    return False


def _all_pass_as_is(values: Any) -> bool:
    """Whether a map of attribute values (an item, a key, an M) passes as is."""
    if type(values) is not dict:
        return False
    for name, value in values.items():
        if type(name) is not str or not passes_as_is(value):
            return False
    return True


class AttributeValueParser(JSONParser):
    """botocore's JSON response parser, which decodes with orjson (twice as fast as the
    standard library's) and returns plain attribute values as decoded."""

    def _parse_body_as_json(self, body_contents: bytes) -> Any:
        if body_contents:
            try:
                return orjson.loads(body_contents)
            except orjson.JSONDecodeError:  # botocore's answer, whatever it is (an error...)
                pass
        return super()._parse_body_as_json(body_contents)

    def _handle_structure(self, shape: Any, value: Any) -> Any:
        if shape.name == ATTRIBUTE_VALUE and passes_as_is(value):
            return value
        return super()._handle_structure(shape, value)

    def _handle_map(self, shape: Any, value: Any) -> Any:
        # An item or a key: a map of attribute values, its names plain strings.
        if shape.value.name == ATTRIBUTE_VALUE and _all_pass_as_is(value):
            return value
        return super()._handle_map(shape, value)


class AttributeValueParsers(ResponseParserFactory):
    def create_parser(self, protocol_name: str) -> Any:
        if protocol_name == "json":
            return AttributeValueParser(**self._defaults)
        return super().create_parser(protocol_name)


class AttributeValueValidator(ParamValidator):
    """botocore's parameter validation, which accepts plain attribute values after checking
    their types: botocore's own would accept them too (every member type checked, no
    constraint on them but the names' maximum length, which it does not check)."""

    def _validate_structure(self, params: Any, shape: Any, errors: Any, name: str) -> None:
        if shape.name == ATTRIBUTE_VALUE and passes_as_is(params):
            return
        super()._validate_structure(params, shape, errors, name)

    def _validate_map(self, param: Any, shape: Any, errors: Any, name: str) -> None:
        if shape.value.name == ATTRIBUTE_VALUE and _all_pass_as_is(param):
            return
        super()._validate_map(param, shape, errors, name)


class AttributeValueSerializer(JSONSerializer):
    """botocore's JSON request serializer, which writes plain attribute values as given."""

    def _serialize_type_structure(self, serialized: Any, value: Any, shape: Any, key: Any) -> None:
        if key is not None and shape.name == ATTRIBUTE_VALUE and passes_as_is(value):
            serialized[key] = value
            return
        super()._serialize_type_structure(serialized, value, shape, key)

    def _serialize_type_map(self, serialized: Any, value: Any, shape: Any, key: Any) -> None:
        if shape.value.name == ATTRIBUTE_VALUE and _all_pass_as_is(value):
            serialized[key] = value
            return
        super()._serialize_type_map(serialized, value, shape, key)


def install(client: Any) -> None:
    """Gives a DynamoDB client this module's validator, serializer and parser. botocore
    offers no public hook for them: the client's and its endpoint's attributes are set, and
    tests/component/test_dynamodb_wire_installed.py checks that the API's calls go through
    them."""
    serializer: Any = AttributeValueSerializer()
    if client.meta.config.parameter_validation:
        serializer = ParamValidationDecorator(AttributeValueValidator(), serializer)
    client._serializer = serializer
    client._endpoint._response_parser_factory = AttributeValueParsers()
