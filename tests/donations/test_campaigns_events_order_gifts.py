"""Campaign and circle progress from the ledger; event tickets as partly deductible payments; gift
lines of shop orders receipted on their own."""

import time

import pytest
from django.utils import timezone
from djmoney.money import Money
from wagtail.models import Page

from donations import services
from donations.forms import EventPurchaseForm
from donations.models import CirclePage, Donation, GiftKind, GiftStatus, ReceiptStatus
from donations.payment_handlers import handler as donation_handler
from donations.selectors import campaign_donor_wall, campaign_progress, circle_summary
from ledger.models import Entry
from payments.types import GiftLinePaid, GiftLineRefunded
from tests.fixtures.donation_factories import DonationFactory, DonorFactory, aware, form_data
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db


def _settle(donation):
    return services.donation_confirm(
        reference=donation.reference, amount_total=donation.amount, occurred_at=aware(2026, 6, 1)
    )


def _settle_now(donation):
    """Circle progress is this calendar year's, so its gifts arrive today."""
    return services.donation_confirm(
        reference=donation.reference, amount_total=donation.amount, occurred_at=timezone.now()
    )


def _credited(source, fund):
    entries = Entry.objects.filter(posting__source=source, fund__slug=fund, role="revenue")
    return -sum((e.amount.amount for e in entries), 0)


def test_campaign_progress_counts_settled_gifts_net_of_refunds_without_covered_fees(
    donations_settings, campaign
):
    covered = DonationFactory(
        campaign=campaign, amount=Money("103.30", "USD"), fee_covered=Money("3.30", "USD")
    )
    _settle(covered)
    refunded = _settle(DonationFactory(campaign=campaign, amount=Money(40, "USD")))
    services.donation_refund_apply(
        donation=refunded,
        refund_id="re_campaign1",
        amount=Money(40, "USD"),
        status="succeeded",
        occurred_at=aware(2026, 6, 2),
    )
    DonationFactory(campaign=campaign, amount=Money(500, "USD"))  # never paid

    progress = campaign_progress(campaign=campaign)

    assert progress.raised == Money("100.00", "USD")
    assert progress.goal == Money(10000, "USD")
    assert progress.percent == 1


def test_donor_wall_lists_only_consenting_named_donors(donations_settings, campaign):
    campaign.show_donor_wall = True
    campaign.save()
    _settle(
        DonationFactory(
            campaign=campaign, wall_consent=True, donor=DonorFactory(first_name="Ada", last_name="L")
        )
    )
    _settle(DonationFactory(campaign=campaign, wall_consent=False, donor=DonorFactory(first_name="Quiet")))
    _settle(
        DonationFactory(
            campaign=campaign, wall_consent=True, anonymous=True, donor=DonorFactory(first_name="Anon")
        )
    )

    assert campaign_donor_wall(campaign=campaign) == ["Ada L"]


def test_circle_page_shows_total_members_with_consent_and_impact(client, donations_settings, counseling):
    home = Page.objects.get(depth=2)
    circle = home.add_child(
        instance=CirclePage(
            title="Circle of Sisters", slug="sisters", leader_name="Maya", goal=Money(5000, "USD")
        )
    )
    _settle_now(
        DonationFactory(
            circle=circle,
            designation_key="counseling",
            amount=Money(150, "USD"),
            wall_consent=True,
            donor=DonorFactory(first_name="Rosa", last_name="P"),
        )
    )
    _settle_now(
        DonationFactory(
            circle=circle,
            designation_key="counseling",
            amount=Money(75, "USD"),
            donor=DonorFactory(first_name="Hidden", last_name="Member"),
        )
    )

    summary = circle_summary(circle=circle)
    response = client.get(circle.url)

    assert summary.raised == Money(225, "USD")
    assert summary.member_count == 2
    assert summary.members == ["Rosa P"]
    # $225 booked at $75 a counseling session
    assert "about 3 counseling sessions ($225.00 to Counseling)" in summary.impact
    assert b"Rosa P" in response.content
    assert b"Hidden" not in response.content
    assert b"<li>about 3 counseling sessions ($225.00 to Counseling)</li>" in response.content


