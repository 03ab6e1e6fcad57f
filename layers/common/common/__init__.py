"""Shared code of the Products API: models, validation, errors, auth and data access.

Packaged by SAM as the `common` Lambda layer (importable as `common` under /opt/python).
"""
