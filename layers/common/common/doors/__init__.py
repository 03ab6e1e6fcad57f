"""Seed doors: each seed API's own wire format over the one catalog (docs/seed-mapping.md).

One module per seed holds its whole translation: request -> domain call, domain -> the seed's
response, error -> the seed's error shape. The rules are the domain's, never the door's.
"""
