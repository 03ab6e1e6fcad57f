"""Stock operations (SPEC §5): adjust, set, reserve, release, commit — each one atomic
UpdateItem whose condition keeps `available` and `reserved` from going below zero, whatever
the concurrency."""

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from common.auth.principal import Principal, Scope
from common.errors import Conflict, InventoryError, NotFound, PreconditionFailed
from common.preconditions import check_if_match
from common.products import repository
from common.products.models import Product, whole_number
from common.products.repository import StockChange
from common.products.service import not_found, visible
from common.text import Identifier

MAX_UNITS = 1_000_000_000
MAX_SET_ATTEMPTS = 4
Operation = Literal["adjust", "set", "reserve", "release", "commit"]


class StockOperation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    operation: Operation
    quantity: Annotated[int, BeforeValidator(whole_number), Field(ge=-MAX_UNITS, le=MAX_UNITS)]
    variant_id: Identifier | None = None

    @model_validator(mode="after")
    def _quantity_fits_operation(self) -> "StockOperation":
        if self.operation == "adjust" and self.quantity == 0:
            raise ValueError("quantity: adjust needs a non-zero delta")
        if self.operation == "set" and self.quantity < 0:
            raise ValueError("quantity: set needs 0 or more")
        if self.operation in ("reserve", "release", "commit") and self.quantity <= 0:
            raise ValueError(f"quantity: {self.operation} needs a positive number of units")
        return self

    def change(self) -> StockChange:
        q = self.quantity
        match self.operation:
            case "adjust":
                return StockChange(available_delta=q, need_available=max(0, -q))
            case "set":
                return StockChange(set_available=q)
            case "reserve":
                return StockChange(available_delta=-q, reserved_delta=q, need_available=q)
            case "release":
                return StockChange(available_delta=q, reserved_delta=-q, need_reserved=q)
            case "commit":  # reserved units ship: they leave reserved, and so the total
                return StockChange(reserved_delta=-q, need_reserved=q)


def expected_version(if_match: str | None) -> int | None:
    """If-Match for a single-request write: one `"v<n>"` tag, or `*` for any version."""
    if if_match is None or if_match.strip() == "*":
        return None
    tag = if_match.strip().removeprefix("W/")
    if tag.startswith('"v') and tag.endswith('"') and tag[2:-1].isdigit():
        return int(tag[2:-1])
    raise PreconditionFailed('If-Match must be one entity tag such as "v3", or *')


def apply_stock_operation(
    principal: Principal, product_id: str, operation: StockOperation, if_match: str | None
) -> Product:
    principal.require(Scope.INVENTORY_WRITE)
    version = expected_version(if_match)
    for _ in range(MAX_SET_ATTEMPTS):
        change = operation.change()
        if operation.operation == "set" and operation.variant_id:
            change = _variant_set(principal, product_id, operation)
        try:
            return repository.change_stock(
                principal.mode,
                principal.tenant_id,
                product_id,
                change,
                variant_id=operation.variant_id,
                owner=principal.customer_id,
                expected_version=version,
            )
        except repository.StockRejected as rejected:
            if not _stale_read(principal, rejected.current, operation, change, version):
                raise _why(principal, product_id, operation, if_match, rejected.current) from None
    raise Conflict("The stock is being changed by other requests; retry")


def _variant_set(principal: Principal, product_id: str, operation: StockOperation) -> StockChange:
    """`set` on a variant, as a delta from the value read: the product's total units (its
    stock index key) move by the same delta in the same UpdateItem."""
    current = repository.get(principal.mode, principal.tenant_id, product_id)
    variants = {v.id: v for v in current.variants} if current else {}
    if operation.variant_id not in variants:
        return StockChange(expect_available=-1)  # fails; _why says which rule
    available = variants[operation.variant_id].inventory.available
    return StockChange(available_delta=operation.quantity - available, expect_available=available)


def _stale_read(
    principal: Principal,
    current: Product | None,
    operation: StockOperation,
    change: StockChange,
    version: int | None,
) -> bool:
    """Only a variant's `set` can fail for a reason worth a retry: the variant's stock moved
    between its read and the write. Every other failure is answered by _why."""
    if change.expect_available is None or current is None or not visible(principal, current):
        return False
    variants = {v.id: v for v in current.variants}
    variant = variants.get(operation.variant_id or "")
    return (
        variant is not None
        and variant.inventory.available != change.expect_available
        and version in (None, current.version)
    )


def _why(
    principal: Principal,
    product_id: str,
    operation: StockOperation,
    if_match: str | None,
    current: Product | None,
) -> Exception:
    """The condition failed: say which rule, from the item as it was."""
    if current is None or not visible(principal, current):
        return not_found(product_id)
    try:
        check_if_match(if_match, current)
    except PreconditionFailed as mismatch:
        return mismatch
    variants = {variant.id: variant for variant in current.variants}
    if operation.variant_id is None and variants:
        return InventoryError(
            "This product has variants: give the variant_id whose stock changes",
            details=[{"field": "variant_id", "message": "required for products with variants"}],
        )
    if operation.variant_id is not None and operation.variant_id not in variants:
        return NotFound(f"Variant '{operation.variant_id}' does not exist on this product")
    stock = variants[operation.variant_id].inventory if operation.variant_id else current.stock
    counter = "reserved" if operation.operation in ("release", "commit") else "available"
    have = stock.reserved if counter == "reserved" else stock.available
    return InventoryError(
        f"Not enough {counter} units: {have} {counter}, the operation needs "
        f"{abs(operation.quantity)}",
        details=[{"field": "quantity", "message": f"{counter} would go below zero"}],
    )
