"""Scheduled sweep of batch creates whose Lambda instance died on the way.

A batch that needs several transactions keeps a journal until it has published its products;
a journal past its deadline is a batch that will never finish by itself: the sweeper publishes
the rest of one that had begun publishing, and discards the pending products of any other, so
a batch is all or nothing even across a crash (common/storage/products/journal.py, docs/decisions.md
"Batch create").
"""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from common.heap import settled
from common.observability import logger, tracer
from common.products.batch import sweep_unfinished_batches


@settled  # common/heap.py: the handler is made last in the function's init
@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    finished = sweep_unfinished_batches()
    if finished:
        logger.warning("Finished batches a crash left unfinished", extra={"batches": finished})
    return {"batches_finished": finished}
