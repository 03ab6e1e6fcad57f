"""All DynamoDB access, and nothing else: the one place an item's layout, keys and conditions
are written down (docs/data-model.md). The rule:

- one module per aggregate, `<aggregate>_repository.py` (audit, auth, categories, rate limits);
  an aggregate with several kinds of item is a package instead: `products/` (the product
  items and SKU claims in `repository.py`, the listing entries and search postings in
  `index.py`, the exact counters in `counters.py`, the batch journals in `journal.py`);
- keys shared by two aggregates sit apart, so neither loads the other: `category_keys.py` (a
  category's item and the customer counters, moved by product writes too);
- the idempotency table: powertools' idempotency records in `idempotency_records.py` (its
  store, on the shared client), the keyed writes' seeds beside them and a record's
  completion in a write's own transaction in `keyed_writes.py`;
- every conditional or multi-item write goes through `transactions.py` (operations, what a
  failed condition means, TransactWriteItems, retries on TransactionConflict, chunking);
- `dynamodb.py` is the client and the (de)serialization they share; `write_gate.py` the hook
  on it that holds a request's writes until its rate-limit count has admitted it (the count
  and what a refusal raises are the entry point's: common/http/admission.py); `at_once.py`
  sends a request's independent reads together (a listing's key ranges);
- storage raises storage exceptions (`errors.py`, or an aggregate's own ConditionFailed
  subclasses), never HTTP errors: the service, or the entry point (common/http/errors.py),
  decides what the caller is told. No business rule lives here.
"""
