from typing import Literal

ProductUpdateStatusType0 = Literal["active", "archived", "draft"]

PRODUCT_UPDATE_STATUS_TYPE_0_VALUES: set[ProductUpdateStatusType0] = {
    "active",
    "archived",
    "draft",
}


def check_product_update_status_type_0(value: str) -> ProductUpdateStatusType0:
    if value in PRODUCT_UPDATE_STATUS_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRODUCT_UPDATE_STATUS_TYPE_0_VALUES!r}"
    )
