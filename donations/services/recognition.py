"""What a settled gift opens beyond its receipt: a sponsorship's recognition, a circle membership."""

from __future__ import annotations

from donations.models import Donation, GiftKind

from .circle_members import circle_membership_from_gift
from .sponsors import sponsor_create_for_donation


def after_settle(*, donation: Donation, notify: bool = True) -> None:
    if donation.kind == GiftKind.SPONSORSHIP:
        sponsor_create_for_donation(donation=donation, notify=notify)
    if donation.circle_id:
        circle_membership_from_gift(donation=donation)
