"""The rule families, one module per family and code prefix."""
