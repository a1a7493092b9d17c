"""Sponsor screens: the sponsor's own page behind their signed link, their statement, and approved
logos for the event page. Thin: each view calls one service or selector."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from donations import selectors_sponsors, sponsor_files
from donations.forms_recognition import SponsorDetailsForm
from donations.models import RecognitionStatus, Sponsor
from donations.services import sponsors as sponsor_services


def _no_referrer(response):
    # The link is the sponsor's key: never leak it to other sites. ("no-referrer" would also blank the
    # Origin of the page's own form posts, which Django's CSRF check then refuses.)
    response["Referrer-Policy"] = "same-origin"
    return response


def _sponsor_or_gone(request, token: str):
    sponsor = sponsor_services.sponsor_from_token(token)
    if sponsor is None:
        return None, _no_referrer(
            TemplateResponse(request, "donations/sponsors/link_invalid.html", {}, status=410)
        )
    return sponsor, None


@never_cache
def sponsor_home(request, token: str):
    sponsor, gone = _sponsor_or_gone(request, token)
    if gone:
        return gone
    event = sponsor.event
    is_open = sponsor_services.recognition_open(event)
    status = 200
    form = None
    error = ""
    if is_open:
        initial = {
            "display_name": sponsor.display_name,
            "website": sponsor.website,
            "credit_as": sponsor.credit_as,
        }
        if request.method == "POST":
            form = SponsorDetailsForm(request.POST, request.FILES, initial=initial)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    sponsor_services.sponsor_details_submit(
                        sponsor=sponsor,
                        display_name=data["display_name"],
                        website=data["website"],
                        credit_as=data["credit_as"],
                        logo=data["logo"] or None,
                        remove_logo=data["logo"] is False,
                    )
                except sponsor_services.SponsorError as error_:
                    error = str(error_)
                    status = 400
                else:
                    return redirect(f"{request.path}?sent=1")
            else:
                status = 400
        else:
            form = SponsorDetailsForm(initial=initial)
    elif request.method == "POST":
        error = (
            "The event has taken place, so sponsor recognition can no longer change. "
            "Your impact statement is below; contact us for anything else."
        )
        status = 409
    sponsor.refresh_from_db()
    context = {
        "sponsor": sponsor,
        "event": event,
        "form": form,
        "error": error,
        "token": token,
        "recognition_open": is_open,
        "statement_ready": sponsor_services.statement_available(event),
        "sent": request.GET.get("sent") == "1",
    }
    return _no_referrer(TemplateResponse(request, "donations/sponsors/home.html", context, status=status))


@never_cache
@require_GET
def sponsor_statement_pdf(request, token: str):
    sponsor, gone = _sponsor_or_gone(request, token)
    if gone:
        return gone
    if not sponsor_services.statement_available(sponsor.event):
        return _no_referrer(
            TemplateResponse(
                request, "donations/sponsors/statement_not_ready.html", {"sponsor": sponsor}, status=404
            )
        )
    statement = selectors_sponsors.impact_statement(sponsor=sponsor)
    response = HttpResponse(sponsor_files.impact_statement_pdf(statement), content_type="application/pdf")
    filename = f"impact-{slugify(sponsor.event.title) or 'event'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _no_referrer(response)


def logo_response(sponsor: Sponsor) -> FileResponse:
    response = FileResponse(sponsor.logo.open("rb"), content_type=sponsor.logo_content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@cache_control(public=True, max_age=300)
def sponsor_logo(request, pk: int):
    """An approved logo, for the event page; anything not approved is not there."""
    sponsor = get_object_or_404(
        selectors_sponsors.approved_sponsors_with_logos(), pk=pk, status=RecognitionStatus.APPROVED
    )
    if not sponsor.logo:
        raise Http404
    return logo_response(sponsor)
