"""ProductsTable stream -> EventBridge: product.created/updated/deleted/stock_changed.

The mapping is common/products/events.py. Records are mapped one by one (powertools'
BatchProcessor), then published in PutEvents calls of up to 10 entries; a record whose mapping
or publishing fails, and every record after it, is reported in batchItemFailures, so Lambda
retries from it (bisecting the batch) and, after the retries, sends it to the dead-letter queue.
"""

import os
from functools import lru_cache
from typing import Any

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import BotoCoreError, ClientError

from common.aws_clients import new_client
from common.heap import settled
from common.observability import logger, tracer
from common.products.events import PutEventsClient, events_from_record, publish, to_entry


class NotPublished(Exception):
    """The record's events did not reach EventBridge (or were held back behind one that did
    not): Lambda retries the record."""


@lru_cache(maxsize=1)
def events_client() -> PutEventsClient:
    client: PutEventsClient = new_client("events")
    return client


def record_handler(record: DynamoDBRecord) -> list[dict[str, Any]]:
    bus = os.environ["EVENT_BUS_NAME"]
    return [to_entry(event, bus) for event in events_from_record(record.raw_event)]


class PublishingProcessor(BatchProcessor):
    """Maps every record, then publishes the mapped entries in batches and turns the records
    EventBridge did not take into failures."""

    def __init__(self) -> None:
        super().__init__(event_type=EventType.DynamoDBStreams)

    def _fail(self, record: dict[str, Any], reason: str) -> None:
        # Powertools keeps the raw records of successes (and data classes of failures).
        raw: object = record
        self.success_messages = [m for m in self.success_messages if m is not raw]
        error = NotPublished(reason)
        self.failure_handler(record=DynamoDBRecord(record), exception=(NotPublished, error, None))
        logger.warning(
            "Product event not published",
            sequence_number=record.get("dynamodb", {}).get("SequenceNumber"),
            reason=reason,
        )

    def process(self) -> list[tuple[Any, ...]]:
        results = super().process()
        pending: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
        held_back = False
        for status, result, record in results:
            if status == "fail":
                held_back = True  # nothing after a record that Lambda will retry
                logger.warning(
                    "Stream record not mapped to events",
                    sequence_number=record.dynamodb.sequence_number if record else None,
                    reason=result,
                )
            elif held_back:
                self._fail(record, "held back: an earlier record of the batch failed")
            else:
                pending.append((record, result))
        failed = publish(
            events_client(), [entries for _, entries in pending], (ClientError, BotoCoreError)
        )
        for index, reason in sorted(failed.items()):
            self._fail(pending[index][0], reason)
        published = sum(len(e) for i, (_, e) in enumerate(pending) if i not in failed)
        logger.info("Product events published", count=published, failed=len(self.fail_messages))
        return results


processor = PublishingProcessor()


@settled  # common/heap.py: the handler is made last in the function's init
@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return dict(
        process_partial_response(
            event=event, record_handler=record_handler, processor=processor, context=context
        )
    )
