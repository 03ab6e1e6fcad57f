"""The service's Logger, Metrics and Tracer: one of each per function process, shared by every
module, so log keys, metric dimensions and trace annotations are set in one place.

- Logger: JSON lines with the request id, tenant and client (appended per request, cleared
  after it).
- Metrics: EMF, per operation; never per tenant, which would explode CloudWatch's dimensions.
- Tracer: X-Ray (`Tracing: Active` in template.yaml). Only botocore is patched, so each
  DynamoDB, EventBridge or Secrets Manager call is a subsegment; it is patched where the first
  client is made (trace_aws_calls), so a function that calls no AWS service (health, JWKS, the
  OpenAPI document) never imports botocore for it: ~100 ms of cold start. Requests are
  annotated with their tenant, customer and operation: annotations are indexed, so the X-Ray
  console can filter one tenant's traces (`annotation.tenant_id = "..."`).
"""

from aws_lambda_powertools import Logger, Metrics, Tracer

SERVICE = "products-api"

logger = Logger(service=SERVICE)
metrics = Metrics(service=SERVICE)
tracer = Tracer(service=SERVICE, auto_patch=False)


def trace_aws_calls() -> None:
    """Patches botocore for X-Ray, once (later calls are no-ops); call before AWS calls."""
    tracer.patch(modules=("botocore",))


def annotate_trace(**annotations: str | None) -> None:
    """Indexes the current trace by these values (those given; None is skipped)."""
    for key, value in annotations.items():
        if value:
            tracer.put_annotation(key=key, value=value)
