"""The index walk: key ranges merged in sort order, their products read in batches and checked,
until a page is full, the ranges end or the read budget runs out."""

import heapq
import math
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from common.products.listing_plan import ListingContext, Plan
from common.products.models import Product
from common.storage.at_once import at_once
from common.storage.products import counters, repository

# The first Query of each range reads up to a page of keys (+1), at most this many in all: one
# round trip per range whatever the share of each, where an even share of the page needed a
# second trip to the range that holds most of it (`active`, in the default listing's three
# status ranges). Keys are small: a Query of up to about 20 costs its minimum read unit.
FIRST_ROUND_KEYS = 100


class Walk:
    """Matches in listing order, and where the walk stopped. (A plain class: see
    common/__init__.py on records.)"""

    __slots__ = ("examined", "matches", "stopped_at")

    def __init__(self, matches: list[tuple[Product, str]] | None = None, examined: int = 0):
        self.matches = matches if matches is not None else []  # (product, sort key)
        self.stopped_at: str | None = None  # the last key examined, when the budget ran out first
        self.examined = examined


def _resumed(where: repository.IndexRange, after: str | None) -> repository.IndexRange:
    """The range from the cursor's key on (inclusive: the key itself is skipped)."""
    if after is None or where.sort_attribute == "s_stock":
        return where
    if where.descending:
        return where._replace(high=after if where.high is None else min(str(where.high), after))
    return where._replace(low=after if where.low is None else max(str(where.low), after))


def _stock_start(ctx: ListingContext, where: repository.IndexRange, after: str | None) -> Any:
    """ExclusiveStartKey after the product named by a stock sort key (`<units>#<id>`)."""
    if after is None:
        return None
    units, product_id = after.split("#", 1)
    pk = repository.product_pk(ctx.principal.mode, ctx.principal.tenant_id, product_id)
    return {
        "pk": {"S": pk},
        "sk": {"S": repository.SK_PRODUCT},
        where.partition_attribute: {"S": where.partition},
        "s_stock": {"N": str(int(units))},
    }


def _streams(
    ctx: ListingContext,
    ranges: list[repository.IndexRange],
    after: str | None,
    first: int,
    chunk: int,
    counts: counters.Counts | None = None,
) -> list[Iterator[repository.IndexEntry]]:
    """The keys of each range in order, after `after`. The first page of every range is read
    at once, since the merge needs them all before its first key; the rest lazily.
    `counts`, if given and not read yet, are read in the same round."""
    starts = [
        (
            _resumed(where, after),
            _stock_start(ctx, where, after) if where.sort_attribute == "s_stock" else None,
        )
        for where in ranges
    ]
    reads: list[Callable[[], Any]] = [
        partial(repository.query_index, ranged, first, start) for ranged, start in starts
    ]
    if counts is not None and counts.found is None:
        reads.append(partial(counters.read, counts))
    first_pages = at_once(reads)[: len(starts)]
    return [
        _entries(ranged, after, page, chunk)
        for (ranged, _), page in zip(starts, first_pages, strict=True)
    ]


def _entries(
    where: repository.IndexRange,
    after: str | None,
    page: tuple[list[repository.IndexEntry], dict[str, Any] | None],
    chunk: int,
) -> Iterator[repository.IndexEntry]:
    """The keys of one range from its first page on, then read `chunk` at a time."""
    entries, start_key = page
    while True:
        for entry in entries:
            if entry.sort_value != after:
                yield entry
        if start_key is None:
            return
        entries, start_key = repository.query_index(where, chunk, start_key)


def _position(entry: repository.IndexEntry) -> str:
    """The cursor's sort key of an entry (stock: `<units>#<id>`, like index.sort_key)."""
    if isinstance(entry.sort_value, int):
        return f"{entry.sort_value:012d}#{entry.product_id}"
    return entry.sort_value


def walk_index(
    ctx: ListingContext,
    plan: Plan,
    after: str | None,
    wanted: int,
    budget: int | None,
    read: dict[str, Product | None],
    counts: counters.Counts | None = None,
) -> Walk:
    """Merge the ranges in sort order; read the products in batches of what is still wanted;
    keep those that match. Stops at wanted + 1 matches, at the end, or past the budget.
    `read`: the products this request has read so far, by id (None: not found), shared by its
    walks, so that no product is read twice. `counts`: counters still to read, read with the
    ranges' first pages, or, for one range, carried by the first batch (none when the range
    holds no key)."""
    k = len(plan.ranges)
    if k == 0:  # no status to read: status and is_active exclude each other
        return Walk()
    even_share = math.ceil((wanted + 1) / k) + (1 if k > 1 else 0)
    first = max(2, min(wanted + 1, max(math.ceil(FIRST_ROUND_KEYS / k), even_share)))
    # Several ranges: the counters come with their first pages. One: with its products (the
    # batch), and only if the range has keys (else the listing reads them on their own).
    streams = _streams(ctx, plan.ranges, after, first, wanted + 1, counts if k > 1 else None)
    merged: Iterator[repository.IndexEntry] = heapq.merge(
        *streams, key=_position, reverse=ctx.descending
    )
    walk = Walk()
    seen: set[str] = set()
    while len(walk.matches) <= wanted:
        need = wanted + 1 - len(walk.matches)
        if budget is not None:  # filters reject some: read in batches of up to 100 keys
            need = min(max(need, repository.MAX_BATCH_GET), budget - walk.examined)
        batch = _take(merged, need, seen)
        if not batch:
            return walk
        walk.examined += len(batch)
        _read_missing(ctx, [e.product_id for e in batch], read, counts)
        for entry in batch:
            product = read[entry.product_id]
            if product is not None and ctx.accepts(product):
                walk.matches.append((product, _position(entry)))
        last = _position(batch[-1])
        if budget is not None and walk.examined >= budget and len(walk.matches) <= wanted:
            walk.stopped_at = last if _has_more(merged) else None
            return walk
    return walk


def _read_missing(
    ctx: ListingContext,
    product_ids: list[str],
    read: dict[str, Product | None],
    counts: counters.Counts | None = None,
) -> None:
    """Reads the products of `product_ids` that `read` does not hold yet into it: a listing
    with include_total walks its first keys twice (its page, then its count): each product is
    fetched and parsed once. `counts`, if not read yet, ride along."""
    missing = [product_id for product_id in product_ids if product_id not in read]
    if not missing:
        return
    mode, tenant = ctx.principal.mode, ctx.principal.tenant_id
    riding = counts if counts is not None and counts.found is None else None
    found = repository.get_many(mode, tenant, missing, to_show=True, counts=riding)
    for product_id in missing:
        read[product_id] = found.get(product_id)


def _take(
    merged: Iterator[repository.IndexEntry], count: int, seen: set[str]
) -> list[repository.IndexEntry]:
    """Up to `count` entries of products not seen yet (a product can sit in two ranges for
    the moment its index entries take to follow a change)."""
    batch: list[repository.IndexEntry] = []
    for entry in merged:
        if entry.product_id in seen:
            continue
        seen.add(entry.product_id)
        batch.append(entry)
        if len(batch) == count:
            break
    return batch


def _has_more(merged: Iterator[repository.IndexEntry]) -> bool:
    return next(merged, None) is not None
