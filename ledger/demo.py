"""Demo content for the ledger: allocation rules for every channel and a year of postings, so the
impact page, the API and the fund report have something to show. Idempotent: rules are looked up
by (target, key, effective date) and postings are idempotent on their source."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from djmoney.money import Money

from . import selectors, services
from .models import AllocationRule
from .services import ShareInput
from .types import Channel, RevenueLine, RuleTarget

START = dt.date(2020, 1, 1)
RULES = [
    (
        "Shop default",
        RuleTarget.DEFAULT,
        Channel.SHOP,
        "operations",
        (
            ShareInput(fund="survivor-wages", percentage=Decimal(45)),
            ShareInput(fund="materials", percentage=Decimal(20)),
        ),
    ),
    (
        "Gift boxes default",
        RuleTarget.DEFAULT,
        Channel.GIFT_BOXES,
        "operations",
        (
            ShareInput(fund="survivor-wages", percentage=Decimal(40)),
            ShareInput(fund="materials", percentage=Decimal(25)),
        ),
    ),
    (
        "Where most needed",
        RuleTarget.DESIGNATION,
        "most-needed",
        "care-management",
        (
            ShareInput(fund="counseling", percentage=Decimal(40)),
            ShareInput(fund="mental-health-therapy", percentage=Decimal(30)),
        ),
    ),
    ("Donations default", RuleTarget.DEFAULT, Channel.DONATIONS, "care-management", ()),
    (
        "Sponsorships default",
        RuleTarget.DEFAULT,
        Channel.SPONSORSHIPS,
        "operations",
        (ShareInput(fund="care-management", percentage=Decimal(50)),),
    ),
    ("Events default", RuleTarget.DEFAULT, Channel.EVENTS, "operations", ()),
]
# (channel, target, key, amount, shipping, tax): one of each per demo month.
MONTHLY = [
    (Channel.SHOP, RuleTarget.PRODUCT, "demo", "64.00", "6.95", "5.28"),
    (Channel.GIFT_BOXES, RuleTarget.BOX, "demo", "480.00", "24.00", "39.60"),
    (Channel.DONATIONS, RuleTarget.DESIGNATION, "most-needed", "100.00", "0", "0"),
    (Channel.DONATIONS, RuleTarget.DESIGNATION, "counseling", "75.00", "0", "0"),
    (Channel.SPONSORSHIPS, RuleTarget.DEFAULT, Channel.SPONSORSHIPS, "250.00", "0", "0"),
]
MONTHS = 12


def _rules(stdout) -> None:
    created = 0
    for name, target, key, remainder, shares in RULES:
        if AllocationRule.objects.filter(target=target, key=key, effective_from=START).exists():
            continue
        services.allocation_rule_create(
            name=name,
            target=target,
            key=str(key),
            effective_from=START,
            remainder_fund=remainder,
            shares=shares,
        )
        created += 1
    stdout.write(f"ledger: {created} allocation rules created")


def _fee(amount: Decimal) -> Money:
    return Money((amount * Decimal("0.029") + Decimal("0.30")).quantize(Decimal("0.01")), "USD")


def _postings(stdout) -> None:
    today = timezone.localdate()
    for month in range(MONTHS):
        year, month_index = divmod(today.year * 12 + today.month - 1 - month, 12)
        first = dt.date(year, month_index + 1, 1)
        for index, (channel, target, key, amount, shipping, tax) in enumerate(MONTHLY):
            when = timezone.make_aware(
                dt.datetime.combine(first + dt.timedelta(days=3 + 5 * index), dt.time(11))
            )
            if when > timezone.now():
                continue
            gross = Decimal(amount) + Decimal(shipping) + Decimal(tax)
            services.payment_post(
                source=f"demo:gift:{first:%Y%m}:{index}",
                occurred_at=when,
                channel=channel,
                revenue=[RevenueLine(amount=Money(amount, "USD"), target=target, key=str(key), label="Demo")],
                shipping=Money(shipping, "USD"),
                tax=Money(tax, "USD"),
                fee=_fee(gross),
                tags=("demo",),
                memo="Demo posting",
            )
    # One partial refund so the books show a reversal.
    refunded = f"demo:gift:{today.replace(day=1):%Y%m}:0"
    if selectors.postings_for_source(source=refunded).exists():
        services.reversal_post(
            source=refunded,
            kind="refund:demo",
            amount=Money("19.00", "USD"),
            occurred_at=timezone.now(),
            memo="Demo partial refund",
        )
    stdout.write("ledger: demo postings in place")


def seed(*, stdout) -> None:
    services.accounts_ensure()
    _rules(stdout)
    _postings(stdout)
