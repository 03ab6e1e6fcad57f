from typing import Literal

ProductPatchRecurrenceType0Interval = Literal["day", "month", "week", "year"]

PRODUCT_PATCH_RECURRENCE_TYPE_0_INTERVAL_VALUES: set[ProductPatchRecurrenceType0Interval] = {
    "day",
    "month",
    "week",
    "year",
}


def check_product_patch_recurrence_type_0_interval(
    value: str,
) -> ProductPatchRecurrenceType0Interval:
    if value in PRODUCT_PATCH_RECURRENCE_TYPE_0_INTERVAL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRODUCT_PATCH_RECURRENCE_TYPE_0_INTERVAL_VALUES!r}"
    )
