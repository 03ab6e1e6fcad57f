"""The product catalog: models (validation), rules (service) and persistence (repository)."""
