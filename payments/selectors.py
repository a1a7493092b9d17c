"""payments selectors: every non-trivial read."""
