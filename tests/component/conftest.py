"""The component tier: the real handlers, authorizer and layer code on moto, in process,
through the same LocalGateway that `make run` serves (tests/moto_gateway.py)."""

from tests.moto_gateway import (  # noqa: F401  (fixtures: autouse ones apply to this tier)
    _dynamodb_calls_are_granted,
    _fast_moto_transactions,
    _moto_serves_one_call_at_a_time,
    api,
    aws,
    gateway,
    keeper,
    key_file,
    seller,
    template,
)
