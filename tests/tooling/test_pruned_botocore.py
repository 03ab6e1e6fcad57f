"""The layer's botocore, pruned to our services at build (layers/common/prune_botocore.py),
resolves every one of them as the whole botocore does, in every partition."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from bench.layer_botocore import pruned_botocore, services_in
from common.aws_clients import SERVICES, new_client

# Prints, for each service and region, where a client's first call goes and how it is signed
# (its URL and the credential scope of its Authorization header), stopped before it is sent.
RESOLVE = textwrap.dedent(
    """
    import json, sys
    import botocore, botocore.session
    CALLS = {
        "dynamodb": "list_tables", "events": "list_event_buses",
        "secretsmanager": "list_secrets", "xray": "get_sampling_rules",
    }

    class Stop(Exception):
        pass

    def stop(request, **kwargs):
        scope = request.headers["Authorization"].decode().split("Credential=k/")[1].split(",")[0]
        raise Stop([request.url, scope.split("/", 1)[1]])

    session = botocore.session.get_session()
    found = {}
    for service in json.loads(sys.argv[1]):
        for region in json.loads(sys.argv[2]):
            client = session.create_client(
                service, region_name=region, aws_access_key_id="k", aws_secret_access_key="s"
            )
            client.meta.events.register("before-send", stop)
            try:
                getattr(client, CALLS[service])()
            except Stop as sent:
                found[f"{service} {region}"] = sent.args[0]
    print(json.dumps({"botocore": botocore.__file__, "found": found}))
    """
)


def _resolve(pythonpath: str | None) -> dict[str, object]:
    # aws (two), aws-cn, aws-us-gov, aws-iso, aws-iso-b
    regions = [
        "us-east-1",
        "eu-central-1",
        "cn-north-1",
        "us-gov-west-1",
        "us-iso-east-1",
        "us-isob-east-1",
    ]
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.pop("PYTHONPATH", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    done = subprocess.run(
        [sys.executable, "-c", RESOLVE, json.dumps(SERVICES), json.dumps(regions)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_the_pruned_botocore_resolves_our_services_as_the_whole_one() -> None:
    # Given the layer's botocore, pruned as the build prunes it, and the whole one
    site = pruned_botocore()

    # When each makes a client of each of our services in a region of each partition
    pruned, whole = _resolve(str(site)), _resolve(None)

    # Then the pruned one was used, and every call goes to the same URL, signed for the same
    # region and service
    assert str(pruned["botocore"]).startswith(str(site))
    assert not str(whole["botocore"]).startswith(str(site))
    assert pruned["found"] == whole["found"]
    assert len(whole["found"]) == len(SERVICES) * 6  # type: ignore[arg-type]


def test_the_pruned_botocore_keeps_only_our_services() -> None:
    assert services_in(pruned_botocore()) == (set(SERVICES), set(SERVICES))


def test_a_client_of_a_service_the_layer_has_no_model_of_is_refused() -> None:
    # Locally botocore has every model; deployed, the layer's has only SERVICES'
    with pytest.raises(ValueError, match="s3 is not in SERVICES"):
        new_client("s3")
