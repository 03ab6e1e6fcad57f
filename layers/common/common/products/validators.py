"""Product field rules: amounts, quantities, SKUs, image URLs and the free-form attributes,
as annotated types the input models (products/inputs.py) and the seed doors' models share."""

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

from common import money
from common.text import LINE_PATTERN, PARAGRAPHS_PATTERN, fullmatch

# The document says what parse_amount accepts: a JSON number, > 0, at most 1e9 (the minor
# units depend on the currency: ProductInput's schema has a rule per group of currencies).
AMOUNT_SCHEMA = {"type": "number", "exclusiveMinimum": 0, "maximum": int(money.MAX_AMOUNT)}
Amount = Annotated[Decimal, BeforeValidator(money.parse_amount), WithJsonSchema(AMOUNT_SCHEMA)]
# Free-form numbers are stored as DynamoDB numbers: 38 significant digits, magnitudes from
# 1e-130 (a larger range than the document's 1e38 bound, which keeps integers within the digits).
_SMALLEST, _LARGEST, _DIGITS = Decimal("1e-130"), Decimal("1e38"), 38


def _storable_number(value: Decimal | int) -> Decimal | int:
    """A number DynamoDB can hold exactly (it was a 500 when the write failed)."""
    number = Decimal(value)
    if number != 0 and not (_SMALLEST <= abs(number) < _LARGEST):
        raise ValueError("numbers must be 0 or between 1e-130 and 1e38 in magnitude")
    if money.shape(number)[0] > _DIGITS:
        raise ValueError(f"numbers have at most {_DIGITS} significant digits")
    return value


_IN_RANGE = {"type": "number", "minimum": float(_SMALLEST), "exclusiveMaximum": float(_LARGEST)}
_NEGATIVE = {"type": "number", "maximum": -float(_SMALLEST), "exclusiveMinimum": -float(_LARGEST)}

# Free-form `attributes` and `specifications` (product and variant): docs/decisions.md,
# "Input limits". Keys are 1-64 characters of one line, kept as sent; a value is any JSON
# value whose texts are at most 1,000 characters (newlines and tabs allowed, no other control
# character), whose lists and objects hold at most 100 members and nest at most 3 deep
# (`{"size": {"eu": [38, 39]}}` is 2 deep), and whose numbers DynamoDB can store exactly.
MAX_ATTRIBUTE_TEXT, MAX_ATTRIBUTE_MEMBERS, MAX_ATTRIBUTE_DEPTH = 1_000, 100, 3


def _attribute_key_problem(key: Any) -> str | None:
    if not isinstance(key, str) or not 1 <= len(key) <= 64:
        return "keys must be 1 to 64 characters"
    if not fullmatch(LINE_PATTERN, key) or _has_surrogate(key):
        return "keys must be one line of visible text, without control characters"
    return None


