"""The session engine: a new session costs one insert, and a clashing key never takes over a session."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import sessions

pytestmark = pytest.mark.django_db


def test_the_site_uses_it():
    assert settings.SESSION_ENGINE == "core.sessions"


def test_a_new_session_is_inserted_without_looking_its_key_up_first():
    store = sessions.SessionStore()
    store["shop_cart"] = "a-token"

    with CaptureQueriesContext(connection) as captured:
        store.save()

    statements = [q["sql"].split()[0].upper() for q in captured.captured_queries]
    assert "SELECT" not in statements
    assert statements.count("INSERT") == 1
    assert sessions.SessionStore(store.session_key)["shop_cart"] == "a-token"


def test_a_key_clash_draws_a_new_key_and_leaves_the_other_session_alone(monkeypatch):
    other = sessions.SessionStore()
    other["shop_cart"] = "someone-elses-cart"
    other.save()
    keys = iter([other.session_key, "z" * 32])
    monkeypatch.setattr(sessions, "random_key", lambda: next(keys))

    mine = sessions.SessionStore()
    mine["shop_cart"] = "my-cart"
    mine.save()

    assert mine.session_key == "z" * 32
    assert sessions.SessionStore(other.session_key)["shop_cart"] == "someone-elses-cart"
    assert sessions.SessionStore(mine.session_key)["shop_cart"] == "my-cart"
    assert Session.objects.count() == 2


def test_new_keys_are_32_characters_of_djangos_alphabet_and_do_not_repeat():
    keys = [sessions.random_key() for _ in range(2000)]

    assert len(set(keys)) == len(keys)
    assert all(len(key) == 32 and set(key) <= set(VALID_KEY_CHARS) for key in keys)
    # Every character of base32's alphabet turns up: the key is not drawn from a narrower set.
    assert set("".join(keys)) == set("abcdefghijklmnopqrstuvwxyz234567")
    store = sessions.SessionStore()
    store["shop_cart"] = "a-token"
    store.save()
    assert store.session_key in {row.session_key for row in Session.objects.all()}
    assert sessions.SessionStore(store.session_key)["shop_cart"] == "a-token"


def test_a_stored_session_loads_and_an_expired_or_unknown_one_starts_afresh():
    store = sessions.SessionStore()
    store["shop_cart"] = "a-token"
    store.save()
    assert sessions.SessionStore(store.session_key)["shop_cart"] == "a-token"

    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    expired = sessions.SessionStore(store.session_key)
    assert expired.get("shop_cart") is None
    assert expired.session_key is None  # saving it makes a new session, never revives the old one

    unknown = sessions.SessionStore("q" * 32)
    assert unknown.get("shop_cart") is None
    assert unknown.session_key is None


def test_a_second_save_writes_only_what_changed_since_the_first_even_inside_a_value():
    store = sessions.SessionStore()
    store["progress"] = {"lesson-1": True}
    store.save()

    with CaptureQueriesContext(connection) as unchanged:
        store.save()
    assert unchanged.captured_queries == []  # the same data: nothing written

    store["progress"]["lesson-2"] = True  # changed in place, as a view may do
    store.modified = True
    store.save()

    assert sessions.SessionStore(store.session_key)["progress"] == {"lesson-1": True, "lesson-2": True}
