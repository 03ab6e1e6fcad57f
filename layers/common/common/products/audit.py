"""The audit event of a product write, shared by every write: create, update, delete, stock
operations and batches. Apart from products/service.py, whose creates and updates take the
input models, so that deletes and stock operations never load them (cold starts,
docs/performance.md)."""

from typing import Any

from common.audit.events import event_for
from common.audit.models import AuditAction, AuditEvent, AuditResource
from common.auth.principal import Principal
from common.products.models import Product


def audit_event(
    principal: Principal,
    action: AuditAction,
    before: Product | None,
    after: Product | None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """The audit event of one product write (None before a create, after a delete)."""
    product = after or before
    assert product is not None
    return event_for(
        principal,
        action,
        AuditResource(type="product", id=product.id),
        before.public() if before else None,
        after.public() if after else None,
        details,
    )
