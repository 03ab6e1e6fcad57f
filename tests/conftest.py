"""Test-wide environment: no real AWS is ever reachable from a test."""

import os

os.environ.update(
    {
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_DISABLED": "true",
        # As template.yaml sets it: modules may be imported before a test applies the template.
        "POWERTOOLS_METRICS_NAMESPACE": "ProductsApi",
    }
)
os.environ.pop("AWS_PROFILE", None)
