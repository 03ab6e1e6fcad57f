from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_info_code import ErrorInfoCode, check_error_info_code

if TYPE_CHECKING:
    from ..models.error_facts import ErrorFacts
    from ..models.field_problem import FieldProblem


T = TypeVar("T", bound="ErrorInfo")


@_attrs_define
class ErrorInfo:
    """
    Attributes:
        code (ErrorInfoCode): Stable machine-readable code: each operation's error responses list theirs (`x-error-
            codes`)
        details (ErrorFacts | list[FieldProblem] | None | str): The fields at fault, or the error's facts, or (429) a
            sentence; or null
        message (str): For people; may change
    """

    code: ErrorInfoCode
    details: ErrorFacts | list[FieldProblem] | str | None
    message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.error_facts import ErrorFacts

        code: str = self.code

        details: dict[str, Any] | list[dict[str, Any]] | str | None
        if isinstance(self.details, list):
            details = []
            for details_type_0_item_data in self.details:
                details_type_0_item = details_type_0_item_data.to_dict()
                details.append(details_type_0_item)

        elif isinstance(self.details, ErrorFacts):
            details = self.details.to_dict()
        else:
            details = self.details

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "details": details,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_facts import ErrorFacts
        from ..models.field_problem import FieldProblem

        d = dict(src_dict)
        code = check_error_info_code(d.pop("code"))

        def _parse_details(data: object) -> ErrorFacts | list[FieldProblem] | str | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                details_type_0 = []
                _details_type_0 = data
                for details_type_0_item_data in _details_type_0:
                    details_type_0_item = FieldProblem.from_dict(details_type_0_item_data)

                    details_type_0.append(details_type_0_item)

                return details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                details_type_1 = ErrorFacts.from_dict(data)

                return details_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorFacts | list[FieldProblem] | None | str, data)

        details = _parse_details(d.pop("details"))

        message = d.pop("message")

        error_info = cls(
            code=code,
            details=details,
            message=message,
        )

        error_info.additional_properties = d
        return error_info

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
