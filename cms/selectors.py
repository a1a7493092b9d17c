"""cms selectors: every non-trivial read."""
