"""Money rules (docs/decisions.md#money): Decimal, > 0, ≤ 1e9, at most the currency's minor unit."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

MAX_AMOUNT = Decimal(1_000_000_000)

# ISO 4217 currencies whose minor unit is not 2 digits; every other listed code has 2.
_MINOR_UNITS_EXCEPTIONS = {
    **dict.fromkeys(
        "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split(), 0
    ),
    **dict.fromkeys("BHD IQD JOD KWD LYD OMR TND".split(), 3),
    **dict.fromkeys("CLF UYW".split(), 4),
}
_ISO_4217 = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD
    BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP
    ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK
    JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK
    MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN
    PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS
    TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG
    XOF XPF YER ZAR ZMW ZWG""".split()
)


# The codes, sorted: the document's enum.
CURRENCIES = sorted(_ISO_4217)
# One named schema of the codes, which every `currency` member refers to: generated clients
# get one Currency type, not one enum per model that has the field.
CURRENCY = "Currency"


def currency_schema() -> dict[str, Any]:
    return {"type": "string", "enum": CURRENCIES, "description": "An ISO 4217 currency code"}


def currency_member(member: dict[str, Any]) -> dict[str, Any]:
    """A model schema's `currency` member as a reference to the Currency schema, keeping its
    default and whether it may be null."""
    reference: dict[str, Any] = {"$ref": f"#/components/schemas/{CURRENCY}"}
    nullable = any(branch.get("type") == "null" for branch in member.get("anyOf", []))
    named = {"anyOf": [reference, {"type": "null"}]} if nullable else reference
    return {**named, **({"default": member["default"]} if "default" in member else {})}


def minor_unit_rules(then: Callable[[float], dict[str, Any]]) -> list[dict[str, Any]]:
    """JSON Schema rules, one per number of minor-unit digits: `then(step)` applies where the
    body's `currency` (USD when left out) has that many (step 1, 0.01, 0.001 or 0.0001)."""
    groups: dict[int, list[str]] = {}
    for code, digits in _MINOR_UNITS_EXCEPTIONS.items():
        groups.setdefault(digits, []).append(code)
    rules = [
        {
            "if": {"required": ["currency"], "properties": {"currency": {"enum": sorted(codes)}}},
            "then": then(10.0**-digits if digits else 1),
        }
        for digits, codes in sorted(groups.items())
    ]
    others = sorted(_MINOR_UNITS_EXCEPTIONS)
    two_digits = {"required": ["currency"], "properties": {"currency": {"enum": others}}}
    rules.append({"if": {"not": two_digits}, "then": then(0.01)})
    return rules


def is_currency(code: str) -> bool:
    return code in _ISO_4217


def minor_units(currency: str) -> int:
    return _MINOR_UNITS_EXCEPTIONS.get(currency, 2)


def parse_amount(value: Any) -> Decimal:
    """Accepts JSON numbers only (parsed to Decimal or int), never float or numeric strings."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise ValueError("must be a JSON number")
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValueError("must be a finite number")
    if amount <= 0:
        raise ValueError("must be greater than 0")
    if amount > MAX_AMOUNT:
        raise ValueError("must be at most 1000000000")
    return amount


def shape(value: Decimal) -> tuple[int, int]:
    """(significant digits, decimal places) of a finite Decimal, trailing zeros aside. Exact at
    any length: Decimal.normalize() rounds to the context's 28 digits, so 1.000…0001 with 40
    digits would pass as 1 and then fail boto3's exact conversion (a 500)."""
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError("must be a finite number")
    count = len(digits)
    while count > 1 and digits[count - 1] == 0:
        count -= 1
        exponent += 1
    return count, max(0, -exponent)


def check_minor_units(amount: Decimal, currency: str) -> None:
    digits = minor_units(currency)
    if shape(amount)[1] > digits:
        raise ValueError(f"{currency} amounts have at most {digits} decimal places")
