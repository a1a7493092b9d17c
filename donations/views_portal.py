"""Donor portal views: a signed sign-in link, then the donor's receipts, statements and monthly gifts."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.throttle import throttled_by_ip
from donations import pdf, selectors, services
from donations.forms import PortalLinkForm, RecurringChangeForm
from donations.models import Donor, Receipt, RecurringGift
from donations.views import absolute_url, too_many_response
from payments import services as payment_services
from payments.exceptions import PaymentsError

logger = logging.getLogger(__name__)

PORTAL_SESSION_KEY = "donations_portal_donor"


def _portal_donor(request):
    donor_id = request.session.get(PORTAL_SESSION_KEY)
    return Donor.objects.filter(pk=donor_id).first() if donor_id else None


@never_cache
def portal(request):
    donor = _portal_donor(request)
    if donor is None:
        form = PortalLinkForm(request.POST or None)
        if request.method == "POST":
            if throttled_by_ip(request, group="donations:portal", rate="10/h"):
                return too_many_response(request)
            if form.is_valid():
                services.portal_link_send(email=form.cleaned_data["email"])
                return TemplateResponse(request, "donations/portal_link_sent.html", {})
        return TemplateResponse(request, "donations/portal_sign_in.html", {"form": form})
    recurring = list(selectors.donor_recurring_gifts(donor=donor))
    for gift in recurring:
        gift.change_form = RecurringChangeForm(
            initial={
                "amount": gift.amount.amount,
                "frequency": gift.frequency,
                "cover_fee": gift.fee_covered.amount > 0,
            },
            prefix=gift.reference,
        )
    return TemplateResponse(
        request,
        "donations/portal.html",
        {
            "donor": donor,
            "gifts": selectors.donor_gifts(donor=donor)[:200],
            "recurring_gifts": recurring,
            "receipts": selectors.donor_receipts(donor=donor)[:200],
            "statement_years": selectors.donor_statement_years(donor=donor),
        },
    )


@never_cache
def portal_enter(request, token: str):
    """GET shows a button; POST spends the link. Mail scanners that prefetch links cannot use it up."""
    if request.method == "POST":
        donor = services.portal_token_redeem(token=token)
        if donor is None:
            return TemplateResponse(request, "donations/portal_link_invalid.html", {}, status=410)
        request.session.cycle_key()
        request.session[PORTAL_SESSION_KEY] = donor.pk
        request.session.set_expiry(settings.DONATIONS_PORTAL_SESSION_SECONDS)
        return redirect("donations:portal")
    if not services.portal_token_usable(token=token):
        return TemplateResponse(request, "donations/portal_link_invalid.html", {}, status=410)
    return TemplateResponse(request, "donations/portal_enter.html", {"token": token})


@require_POST
def portal_sign_out(request):
    request.session.pop(PORTAL_SESSION_KEY, None)
    messages.info(request, "You have signed out.")
    return redirect("donations:portal")


def _portal_required(request):
    donor = _portal_donor(request)
    if donor is None:
        raise Http404
    return donor


@never_cache
def portal_receipt_pdf(request, number: str):
    donor = _portal_required(request)
    receipt = get_object_or_404(Receipt, number=number, donor=donor)
    response = HttpResponse(pdf.receipt_pdf(receipt), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{receipt.number}.pdf"'
    return response


@never_cache
def portal_statement_pdf(request, year: int):
    donor = _portal_required(request)
    if not 2000 <= year <= 2100:
        raise Http404
    statement = selectors.annual_statement(donor=donor, year=year)
    if not statement.lines:
        raise Http404
    response = HttpResponse(pdf.statement_pdf(statement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="giving-statement-{year}.pdf"'
    return response


def _portal_recurring(request, reference: str) -> RecurringGift:
    donor = _portal_required(request)
    return get_object_or_404(RecurringGift, reference=reference, donor=donor)


@require_POST
def portal_recurring_change(request, reference: str):
    gift = _portal_recurring(request, reference)
    form = RecurringChangeForm(request.POST, prefix=gift.reference)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("donations:portal")
    try:
        services.recurring_change(
            gift=gift,
            amount=form.cleaned_data["amount"],
            frequency=form.cleaned_data["frequency"],
            cover_fee=form.cleaned_data["cover_fee"],
        )
    except ValueError as error:
        messages.error(request, str(error))
    except PaymentsError:
        logger.warning("Recurring gift change failed for %s", gift.reference, exc_info=True)
        messages.error(
            request, "We could not change your gift just now. Nothing was changed; please try again."
        )
    else:
        messages.success(request, "Your recurring gift was updated.")
    return redirect("donations:portal")


@require_POST
def portal_recurring_cancel(request, reference: str):
    gift = _portal_recurring(request, reference)
    try:
        services.recurring_cancel(gift=gift)
    except PaymentsError:
        logger.warning("Recurring gift cancel failed for %s", gift.reference, exc_info=True)
        messages.error(request, "We could not cancel your gift just now. Please try again or contact us.")
    else:
        messages.success(request, "Your recurring gift is cancelled. Thank you for all you have given.")
    return redirect("donations:portal")


@require_POST
def portal_card_update(request, reference: str):
    gift = _portal_recurring(request, reference)
    customer_id = gift.stripe_customer_id or gift.donor.stripe_customer_id
    if not customer_id:
        messages.error(request, "This gift has no card on file yet.")
        return redirect("donations:portal")
    try:
        url = payment_services.customer_portal_session_create(
            customer_id=customer_id, return_url=absolute_url(request, "donations:portal")
        )
    except PaymentsError:
        logger.warning("Customer portal session failed", exc_info=True)
        messages.error(request, "We could not open the card update page just now. Please try again.")
        return redirect("donations:portal")
    return HttpResponseRedirect(url, status=303)
