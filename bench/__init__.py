"""The project's own benchmarks (docs/api.md#performance-targets, docs/performance.md)."""
