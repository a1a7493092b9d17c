import datetime as dt
from decimal import Decimal

import factory
from djmoney.money import Money

from ledger.models import AccountKind, AllocationRule, AllocationShare, Fund, ShareBasis


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"test-fund-{n}")
    name = factory.Sequence(lambda n: f"Test fund {n}")
    kind = AccountKind.FUND


def fund(slug: str) -> Fund:
    return Fund.objects.get(slug=slug)


def rule_create(
    *,
    target: str,
    key: str,
    remainder: str,
    percentages: dict[str, Decimal] | None = None,
    per_unit: dict[str, Money] | None = None,
    per_labour_minute: dict[str, Money] | None = None,
    effective_from: dt.date = dt.date(2020, 1, 1),
    fee_fund: str | None = None,
    name: str = "",
) -> AllocationRule:
    rule = AllocationRule.objects.create(
        name=name or f"{target} {key}",
        target=target,
        key=key,
        effective_from=effective_from,
        remainder_fund=fund(remainder),
        fee_fund=fund(fee_fund) if fee_fund else None,
    )
    order = 0
    for basis, shares in (
        (ShareBasis.PER_UNIT, per_unit or {}),
        (ShareBasis.PER_LABOUR_MINUTE, per_labour_minute or {}),
    ):
        for slug, amount in shares.items():
            AllocationShare.objects.create(
                rule=rule, fund=fund(slug), basis=basis, amount=amount, sort_order=order
            )
            order += 1
    for slug, percentage in (percentages or {}).items():
        AllocationShare.objects.create(
            rule=rule, fund=fund(slug), basis=ShareBasis.PERCENTAGE, percentage=percentage, sort_order=order
        )
        order += 1
    return rule
