"""Thin views: read the request, call one service or selector, render."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST

from core.csrf import same_origin_required
from core.throttle import throttled_by_ip, throttled_by_value
from donations import selectors, services
from donations.amounts import FeeSchedule, fee_cover_for, parse_amount
from donations.forms import DonationForm, EventPurchaseForm
from donations.models import Donation, DonationPage, RecurringGift
from donations.services.tickets import SoldOut
from payments import services as payment_services
from payments.exceptions import PaymentsError

logger = logging.getLogger(__name__)


def _throttled(request, *, increment: bool = True) -> bool:
    """Card testers start many checkouts: limit per client address and per email (django-ratelimit).

    Only a payment start counts (`increment`); a form refused for a typo is checked, not counted."""
    by_ip = throttled_by_ip(
        request, group="donations:start:ip", rate=settings.DONATIONS_RATE_LIMIT_IP, increment=increment
    )
    by_email = throttled_by_value(
        request,
        group="donations:start:email",
        rate=settings.DONATIONS_RATE_LIMIT_EMAIL,
        value=str(request.POST.get("email") or ""),
        increment=increment,
    )
    return by_ip or by_email


def too_many_response(request) -> TemplateResponse:
    logger.warning("Gift start throttled")
    return TemplateResponse(request, "donations/rate_limited.html", {}, status=429)


def absolute_url(request, name: str, query: dict | None = None) -> str:
    url = request.build_absolute_uri(reverse(name))
    return f"{url}?{urlencode(query)}" if query else url


def _success_url(request) -> str:
    # Stripe fills in {CHECKOUT_SESSION_ID}; it must not be URL-encoded.
    return absolute_url(request, "donations:thanks") + "?session_id={CHECKOUT_SESSION_ID}"


def _fee_context() -> dict:
    schedule = FeeSchedule.from_settings()
    return {"fee_rate": schedule.rate, "fee_fixed": schedule.fixed}


def donation_page_serve(request, *, page):
    form = None
    status = 200
    closed_reason = page.campaign.giving_closed_reason(today=timezone.localdate()) if page.campaign else ""
    if closed_reason and request.method == "POST":
        # A form loaded while the campaign was open, posted after it closed: refuse, record nothing.
        return _donation_page_render(request, page=page, form=None, closed_reason=closed_reason, status=409)
    if request.method == "POST":
        if _throttled(request, increment=False):
            return too_many_response(request)
        form = DonationForm(request.POST, page=page, request=request)
        if form.is_valid():
            if _throttled(request):
                return too_many_response(request)
            cancel_url = request.build_absolute_uri(page.url) + "?cancelled=1"
            try:
                start = services.donation_start(
                    gift=form.gift_request(), success_url=_success_url(request), cancel_url=cancel_url
                )
            except services.CampaignClosed as closed:
                return _donation_page_render(
                    request, page=page, form=None, closed_reason=closed.user_message, status=409
                )
            except services.DonationUnavailable:
                form.add_error(
                    None,
                    "We could not reach our payment processor. Nothing was charged; "
                    "please try again in a few minutes.",
                )
                status = 503
            else:
                return HttpResponseRedirect(start.url, status=303)
        else:
            status = 400
    elif request.method != "GET" and request.method != "HEAD":
        return HttpResponse(status=405)
    if form is None and not closed_reason:
        initial = {}
        if request.GET.get("circle", "").isdigit():
            initial["circle"] = int(request.GET["circle"])
        form = DonationForm(page=page, initial=initial, request=request)
    return _donation_page_render(request, page=page, form=form, closed_reason=closed_reason, status=status)


@same_origin_required  # posted from the cached donation page, which carries no CSRF cookie (core/csrf.py)
@require_POST
def donation_give(request, page_id: int):
    """The donation form's target: the same handling as a POST to the page, for a live public page."""
    page = get_object_or_404(DonationPage.objects.live().public(), pk=page_id)
    return donation_page_serve(request, page=page)


