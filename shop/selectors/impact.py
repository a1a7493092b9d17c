"""Impact lines ("funds about 1.5 hours of survivor wages"), computed from the ledger's rules, never typed."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone
from djmoney.money import Money

from ledger import cache as ledger_cache
from ledger import selectors as ledger_selectors
from ledger.impact import claim_sentence
from ledger.types import Channel, RevenueLine, RuleTarget


def revenue_line(
    *,
    amount: Money,
    product_id,
    category_id=None,
    quantity: int = 1,
    labour_minutes=Decimal(0),
    label="",
    reference: str = "",
    box_id=None,
) -> RevenueLine:
    """A product line for the ledger. `labour_minutes` is per unit: the allocation multiplies it by
    the quantity (multiplying here too counted the labour of n units n times over). A gift box's
    assembly line (`box_id`) is split by the box's own rule, else the gift boxes default."""
    if box_id:
        target, key, fallbacks = RuleTarget.BOX, str(box_id), ()
    else:
        target, key = RuleTarget.PRODUCT, str(product_id)
        fallbacks = ((RuleTarget.CATEGORY, str(category_id)),) if category_id else ()
    return RevenueLine(
        amount=amount,
        target=target,
        key=key,
        fallback_keys=fallbacks,
        quantity=quantity,
        labour_minutes=Decimal(labour_minutes or 0),
        label=label,
        reference=reference,
    )


PREVIEW_CACHE_SECONDS = 3600


def impact_summary(*, revenue: list[RevenueLine], channel: Channel | None = None, per: int = 1) -> str:
    """A preview by the rules in force: "funds about 1.5 hours of survivor wages" (for one of `per`
    equal parts, e.g. one box of an order). `channel` names whose default rule applies (gift boxes).

    Cached per set of lines, day (rules take effect by date) and the ledger's preview version (new
    rules, funds or postings start a new one): the rule lookup costs five queries a product page."""
    if not revenue:
        return ""
    key = _preview_key(ledger_cache.preview_version(), revenue, channel, per)
    sentence = cache.get(key)
    if sentence is None:
        sentence = claim_sentence(ledger_selectors.impact_claim(revenue=revenue, channel=channel, per=per))
        cache.set(key, sentence, PREVIEW_CACHE_SECONDS)
    return sentence


def impact_summaries(*, revenues: list[list[RevenueLine]]) -> list[str]:
    """`impact_summary` of each set of lines (a cart's lines and its total), under the same cache keys,
    read with one version lookup and one `get_many` instead of two cache reads per set."""
    wanted = [revenue for revenue in revenues if revenue]
    if not wanted:
        return ["" for _ in revenues]
    version = ledger_cache.preview_version()
    keys = [_preview_key(version, revenue, None, 1) for revenue in wanted]
    found = cache.get_many(keys)
    missing = {}
    for key, revenue in zip(keys, wanted, strict=True):
        if key not in found:
            found[key] = missing[key] = claim_sentence(ledger_selectors.impact_claim(revenue=revenue))
    if missing:
        cache.set_many(missing, PREVIEW_CACHE_SECONDS)
    sentences = iter(found[key] for key in keys)
    return [next(sentences) if revenue else "" for revenue in revenues]


def _preview_key(version: str, revenue: list[RevenueLine], channel: Channel | None, per: int) -> str:
    raw = f"{version}|{timezone.localdate()}|{channel}|{per}|{revenue!r}"
    return "shop:impact-preview:" + hashlib.sha256(raw.encode()).hexdigest()


def order_impact_summary(*, order, per: int = 1) -> str:
    """What a paid order funds, read from the legs the ledger booked for it, net of refunds:
    "funds about 4.5 hours of survivor wages" (the status page and the confirmation email); with
    `per`, what each of that many equal parts funded (each box of a gift order)."""
    if not order.is_paid:
        return ""
    return claim_sentence(ledger_selectors.impact_claim(source=order.ledger_source, per=per))
