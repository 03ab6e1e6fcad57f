from typing import Literal

ProductStockLevel = Literal["in_stock", "low", "out_of_stock"]

PRODUCT_STOCK_LEVEL_VALUES: set[ProductStockLevel] = {
    "in_stock",
    "low",
    "out_of_stock",
}


def check_product_stock_level(value: str) -> ProductStockLevel:
    if value in PRODUCT_STOCK_LEVEL_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PRODUCT_STOCK_LEVEL_VALUES!r}")
