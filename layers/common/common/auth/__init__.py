"""Authentication and authorization: clients, tokens, keys and the caller's principal."""
