"""Emails to customers, HTML + text from templates/shop/emails/<name>.{txt,html} (core.mail).
Nothing here names a maker or a survivor."""

from __future__ import annotations

import logging

from django.urls import reverse

from core.mail import send_templated_email
from core.site_url import site_url
from shop.selectors.impact import order_impact_summary

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    return site_url(path)


def send_templated(*, template: str, to: list[str], subject: str, context: dict) -> None:
    send_templated_email(template=f"shop/emails/{template}", subject=subject, to=to, context=context)


def order_status_url(order) -> str:
    return absolute_url(reverse("shop:order_status", kwargs={"token": order.token}))


def _gift_context(order) -> dict:
    """A gift box order's confirmation also says what each box funded and links the company page."""
    from shop.selectors.gift_impact import gift_confirmation

    context = gift_confirmation(order=order)
    if context.get("company_token"):
        context["company_url"] = absolute_url(
            reverse("shop:gift_company", kwargs={"token": context["company_token"]})
        )
    return context


def send_order_confirmation(*, order) -> None:
    send_templated(
        template="order_confirmation",
        to=[order.email],
        subject=f"Thank you for your order {order.number}",
        context={
            "order": order,
            "status_url": order_status_url(order),
            # Read from the legs booked for the order, like the status page.
            "impact": order_impact_summary(order=order),
            **_gift_context(order),
        },
    )
    logger.info("order confirmation sent for %s", order.number)


def send_order_shipped(*, order, shipment) -> None:
    send_templated(
        template="order_shipped",
        to=[order.email],
        subject=f"Your order {order.number} is on its way",
        context={"order": order, "shipment": shipment, "status_url": order_status_url(order)},
    )


def send_order_refunded(*, order, refund) -> None:
    send_templated(
        template="order_refunded",
        to=[order.email],
        subject=f"Refund for your order {order.number}",
        context={"order": order, "refund": refund, "status_url": order_status_url(order)},
    )
