"""Money (docs/decisions.md, "Money"): JSON numbers held as Decimal, > 0, at most 1e9, at most
the currency's minor-unit digits."""

from decimal import Decimal

import pytest

from common import money


@pytest.mark.parametrize("value", [Decimal("0.01"), 1, Decimal("199.99"), money.MAX_AMOUNT])
def test_amounts_in_range_are_kept_exactly(value: Decimal | int) -> None:
    assert money.parse_amount(value) == Decimal(value)
    assert isinstance(money.parse_amount(value), Decimal)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (0, "greater than 0"),
        (Decimal("-1"), "greater than 0"),
        (money.MAX_AMOUNT + Decimal("0.01"), "at most 1000000000"),
        (Decimal("NaN"), "finite"),
        (Decimal("Infinity"), "finite"),
        (12.5, "JSON number"),  # a float never gets in
        ("12.50", "JSON number"),  # nor a numeric string
        (True, "JSON number"),
    ],
)
def test_out_of_range_or_not_a_number_is_refused(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        money.parse_amount(value)


@pytest.mark.parametrize(
    ("currency", "digits"), [("USD", 2), ("EUR", 2), ("JPY", 0), ("KWD", 3), ("CLF", 4)]
)
def test_minor_units_follow_iso_4217(currency: str, digits: int) -> None:
    assert money.is_currency(currency)
    assert money.minor_units(currency) == digits


def test_unknown_currency_codes() -> None:
    assert not money.is_currency("XYZ")
    assert not money.is_currency("usd")
    assert sorted(money.CURRENCIES) == money.CURRENCIES


@pytest.mark.parametrize(
    ("amount", "currency", "ok"),
    [
        ("19.99", "USD", True),
        ("19.990000", "USD", True),  # trailing zeros are not digits
        ("19.999", "USD", False),
        ("1000", "JPY", True),
        ("1000.5", "JPY", False),
        ("1.234", "KWD", True),
        ("1.2345", "KWD", False),
    ],
)
def test_minor_unit_digits(amount: str, currency: str, ok: bool) -> None:
    if ok:
        money.check_minor_units(Decimal(amount), currency)
    else:
        with pytest.raises(ValueError, match=f"{currency} amounts have at most"):
            money.check_minor_units(Decimal(amount), currency)


def test_shape_is_exact_past_the_decimal_context() -> None:
    """40 significant digits: normalize() would round them to 28 and call the amount 1."""
    long = Decimal("1." + "0" * 38 + "1")
    assert money.shape(long) == (40, 39)
    assert money.shape(Decimal("1200")) == (2, 0)
    assert money.shape(Decimal("12.500")) == (3, 1)


def test_minor_unit_rules_cover_every_digit_count() -> None:
    rules = money.minor_unit_rules(lambda step: {"multipleOf": step})
    steps = sorted(rule["then"]["multipleOf"] for rule in rules)
    assert steps == sorted([1, 0.001, 0.0001, 0.01])