def _has_surrogate(text: str) -> bool:
    """A lone UTF-16 surrogate ("\\ud800" in JSON) cannot be stored as UTF-8."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _scalar_problem(item: Any) -> str | None:
    if item is None or isinstance(item, bool):
        return None
    if isinstance(item, str):
        if len(item) > MAX_ATTRIBUTE_TEXT:
            return f"texts have at most {MAX_ATTRIBUTE_TEXT} characters"
        printable = fullmatch(PARAGRAPHS_PATTERN, item) and not _has_surrogate(item)
        return None if printable else "texts must not contain control characters but newlines"
    if isinstance(item, int | Decimal):
        try:
            _storable_number(item)
        except (ValueError, ArithmeticError) as exc:
            return str(exc)
        return None
    return "must be a JSON string, number, boolean, null, list or object"


def _attribute_value_problem(value: Any) -> str | None:
    """What is wrong with a free-form value (walked without recursion), or None."""
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, path, depth = stack.pop()
        problem = None
        if not isinstance(item, list | dict):
            problem = _scalar_problem(item)
        elif depth == MAX_ATTRIBUTE_DEPTH:
            problem = f"lists and objects nest at most {MAX_ATTRIBUTE_DEPTH} levels deep"
        elif len(item) > MAX_ATTRIBUTE_MEMBERS:
            problem = f"lists and objects hold at most {MAX_ATTRIBUTE_MEMBERS} members"
        elif isinstance(item, list):
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(item))
        else:
            for key, member in item.items():
                problem = problem or _attribute_key_problem(key)
                stack.append((member, f"{path}.{key}" if path else str(key), depth + 1))
        if problem:
            return f"{path}: {problem}" if path else problem
    return None


def _attribute_value(value: Any) -> Any:
    problem = _attribute_value_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _checked_key(key: str) -> str:
    problem = _attribute_key_problem(key)
    if problem:
        raise ValueError(problem)
    return key


_KEY_SCHEMA = {"type": "string", "minLength": 1, "maxLength": 64, "pattern": LINE_PATTERN}


# The document's schema of a free-form value: one named schema that refers to itself. JSON
# Schema cannot bound the depth of a recursive reference: the 3 levels are in its description.
ATTRIBUTE_VALUE = "AttributeValue"
_VALUE_REF = {"$ref": f"#/components/schemas/{ATTRIBUTE_VALUE}"}


def attribute_value_schema() -> dict[str, Any]:
    text = {"type": "string", "maxLength": MAX_ATTRIBUTE_TEXT, "pattern": PARAGRAPHS_PATTERN}
    # Zero as a range, not `const: 0`: some generators type a const member as that value only.
    zero = {"type": "number", "minimum": 0, "maximum": 0}
    scalars = [text, {"type": "boolean"}, zero, _IN_RANGE, _NEGATIVE, {"type": "null"}]
    containers = [
        {"type": "array", "maxItems": MAX_ATTRIBUTE_MEMBERS, "items": _VALUE_REF},
        {
            "type": "object",
            "maxProperties": MAX_ATTRIBUTE_MEMBERS,
            "propertyNames": _KEY_SCHEMA,
            "additionalProperties": _VALUE_REF,
        },
    ]
    return {
        "description": "A free-form JSON value: texts of at most "
        f"{MAX_ATTRIBUTE_TEXT} characters, numbers DynamoDB stores exactly, lists and objects "
        f"of at most {MAX_ATTRIBUTE_MEMBERS} members nested at most {MAX_ATTRIBUTE_DEPTH} "
        "levels deep",
        "anyOf": scalars + containers,
    }


AttributeKey = Annotated[
    str, AfterValidator(_checked_key), WithJsonSchema(_KEY_SCHEMA, mode="validation")
]
AttributeValue = Annotated[Any, AfterValidator(_attribute_value)]


def attributes_schema(most: int) -> dict[str, Any]:
    """The document schema of a map of at most `most` free-form attributes, given whole:
    pydantic would put the key pattern in `patternProperties`, leaving keys that do not match
    it schema-valid."""
    return {
        "type": "object",
        "maxProperties": most,
        "propertyNames": _KEY_SCHEMA,
        "additionalProperties": _VALUE_REF,
    }


ProductAttributes = Annotated[
    dict[AttributeKey, AttributeValue],
    Field(max_length=100),
    WithJsonSchema(attributes_schema(100)),
]
VariantAttributes = Annotated[
    dict[AttributeKey, AttributeValue],
    Field(max_length=50),
    WithJsonSchema(attributes_schema(50)),
]


def attribute_schemas() -> dict[str, dict[str, Any]]:
    """The named schema the attribute maps refer to (a component the generator adds)."""
    return {ATTRIBUTE_VALUE: attribute_value_schema()}


# Everything str.strip() removes: a SKU may come padded, and is stored trimmed.
_WHITESPACE = (
    r"\t\n\x0b\x0c\r\x1c-\x1f\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
SKU_PATTERN = rf"^[{_WHITESPACE}]*[A-Za-z0-9._/#+-]{{1,64}}[{_WHITESPACE}]*$"
# An absolute https URL with a host (the scheme in any case, as urlsplit reads it).
# No control character or space anywhere (spelled out: `\s` is not the same set in Python's
# and ECMA-262's engines), and in the netloc nothing urlsplit refuses: an unpaired [ or ],
# or a character that NFKC turns into one of / ? # @ : (U+FF20, the fullwidth @...).
_NOT_IN_URL = r"\x00-\x20\x7f-\x9f\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_NOT_IN_NETLOC = (
    _NOT_IN_URL + r"/?#@\[\]\u2047-\u2049\u2100\u2101\u2105\u2106\u2a74\ufe13\ufe16\ufe55\ufe56"
    r"\ufe5f\ufe6b\uff03\uff0f\uff1a\uff1f\uff20"
)
IMAGE_URL_PATTERN = (
    rf"^[Hh][Tt][Tt][Pp][Ss]://([^{_NOT_IN_NETLOC}]*@)?[^{_NOT_IN_NETLOC}:]+(:[0-9]*)?"
    rf"([/?#][^{_NOT_IN_URL}]*)?$"
)
ProductStatus = Literal["active", "draft", "archived"]
# A tax rate in percent, with at most 4 decimals (8.875): more digits would not round-trip
# DynamoDB.
TAX_RATE_SCHEMA = {"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.0001}
COUNTRY_CODE_PATTERN = r"^[A-Z]{2}$"  # ISO 3166-1 alpha-2
PRODUCT_ID_PATTERN = r"^prod_[0-9a-f]{24}$"
# Every SKU change is claimed in the product's transaction (≤ 100 operations in DynamoDB).
MAX_VARIANTS = 40


def whole_number(value: Any) -> Any:
    """A count from JSON: an integer (1.0 is fine), never a string, a boolean or 1.5."""
    if isinstance(value, (bool, str)):
        raise ValueError("must be a JSON number")
    if isinstance(value, Decimal) and value != value.to_integral():
        raise ValueError("must be a whole number")
    return value


def stock_alias(data: Any) -> Any:
    """Seed 004 calls stock `stock`: accepted as `inventory`, never both."""
    if isinstance(data, dict) and "stock" in data:
        if "inventory" in data:
            raise ValueError("give either inventory or stock, not both")
        data = {**data, "inventory": data["stock"]}
        del data["stock"]
    return data


def _check_sku(value: str) -> str:
    if not fullmatch(SKU_PATTERN, value):
        if 1 <= len(value.strip()) <= 64:
            raise ValueError("may contain only letters, digits and . _ - / # +")
        raise ValueError("must be 1 to 64 characters")
    return value.strip()


# A count of units: a whole JSON number (1.0 is fine, 1.5 is not), 0 to 1e9.
Quantity = Annotated[
    int,
    BeforeValidator(whole_number),
    Field(ge=0, le=1_000_000_000),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": 1_000_000_000}),
]
# SKUs and barcodes: printable, no spaces, as merchants print them on labels.
Sku = Annotated[
    str, AfterValidator(_check_sku), WithJsonSchema({"type": "string", "pattern": SKU_PATTERN})
]
