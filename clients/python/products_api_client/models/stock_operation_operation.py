from typing import Literal

StockOperationOperation = Literal["adjust", "commit", "release", "reserve", "set"]

STOCK_OPERATION_OPERATION_VALUES: set[StockOperationOperation] = {
    "adjust",
    "commit",
    "release",
    "reserve",
    "set",
}


def check_stock_operation_operation(value: str) -> StockOperationOperation:
    if value in STOCK_OPERATION_OPERATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {STOCK_OPERATION_OPERATION_VALUES!r}"
    )
