"""Thin HTTP interfaces: the Stripe webhook (the only CSRF-exempt view) and the demo gateway pages."""

from __future__ import annotations

import logging
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from djmoney.money import Money

from payments import client as stripe_access
from payments.exceptions import PaymentsError
from payments.models import CheckoutLink
from payments.services import Outcome, WebhookRejected, demo, stripe_event_ingest

logger = logging.getLogger("payments.webhooks")


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Stripe's deliveries. 400 before anything unverified is stored; 500 asks Stripe to retry."""
    try:
        outcome = stripe_event_ingest(
            payload=request.body,
            signature=request.headers.get("Stripe-Signature"),
            secret=settings.STRIPE_WEBHOOK_SECRET,
        )
    except WebhookRejected as exc:
        # The reason only: never the body, which carries customers' names, emails and addresses.
        logger.warning("payments: refused a webhook delivery: %s", exc.reason)
        return JsonResponse({"error": "invalid webhook"}, status=400)
    status = 500 if outcome == Outcome.FAILED else 200
    return JsonResponse({"outcome": str(outcome)}, status=status)


def _demo_link_or_404(session_id: str) -> CheckoutLink:
    if not stripe_access.demo_gateway_allowed():
        raise Http404("The demo gateway is off")
    try:
        return demo.demo_link(session_id)
    except CheckoutLink.DoesNotExist as exc:
        raise Http404("No such demo checkout") from exc


def _demo_context(link: CheckoutLink, **extra) -> dict:
    state = link.demo_state
    session = state["session"]
    currency = session["currency"].upper()
    lines = [
        {
            "name": line["name"],
            "quantity": line["quantity"],
            "unit_amount": Money(Decimal(line["unit_amount"]), currency),
            "total": Money(Decimal(line["unit_amount"]), currency) * line["quantity"],
        }
        for line in state.get("line_items", [])
    ]
    options = [
        {"index": index, "label": option["label"], "amount": Money(Decimal(option["amount"]), currency)}
        for index, option in enumerate(state.get("shipping_options") or [])
    ]
    subtotal = sum((line["total"] for line in lines), Money(0, currency))
    return {
        "link": link,
        "session": session,
        "lines": lines,
        "shipping_options": options,
        "subtotal": subtotal,
        "recurring": state.get("recurring"),
        "paid": session.get("payment_status") == "paid",
        **extra,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def demo_pay(request: HttpRequest, session_id: str) -> HttpResponse:
    """The local stand-in for Stripe's hosted page; CSRF-protected like every form here."""
    link = _demo_link_or_404(session_id)
    if request.method == "GET":
        return render(request, "payments/demo_pay.html", _demo_context(link))
    action = request.POST.get("action")
    if action == "decline":
        context = _demo_context(link, declined=True)
        return render(request, "payments/demo_pay.html", context, status=402)
    if action != "pay":
        return render(request, "payments/demo_pay.html", _demo_context(link, invalid=True), status=400)
    try:
        shipping_option = int(request.POST.get("shipping_option", "0"))
    except ValueError:
        shipping_option = 0
    try:
        success_url, outcome = demo.demo_session_pay(session_id=session_id, shipping_option=shipping_option)
    except PaymentsError as exc:
        link.refresh_from_db()
        return render(
            request, "payments/demo_pay.html", _demo_context(link, error=exc.user_message), status=409
        )
    if outcome == Outcome.FAILED:
        link.refresh_from_db()
        message = (
            "The demo payment was recorded but the order could not be confirmed yet. Staff can replay it."
        )
        return render(request, "payments/demo_pay.html", _demo_context(link, error=message), status=500)
    return redirect(success_url)


@never_cache
@require_http_methods(["GET"])
def demo_portal(request: HttpRequest, token: str) -> HttpResponse:
    if not stripe_access.demo_gateway_allowed():
        raise Http404("The demo gateway is off")
    try:
        data = demo.demo_portal_read(token)
    except signing.BadSignature as exc:
        raise Http404("This portal link is invalid or has expired") from exc
    return_url = data.get("return_url") or "/"
    if not url_has_allowed_host_and_scheme(return_url, allowed_hosts={request.get_host()}):
        return_url = "/"
    links = CheckoutLink.objects.filter(customer_id=data.get("customer"), demo=True).exclude(
        subscription_id=""
    )
    return render(request, "payments/demo_portal.html", {"return_url": return_url, "links": links})
