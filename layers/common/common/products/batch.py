"""Batch create (seed 000's upload): up to 100 products, all or nothing.

Everything is validated first, with errors named by index. The writes then go in as few
transactions as DynamoDB allows (100 operations each: a product with its SKU claims, listing
entries, search postings and audit event, and one change per counter item). If a later
transaction fails, the earlier ones are undone before the error is returned, audit events
included, so no product of a failed batch is left behind, nor any record of one.

A Lambda crash between two transactions cannot undo anything itself. With an Idempotency-Key
the product ids derive from the request's write seed (common/seeds.py), so a retry with the
same key and body finds the products the crashed attempt wrote (each whole: one transaction
holds a product with everything that indexes and counts it), writes only the rest and answers
with the full batch; a retry that fails undoes those too. Without a key, the batch keeps a
journal from its first transaction to its last (products/journal.py), and the scheduled
sweeper undoes a batch whose journal outlived its deadline. See docs/decisions.md, "Batch
create".
"""

from collections.abc import Iterable, Sequence
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
from common.products import journal as journals
from common.products import repository
from common.products.models import Product, ProductInput
from common.products.service import audit_event, build_product
from common.seeds import seeded_id, write_seed

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
    for index, body in enumerate(bodies):
        try:
            payload = ProductInput.model_validate(body)
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


# One product of a batch: what it writes, and its audit event.
Write = tuple[Product, AuditEvent]


# Room left in every transaction for the journal's put or delete.
JOURNAL_OPS = 1


def _chunks(writes: Sequence[Write]) -> list[list[Write]]:
    """Consecutive groups whose operations fit in one transaction each, with the journal's."""
    products = [product for product, _ in writes]
    sizes = [len(repository.write_ops(None, p)) + repository.AUDIT_OPS_PER_WRITE for p in products]
    limit = repository.MAX_TRANSACTION_OPS - JOURNAL_OPS
    chunks: list[list[Write]] = [[]]
    chunk_ops = 0
    for write, size in zip(writes, sizes, strict=True):
        candidate = [*chunks[-1], write]
        counters = repository.counter_ops([(None, p) for p, _ in candidate])
        if chunk_ops + size + len(counters) > limit and chunks[-1]:
            chunks.append([write])
            chunk_ops = size
        else:
            chunks[-1] = candidate
            chunk_ops += size
    return chunks


def _journal_ops(journal_requests: Sequence[dict[str, Any]]) -> list[repository.Op]:
    # The journal's put or delete has no condition: its failure value is never raised.
    return [repository.Op(request, repository.VersionMismatch()) for request in journal_requests]


def _write(chunk: Sequence[Write], journal_requests: Sequence[dict[str, Any]] = ()) -> None:
    ops = [op for p, _ in chunk for op in repository.write_ops(None, p)]
    audits = [repository.audit_op(event) for _, event in chunk]
    counters = repository.counter_ops([(None, p) for p, _ in chunk])
    repository.execute(ops + counters + audits + _journal_ops(journal_requests))


def _undo(chunk: Sequence[Write], journal_requests: Sequence[dict[str, Any]] = ()) -> None:
    stored = [repository.as_inserted(p) for p, _ in chunk]
    ops = [op for p in stored for op in repository.write_ops(p, None)]
    audits = [repository.unaudit_op(event) for _, event in chunk]
    counters = repository.counter_ops([(p, None) for p, _ in chunk])
    repository.execute(ops + counters + audits + _journal_ops(journal_requests))


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
    # Products an earlier attempt of this request wrote before it crashed.
    stored = (
        repository.get_many(principal.mode, principal.tenant_id, [p.id for p in products], True)
        if seed is not None
        else {}
    )
    details = {"batch_size": len(products)}
    writes = [
        (p, audit_event(principal, "product.created", None, p, {**details, "batch_index": i}))
        for i, p in enumerate(products)
        if p.id not in stored
    ]
    chunks = _chunks(writes) if writes else []  # none left: the crash came last
    # Without a key nothing else could find what a crash between transactions leaves.
    journal = (
        journals.new_journal(principal, [p.id for p, _ in writes])
        if seed is None and len(chunks) > 1
        else None
    )
    written: list[list[Write]] = []
    try:
        for number, chunk in enumerate(chunks):
            requests = []
            if journal is not None and number == 0:
                requests.append(journals.put_request(journal))
            if journal is not None and number == len(chunks) - 1:
                requests.append(journals.delete_request(journal))
            _write(chunk, requests)
            written.append(chunk)
    except (repository.SkuTaken, repository.CategoryMissing) as error:
        _undo_all(written, principal, stored.values(), journal)
        raise _failure(error, built) from error
    except repository.VersionMismatch as error:  # an attempt of the same request ran meanwhile
        _undo_all(written, principal, stored.values(), journal)
        raise Conflict("The batch was being written by another attempt; retry") from error
    except (ClientError, BotoCoreError):
        # Throttled or unreachable after retries: leave nothing behind.
        _undo_all(written, principal, stored.values(), journal)
        raise
    return [stored.get(p.id, p) for p in products]


def _undo_all(
    written: Sequence[Sequence[Write]],
    principal: Principal,
    earlier: Iterable[Product],
    journal: journals.Journal | None = None,
) -> None:
    """Undoes this attempt's transactions, last first, then the products an earlier, crashed
    attempt of the same request left (as they are now, each with its own deletion's audit
    event). The journal goes with the undo of the first transaction, which put it: a crash
    during the undo leaves it for the sweeper."""
    for number, chunk in reversed(list(enumerate(written))):
        # The first transaction put the journal: its undo deletes it.
        delete = [journals.delete_request(journal)] if journal is not None and number == 0 else []
        _undo(chunk, delete)
    _remove(principal, earlier, {"batch_undone": True})


def _remove(principal: Principal, products: Iterable[Product], details: dict[str, Any]) -> None:
    """Deletes each product as it is now, with its deletion's audit event."""
    for product in products:
        audit = audit_event(principal, "product.deleted", product, None, details)
        ops = repository.write_ops(product, None) + repository.counter_ops([(product, None)])
        repository.execute([*ops, repository.audit_op(audit)])


def sweep_unfinished_batches() -> int:
    """Undoes every batch whose journal outlived its deadline (its Lambda instance died
    between two transactions): removes the products it names that exist, then the journal.
    A product changed meanwhile is read again on the next sweep. Returns the batches undone."""
    undone = 0
    for journal in journals.overdue():
        found = repository.get_many(journal.mode, journal.tenant_id, journal.product_ids, True)
        details = {"batch_undone": True, "batch_journal": journal.id}
        try:
            _remove(
                journal.principal(), [found[i] for i in journal.product_ids if i in found], details
            )
        except repository.VersionMismatch:
            continue  # a write to one of them came in between: the next sweep reads it again
        journals.delete(journal)
        undone += 1
    return undone
