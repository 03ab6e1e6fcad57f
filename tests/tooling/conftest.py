"""The tooling tier: the local gateway and server, the scheduler, function instances, the admin
CLI, the Python client and the generated events and OpenAPI document. Those that serve requests
do so on the component tier's moto harness (tests/moto_gateway.py)."""

from tests.moto_gateway import (  # noqa: F401  (fixtures: autouse ones apply to this tier)
    _dynamodb_calls_are_granted,
    _fast_moto_transactions,
    _moto_serves_one_call_at_a_time,
    api,
    aws,
    gateway,
    key_file,
    seller,
    template,
)
