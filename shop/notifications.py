"""Staff alerts from the shop (customer emails are in shop.emails)."""

from __future__ import annotations

from django.conf import settings

from shop.emails import absolute_url, send_templated


def send_low_stock_alert(*, variants) -> None:
    recipients = list(settings.STAFF_ALERT_EMAILS)
    if not recipients or not variants:
        return
    send_templated(
        template="low_stock",
        to=recipients,
        subject=f"Low stock: {len(variants)} item(s)",
        context={"variants": variants, "admin_url": absolute_url("/admin/")},
    )
