from typing import Literal

ProductRecurrenceInterval = Literal["day", "month", "week", "year"]

PRODUCT_RECURRENCE_INTERVAL_VALUES: set[ProductRecurrenceInterval] = {
    "day",
    "month",
    "week",
    "year",
}


def check_product_recurrence_interval(value: str) -> ProductRecurrenceInterval:
    if value in PRODUCT_RECURRENCE_INTERVAL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRODUCT_RECURRENCE_INTERVAL_VALUES!r}"
    )
