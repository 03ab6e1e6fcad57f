"""The local API: template.yaml's routes served through the real authorizer and handlers,
on DynamoDB Local. Run with `make run` (python -m local_api)."""
