"""shop selectors: every non-trivial read."""
