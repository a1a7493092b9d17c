"""Two processes posting the same payment at the same moment: the database keeps one."""

import threading

import pytest
from django.db import connection
from djmoney.money import Money

from ledger import services
from ledger.models import Entry, Posting
from ledger.types import Channel, RevenueLine, RuleTarget


def _race(target, count=2):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=30)
            results.append(target())
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a worker never finished (deadlock?)"
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_payment_postings_yield_one_posting(shop_default_rule, ledger_now):
    def post():
        return services.payment_post(
            source="order:race",
            occurred_at=ledger_now,
            channel=Channel.SHOP,
            revenue=[RevenueLine(amount=Money("100.00", "USD"), target=RuleTarget.PRODUCT, key="1")],
            shipping=Money("5.00", "USD"),
            tax=Money(0, "USD"),
            fee=Money("3.20", "USD"),
        ).pk

    results, errors = _race(post, count=4)
    assert errors == []
    assert len(results) == 4
    assert len(set(results)) == 1
    assert Posting.objects.filter(source="order:race").count() == 1
    # One posting's legs, not four: the line (gross, 3 funds, fee and fee paid) and shipping (gross, income).
    assert Entry.objects.filter(posting__source="order:race").count() == 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_refunds_never_take_back_more_than_was_paid(shop_default_rule, ledger_now):
    services.payment_post(
        source="order:race-refund",
        occurred_at=ledger_now,
        channel=Channel.SHOP,
        revenue=[RevenueLine(amount=Money("100.00", "USD"), target=RuleTarget.PRODUCT, key="1")],
        shipping=Money(0, "USD"),
        tax=Money(0, "USD"),
        fee=None,
    )
    counter = iter(range(100))

    def refund():
        return services.reversal_post(
            source="order:race-refund",
            kind=f"refund:{next(counter)}",
            amount=Money("60.00", "USD"),
            occurred_at=ledger_now,
        ).pk

    results, errors = _race(refund, count=2)
    assert len(results) == 1
    assert len(errors) == 1
    assert "left to reverse" in str(errors[0])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_database_itself_refuses_to_update_or_delete_entries(shop_default_rule, ledger_now):
    from django.db import DatabaseError, transaction

    services.payment_post(
        source="order:sql",
        occurred_at=ledger_now,
        channel=Channel.SHOP,
        revenue=[RevenueLine(amount=Money("10.00", "USD"), target=RuleTarget.PRODUCT, key="1")],
        shipping=Money(0, "USD"),
        tax=Money(0, "USD"),
        fee=None,
    )
    for statement in ("UPDATE ledger_entry SET amount = 0", "DELETE FROM ledger_entry"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert Entry.objects.filter(posting__source="order:sql").count() == 4
