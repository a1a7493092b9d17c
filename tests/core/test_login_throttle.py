"""Admin sign-in is throttled (django-axes) per account and per address (core.client_ip): once locked,
even the right password is refused with a clear page, until the cool-off ends or an admin unlocks."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def manager(django_user_model):
    user = django_user_model.objects.create_user("manager", "manager@example.org", PASSWORD)
    group, _ = Group.objects.get_or_create(name="Shop managers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user.groups.add(group)
    return user


def _sign_in(client, password, *, username="manager", address="203.0.113.9", **meta):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **meta)


def _signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, manager):
    statuses = [_sign_in(client, f"guess-{n}").status_code for n in range(30)]

    right = _sign_in(client, PASSWORD)

    assert statuses[:4] == [200] * 4  # the login form again, with its error
    assert set(statuses[5:]) == {429}
    assert right.status_code == 429
    body = right.content.decode()
    assert "Sign-in paused" in body
    assert "for 30 minutes" in body
    assert not _signed_in(client)


def test_an_account_is_locked_whatever_address_the_guesses_come_from(manager):
    for n in range(5):
        _sign_in(Client(), "wrong", address=f"198.51.100.{n}")

    fresh = Client()
    assert _sign_in(fresh, PASSWORD, address="192.0.2.200").status_code == 429
    assert not _signed_in(fresh)


def test_an_address_guessing_many_accounts_is_locked_and_other_addresses_are_not(manager, django_user_model):
    for n in range(5):
        _sign_in(Client(), "wrong", username=f"someone{n}", address="203.0.113.66")

    same_address = Client()
    assert _sign_in(same_address, PASSWORD, address="203.0.113.66").status_code == 429
    other_address = Client()
    assert _sign_in(other_address, PASSWORD, address="203.0.113.67").status_code == 302
    assert _signed_in(other_address)


def test_behind_a_proxy_the_client_address_is_counted_not_the_proxy(manager, settings, django_user_model):
    settings.TRUSTED_PROXY_COUNT = 1
    via_proxy = {"address": "10.0.0.1"}
    for n in range(5):
        _sign_in(Client(), "wrong", username=f"someone{n}", HTTP_X_FORWARDED_FOR="203.0.113.66", **via_proxy)

    colleague = Client()
    response = _sign_in(colleague, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.5", **via_proxy)
    assert response.status_code == 302  # another visitor behind the same proxy is not locked out
    assert _signed_in(colleague)
    attacker = Client()
    assert _sign_in(attacker, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.66", **via_proxy).status_code == 429


def test_an_admin_unlocks_an_account_and_a_success_clears_the_count(client, manager):
    for n in range(6):
        _sign_in(client, f"guess-{n}")
    assert _sign_in(client, PASSWORD).status_code == 429

    call_command("axes_reset_username", "manager")
    call_command("axes_reset_ip", "203.0.113.9")

    assert _sign_in(client, PASSWORD).status_code == 302
    assert _signed_in(client)
    client.logout()
    for n in range(4):  # a success cleared the earlier failures: four more do not lock
        _sign_in(client, f"again-{n}")
    assert _sign_in(client, PASSWORD).status_code == 302
