"""Batch create (seed 000's upload): up to 100 products, all or nothing.

Everything is validated first, with errors named by index. The writes then go in as few
transactions as DynamoDB allows (100 operations each: a product with its SKU claims, listing
entries, search postings and audit event, and one change per counter item).

A batch that fits in one transaction is atomic by itself. A larger one is staged
(storage/products/journal.py): its products are written marked pending, invisible and unwritable to
every other request (get, list, search, SKU lookups, PATCH, PUT, DELETE, stock), and
published together once all are written, with their audit events. If a later transaction
fails (a SKU taken meanwhile, a category deleted), the earlier ones are undone before the
error is returned: since no one else could see or change those products, the undo cannot
meet a concurrent write, and a failed batch leaves nothing behind, not even an audit or a
change event. A Lambda crash on the way leaves the journal to the scheduled sweeper, or to a
retry with the same Idempotency-Key (the product ids and the journal's derive from the
request's write seed, common/storage/keyed_writes.py). See docs/decisions.md, "Batch create".
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from pydantic import ValidationError

from common.audit.models import AuditEvent
from common.auth.principal import Principal, Scope
from common.errors import (
    ApiError,
    Conflict,
    DuplicateProduct,
    InvalidCategoryId,
    InvalidProductData,
    from_validation_errors,
)
from common.products.audit import audit_event
from common.products.inputs import ProductInput
from common.products.models import Product
from common.products.service import build_product, with_category_id
from common.storage.errors import Unavailable as StorageUnavailable
from common.storage.keyed_writes import seeded_id, write_seed
from common.storage.products import journal as journals
from common.storage.products import repository

MAX_BATCH = 100


def _indexed(error: ApiError, index: int) -> ApiError:
    """The same error with each detail's field prefixed by the item's index, and its code."""
    details = error.details if isinstance(error.details, list) else [{"message": error.message}]
    error.details = [
        {
            "index": index,
            **detail,
            "field": f"[{index}].{detail.get('field', 'body')}",
            "code": error.code,
        }
        for detail in details
    ]
    return error


def _combined(errors: Sequence[ApiError], total: int) -> ApiError:
    """One error for every invalid item: their code when they share it, else the umbrella
    `invalid_product_data`; each detail keeps its own code."""
    codes = {error.code for error in errors}
    first = errors[0] if len(codes) == 1 else InvalidProductData()
    first.details = [detail for error in errors for detail in error.details]
    first.message = f"{len(errors)} of {total} products are invalid; nothing was created"
    return first


def _validated(principal: Principal, bodies: Sequence[Any]) -> list[tuple[ProductInput, Product]]:
    built, errors = [], []
    slugs: dict[str, str] = {}  # categories named by slug, each looked up once
    for index, body in enumerate(bodies):
        try:
            payload = with_category_id(principal, ProductInput.model_validate(body), slugs)
            built.append((payload, build_product(principal, payload)))
        except ValidationError as exc:
            errors.append(_indexed(from_validation_errors(exc.errors()), index))
        except ApiError as exc:
            errors.append(_indexed(exc, index))
    if errors:
        raise _combined(errors, len(bodies))
    return built


def _repeated_skus(built: Sequence[tuple[ProductInput, Product]]) -> None:
    owner: dict[str, int] = {}
    repeats = []
    for index, (payload, _) in enumerate(built):
        for sku, field in payload.skus().items():
            if sku in owner:
                message = f"SKU also given by item {owner[sku]}"
                repeats.append({"index": index, "field": f"[{index}].{field}", "message": message})
            else:
                owner[sku] = index
    if repeats:
        raise DuplicateProduct("A SKU is repeated within the batch", details=repeats)


# Room left in every transaction for the journal's put or delete.
JOURNAL_OPS = 1
# A product's publishing takes two operations (its update and its audit event's put).
PUBLISH_OPS = 2


def _chunks(products: Sequence[Product]) -> list[list[Product]]:
    """Consecutive groups whose operations fit in one transaction each, with the journal's
    and, while it is one group, the products' audit events."""
    sizes = [len(repository.write_ops(None, p)) + repository.AUDIT_OPS_PER_WRITE for p in products]
    limit = repository.MAX_TRANSACTION_OPS - JOURNAL_OPS
    chunks: list[list[Product]] = [[]]
    chunk_ops = 0
    for product, size in zip(products, sizes, strict=True):
        candidate = [*chunks[-1], product]
        counters = repository.counter_ops([(None, p) for p in candidate])
        if chunk_ops + size + len(counters) > limit and chunks[-1]:
            chunks.append([product])
            chunk_ops = size
        else:
            chunks[-1] = candidate
            chunk_ops += size
    return chunks


