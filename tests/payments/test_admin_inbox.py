"""The Stripe event inbox in Wagtail: Finance and Shop managers read and replay it; other staff cannot."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from payments.models import StripeEvent
from tests.fixtures import payment_handlers

pytestmark = pytest.mark.django_db
INDEX = "/admin/stripe_events/"


@pytest.fixture
def staff(django_user_model):
    def make(group_name):
        user = django_user_model.objects.create_user(username=f"u-{group_name}", password="x", is_staff=False)
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


def stored_event(event_id="evt_admin_1", status=StripeEvent.Status.FAILED, reference="T-600", **extra):
    payload = {
        "id": event_id,
        "object": "event",
        "type": "checkout.session.completed",
        "created": int(timezone.now().timestamp()),
        "data": {
            "object": {
                "id": f"cs_{event_id}",
                "object": "checkout.session",
                "mode": "payment",
                "status": "complete",
                "payment_status": "paid",
                "currency": "usd",
                "amount_total": 1500,
                "amount_subtotal": 1500,
                "metadata": {"kind": "test", "reference": reference},
                "payment_intent": None,
            }
        },
    }
    return StripeEvent.objects.create(
        event_id=event_id,
        type="checkout.session.completed",
        stripe_created_at=timezone.now(),
        payload=payload,
        status=status,
        attempts=1,
        last_error="LookupError: T-600 is not there yet" if status == StripeEvent.Status.FAILED else "",
        **extra,
    )


@pytest.mark.parametrize("group_name", ["Finance", "Shop managers"])
def test_finance_and_shop_managers_see_the_inbox_with_errors(client, staff, group_name):
    stored_event()
    client.force_login(staff(group_name))

    index = client.get(INDEX)
    inspect = client.get(f"{INDEX}inspect/{StripeEvent.objects.get().pk}/")

    assert index.status_code == 200
    assert "evt_admin_1" in index.content.decode()
    assert inspect.status_code == 200
    assert "is not there yet" in inspect.content.decode()
    assert "Stripe events" in client.get("/admin/").content.decode()


@pytest.mark.parametrize("group_name", ["Editors", "Development"])
def test_editors_and_development_cannot_see_the_inbox(client, staff, group_name):
    event = stored_event()
    client.force_login(staff(group_name))

    index = client.get(INDEX)
    inspect = client.get(f"{INDEX}inspect/{event.pk}/")
    replay = client.post(f"{INDEX}replay/{event.pk}/")

    assert index.status_code in (302, 403)
    assert inspect.status_code in (302, 403)
    assert replay.status_code in (302, 403)
    assert "evt_admin_1" not in index.content.decode()
    event.refresh_from_db()
    assert event.status == StripeEvent.Status.FAILED
    assert event.attempts == 1
    assert "Stripe events" not in client.get("/admin/").content.decode()


def test_the_inbox_filters_by_status_and_type_and_searches(client, staff):
    stored_event("evt_failed_1")
    stored_event("evt_done_1", status=StripeEvent.Status.PROCESSED)
    client.force_login(staff("Finance"))

    failed_only = client.get(INDEX, {"status": "failed"}).content.decode()
    by_type = client.get(INDEX, {"type": "checkout.session.completed"}).content.decode()
    searched = client.get(INDEX, {"q": "evt_done"}).content.decode()

    assert "evt_failed_1" in failed_only
    assert "evt_done_1" not in failed_only
    assert "evt_failed_1" in by_type
    assert "evt_done_1" in by_type
    assert "evt_done_1" in searched
    assert "evt_failed_1" not in searched


def test_the_inbox_is_read_only(client, staff, admin_user):
    event = stored_event()
    client.force_login(admin_user)

    assert client.get(f"{INDEX}edit/{event.pk}/").status_code == 404
    assert client.get(f"{INDEX}new/").status_code == 404
    assert client.get(f"{INDEX}delete/{event.pk}/").status_code == 404


def test_the_inbox_exports_csv(client, staff):
    stored_event()
    client.force_login(staff("Finance"))

    response = client.get(INDEX, {"export": "csv"})

    assert response.status_code == 200
    assert "evt_admin_1" in b"".join(response.streaming_content).decode()


def test_finance_replays_a_failed_event_once_it_can_apply(client, staff, test_handler):
    event = stored_event()
    client.force_login(staff("Finance"))

    confirm = client.get(f"{INDEX}replay/{event.pk}/")
    replayed = client.post(f"{INDEX}replay/{event.pk}/")
    again = client.post(f"{INDEX}replay/{event.pk}/", follow=True)

    assert confirm.status_code == 200
    assert "Replay now" in confirm.content.decode()
    assert replayed.status_code == 302
    event.refresh_from_db()
    assert event.status == StripeEvent.Status.PROCESSED
    assert event.attempts == 2
    assert "already processed" in again.content.decode()
    assert len(payment_handlers.effects("payment_settled", "T-600")) == 1


def test_a_replay_that_fails_again_keeps_the_error(client, staff, test_handler):
    event = stored_event()
    test_handler.fail_next("payment_settled")
    client.force_login(staff("Shop managers"))

    response = client.post(f"{INDEX}replay/{event.pk}/", follow=True)

    assert "failed again" in response.content.decode()
    event.refresh_from_db()
    assert event.status == StripeEvent.Status.FAILED
    assert "told to fail" in event.last_error


def test_finance_finds_which_order_a_payment_intent_belongs_to(client, staff):
    from payments.models import CheckoutLink

    CheckoutLink.objects.create(
        session_id="cs_test_link_1",
        kind="order",
        reference="HW-1042",
        mode="payment",
        payment_intent_id="pi_abc123",
    )
    CheckoutLink.objects.create(
        session_id="cs_test_link_2", kind="donation", reference="D-77", mode="payment"
    )
    client.force_login(staff("Finance"))

    found = client.get("/admin/checkout_links/", {"q": "pi_abc123"})

    assert found.status_code == 200
    assert "HW-1042" in found.content.decode()
    assert "D-77" not in found.content.decode()
    assert client.get("/admin/checkout_links/edit/1/").status_code == 404


def test_editors_cannot_see_checkout_sessions(client, staff):
    client.force_login(staff("Editors"))
    assert client.get("/admin/checkout_links/").status_code in (302, 403)
