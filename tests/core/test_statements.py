"""Compiled statements answer exactly what the queryset they were built from answers, for every value
passed in, and refuse a statement whose parameter never reaches its SQL."""

import datetime
import uuid

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.statements import Statement, loaded_instance
from shop.models import Cart, CartLine
from tests.fixtures.shop_factories import product_create, variant_of

pytestmark = pytest.mark.django_db

SESSION_KEY = Session._meta.get_field("session_key")
EXPIRES = Session._meta.get_field("expire_date")


def _session(key: str, data: str, expires: datetime.datetime) -> None:
    Session.objects.create(session_key=key, session_data=data, expire_date=expires)


def test_text_and_datetime_parameters_select_the_same_rows_as_the_orm():
    now = timezone.now()
    _session("a" * 32, "alpha", now + datetime.timedelta(hours=1))
    _session("b" * 32, "beta", now - datetime.timedelta(seconds=1))  # expired
    live = Statement(
        lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now).values_list(
            "session_data"
        ),
        key=SESSION_KEY,
        now=EXPIRES,
    )

    assert live.rows(key="a" * 32, now=now) == [("alpha",)]
    assert live.rows(key="b" * 32, now=now) == []  # the ORM's answer for an expired session
    assert live.rows(key="b" * 32, now=now - datetime.timedelta(minutes=1)) == [("beta",)]
    assert live.first(key="c" * 32, now=now) is None
    # Quotes and SQL in a value are only ever a value.
    assert live.rows(key="' OR '1'='1", now=now) == []


def test_uuid_and_foreign_key_parameters_in_a_subquery(shop_index):
    scarf = variant_of(product_create(title="Scarf", price="20", stock=9))
    candle = variant_of(product_create(title="Candle", price="8", stock=9))
    mine, other = Cart.objects.create(), Cart.objects.create()
    CartLine.objects.create(cart=mine, variant=scarf, quantity=3)
    CartLine.objects.create(cart=other, variant=candle, quantity=5)
    lines = Statement(
        lambda token, variant: (
            Cart.objects.filter(token=token)
            .annotate(held=Count("lines", filter=Q(lines__variant=variant)))
            .values_list("pk", "held")
        ),
        token=Cart._meta.get_field("token"),
        variant=CartLine._meta.get_field("variant"),
    )

    assert lines.rows(token=mine.token, variant=scarf.pk) == [(mine.pk, 1)]
    assert lines.rows(token=mine.token, variant=candle.pk) == [(mine.pk, 0)]
    assert lines.rows(token=other.token, variant=candle.pk) == [(other.pk, 1)]
    assert lines.rows(token=uuid.uuid4(), variant=scarf.pk) == []


def test_it_compiles_once_and_then_only_executes():
    now = timezone.now()
    _session("d" * 32, "delta", now + datetime.timedelta(hours=1))
    built = []

    def build(key):
        built.append(key)
        return Session.objects.filter(session_key=key).values_list("session_data")

    statement = Statement(build, key=SESSION_KEY)
    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            assert statement.rows(key="d" * 32) == [("delta",)]
        assert len(captured.captured_queries) == 1

    assert len(built) == 1


def test_a_parameter_that_never_reaches_the_sql_is_refused():
    ignored = Statement(lambda key: Session.objects.values_list("session_key"), key=SESSION_KEY)

    with pytest.raises(ValueError, match="key"):
        ignored.rows(key="x")


def test_every_declared_parameter_must_be_passed():
    statement = Statement(
        lambda key: Session.objects.filter(session_key=key).values_list("session_data"), key=SESSION_KEY
    )

    with pytest.raises(TypeError):
        statement.rows()
    with pytest.raises(TypeError):
        statement.rows(key="x", other="y")


def test_a_loaded_instance_holds_its_columns_whatever_their_order_and_reads_the_rest_when_asked():
    cart = Cart.objects.create(gift_designation="counseling")

    loaded = loaded_instance(Cart, {"token": cart.token, "id": cart.pk})

    assert (loaded.pk, loaded.token) == (cart.pk, cart.token)
    with CaptureQueriesContext(connection) as captured:
        assert loaded.gift_designation == "counseling"  # deferred: read on first use
    assert len(captured.captured_queries) == 1
    with pytest.raises(ValueError, match="not columns"):
        loaded_instance(Cart, {"id": cart.pk, "colour": "red"})
