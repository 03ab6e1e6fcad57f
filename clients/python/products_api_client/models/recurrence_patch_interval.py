from typing import Literal

RecurrencePatchInterval = Literal["day", "month", "week", "year"]

RECURRENCE_PATCH_INTERVAL_VALUES: set[RecurrencePatchInterval] = {
    "day",
    "month",
    "week",
    "year",
}


def check_recurrence_patch_interval(value: str) -> RecurrencePatchInterval:
    if value in RECURRENCE_PATCH_INTERVAL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {RECURRENCE_PATCH_INTERVAL_VALUES!r}"
    )
