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


def pytest_collection_modifyitems(items):
    """Transactional tests (threads, live server) restore the rows migrations made.

    Django empties the tables after a transactional test; without a serialized rollback the
    Wagtail root page, the default site, the staff groups and the chart of accounts that data
    migrations create would be gone for every test after it.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        uses_live_server = "live_server" in getattr(item, "fixturenames", ())
        if marker is None and not uses_live_server:
            continue
        kwargs = dict(marker.kwargs) if marker else {}
        if marker and marker.args:
            kwargs.setdefault("transaction", marker.args[0])
        if not (kwargs.get("transaction") or uses_live_server):
            continue
        kwargs["transaction"] = True
        kwargs["serialized_rollback"] = True
        item.add_marker(pytest.mark.django_db(**kwargs), append=False)


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
