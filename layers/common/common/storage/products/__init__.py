"""Products in the products table: items and SKU claims, listing and search index, counters,
batch journals (storage/__init__.py has the rule)."""
