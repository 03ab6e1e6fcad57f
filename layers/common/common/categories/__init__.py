"""Categories: a per-tenant tree with unique slugs and exact product counts."""
