"""The project's own benchmarks (SPEC §9)."""
