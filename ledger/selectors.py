"""ledger selectors: every non-trivial read."""
