"""A company's Gifts of Hope year (orders, boxes, what they funded) and its impact certificate,
reached through a signed, expiring link; read-only and personal to that company, so never cached."""

from __future__ import annotations

from django.apps import apps
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from shop.gift_pdf import impact_certificate_pdf
from shop.gift_views import PRIVATE
from shop.selectors import gift_impact

FIRST_YEAR = 2000


def _key(token: str):
    key = gift_impact.company_from_token(token)
    if key is None:
        raise Http404("This link is not valid (it may have expired). Ask us for a new one.")
    return key


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError) as error:
        raise Http404("No such year") from error
    if not FIRST_YEAR <= year <= gift_impact.this_year():
        raise Http404("No such year")
    return year


def _organisation_name(request) -> str:
    settings_model = apps.get_model("cms", "OrganisationSettings")
    organisation = settings_model.for_request(request)
    return organisation.legal_name or organisation.short_name


@never_cache
@require_GET
def company_impact(request, token: str, year=None):
    key = _key(token)
    if year is None:
        years = gift_impact.company_years(key=key)
        return redirect(
            "shop:gift_company_year", token=token, year=years[0] if years else gift_impact.this_year()
        )
    summary = gift_impact.company_year(key=key, year=_year(year))
    context = {
        "summary": summary,
        "token": token,
        "years": gift_impact.company_years(key=key),
        "organisation": _organisation_name(request),
    }
    response = render(request, "shop/gifts/company_impact.html", context)
    for header, value in PRIVATE.items():
        response[header] = value
    return response


@never_cache
@require_GET
def company_certificate(request, token: str, year):
    summary = gift_impact.company_year(key=_key(token), year=_year(year))
    if not summary.rows:
        raise Http404("No paid gift orders that year")
    pdf = impact_certificate_pdf(summary=summary, organisation=_organisation_name(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"gifts-of-hope-impact-{summary.year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    for header, value in PRIVATE.items():
        response[header] = value
    return response
