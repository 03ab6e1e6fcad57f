from typing import Literal

ListProductsOrder = Literal["asc", "desc"]

LIST_PRODUCTS_ORDER_VALUES: set[ListProductsOrder] = {
    "asc",
    "desc",
}


def check_list_products_order(value: str) -> ListProductsOrder:
    if value in LIST_PRODUCTS_ORDER_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LIST_PRODUCTS_ORDER_VALUES!r}")
