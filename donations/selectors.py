"""donations selectors: every non-trivial read."""
