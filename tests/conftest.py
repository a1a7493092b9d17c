"""Shared test configuration. Each area keeps its fixtures in tests/fixtures/<area>.py."""

import pytest
from django.conf import settings

pytest_plugins = [
    "tests.fixtures.browser",
    "tests.fixtures.stripe",
    "tests.fixtures.ledger",
    "tests.fixtures.cms",
    "tests.fixtures.shop",
    "tests.fixtures.donations",
]


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") is None:
        return
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        # Not a hidden failure: CI runs the whole suite a second time with DATABASE_URL set.
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://... (CI runs it in its PostgreSQL pass)")


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
