"""community selectors: every non-trivial read."""
