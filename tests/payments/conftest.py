import pytest

from tests.payments import handlers


@pytest.fixture
def test_handler(settings, db):
    """Route kind "test" to tests/payments/handlers.py; yields the module (effects(), fail_next())."""
    settings.PAYMENTS_HANDLERS = {"test": "tests.payments.handlers.handler"}
    handlers.ensure_table()
    handlers.reset()
    yield handlers
    handlers.reset()
