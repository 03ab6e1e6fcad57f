"""The process environment the local functions run with, taken from template.yaml."""

import json
import os
from pathlib import Path
from typing import Any

from local_api.dynamodb import create_tables, local_table_names
from local_api.template import Template

DEMO_TENANT, DEMO_CUSTOMER = "demo-tenant", "demo-customer"


def configure_environment(local_dir: Path, table_prefix: str = "") -> Template:
    """Sets the functions' environment (Globals of template.yaml, with local table names and a
    key file under local_dir), and creates the tables. Returns the loaded template."""
    from common.auth.keys import ensure_local_key_file

    template = Template.load()
    names = local_table_names(template, table_prefix)
    key_file = local_dir / "signing-keys.json"
    ensure_local_key_file(key_file)
    # The secret is a file locally: its Ref resolves to None and the variable is left out.
    refs: dict[str, Any] = {**names, "SigningKeysSecret": None}
    for name, value in template.environment(refs).items():
        if value or name not in os.environ:  # an empty default never hides a value set here
            os.environ[name] = value
    os.environ["SIGNING_KEYS_FILE"] = str(key_file)
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    endpoint = os.environ.get("AWS_ENDPOINT_URL_DYNAMODB", "")
    if endpoint.startswith(("http://127.0.0.1", "http://localhost")):
        # DynamoDB Local accepts any credentials; a real DynamoDB gets the caller's own.
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")

    from common.storage.dynamodb import dynamodb_client

    create_tables(dynamodb_client(), template, names)
    return template


def ensure_demo_client(local_dir: Path) -> dict[str, Any]:
    """The demo client's credentials, created once and kept in local_dir."""
    from common.auth import service
    from common.storage import auth_repository

    path = local_dir / "demo-client.json"
    if path.exists():
        saved: dict[str, Any] = json.loads(path.read_text())
        stored = auth_repository.get_client(saved["client_id"])
        if stored and stored.status == "active":
            return saved
    client = service.create_client(
        DEMO_TENANT,
        customer_id=DEMO_CUSTOMER,
        scopes=["products:read", "products:write", "categories:write", "inventory:write"],
        name="demo",
    )
    path.write_text(json.dumps(client, indent=2))
    path.chmod(0o600)
    return client
