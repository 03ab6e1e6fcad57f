from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.stock_operation_operation import (
    StockOperationOperation,
    check_stock_operation_operation,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="StockOperation")


@_attrs_define
class StockOperation:
    """
    Attributes:
        operation (StockOperationOperation):
        quantity (int): adjust: a non-zero delta; set: 0 or more; reserve, release, commit: 1 or more
        variant_id (None | str | Unset):
    """

    operation: StockOperationOperation
    quantity: int
    variant_id: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        operation: str = self.operation

        quantity = self.quantity

        variant_id: str | Unset | None
        if isinstance(self.variant_id, Unset):
            variant_id = UNSET
        else:
            variant_id = self.variant_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "operation": operation,
                "quantity": quantity,
            }
        )
        if variant_id is not UNSET:
            field_dict["variant_id"] = variant_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        operation = check_stock_operation_operation(d.pop("operation"))

        quantity = d.pop("quantity")

        def _parse_variant_id(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        variant_id = _parse_variant_id(d.pop("variant_id", UNSET))

        stock_operation = cls(
            operation=operation,
            quantity=quantity,
            variant_id=variant_id,
        )

        return stock_operation
