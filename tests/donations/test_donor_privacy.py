"""Anyone can give with anyone's email. Such a gift never shows the giver what is stored about that
email, never changes the stored profile, and public pages show only the name typed on the gift.
(The gift does appear in the portal of the email's owner, who signs in by a link sent to that email.)"""

import pytest
from django.core import mail
from django.urls import reverse
from djmoney.money import Money
from wagtail.models import Page

from donations.models import CirclePage, Donation, Donor
from donations.views_portal import PORTAL_SESSION_KEY
from tests.fixtures.donation_factories import form_data
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db

STORED = {
    "email": "victoria@example.org",
    "first_name": "Victoria",
    "last_name": "Hiddenname",
    "company_name": "",
    "phone": "",
    "address_line1": "12 Private Lane",
    "city": "Springfield",
    "stripe_customer_id": "cus_victoria_saved",
}


@pytest.fixture
def victim(db):
    return Donor.objects.create(**STORED)


@pytest.fixture
def circle(donations_settings):
    home = Page.objects.get(depth=2)
    return home.add_child(
        instance=CirclePage(
            title="Circle of Sisters", slug="sisters", leader_name="Maya", goal=Money(5000, "USD")
        )
    )


def _give_as(client, stripe_fake, page, **overrides) -> Donation:
    response = client.post(page.url, form_data(**overrides))
    assert response.status_code == 303, response.content.decode()[:1500]
    donation = Donation.objects.latest("created_at")
    session = stripe_fake.paid_checkout(
        kind="donation",
        reference=donation.reference,
        amount_total=donation.amount,
        customer_email=overrides.get("email", "dana@example.org"),
        session_overrides={"id": donation.checkout_session_id, "customer": "cus_mallory_new"},
    )
    assert post_webhook(client, make_event("checkout.session.completed", session)).status_code == 200
    donation.refresh_from_db()
    return donation


def _mallory(circle, **extra) -> dict:
    return {
        "email": "VICTORIA@example.org",
        "first_name": "Mallory",
        "last_name": "Prober",
        "company_name": "Prober LLC",
        "wall_consent": "on",
        "circle": str(circle.pk),
        **extra,
    }


def test_giving_with_a_known_email_greets_by_the_name_typed_and_publishes_only_that(
    client, stripe_fake, donation_page, circle, victim, django_capture_on_commit_callbacks
):
    donation_page.campaign.show_donor_wall = True
    donation_page.campaign.save()

    with django_capture_on_commit_callbacks(execute=True):
        gift = _give_as(client, stripe_fake, donation_page, **_mallory(circle, company_name=""))

    thanks = client.get(reverse("donations:thanks"), {"session_id": gift.checkout_session_id}).content
    wall = client.get(donation_page.url).content
    members = client.get(circle.url).content
    for page in (thanks, wall, members):
        assert b"Victoria" not in page
        assert b"Hiddenname" not in page
        assert b"Private Lane" not in page
    assert b"Thank you, Mallory!" in thanks
    assert b"Mallory Prober" in wall
    assert b"Mallory Prober" in members
    assert gift.donor_id == victim.pk


def test_a_gift_made_with_a_known_email_never_changes_the_stored_profile(
    client, stripe_fake, donation_page, circle, victim
):
    Donor.objects.filter(pk=victim.pk).update(last_name="", company_name="")  # blanks a form could fill

    _give_as(client, stripe_fake, donation_page, **_mallory(circle))

    victim.refresh_from_db()
    assert (victim.first_name, victim.last_name, victim.company_name) == ("Victoria", "", "")
    assert victim.address_line1 == "12 Private Lane"
    assert victim.stripe_customer_id == "cus_victoria_saved"
    assert Donor.objects.count() == 1


def test_checkout_for_a_known_email_is_not_opened_on_the_stored_stripe_customer(
    client, stripe_fake, donation_page, circle, victim
):
    _give_as(client, stripe_fake, donation_page, **_mallory(circle))

    (request,) = stripe_fake.calls("POST", "/v1/checkout/sessions")
    assert "customer" not in request.params  # Stripe would prefill Victoria's saved details
    assert request.params["customer_email"] == "victoria@example.org"


def test_the_tribute_ecard_names_the_giver_as_typed_on_the_gift(
    client, stripe_fake, donation_page, circle, victim, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _give_as(
            client,
            stripe_fake,
            donation_page,
            **_mallory(
                circle,
                company_name="",
                tribute_type="honour",
                honoree_name="Grandma Rose",
                tribute_notify_email="mallory@example.net",
            ),
        )

    ecard = next(m for m in mail.outbox if m.to == ["mallory@example.net"])
    assert "Mallory Prober" in ecard.body
    assert "Victoria" not in ecard.body
    assert "Hiddenname" not in ecard.body


def test_the_walls_never_show_the_stored_name_even_for_the_emails_owner(
    client, stripe_fake, donation_page, circle, victim
):
    # Consent is given per gift: a gift that typed another name shows that name, not the profile's.
    donation_page.campaign.show_donor_wall = True
    donation_page.campaign.save()
    _give_as(
        client,
        stripe_fake,
        donation_page,
        **_mallory(circle, company_name="", first_name="V.", last_name="K."),
    )

    assert b"Hiddenname" not in client.get(donation_page.url).content
    assert b"V. K." in client.get(circle.url).content


def test_the_gift_appears_in_the_portal_of_the_emails_owner_only(
    client, stripe_fake, donation_page, circle, victim
):
    gift = _give_as(client, stripe_fake, donation_page, **_mallory(circle))

    assert gift.reference.encode() not in client.get(reverse("donations:portal")).content  # the giver
    session = client.session
    session[PORTAL_SESSION_KEY] = victim.pk  # the owner, signed in by the link sent to the email
    session.save()
    portal = client.get(reverse("donations:portal")).content
    assert gift.reference.encode() in portal
    assert b"Prober LLC" in portal  # the owner sees whose name the gift was given under