def _write(
    chunk: Sequence[Product],
    audits: Sequence[AuditEvent] = (),
    journal_requests: Sequence[dict[str, Any]] = (),
) -> None:
    ops = [op for p in chunk for op in repository.write_ops(None, p)]
    counters = repository.counter_ops([(None, p) for p in chunk])
    audit_ops = [repository.audit_op(event) for event in audits]
    repository.execute(ops + counters + audit_ops + _journal_ops(journal_requests))


def _journal_ops(journal_requests: Sequence[dict[str, Any]]) -> list[repository.Op]:
    # The journal's put, update or delete has no condition: its failure value is never raised.
    return [repository.Op(request, repository.VersionMismatch()) for request in journal_requests]


def _discard(products: Sequence[Product], journal_requests: Sequence[dict[str, Any]] = ()) -> None:
    """Removes pending products (as stored) with everything that indexes and counts them, in
    one transaction. They were never visible, so they have no audit event to undo."""
    ops = [op for p in products for op in repository.write_ops(p, None)]
    counters = repository.counter_ops([(p, None) for p in products])
    repository.execute(ops + counters + _journal_ops(journal_requests))


def _failure(error: Exception, built: Sequence[tuple[ProductInput, Product]]) -> ApiError:
    if isinstance(error, repository.SkuTaken):
        index = next(i for i, (payload, _) in enumerate(built) if error.sku in payload.skus())
        field = built[index][0].skus()[error.sku]
        return DuplicateProduct(
            f"SKU '{error.sku}' is already used by another product; nothing was created",
            details=[
                {
                    "index": index,
                    "field": f"[{index}].{field}",
                    "message": "already used in this tenant",
                }
            ],
        )
    if not isinstance(error, repository.CategoryMissing):
        raise error
    return InvalidCategoryId(
        f"Category '{error.category_id}' does not exist; nothing was created",
        details=[
            {"index": i, "field": f"[{i}].category_id", "message": "no such category"}
            for i, (_, product) in enumerate(built)
            if product.category_id == error.category_id
        ],
    )


def _created_event(principal: Principal, product: Product, index: int, size: int) -> AuditEvent:
    details = {"batch_size": size, "batch_index": index}
    return audit_event(principal, "product.created", None, product, details)


def create_products(principal: Principal, bodies: Sequence[Any]) -> list[Product]:
    principal.require(Scope.PRODUCTS_WRITE)
    built = _validated(principal, bodies)
    _repeated_skus(built)
    seed = write_seed()
    if seed is not None:
        built = [
            (payload, product.model_copy(update={"id": seeded_id("prod", seed, index)}))
            for index, (payload, product) in enumerate(built)
        ]
    products = [product for _, product in built]
    # Products an earlier attempt of this request wrote before it crashed (pending or not).
    stored = (
        repository.get_many(
            principal.mode, principal.tenant_id, [p.id for p in products], True, True
        )
        if seed is not None
        else {}
    )
    order = {p.id: index for index, p in enumerate(products)}
    missing = [p for p in products if p.id not in stored]
    chunks = _chunks(missing) if missing else []  # none left: the crash came late
    staged = len(chunks) > 1 or any(p.pending_batch for p in stored.values())
    if not staged:  # one transaction: atomic, visible at once
        if chunks:
            audits = [_created_event(principal, p, order[p.id], len(products)) for p in missing]
            with _undone_on_failure(built, [], stored, None):
                _write(chunks[0], audits)
        return [stored.get(p.id, p) for p in products]
    journal_id = seeded_id("bat", seed, 0) if seed is not None else None
    journal = journals.new_journal(principal, [p.id for p in products], journal_id)
    pending_chunks = [
        [p.model_copy(update={"pending_batch": journal.id}) for p in chunk] for chunk in chunks
    ]
    written: list[list[Product]] = []
    for number, chunk in enumerate(pending_chunks):
        requests = [journals.put_request(journal)] if number == 0 else []
        with _undone_on_failure(built, written, stored, journal):
            _write(chunk, (), requests)
        written.append(chunk)
    pending = [p for chunk in written for p in chunk]
    pending += [p for p in stored.values() if p.pending_batch]
    try:
        _publish(journal, pending, order)
    except repository.VersionMismatch as error:  # the sweeper discarded them meanwhile
        raise Conflict("The batch took too long and was undone; retry") from error
    return [stored.get(p.id, p).model_copy(update={"pending_batch": None}) for p in products]


