"""Demo content for the ledger: the chart of accounts and allocation rules for every channel.
Idempotent: rules are looked up by (target, key, effective date). The demo's postings come from the
shop's and donations' demo orders and gifts, booked through their real services (never written
here), so every figure traces back to an order or a gift and `ledger_audit` passes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from . import services
from .models import AllocationRule
from .services import ShareInput
from .types import Channel, RuleTarget

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


def seed(*, stdout) -> None:
    services.accounts_ensure()
    _rules(stdout)
