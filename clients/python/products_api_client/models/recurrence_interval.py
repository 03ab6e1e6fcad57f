from typing import Literal

RecurrenceInterval = Literal["day", "month", "week", "year"]

RECURRENCE_INTERVAL_VALUES: set[RecurrenceInterval] = {
    "day",
    "month",
    "week",
    "year",
}


def check_recurrence_interval(value: str) -> RecurrenceInterval:
    if value in RECURRENCE_INTERVAL_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RECURRENCE_INTERVAL_VALUES!r}")
