"""What a company's Gifts of Hope funded: per box, per order, and over a year (the company page and
its certificate). Every figure is read from the legs the ledger booked (`ledger.selectors.impact_claim`),
net of refunds; nothing here is typed in or estimated.

A company's page is reached through a signed link naming the company and its email domain (so a
link made for one office manager never shows another organisation's orders); it expires.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.utils import timezone

from ledger import selectors as ledger_selectors
from ledger.impact import claim_sentence
from ledger.types import ImpactLine
from shop.models import GiftOrder, Order

from .impact import order_impact_summary

COMPANY_SALT = "shop.gift-company-impact"
COMPANY_LINK_MAX_AGE = dt.timedelta(days=400)  # a year's certificate is still reachable next January
PAID = (GiftOrder.Status.PAID,)


@dataclass(frozen=True)
class CompanyKey:
    company: str  # as the company wrote it on its order
    domain: str  # the email domain its orders came from

    @property
    def is_valid(self) -> bool:
        return bool(self.company.strip()) and "." in self.domain


@dataclass(frozen=True)
class CompanyOrderRow:
    gift: GiftOrder
    order: Order
    boxes: int
    recipients: int
    funded: str  # "funds about 12 hours of survivor wages"
    per_box: str


@dataclass(frozen=True)
class CompanyYear:
    key: CompanyKey
    year: int
    rows: list[CompanyOrderRow]
    boxes: int
    lines: list[ImpactLine]

    @property
    def sentence(self) -> str:
        return claim_sentence(self.lines)

    @property
    def funded_phrases(self) -> list[str]:
        return [line.phrase for line in self.lines if line.phrase]


def email_domain(email: str) -> str:
    return (email or "").rpartition("@")[2].strip().lower()


def company_key_of(gift: GiftOrder) -> CompanyKey:
    return CompanyKey(company=" ".join(gift.company.split()), domain=email_domain(gift.email))


def company_impact_token(*, gift: GiftOrder) -> str:
    """The signed link's token for the company (and email domain) of this gift order; "" without one."""
    key = company_key_of(gift)
    if not key.is_valid:
        return ""
    return signing.dumps({"c": key.company, "d": key.domain}, salt=COMPANY_SALT, compress=True)


def company_from_token(token: str) -> CompanyKey | None:
    if not isinstance(token, str) or len(token) > 600:
        return None
    try:
        data = signing.loads(token, salt=COMPANY_SALT, max_age=COMPANY_LINK_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    key = CompanyKey(company=str(data.get("c", ""))[:200], domain=str(data.get("d", ""))[:200])
    return key if key.is_valid else None


def gift_boxes_claim(*, gift: GiftOrder) -> str:
    """What each box of a paid gift order funded ("funds about 1.5 hours of survivor wages"), from
    the order's booked legs divided equally over its boxes; "" before payment."""
    if gift.order is None or not gift.order.is_paid or gift.quantity < 1:
        return ""
    return order_impact_summary(order=gift.order, per=gift.quantity)


def gift_for_order(*, order: Order) -> GiftOrder | None:
    return GiftOrder.objects.select_related("box", "order").filter(order=order).first()


def _company_gifts(key: CompanyKey, year: int):
    return (
        GiftOrder.objects.filter(
            status__in=PAID,
            company__iexact=key.company,
            email__iendswith=f"@{key.domain}",
            order__paid_at__year=year,
        )
        .select_related("box", "order")
        .order_by("order__paid_at", "pk")
    )


def company_years(*, key: CompanyKey) -> list[int]:
    """The years in which the company has paid gift orders, newest first."""
    dates = GiftOrder.objects.filter(
        status__in=PAID, company__iexact=key.company, email__iendswith=f"@{key.domain}"
    ).dates("order__paid_at", "year", order="DESC")
    return [day.year for day in dates]


def company_year(*, key: CompanyKey, year: int) -> CompanyYear:
    """The company's paid gift orders of `year` (by payment date) and what they funded together."""
    rows = []
    for gift in _company_gifts(key, year):
        rows.append(
            CompanyOrderRow(
                gift=gift,
                order=gift.order,
                boxes=gift.quantity,
                recipients=gift.shipments.count(),
                funded=order_impact_summary(order=gift.order),
                per_box=gift_boxes_claim(gift=gift),
            )
        )
    sources = [row.order.ledger_source for row in rows]
    lines = ledger_selectors.impact_claim(sources=sources) if sources else []
    return CompanyYear(key=key, year=year, rows=rows, boxes=sum(row.boxes for row in rows), lines=lines)


def this_year() -> int:
    return timezone.localdate().year


def gift_confirmation(*, order: Order) -> dict:
    """For the confirmation page and email of a gift box order: what each box funded and the
    company's signed link; {} for any other order."""
    gift = gift_for_order(order=order)
    if gift is None:
        return {}
    return {
        "gift": gift,
        "box_claim": gift_boxes_claim(gift=gift),
        "company_token": company_impact_token(gift=gift) if order.is_paid else "",
    }
