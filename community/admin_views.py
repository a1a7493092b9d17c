"""Staff screens beyond the generic viewsets: a shift's roster (check-in, CSV) and inquiry replies."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic import InspectView

from community import selectors, services
from community.errors import CommunityRefusal
from community.models import Inquiry, InquiryStatus, Shift, ShiftSignup
from core.export import csv_response


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def shift_roster(request, pk: int):
    _require(request, "community.view_shiftsignup")
    shift = get_object_or_404(Shift, pk=pk)
    signups = list(selectors.shift_roster(shift=shift))
    return TemplateResponse(
        request,
        "community/admin/roster.html",
        {
            "shift": shift,
            "signups": signups,
            "places_left": selectors.shift_places_left(shift=shift),
            "can_check_in": request.user.has_perm("community.change_shiftsignup"),
        },
    )


@require_POST
def shift_roster_check_in(request, pk: int, signup_pk: int):
    _require(request, "community.change_shiftsignup")
    signup = get_object_or_404(ShiftSignup, pk=signup_pk, shift_id=pk)
    services.shift_signup_check_in(signup_id=signup.pk, checked_in=request.POST.get("checked_in") == "1")
    return redirect("community_shift_roster", pk=pk)


def shift_roster_csv(request, pk: int):
    _require(request, "community.view_shiftsignup")
    shift = get_object_or_404(Shift, pk=pk)
    rows = (
        [
            signup.reference,
            signup.name,
            signup.email,
            signup.phone,
            signup.party_size,
            signup.get_status_display(),
            "yes" if signup.age_confirmed else "no",
            signup.waiver_version,
            timezone.localtime(signup.created_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(signup.checked_in_at).strftime("%Y-%m-%d %H:%M")
            if signup.checked_in_at
            else "",
        ]
        for signup in selectors.shift_roster(shift=shift)
    )
    local = timezone.localtime(shift.starts_at)
    return csv_response(
        filename=f"roster-{local:%Y-%m-%d-%H%M}-{shift.pk}.csv",
        header=[
            "Reference",
            "Name",
            "Email",
            "Phone",
            "People",
            "Status",
            "Age confirmed",
            "Waiver version",
            "Signed up",
            "Checked in",
        ],
        rows=rows,
    )


class InquiryReplyForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), max_length=10_000, label="Message")
    status = forms.ChoiceField(choices=InquiryStatus.choices, label="Status after this reply")


class InquiryInspectView(InspectView):
    """The inquiry with its email thread and the reply form."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inquiry = self.object
        context["inquiry"] = inquiry
        context["thread"] = inquiry.messages.select_related("author").order_by("created_at", "pk")
        context["reply_form"] = InquiryReplyForm(
            initial={"subject": f"Re: your inquiry {inquiry.reference}", "status": inquiry.status}
        )
        context["can_reply"] = self.request.user.has_perm("community.change_inquiry")
        return context


def inquiry_reply(request, pk: int):
    _require(request, "community.change_inquiry")
    inquiry = get_object_or_404(Inquiry, pk=pk)
    form = InquiryReplyForm(request.POST or None, initial={"status": inquiry.status})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.inquiry_reply(
                inquiry=inquiry,
                author=request.user,
                subject=data["subject"],
                body=data["body"],
                status=data["status"],
            )
        except CommunityRefusal as refusal:
            form.add_error("status", refusal.message)
        else:
            messages.success(request, f"Reply sent to {inquiry.email} and kept on the inquiry.")
            return redirect("community_inquiries:inspect", inquiry.pk)
    return TemplateResponse(request, "community/admin/inquiry_reply.html", {"inquiry": inquiry, "form": form})
