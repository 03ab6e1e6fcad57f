from typing import Literal

ProductPatchStatus = Literal["active", "archived", "draft"]

PRODUCT_PATCH_STATUS_VALUES: set[ProductPatchStatus] = {
    "active",
    "archived",
    "draft",
}


def check_product_patch_status(value: str) -> ProductPatchStatus:
    if value in PRODUCT_PATCH_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PRODUCT_PATCH_STATUS_VALUES!r}")
