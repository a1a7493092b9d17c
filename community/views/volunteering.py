"""Volunteer work days: shifts, sign-up, the volunteer's own page (cancel, accept an offer, calendar)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from community import calendar, links, selectors, services
from community.emails import organisation_name
from community.errors import CommunityRefusal, WaiverChanged
from community.forms import SignupForm
from community.models import ShiftSignup
from community.views.common import render_page, throttled, too_many

WAIVER_CHANGED = "The waiver was updated while you were reading it. Please read it again and accept it."


def _chosen_shift(request, shifts):
    raw = request.POST.get("shift") if request.method == "POST" else request.GET.get("shift")
    if not raw or not str(raw).isdigit():
        return None
    return next((shift for shift in shifts if shift.pk == int(raw)), None)


@never_cache
def volunteer_page_serve(request, *, page):
    shifts = list(selectors.upcoming_shifts())
    shift = _chosen_shift(request, shifts)
    form = None
    status = 200
    if request.method == "POST":
        if throttled(request, group="signup"):
            return too_many(request)
        if shift is None:
            messages.error(request, "That shift is no longer open for sign-ups. Please choose another.")
            return HttpResponseRedirect(page.url)
        form = SignupForm(request.POST, minimum_age=shift.minimum_age)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["waiver_version"] != page.waiver_version:
                    raise WaiverChanged(WAIVER_CHANGED)
                signup = services.shift_signup_create(
                    shift_id=shift.pk,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    party_size=data["party_size"],
                    age_confirmed=data["age_confirmed"],
                    waiver_version=page.waiver_version,
                    waiver_text=page.waiver_text,
                    join_waitlist=data["join_waitlist"],
                )
            except CommunityRefusal as refusal:
                form.add_error(None, refusal.message)
                status = 409
            else:
                return redirect("community:signup_manage", token=signup.token)
        else:
            status = 400
    elif request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if form is None and shift is not None:
        form = SignupForm(
            initial={"shift": shift.pk, "waiver_version": page.waiver_version, "party_size": 1},
            minimum_age=shift.minimum_age,
        )
    if form is not None and shift is not None:
        shift.places_left = max(shift.capacity - shift.held, 0)
    for each in shifts:
        each.places_left = max(each.capacity - each.held, 0)
    return render_page(request, page, {"shifts": shifts, "shift": shift, "form": form}, status=status)


def _signup_or_404(token: str) -> ShiftSignup:
    signup = ShiftSignup.objects.select_related("shift").filter(token=token).first()
    if signup is None:
        raise Http404("This sign-up link is not valid")
    return signup


@never_cache
def signup_manage(request, token: str):
    signup = _signup_or_404(token)
    return TemplateResponse(
        request,
        "community/signup_manage.html",
        {
            "signup": signup,
            "shift": signup.shift,
            "places_left": selectors.shift_places_left(shift=signup.shift),
        },
    )


@require_POST
def signup_cancel(request, token: str):
    _signup_or_404(token)
    if throttled(request, group="signup-change"):
        return too_many(request)
    services.shift_signup_cancel(token=token)
    messages.success(request, "Your sign-up is cancelled. Thank you for letting us know.")
    return redirect("community:signup_manage", token=token)


@require_POST
def signup_accept(request, token: str):
    _signup_or_404(token)
    if throttled(request, group="signup-change"):
        return too_many(request)
    try:
        services.shift_offer_accept(token=token)
    except CommunityRefusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "You're in! We emailed your confirmation with a calendar file.")
    return redirect("community:signup_manage", token=token)


def signup_ics(request, token: str):
    signup = _signup_or_404(token)
    if signup.status != "confirmed":
        raise Http404("Only a confirmed sign-up has a calendar entry")
    body = calendar.shift_ics(
        signup=signup, organiser_name=organisation_name(), manage_url=links.signup_manage_url(signup)
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="work-day.ics"'
    return response
