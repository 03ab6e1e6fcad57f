from typing import Literal

ListProductsSort = Literal["available", "created_at", "name", "price", "updated_at"]

LIST_PRODUCTS_SORT_VALUES: set[ListProductsSort] = {
    "available",
    "created_at",
    "name",
    "price",
    "updated_at",
}


def check_list_products_sort(value: str) -> ListProductsSort:
    if value in LIST_PRODUCTS_SORT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LIST_PRODUCTS_SORT_VALUES!r}")