def _donation_page_render(request, *, page, form, closed_reason: str, status: int):
    """The donation page; without a form (closed_reason set) it explains why gifts are not taken."""
    context = page.get_context(request)
    context.update(
        form=form,
        closed_reason=closed_reason,
        cancelled=request.GET.get("cancelled") == "1",
        progress=selectors.campaign_progress(campaign=page.campaign)
        if page.campaign and page.show_progress
        else None,
        donor_wall=selectors.campaign_donor_wall(campaign=page.campaign) if page.campaign else [],
        **_fee_context(),
    )
    return TemplateResponse(request, page.get_template(request), context, status=status)


def event_page_serve(request, *, page):
    form = None
    status = 200
    if request.method == "POST":
        if _throttled(request, increment=False):
            return too_many_response(request)
        form = EventPurchaseForm(request.POST, page=page, request=request)
        if form.is_valid():
            if _throttled(request):
                return too_many_response(request)
            data = form.cleaned_data
            try:
                start = services.event_purchase_start(
                    event=page,
                    offer=data["offer_object"],
                    quantity=data["quantity"],
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    company_name=data.get("company_name", ""),
                    success_url=_success_url(request),
                    cancel_url=request.build_absolute_uri(page.url),
                )
            except SoldOut as sold_out:
                form.add_error("quantity", f"Sorry, only {sold_out.remaining} left.")
                status = 409
            except services.DonationUnavailable:
                form.add_error(None, "We could not reach our payment processor. Nothing was charged.")
                status = 503
            else:
                return HttpResponseRedirect(start.url, status=303)
        else:
            status = 400
    if form is None:
        form = EventPurchaseForm(page=page, request=request)
    context = page.get_context(request)
    context["form"] = form
    context["availability"] = selectors.event_offer_availability(event=page)
    return TemplateResponse(request, page.get_template(request), context, status=status)


def _dollars(money) -> str:
    return f"${money.amount:,.2f}"


@require_GET
@cache_control(public=True, max_age=300)
def amount_preview(request):
    """What the donation form will charge for what was typed, shown before paying (give.js): the same
    parser and fee gross-up the gift itself goes through, so "25,50" reads $25.50 here and at Stripe."""
    try:
        gift = parse_amount((request.GET.get("amount") or "")[:64])
    except ValidationError as error:
        return JsonResponse({"ok": False, "message": " ".join(error.messages)})
    fee = fee_cover_for(gift)
    covered = request.GET.get("cover_fee") == "1"
    charge = gift + fee if covered else gift
    if covered:
        fee_message = (
            f"You will pay {_dollars(charge)}: your gift of {_dollars(gift)} plus {_dollars(fee)} "
            "to cover the processing fee."
        )
    else:
        fee_message = f"Add {_dollars(fee)} so your whole gift of {_dollars(gift)} arrives."
    return JsonResponse(
        {
            "ok": True,
            "gift": str(gift.amount),
            "charge": str(charge.amount),
            "message": f"You will be charged {_dollars(charge)}.",
            "fee_message": fee_message,
        }
    )


@never_cache
def thanks(request):
    """The success page confirms with Stripe (same fulfilment as the webhook); the redirect alone
    proves nothing."""
    session_id = (request.GET.get("session_id") or "").strip()[:255]
    gift = None
    if session_id:
        gift = (
            RecurringGift.objects.filter(checkout_session_id=session_id).first()
            or Donation.objects.filter(checkout_session_id=session_id, recurring_gift=None).first()
        )
    if gift is None:
        return TemplateResponse(request, "donations/thanks.html", {"unknown": True}, status=404)
    try:
        payment_services.checkout_session_sync(session_id=session_id, kind="donation")
    except PaymentsError:
        logger.warning("Could not confirm checkout session on the success page", exc_info=True)
    gift.refresh_from_db()
    recurring = isinstance(gift, RecurringGift)
    confirmed = gift.status in ("active", "past_due") if recurring else gift.is_settled
    impact = selectors.gift_impact_summary(donation=gift) if confirmed and not recurring else ""
    return TemplateResponse(
        request,
        "donations/thanks.html",
        {"gift": gift, "recurring": recurring, "confirmed": confirmed, "page": gift.page, "impact": impact},
    )
