"""System checks: half-configured Stripe settings fail `manage.py check` (values are never printed)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


def _mode(key: str) -> str:
    for mode in ("live", "test"):
        if f"_{mode}_" in key:
            return mode
    return ""


@register(Tags.security, "payments")
def stripe_settings_check(app_configs=None, **kwargs):
    secret = settings.STRIPE_SECRET_KEY
    webhook = settings.STRIPE_WEBHOOK_SECRET
    publishable = settings.STRIPE_PUBLISHABLE_KEY
    errors = []
    if secret and not webhook:
        errors.append(
            Error(
                "STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not: payments would start "
                "but never be confirmed.",
                hint="Set STRIPE_WEBHOOK_SECRET to the endpoint's signing secret (whsec_...), or unset both.",
                id="payments.E001",
            )
        )
    if webhook and not secret:
        errors.append(
            Error(
                "STRIPE_WEBHOOK_SECRET is set but STRIPE_SECRET_KEY is not.",
                hint="Set STRIPE_SECRET_KEY (sk_... or rk_...), or unset both to use the demo gateway.",
                id="payments.E002",
            )
        )
    if publishable and not secret:
        errors.append(
            Error(
                "STRIPE_PUBLISHABLE_KEY is set but STRIPE_SECRET_KEY is not.",
                hint="Set all Stripe keys together, or none of them.",
                id="payments.E003",
            )
        )
    if secret and not secret.startswith(("sk_", "rk_")):
        errors.append(
            Error(
                "STRIPE_SECRET_KEY does not look like a Stripe secret key.",
                hint="It starts with sk_ (or rk_ for a restricted key); a pk_ key is the publishable one.",
                id="payments.E004",
            )
        )
    if webhook and not webhook.startswith("whsec_"):
        errors.append(
            Error(
                "STRIPE_WEBHOOK_SECRET does not look like a webhook signing secret.",
                hint="Copy the endpoint's signing secret (whsec_...), or the one `stripe listen` prints.",
                id="payments.E005",
            )
        )
    if publishable and not publishable.startswith("pk_"):
        errors.append(
            Error("STRIPE_PUBLISHABLE_KEY does not look like a publishable key (pk_...).", id="payments.E006")
        )
    if (
        secret
        and publishable
        and _mode(secret)
        and _mode(publishable)
        and _mode(secret) != _mode(publishable)
    ):
        errors.append(
            Error(
                "STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY belong to different modes (test and live).",
                id="payments.E007",
            )
        )
    if not settings.STRIPE_API_VERSION:
        errors.append(Error("STRIPE_API_VERSION must pin the Stripe API version.", id="payments.E008"))
    return errors


@register(Tags.security, "payments", deploy=True)
def demo_gateway_deploy_check(app_configs=None, **kwargs):
    if not settings.STRIPE_SECRET_KEY and settings.PAYMENTS_DEMO:
        return [
            Warning(
                "PAYMENTS_DEMO is on: customers see the demo pay page and no card is charged.",
                hint="Set Stripe keys for real payments, or leave PAYMENTS_DEMO off in production.",
                id="payments.W001",
            )
        ]
    return []
