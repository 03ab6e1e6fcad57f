"""Run in a fresh interpreter by bench.cold_start: imports one module and prints the time taken.

argv: module name, "client" to also create the DynamoDB client the first request would create.
Only the import is timed, so interpreter start-up costs both sides of the comparison the same.
"""

import importlib
import sys
import time


def main() -> None:
    module_name, mode = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    importlib.import_module(module_name)
    imported = time.perf_counter()
    if mode == "client":
        from common.storage.dynamodb import dynamodb_client

        dynamodb_client()
    done = time.perf_counter()
    print(f"{(imported - started) * 1000:.3f} {(done - started) * 1000:.3f}")


if __name__ == "__main__":
    main()
