import pytest

from tests.fixtures import payment_handlers


@pytest.fixture
def test_handler(settings, db):
    """Route kind "test" to tests/fixtures/payment_handlers.py; yields the module (effects(), fail_next())."""
    settings.PAYMENTS_HANDLERS = {"test": "tests.fixtures.payment_handlers.handler"}
    payment_handlers.ensure_table()
    payment_handlers.reset()
    yield payment_handlers
    payment_handlers.reset()
