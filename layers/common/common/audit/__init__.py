"""The audit trail (docs/decisions.md#audit): who changed what, in the change's own transaction."""
