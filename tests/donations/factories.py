"""Factories and small helpers for donations tests."""

import datetime as dt

import factory
from django.utils import timezone
from djmoney.money import Money

from donations.forms import DonationForm
from donations.models import Donation, Donor, GiftKind, GiftStatus


class DonorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donor

    email = factory.Sequence(lambda n: f"donor{n}@example.org")
    first_name = "Dana"
    last_name = factory.Sequence(lambda n: f"Donor{n}")


class DonationFactory(factory.django.DjangoModelFactory):
    """A pending online gift; settle it with `donation_confirm` to book and receipt it."""

    class Meta:
        model = Donation

    donor = factory.SubFactory(DonorFactory)
    # The donor typed their own stored name on the gift unless a test says otherwise.
    first_name = factory.LazyAttribute(lambda gift: gift.donor.first_name if gift.donor else "")
    last_name = factory.LazyAttribute(lambda gift: gift.donor.last_name if gift.donor else "")
    kind = GiftKind.ONLINE
    status = GiftStatus.PENDING
    amount = Money("50.00", "USD")


def usd(value) -> Money:
    return Money(value, "USD")


def aware(year, month, day, hour=12) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def form_data(**overrides) -> dict:
    data = {
        "amount": "50",
        "currency": "USD",
        "frequency": "one_time",
        "designation": "counseling",
        "first_name": "Dana",
        "last_name": "Donor",
        "email": "dana@example.org",
        "website": "",
        "started": DonationForm.human_check_token(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
