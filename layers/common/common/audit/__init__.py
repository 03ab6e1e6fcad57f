"""The audit trail (SPEC §8): who changed what, written in the same transaction as the change."""
