"""Run in a fresh interpreter by bench.cold_start: imports one module and prints the time taken.

argv: module name, "client" to also make what the first request would make: its AWS clients,
and the stores on them (make_first_request_clients). Only the import and that set-up are timed,
so interpreter start-up costs both sides of the comparison the same.
"""

import importlib
import sys
import time


def make_first_request_clients() -> None:
    """The AWS clients a function's first request makes, and the stores on them: DynamoDB's
    where the function reads or writes a table (not health, JWKS, the documents); the
    idempotency store where it has an Idempotency-Key route; the signing keys' secret store
    where it checks tokens, issues them or signs cursors (deployed, the key document is read
    from Secrets Manager). Made, not called: no request is sent."""
    if "common.storage.dynamodb" in sys.modules:
        sys.modules["common.storage.dynamodb"].dynamodb_client()
    if "common.idempotency" in sys.modules:
        sys.modules["common.idempotency"].persistence_store()
    if "common.auth.keys" in sys.modules:
        sys.modules["common.auth.keys"].secret_store()


def main() -> None:
    module_name, mode = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    importlib.import_module(module_name)
    imported = time.perf_counter()
    if mode == "client":
        make_first_request_clients()
    done = time.perf_counter()
    print(f"{(imported - started) * 1000:.3f} {(done - started) * 1000:.3f}")


if __name__ == "__main__":
    main()
