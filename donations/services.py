"""donations services: every write, keyword-only and atomic."""