@pytest.fixture
def gala(make_gala):
    return make_gala(capacity=2)


def test_a_ticket_is_partly_deductible_and_its_benefit_is_not_fund_revenue(client, stripe_fake, gala):
    ticket = gala.ticket_types.get()
    response = client.post(
        gala.url,
        {
            **form_data(started=EventPurchaseForm.human_check_token(issued_at=time.time() - 60)),
            "offer": f"ticket-{ticket.pk}",
            "quantity": "1",
        },
    )
    assert response.status_code == 303
    donation = Donation.objects.get()
    assert donation.kind == GiftKind.TICKET
    session = stripe_fake.paid_checkout(
        kind="donation",
        reference=donation.reference,
        amount_total=donation.amount,
        session_overrides={"id": donation.checkout_session_id},
    )

    assert post_webhook(client, make_event("checkout.session.completed", session)).status_code == 200

    receipt = donation.receipts.get()
    assert receipt.deductible_amount == Money(60, "USD")
    assert receipt.benefit_fmv == Money(40, "USD")
    assert receipt.quid_pro_quo_disclosure
    assert _credited(f"donation:{donation.pk}", "counseling") == 60
    assert _credited(f"donation:{donation.pk}", "event-income") == 40


def test_tickets_stop_at_capacity(client, stripe_fake, gala):
    ticket = gala.ticket_types.get()
    response = client.post(
        gala.url,
        {
            **form_data(started=EventPurchaseForm.human_check_token(issued_at=time.time() - 60)),
            "offer": f"ticket-{ticket.pk}",
            "quantity": "3",
        },
    )

    assert response.status_code == 409
    assert b"only 2 left" in response.content
    assert not Donation.objects.exists()


def gift_line_paid(**fields):
    """What the shop's hand-off delivers to donations' handler through payments (GiftLinePaid)."""
    return donation_handler.gift_line_paid(GiftLinePaid(kind="donation", **fields))


def gift_line_refunded(*, designation="", donor_email="", donor_name="", **fields):
    """A refund of the line (GiftLineRefunded carries no donor details: the gift has them)."""
    return donation_handler.gift_line_refunded(GiftLineRefunded(kind="donation", **fields))


def test_a_shop_gift_line_is_recorded_once_receipted_and_reversed_on_refund(donations_settings, counseling):
    kwargs = {
        "order_reference": "HW-1001",
        "line_reference": "7",
        "amount": Money(10, "USD"),
        "designation": "counseling",
        "donor_email": "Buyer@Example.org",
        "donor_name": "Bea Buyer",
        "occurred_at": aware(2026, 6, 3),
    }
    first = gift_line_paid(**kwargs)
    again = gift_line_paid(**kwargs)

    assert first.pk == again.pk
    assert first.ledger_source == "order-gift:HW-1001:7"
    receipt = first.receipts.get()
    assert receipt.amount == Money(10, "USD")
    assert receipt.donor_email == "buyer@example.org"
    assert _credited("order-gift:HW-1001:7", "counseling") == 10

    gift_line_refunded(**kwargs)
    gift_line_refunded(**kwargs)

    first.refresh_from_db()
    assert first.status == GiftStatus.REFUNDED
    assert first.receipts.get().status == ReceiptStatus.VOID
    assert _credited("order-gift:HW-1001:7", "counseling") == 0


def test_a_partial_refund_of_a_gift_line_adjusts_its_receipt(donations_settings):
    kwargs = {
        "order_reference": "HW-1002",
        "line_reference": "1",
        "designation": "most-needed",
        "donor_email": "b@example.org",
        "occurred_at": aware(2026, 6, 3),
    }
    gift = gift_line_paid(amount=Money(30, "USD"), **kwargs)
    gift_line_refunded(amount=Money(10, "USD"), **kwargs)

    assert gift.receipts.get(status=ReceiptStatus.ISSUED).amount == Money(20, "USD")
