from typing import Literal

ErrorInfoCode = Literal[
    "conflict",
    "duplicate_product",
    "forbidden",
    "idempotency_key_reused",
    "internal_error",
    "invalid_category_id",
    "invalid_image_url",
    "invalid_json",
    "invalid_product_data",
    "inventory_error",
    "method_not_allowed",
    "not_found",
    "precondition_failed",
    "rate_limit_exceeded",
    "service_unavailable",
    "token_expired",
    "unauthorized",
    "unsupported_media_type",
    "validation_error",
]

ERROR_INFO_CODE_VALUES: set[ErrorInfoCode] = {
    "conflict",
    "duplicate_product",
    "forbidden",
    "idempotency_key_reused",
    "internal_error",
    "invalid_category_id",
    "invalid_image_url",
    "invalid_json",
    "invalid_product_data",
    "inventory_error",
    "method_not_allowed",
    "not_found",
    "precondition_failed",
    "rate_limit_exceeded",
    "service_unavailable",
    "token_expired",
    "unauthorized",
    "unsupported_media_type",
    "validation_error",
}


def check_error_info_code(value: str) -> ErrorInfoCode:
    if value in ERROR_INFO_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ERROR_INFO_CODE_VALUES!r}")
