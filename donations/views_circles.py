"""Circle screens: the leaders' sign-in and their circle's page, members and invitations; the
public join page; members' own consent choices (in the donor portal). A leader reaches only the
circles they lead: any other circle's screens answer 404, as if it did not exist."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import strip_tags
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.throttle import throttled_by_ip
from donations import selectors_circles
from donations.forms_recognition import CirclePageForm, ConsentForm, EmailOnlyForm, InviteForm, JoinForm
from donations.models import CircleMembership, CirclePage, MembershipStatus
from donations.services import circle_members as circle_member_services
from donations.services import circles as circle_services
from donations.services.portal import portal_token_redeem, portal_token_usable
from donations.views_portal import PORTAL_SESSION_KEY

LEADER_SESSION_KEY = "donations_circle_leader"


def _too_many(request):
    return TemplateResponse(request, "donations/rate_limited.html", {}, status=429)


def _leader_donor(request):
    from donations.models import Donor

    donor_id = request.session.get(LEADER_SESSION_KEY)
    return Donor.objects.filter(pk=donor_id).first() if donor_id else None


def _leader_role(request, circle_id: int):
    role = selectors_circles.leader_role(donor=_leader_donor(request), circle_id=circle_id)
    if role is None:
        raise Http404("Not a circle you lead")
    return role


@never_cache
def lead_home(request):
    donor = _leader_donor(request)
    roles = selectors_circles.leader_circles(donor=donor) if donor else []
    if donor is None or not roles:
        form = EmailOnlyForm(request.POST or None)
        if request.method == "POST":
            if throttled_by_ip(request, group="donations:circle-lead", rate="10/h"):
                return _too_many(request)
            if form.is_valid():
                circle_services.leader_link_send(email=form.cleaned_data["email"])
                return TemplateResponse(request, "donations/circles/lead_link_sent.html", {})
        return TemplateResponse(request, "donations/circles/lead_sign_in.html", {"form": form})
    return TemplateResponse(request, "donations/circles/lead_home.html", {"donor": donor, "roles": roles})


@never_cache
def lead_enter(request, token: str):
    """GET shows a button; POST spends the link (mail scanners that prefetch links cannot use it up)."""
    if request.method == "POST":
        donor = portal_token_redeem(token=token)
        if donor is None or not selectors_circles.leader_circles(donor=donor):
            return TemplateResponse(request, "donations/circles/lead_link_invalid.html", {}, status=410)
        request.session.cycle_key()
        request.session[LEADER_SESSION_KEY] = donor.pk
        request.session.set_expiry(settings.DONATIONS_PORTAL_SESSION_SECONDS)
        return redirect("donations:circle_lead")
    if not portal_token_usable(token=token):
        return TemplateResponse(request, "donations/circles/lead_link_invalid.html", {}, status=410)
    return TemplateResponse(request, "donations/circles/lead_enter.html", {})


@require_POST
def lead_sign_out(request):
    request.session.pop(LEADER_SESSION_KEY, None)
    messages.info(request, "You have signed out.")
    return redirect("donations:circle_lead")


def _lead_context(role, **extra):
    circle = CirclePage.objects.get(pk=role.circle_id)
    return {"role": role, "circle": circle, **extra}


@never_cache
def lead_circle(request, circle_id: int):
    role = _leader_role(request, circle_id)
    circle = CirclePage.objects.get(pk=circle_id)
    status = 200
    if request.method == "POST":
        form = CirclePageForm(request.POST)
        if form.is_valid():
            try:
                circle_services.circle_page_update(
                    circle=circle,
                    leader=role,
                    text=form.cleaned_data["text"],
                    goal=form.cleaned_data["goal"],
                    allow_join_without_gift=form.cleaned_data["allow_join_without_gift"],
                )
            except circle_services.CircleError as error:
                form.add_error(None, str(error))
                status = 400
            else:
                messages.success(request, "Your circle's page is updated.")
                return redirect("donations:circle_lead_circle", circle_id=circle_id)
        else:
            status = 400
    else:
        form = CirclePageForm(
            initial={
                "text": strip_tags(circle.description.replace("</p>", "\n\n").replace("<br>", "\n")).strip(),
                "goal": f"{circle.goal.amount:.2f}",
                "allow_join_without_gift": circle.allow_join_without_gift,
            }
        )
    context = _lead_context(role, form=form, summary=selectors_circles.circle_year_summary(circle=circle))
    return TemplateResponse(request, "donations/circles/lead_circle.html", context, status=status)


@never_cache
def lead_members(request, circle_id: int):
    role = _leader_role(request, circle_id)
    circle = CirclePage.objects.get(pk=circle_id)
    context = _lead_context(role, rows=selectors_circles.leader_member_rows(circle=circle))
    return TemplateResponse(request, "donations/circles/lead_members.html", context)


@never_cache
def lead_invite(request, circle_id: int):
    role = _leader_role(request, circle_id)
    circle = CirclePage.objects.get(pk=circle_id)
    status = 200
    form = InviteForm(request.POST or None)
    result = None
    if request.method == "POST" and request.POST.get("action") == "rotate":
        circle_services.circle_invite_link_rotate(circle=circle, leader=role)
        messages.success(request, "There is a new invite link; the old one no longer works.")
        return redirect("donations:circle_lead_invite", circle_id=circle_id)
    if request.method == "POST":
        if form.is_valid():
            try:
                result = circle_services.circle_invite_send(
                    circle=circle, leader=role, emails=form.cleaned_data["emails"]
                )
            except circle_services.CircleError as error:
                form.add_error("emails", str(error))
                status = 400
            else:
                form = InviteForm()
        else:
            status = 400
    circle.refresh_from_db()
    invite_url = request.build_absolute_uri(
        reverse("donations:circle_join", kwargs={"circle_id": circle.pk, "key": circle.invite_key})
    )
    context = _lead_context(
        role,
        form=form,
        result=result,
        invite_url=invite_url,
        invitations=selectors_circles.open_invitations(circle=circle)[:100],
    )
    return TemplateResponse(request, "donations/circles/lead_invite.html", context, status=status)


# --- Joining ---------------------------------------------------------------------------------


def _circle_by_invite(circle_id: int, key: str) -> CirclePage:
    circle = get_object_or_404(CirclePage.objects.live(), pk=circle_id)
    if not key or circle.invite_key != key:
        raise Http404("This invite link is not valid")
    return circle


@never_cache
def join(request, circle_id: int, key: str):
    circle = _circle_by_invite(circle_id, key)
    invitation = circle_member_services.invitation_for(
        circle=circle, key=request.GET.get("invitation", "")[:64]
    )
    status = 200
    if request.method == "POST":
        if throttled_by_ip(request, group="donations:circle-join", rate="20/h"):
            return _too_many(request)
        form = JoinForm(request.POST)
        with_gift = request.POST.get("join") != "without_gift"
        if with_gift and circle.donation_page is None:
            form.add_error(None, "This circle is not taking gifts online yet; contact us to join.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                outcome = circle_member_services.circle_join_start(
                    circle=circle,
                    email=data["email"],
                    name=data["name"],
                    listed=data["listed"],
                    share_contact=data["share_contact"],
                    share_amounts=data["share_amounts"],
                    with_gift=with_gift,
                    invitation=invitation,
                )
            except circle_services.CircleError as error:
                form.add_error(None, str(error))
                status = 400
            else:
                if outcome.state == "give":
                    return redirect(f"{circle.donation_page.url}?circle={circle.pk}")
                return TemplateResponse(
                    request, "donations/circles/join_done.html", {"circle": circle, "state": outcome.state}
                )
        else:
            status = 400
    else:
        form = JoinForm(initial={"email": invitation.email} if invitation else None)
    context = {"circle": circle, "form": form, "invitation": invitation}
    return TemplateResponse(request, "donations/circles/join.html", context, status=status)


@never_cache
def join_confirm(request, membership_id: int, key: str):
    if request.method == "POST":
        membership = circle_member_services.circle_join_confirm(membership_id=membership_id, key=key[:64])
        if membership is None:
            return TemplateResponse(request, "donations/circles/join_invalid.html", {}, status=410)
        return TemplateResponse(
            request, "donations/circles/join_done.html", {"circle": membership.circle, "state": "joined"}
        )
    membership = CircleMembership.objects.filter(pk=membership_id).select_related("circle").first()
    if membership is None or membership.confirm_key != key:
        return TemplateResponse(request, "donations/circles/join_invalid.html", {}, status=410)
    return TemplateResponse(request, "donations/circles/join_confirm.html", {"circle": membership.circle})


# --- Members' own choices (signed in to the donor portal) ------------------------------------------


def _portal_donor(request):
    from donations.models import Donor

    donor_id = request.session.get(PORTAL_SESSION_KEY)
    donor = Donor.objects.filter(pk=donor_id).first() if donor_id else None
    if donor is None:
        raise Http404
    return donor


@never_cache
def portal_circles(request):
    donor = _portal_donor(request)
    memberships = list(selectors_circles.donor_memberships(donor=donor))
    for membership in memberships:
        membership.form = ConsentForm(
            initial={
                "listed": membership.listed,
                "share_contact": membership.share_contact,
                "share_amounts": membership.share_amounts,
            },
            prefix=f"m{membership.pk}",
        )
    return TemplateResponse(request, "donations/circles/portal_circles.html", {"memberships": memberships})


@require_POST
def portal_circle_consent(request, membership_id: int):
    donor = _portal_donor(request)
    membership = get_object_or_404(
        CircleMembership.objects.exclude(status=MembershipStatus.LEFT), pk=membership_id, donor=donor
    )
    if request.POST.get("action") == "leave":
        circle_member_services.circle_membership_leave(membership=membership)
        messages.success(request, f"You have left {membership.circle.title}.")
        return redirect("donations:portal_circles")
    form = ConsentForm(request.POST, prefix=f"m{membership.pk}")
    form.is_valid()  # booleans: anything unticked or missing is False
    circle_member_services.circle_membership_consent_update(
        membership=membership,
        listed=form.cleaned_data.get("listed", False),
        share_contact=form.cleaned_data.get("share_contact", False),
        share_amounts=form.cleaned_data.get("share_amounts", False),
    )
    messages.success(request, f"Your choices for {membership.circle.title} are saved.")
    return redirect("donations:portal_circles")