@contextmanager
def _undone_on_failure(
    built: Sequence[tuple[ProductInput, Product]],
    written: Sequence[Sequence[Product]],
    stored: Mapping[str, Product],
    journal: journals.Journal | None,
) -> Iterator[None]:
    """If the transaction run inside fails, undoes everything the batch wrote so far and
    raises what the failure means to the caller."""
    try:
        yield
    except (repository.SkuTaken, repository.CategoryMissing) as error:
        _undo_all(written, stored.values(), journal)
        raise _failure(error, built) from error
    except repository.VersionMismatch as error:  # an attempt of the same request ran meanwhile
        _undo_all(written, stored.values(), journal)
        raise Conflict("The batch was being written by another attempt; retry") from error
    except (ClientError, BotoCoreError, StorageUnavailable):
        # Throttled, contended or unreachable after retries: leave nothing behind.
        _undo_all(written, stored.values(), journal)
        raise


def _undo_all(
    written: Sequence[Sequence[Product]],
    earlier: Iterable[Product],
    journal: journals.Journal | None,
) -> None:
    """Undoes this attempt's transactions, last first, then the pending products an earlier,
    crashed attempt of the same request left. The journal goes with the undo of the first
    transaction, which put it (or after the crashed attempt's products, when this attempt
    wrote nothing): a crash during the undo leaves it for the sweeper."""
    for number, chunk in reversed(list(enumerate(written))):
        delete = [journals.delete_request(journal)] if journal is not None and number == 0 else []
        _discard([repository.as_inserted(p) for p in chunk], delete)
    leftovers = [p for p in earlier if p.pending_batch]
    for product in leftovers:
        _discard([product])
    if journal is not None and not written and leftovers:  # the crashed attempt's journal
        journals.delete(journal)


def _publish(
    journal: journals.Journal, pending: Sequence[Product], order: Mapping[str, int]
) -> None:
    """Makes the batch's pending products visible with their audit events, then deletes the
    journal: in one transaction for up to 49 products; else the first transaction marks the
    journal committing, so a crash between them is finished by the sweeper, not undone."""
    principal, size = journal.principal(), len(journal.product_ids)
    per_transaction = (repository.MAX_TRANSACTION_OPS - JOURNAL_OPS) // PUBLISH_OPS
    groups = [pending[i : i + per_transaction] for i in range(0, len(pending), per_transaction)]
    for number, group in enumerate(groups or [[]]):
        last = number == len(groups) - 1 or not groups
        ops = []
        for product in group:
            shown = product.model_copy(update={"pending_batch": None})
            ops.append(repository.publish_op(product))
            ops.append(
                repository.audit_op(_created_event(principal, shown, order[product.id], size))
            )
        request = journals.delete_request(journal) if last else journals.commit_request(journal)
        repository.execute([*ops, *_journal_ops([request])])


def sweep_unfinished_batches() -> int:
    """Finishes every batch whose journal outlived its deadline (its Lambda instance died on
    the way): publishes the rest of a committing batch, discards the pending products of any
    other, then deletes the journal. Returns the batches finished."""
    finished = 0
    for journal in journals.overdue():
        found = repository.get_many(
            journal.mode, journal.tenant_id, journal.product_ids, True, True
        )
        pending = [
            found[i]
            for i in journal.product_ids
            if i in found and found[i].pending_batch == journal.id
        ]
        if journal.committing:
            _publish(journal, pending, {i: n for n, i in enumerate(journal.product_ids)})
        else:
            for product in pending:
                _discard([product])
            journals.delete(journal)
        finished += 1
    return finished
