"""Stock operations (docs/decisions.md#stock-operations): adjust, set, reserve, release, commit.

Each one reads the product, computes its new counters (refusing any that would go below zero)
and writes them with the operation's audit event in one transaction, conditional on the
version read: a concurrent change fails the condition, and the operation is computed again
from the product as the failed condition found it, so counters never go negative and no
operation is lost, whatever the concurrency (docs/decisions.md#stock-operations). With an
Idempotency-Key the transaction also writes the request's idempotency record with its
response, so an operation is never applied twice, even across a crash right after its write.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from common.audit.models import AuditAction
from common.auth.principal import Principal, Scope
from common.errors import Conflict, InventoryError, NotFound
from common.preconditions import check_if_match
from common.products.audit import audit_event
from common.products.models import Inventory, Product
from common.products.reads import not_found, visible
from common.products.validators import whole_number
from common.storage.keyed_writes import completing_record
from common.storage.products import repository
from common.text import Identifier

MAX_UNITS = 1_000_000_000
# Attempts of an operation whose product other requests keep changing, before a 409. An attempt
# fails only when another write to the product committed since the last one (the product as a
# whole makes progress), so this bounds how many concurrent writes one request waits behind.
MAX_STOCK_ATTEMPTS = 50
Operation = Literal["adjust", "set", "reserve", "release", "commit"]
ACTIONS: dict[str, AuditAction] = {
    "adjust": "inventory.adjusted",
    "set": "inventory.set",
    "reserve": "inventory.reserved",
    "release": "inventory.released",
    "commit": "inventory.committed",
}


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

    def _short(self, counter: Literal["available", "reserved"], have: int) -> InventoryError:
        return InventoryError(
            f"Not enough {counter} units: {have} {counter}, the operation needs "
            f"{abs(self.quantity)}",
            details=[{"field": "quantity", "message": f"{counter} would go below zero"}],
        )

    def moved(self, stock: Inventory) -> Inventory:
        """The counters after the operation; InventoryError if one would go below zero or
        above MAX_UNITS. `reserve` moves units from available to reserved, `release` back,
        `commit` ships reserved units (they leave reserved, and so the total)."""
        after = self._counters_after(stock)
        for counter in ("available", "reserved"):
            if getattr(after, counter) > MAX_UNITS:
                raise InventoryError(
                    f"At most {MAX_UNITS} units can be {counter}: the operation would make "
                    f"{getattr(after, counter)}",
                    details=[
                        {"field": "quantity", "message": f"{counter} would exceed {MAX_UNITS}"}
                    ],
                )
        return after

    def _counters_after(self, stock: Inventory) -> Inventory:
        q, available, reserved = self.quantity, stock.available, stock.reserved
        match self.operation:
            case "adjust":
                if available + q < 0:
                    raise self._short("available", available)
                return Inventory(available=available + q, reserved=reserved)
            case "set":
                return Inventory(available=q, reserved=reserved)
            case "reserve":
                if available < q:
                    raise self._short("available", available)
                return Inventory(available=available - q, reserved=reserved + q)
            case "release":
                if reserved < q:
                    raise self._short("reserved", reserved)
                return Inventory(available=available + q, reserved=reserved - q)
            case "commit":
                if reserved < q:
                    raise self._short("reserved", reserved)
                return Inventory(available=available, reserved=reserved - q)

    def applied_to(self, product: Product) -> Product:
        """The product after the operation, one version later."""
        variants = {variant.id: variant for variant in product.variants}
        if self.variant_id is None and variants:
            raise InventoryError(
                "This product has variants: give the variant_id whose stock changes",
                details=[{"field": "variant_id", "message": "required for products with variants"}],
            )
        if self.variant_id is None:
            return product.model_copy(
                update={"stock": self.moved(product.stock), "version": product.version + 1}
            )
        variant = variants.get(self.variant_id)
        if variant is None:
            raise NotFound(f"Variant '{self.variant_id}' does not exist on this product")
        changed = variant.model_copy(update={"inventory": self.moved(variant.inventory)})
        return product.model_copy(
            update={
                "variants": [changed if v.id == variant.id else v for v in product.variants],
                "version": product.version + 1,
            }
        )


def apply_stock_operation(
    principal: Principal, product_id: str, operation: StockOperation, if_match: str | None
) -> Product:
    """Read, check visibility and If-Match, compute, write conditionally on the version read;
    a concurrent change means reading again (a 412 then, if If-Match named the old version)."""
    principal.require(Scope.INVENTORY_WRITE)
    action = ACTIONS[operation.operation]
    details = operation.model_dump(exclude_none=True)
    current = repository.get(principal.mode, principal.tenant_id, product_id)
    for _ in range(MAX_STOCK_ATTEMPTS):
        if current is None or not visible(principal, current):
            raise not_found(product_id)
        check_if_match(if_match, current)
        updated = operation.applied_to(current)
        event = audit_event(principal, action, current, updated, details)
        try:
            repository.write_stock(current, updated, event, completing_record(updated))
        except repository.StockChanged as changed:
            current = changed.current or repository.get(
                principal.mode, principal.tenant_id, product_id
            )
            continue
        return updated
    raise Conflict("The stock is being changed by other requests; retry")
