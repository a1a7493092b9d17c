"""The Stripe event inbox never shows a shop customer's or a donor's personal details to staff who may
not see them: only superusers read payloads whole; Finance and Shop managers read them redacted, and
the CSV export carries no payload and no formula."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from payments.models import StripeEvent
from tests.fixtures.stripe import make_event, sample

pytestmark = pytest.mark.django_db
INDEX = "/admin/stripe_events/"
PERSONAL = ["Dana Donor", "dana@example.org", "12 Elm St", "Des Moines", "+1 515 555 0100", "In memory of Jo"]


def _event(kind, reference, event_id):
    session = sample("checkout.session")
    session.update(
        id=f"cs_{event_id}",
        amount_total=5000,
        metadata={"kind": kind, "reference": reference, "tribute": "In memory of Jo"},
        customer_email="dana@example.org",
        customer_details={
            "email": "dana@example.org",
            "name": "Dana Donor",
            "phone": "+1 515 555 0100",
            "address": {"line1": "12 Elm St", "city": "Des Moines", "postal_code": "50309", "country": "US"},
        },
        collected_information={
            "shipping_details": {
                "name": "Dana Donor",
                "address": {"line1": "12 Elm St", "city": "Des Moines"},
            }
        },
    )
    payload = make_event("checkout.session.completed", session, event_id=event_id)
    return StripeEvent.objects.create(
        event_id=event_id,
        type="checkout.session.completed",
        stripe_created_at=timezone.now(),
        payload=payload,
        status=StripeEvent.Status.FAILED,
        kind=kind,
        reference=reference,
        attempts=1,
        last_error='=HYPERLINK("http://evil.example")',
    )


@pytest.fixture
def events():
    return [_event("order", "HW-1001", "evt_shop_1"), _event("donation", "D-2001", "evt_gift_1")]


def _user(django_user_model, group_name):
    user = django_user_model.objects.create_user(username=f"u-{group_name}", password="x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.mark.parametrize("group_name", ["Finance", "Shop managers"])
def test_staff_groups_read_payloads_with_personal_details_redacted(
    client, django_user_model, events, group_name
):
    client.force_login(_user(django_user_model, group_name))

    for event in events:
        body = client.get(f"{INDEX}inspect/{event.pk}/").content.decode()
        for secret in PERSONAL:
            assert secret not in body, (group_name, event.kind, secret)
        assert "Personal details are redacted." in body
        # What staff need to find the object stays.
        assert event.event_id in body
        assert event.reference in body
        assert "5000" in body


def test_a_superuser_reads_the_whole_payload(client, admin_user, events):
    client.force_login(admin_user)

    body = client.get(f"{INDEX}inspect/{events[0].pk}/").content.decode()

    assert "dana@example.org" in body
    assert "Dana Donor" in body
    assert "Personal details are redacted." not in body


@pytest.mark.parametrize("group_name", ["Finance", "Shop managers"])
def test_the_csv_export_carries_no_personal_detail_and_no_formula(
    client, django_user_model, events, group_name
):
    client.force_login(_user(django_user_model, group_name))

    response = client.get(INDEX, {"export": "csv"})

    text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    for secret in PERSONAL:
        assert secret not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    assert all(not value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())
