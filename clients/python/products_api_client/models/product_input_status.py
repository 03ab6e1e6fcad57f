from typing import Literal

ProductInputStatus = Literal["active", "archived", "draft"]

PRODUCT_INPUT_STATUS_VALUES: set[ProductInputStatus] = {
    "active",
    "archived",
    "draft",
}


def check_product_input_status(value: str) -> ProductInputStatus:
    if value in PRODUCT_INPUT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PRODUCT_INPUT_STATUS_VALUES!r}")
