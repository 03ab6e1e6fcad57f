from typing import Literal

AuditResourceType = Literal["category", "product"]

AUDIT_RESOURCE_TYPE_VALUES: set[AuditResourceType] = {
    "category",
    "product",
}


def check_audit_resource_type(value: str) -> AuditResourceType:
    if value in AUDIT_RESOURCE_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {AUDIT_RESOURCE_TYPE_VALUES!r}")
