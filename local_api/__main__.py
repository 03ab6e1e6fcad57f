"""`make run`: DynamoDB Local, tables from template.yaml, a demo client, the API on :3000, and
the template's Schedule events on their rate.

Environment: PORT (3000), DYNAMODB_PORT (8000), AWS_ENDPOINT_URL_DYNAMODB (use that DynamoDB
instead of starting DynamoDB Local; a real one included), LOCAL_DIR (.local).

Function instances (worker processes, local_api/capacity.py): LOCAL_FUNCTION_CONCURRENCY (10 per
function), LOCAL_MAX_INSTANCES (32 in all), LOCAL_QUEUE_SECONDS (29: how long a request waits
for a free instance before the throttle), LOCAL_IDLE_SECONDS (300: idle instances then retire).
"""

import argparse
import json
import os
import signal
import sys
from pathlib import Path
from types import FrameType

from local_api.capacity import Limits
from local_api.environment import configure_environment, ensure_demo_client
from local_api.template import ROOT


def _arguments(argv: list[str] | None) -> tuple[argparse.Namespace, Limits]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    parser.add_argument(
        "--dynamodb-port", type=int, default=int(os.environ.get("DYNAMODB_PORT", "8000"))
    )
    parser.add_argument(
        "--local-dir", type=Path, default=Path(os.environ.get("LOCAL_DIR", ROOT / ".local"))
    )
    parser.add_argument("--no-demo-client", action="store_true")
    defaults = Limits()
    for flag, kind, variable, default in [
        ("--function-concurrency", int, "LOCAL_FUNCTION_CONCURRENCY", defaults.per_function),
        ("--max-instances", int, "LOCAL_MAX_INSTANCES", defaults.total),
        ("--queue-seconds", float, "LOCAL_QUEUE_SECONDS", defaults.queue_seconds),
        ("--idle-seconds", float, "LOCAL_IDLE_SECONDS", defaults.idle_seconds),
    ]:
        parser.add_argument(flag, type=kind, default=kind(os.environ.get(variable, default)))
    args = parser.parse_args(argv)
    try:
        limits = Limits(
            args.function_concurrency, args.max_instances, args.queue_seconds, args.idle_seconds
        )
    except ValueError as invalid:
        parser.error(str(invalid))
    return args, limits


def main(argv: list[str] | None = None) -> int:
    args, limits = _arguments(argv)

    from local_api.dynamodb import DynamoDBLocal

    dynamodb: DynamoDBLocal | None = None
    if not os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"):
        dynamodb = DynamoDBLocal(args.local_dir / "dynamodb", args.dynamodb_port)
        dynamodb.start()
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = dynamodb.endpoint
    try:
        template = configure_environment(args.local_dir)
        from local_api.gateway import LocalGateway
        from local_api.scheduler import Scheduler
        from local_api.server import make_server

        # Each function instance in its own process: requests run concurrently, as in AWS.
        gateway = LocalGateway(template, isolated=True, limits=limits)
        server = make_server(gateway, "127.0.0.1", args.port)
        scheduler = Scheduler(template.schedules(), capacity=gateway.capacity).start()

        def _stop(signum: int, frame: FrameType | None) -> None:
            raise KeyboardInterrupt

        # Explicit, so Ctrl-C works even when started with SIGINT ignored (a background job).
        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        url = f"http://127.0.0.1:{args.port}"
        print(f"Products API listening on {url}", flush=True)
        print(f"DynamoDB at {os.environ['AWS_ENDPOINT_URL_DYNAMODB']}", flush=True)
        if not args.no_demo_client:
            client = ensure_demo_client(args.local_dir)
            print("Demo client (tenant demo-tenant, customer demo-customer):", flush=True)
            print(json.dumps(client, indent=2), flush=True)
            print(
                f"Try: curl -s -X POST {url}/api/v1/auth/token -H 'Content-Type: application/json'"
                f' -d \'{{"grant_type":"client_credentials","client_id":"{client["client_id"]}"'
                f',"client_secret":"{client["client_secret"]}"}}\'',
                flush=True,
            )
        print("Ready. Ctrl-C stops the API and DynamoDB Local.", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
            scheduler.stop()
            gateway.close()
    finally:
        if dynamodb:
            dynamodb.stop()
    print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
