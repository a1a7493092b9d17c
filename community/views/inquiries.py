"""The hosting / pop-up / speaker inquiry form."""

from __future__ import annotations

from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.views.decorators.cache import never_cache

from community import selectors, services
from community.errors import CommunityRefusal
from community.forms import InquiryForm
from community.views.common import render_page, throttled, too_many


@never_cache
def inquiry_page_serve(request, *, page):
    status = 200
    if request.method == "POST":
        if throttled(request, group="inquiry"):
            return too_many(request)
        form = InquiryForm(request.POST, page=page)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.inquiry_create(
                    kind=data["kind"],
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    organisation=data["organisation"],
                    event_date=data["event_date"],
                    start_time=data["start_time"],
                    end_time=data["end_time"],
                    expected_guests=data["expected_guests"],
                    event_type=data["event_type"],
                    venue=data["venue"],
                    needs=data["needs"],
                )
            except CommunityRefusal as refusal:
                form.add_error("event_date", refusal.message)
                status = 409
            else:
                return HttpResponseRedirect(page.url + "?sent=1")
        else:
            status = 400
    elif request.method in ("GET", "HEAD"):
        form = InquiryForm(page=page, initial={"kind": request.GET.get("kind") or "warehouse"})
    else:
        return HttpResponseNotAllowed(["GET", "POST"])
    return render_page(
        request,
        page,
        {
            "form": form,
            "sent": request.GET.get("sent") == "1",
            "booked_dates": selectors.booked_warehouse_dates(),
        },
        status=status,
    )
