"""Donor data is for Development (full) and Finance (read); Editors and Shop managers never see it.
CSV export, offline gift entry and receipt void/reissue from the admin."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from djmoney.money import Money

from donations import services
from donations.models import Donation, GiftKind, Receipt, ReceiptStatus
from tests.fixtures.donation_factories import DonationFactory, DonorFactory, aware

pytestmark = pytest.mark.django_db


def _staff(group_name: str) -> User:
    user = User.objects.create_user(
        username=group_name.lower().replace(" ", "-"), password="pw", is_staff=True
    )
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


@pytest.fixture
def gift(donations_settings):
    donation = DonationFactory(donor=DonorFactory(email="secret.donor@example.org", last_name="Private"))
    return services.donation_confirm(
        reference=donation.reference, amount_total=donation.amount, occurred_at=aware(2026, 4, 1)
    )


@pytest.mark.parametrize("group", ["Editors", "Shop managers"])
def test_editors_and_shop_managers_cannot_see_donors_gifts_or_receipts(client, gift, group):
    client.force_login(_staff(group))
    for url in (
        "/admin/giving/donors/",
        "/admin/giving/gifts/",
        "/admin/giving/receipts-list/",
        "/admin/giving/past-due/",
        f"/admin/giving/receipts/{gift.receipts.get().pk}/pdf/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"secret.donor@example.org" not in response.content
    menu = client.get("/admin/")
    assert b"secret.donor" not in menu.content
    assert b"Record offline gift" not in menu.content


def test_development_sees_donors_and_exports_them_as_csv(client, gift):
    client.force_login(_staff("Development"))

    listing = client.get("/admin/giving/donors/?q=secret")
    export = client.get("/admin/giving/donors/?export=csv")

    assert b"secret.donor@example.org" in listing.content
    assert export.status_code == 200
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert b"secret.donor@example.org" in body
    assert body.splitlines()[0].lower().startswith(b"email")


def test_finance_reads_gifts_but_cannot_edit_them(client, gift):
    client.force_login(_staff("Finance"))

    assert client.get("/admin/giving/gifts/").status_code == 200
    assert client.get(f"/admin/giving/gifts/edit/{gift.pk}/").status_code in (302, 403)
    assert client.get("/admin/giving/offline-gift/").status_code in (302, 403)


def test_development_records_a_cheque_and_the_donor_gets_a_receipt(
    client, donations_settings, counseling, django_capture_on_commit_callbacks
):
    client.force_login(_staff("Development"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/giving/offline-gift/",
            {
                "email": "cheque@example.org",
                "first_name": "Cheque",
                "last_name": "Writer",
                "amount": "500.00",
                "received_on": "2026-05-02",
                "method": "cheque",
                "description": "Cheque #1042",
                "designation": "counseling",
                "send_receipt": "on",
            },
        )

    assert response.status_code == 302
    donation = Donation.objects.get(kind=GiftKind.OFFLINE)
    assert donation.amount == Money(500, "USD")
    assert donation.entered_by == "development"
    receipt = donation.receipts.get()
    assert receipt.number.startswith("2026-")
    assert "Cheque #1042" in receipt.description
    assert mail.outbox[0].to == ["cheque@example.org"]


def test_offline_gift_with_hostile_values_is_refused(client, donations_settings):
    client.force_login(_staff("Development"))
    response = client.post(
        "/admin/giving/offline-gift/",
        {
            "email": "x@example.org",
            "amount": "1e9",
            "received_on": "yesterday",
            "method": "gold",
            "designation": "most-needed",
            "benefit_fmv": "NaN",
        },
    )
    assert response.status_code == 200
    assert not Donation.objects.exists()
    assert b"Enter an amount like" in response.content


def test_staff_void_and_reissue_a_receipt_from_the_admin(client, gift, django_capture_on_commit_callbacks):
    client.force_login(_staff("Development"))
    receipt = gift.receipts.get()

    response = client.post(f"/admin/giving/receipts/{receipt.pk}/reissue/", {"reason": "Address corrected"})

    assert response.status_code == 302
    receipt.refresh_from_db()
    assert receipt.status == ReceiptStatus.VOID
    assert Receipt.objects.get(replaces=receipt).status == ReceiptStatus.ISSUED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/giving/receipts/{receipt.pk}/resend/", {"to": "books@example.com"})
    assert mail.outbox[-1].to == ["books@example.com"]


def test_development_refunds_part_of_a_card_gift_once_even_if_submitted_twice(
    client, stripe_fake, donations_settings
):
    donation = DonationFactory(amount=Money(100, "USD"))
    session = stripe_fake.paid_checkout(
        kind="donation", reference=donation.reference, amount_total=donation.amount
    )
    Donation.objects.filter(pk=donation.pk).update(checkout_session_id=session["id"])
    from tests.fixtures.stripe import make_event, post_webhook

    assert post_webhook(client, make_event("checkout.session.completed", session)).status_code == 200
    client.force_login(_staff("Development"))

    form = client.get(f"/admin/giving/gifts/{donation.pk}/refund/").context["form"]
    submitted = {
        "amount": "33.33",
        "reason": "requested_by_customer",
        "request_id": form.initial["request_id"],
    }
    for _ in range(2):
        response = client.post(f"/admin/giving/gifts/{donation.pk}/refund/", submitted)
        assert response.status_code == 302
    donation.refresh_from_db()

    assert len(stripe_fake.calls("POST", "/v1/refunds")) == 2  # the same key twice: Stripe refunds once
    assert donation.amount_refunded == Money("33.33", "USD")
    assert donation.receipts.get(status=ReceiptStatus.ISSUED).amount == Money("66.67", "USD")


def test_refund_more_than_what_is_left_is_refused(client, donations_settings):
    donation = services.donation_confirm(
        reference=DonationFactory(amount=Money(20, "USD")).reference,
        amount_total=Money(20, "USD"),
        occurred_at=aware(2026, 4, 1),
    )
    client.force_login(_staff("Development"))

    response = client.post(
        f"/admin/giving/gifts/{donation.pk}/refund/",
        {"amount": "25", "reason": "duplicate", "request_id": "0" * 32},
    )

    assert response.status_code == 200
    assert b"at most" in response.content


def test_the_donor_record_shows_gift_history_and_receipts(client, gift):
    client.force_login(_staff("Finance"))

    response = client.get(f"/admin/giving/donors/inspect/{gift.donor_id}/")

    assert response.status_code == 200
    assert gift.reference.encode() in response.content
    assert gift.receipts.get().number.encode() in response.content
    assert b"Refund" not in response.content  # Finance reads; Development refunds


def test_the_receipt_page_in_the_admin_offers_its_actions(client, gift):
    client.force_login(_staff("Development"))
    receipt = gift.receipts.get()

    response = client.get(f"/admin/giving/receipts-list/inspect/{receipt.pk}/")

    assert response.status_code == 200
    assert b"Void and reissue" in response.content
    assert client.get(f"/admin/giving/receipts/{receipt.pk}/pdf/")["Content-Type"] == "application/pdf"
