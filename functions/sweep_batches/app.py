"""Scheduled sweep of batch creates whose Lambda instance died between two transactions.

A batch without an Idempotency-Key keeps a journal from its first transaction to its last;
a journal past its deadline is a batch that will never finish: its products are removed, each
with its audit event, so a batch is all or nothing even across a crash
(common/products/journal.py, docs/decisions.md "Batch create").
"""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from common.observability import logger, tracer
from common.products.batch import sweep_unfinished_batches


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    undone = sweep_unfinished_batches()
    if undone:
        logger.warning("Undid batches left unfinished by a crash", extra={"batches": undone})
    return {"batches_undone": undone}
