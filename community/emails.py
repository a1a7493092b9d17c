"""Community emails, HTML + text from templates/community/email/<name>.{txt,html} (core.mail)."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from community import calendar, links, pdf
from community.models import Certificate, Inquiry, InquiryMessage, Learner, Pledge, PledgeInvite, ShiftSignup
from core.mail import send_templated_email


def organisation_name() -> str:
    # community may not import cms; its settings model is looked up by name at call time.
    try:
        model = apps.get_model("cms", "OrganisationSettings")
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        if site is not None:
            return model.for_site(site).short_name or "Hope Works"
    except LookupError:
        pass
    return "Hope Works"


def hotline() -> dict:
    """The hotline call-out, from the site settings when set."""
    values = {"phone": "1-888-373-7888", "sms": "233733"}
    try:
        model = apps.get_model("cms", "SiteSettings")
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        if site is not None:
            chrome = model.for_site(site)
            values = {
                "phone": chrome.hotline_phone or values["phone"],
                "sms": chrome.hotline_sms or values["sms"],
            }
    except LookupError:
        pass
    return values


def _send(*, template: str, subject: str, to: list[str], context: dict, attachments=(), reply_to=()) -> None:
    context = {"organisation_name": organisation_name(), "hotline": hotline(), **context}
    send_templated_email(
        template=f"community/email/{template}",
        subject=subject,
        to=to,
        context=context,
        attachments=attachments,
        reply_to=reply_to,
    )


def certificate_email(*, certificate_id: int) -> None:
    certificate = Certificate.objects.select_related("course").get(pk=certificate_id)
    if not certificate.email:
        return
    _send(
        template="certificate",
        subject="Your training certificate",
        to=[certificate.email],
        context={"certificate": certificate, "verify_url": links.certificate_verify_url(certificate)},
        attachments=[
            (
                f"certificate-{certificate.code}.pdf",
                pdf.certificate_pdf(
                    certificate,
                    organisation_name=organisation_name(),
                    verify_url=links.certificate_verify_url(certificate),
                ),
                "application/pdf",
            )
        ],
    )


def resume_link_email(*, learner_id: int) -> None:
    learner = Learner.objects.select_related("course").get(pk=learner_id)
    if not learner.email:
        return
    _send(
        template="resume_link",
        subject="Your link to continue the training",
        to=[learner.email],
        context={
            "learner": learner,
            "resume_url": links.resume_url(learner),
            "days": settings.COMMUNITY_RESUME_LINK_DAYS,
        },
    )


def pledge_thanks_email(*, pledge_id: int) -> None:
    pledge = Pledge.objects.get(pk=pledge_id)
    _send(
        template="pledge_thanks",
        subject="Thank you for taking the pledge",
        to=[pledge.email],
        context={"pledge": pledge},
    )


def pledge_link_email(*, pledge_id: int) -> None:
    pledge = Pledge.objects.get(pk=pledge_id)
    _send(
        template="pledge_link",
        subject=f"{pledge.name}'s pledge: your private page",
        to=[pledge.email],
        context={
            "pledge": pledge,
            "manage_url": links.pledge_manage_url(pledge),
            "join_url": links.pledge_join_url(pledge),
        },
    )


def pledge_invite_email(*, invite_id: int) -> None:
    invite = PledgeInvite.objects.select_related("pledge").get(pk=invite_id)
    _send(
        template="pledge_invite",
        subject=f"{invite.pledge.name} invites you to take the anti-trafficking training",
        to=[invite.email],
        context={"invite": invite, "pledge": invite.pledge, "invite_url": links.invite_url(invite)},
    )


def _signup_context(signup: ShiftSignup) -> dict:
    return {"signup": signup, "shift": signup.shift, "manage_url": links.signup_manage_url(signup)}


def signup_confirmation_email(*, signup_id: int) -> None:
    signup = ShiftSignup.objects.select_related("shift").get(pk=signup_id)
    context = _signup_context(signup)
    if signup.status == "waitlisted":
        _send(
            template="signup_waitlisted",
            subject=f"You're on the waitlist: {signup.shift.task}",
            to=[signup.email],
            context=context,
        )
        return
    ics = calendar.shift_ics(
        signup=signup, organiser_name=organisation_name(), manage_url=context["manage_url"]
    )
    _send(
        template="signup_confirmed",
        subject=f"You're signed up: {signup.shift.task}",
        to=[signup.email],
        context=context,
        attachments=[("work-day.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH")],
    )


def signup_cancelled_email(*, signup_id: int) -> None:
    signup = ShiftSignup.objects.select_related("shift").get(pk=signup_id)
    _send(
        template="signup_cancelled",
        subject=f"Cancelled: {signup.shift.task}",
        to=[signup.email],
        context=_signup_context(signup),
    )


def waitlist_offer_email(*, signup_id: int) -> None:
    signup = ShiftSignup.objects.select_related("shift").get(pk=signup_id)
    _send(
        template="waitlist_offer",
        subject=f"A place opened up: {signup.shift.task}",
        to=[signup.email],
        context=_signup_context(signup),
    )


def shift_reminder_email(*, signup: ShiftSignup) -> None:
    _send(
        template="shift_reminder",
        subject=f"Reminder: {signup.shift.task} on {timezone.localtime(signup.shift.starts_at):%A %B %-d}",
        to=[signup.email],
        context=_signup_context(signup),
    )


def _inquiry_staff_emails() -> list[str]:
    """Who hears about inquiries: COMMUNITY_INQUIRY_EMAILS, or the staff alert list when it is empty."""
    return list(settings.COMMUNITY_INQUIRY_EMAILS or settings.STAFF_ALERT_EMAILS)


def inquiry_received_emails(*, inquiry_id: int) -> None:
    inquiry = Inquiry.objects.get(pk=inquiry_id)
    first = inquiry.messages.order_by("created_at", "pk").first()
    _send(
        template="inquiry_received",
        subject=f"We received your inquiry {inquiry.reference}",
        to=[inquiry.email],
        context={"inquiry": inquiry, "message": first},
    )
    staff = _inquiry_staff_emails()
    if staff:
        _send(
            template="inquiry_staff_alert",
            subject=f"New inquiry {inquiry.reference}: {inquiry.get_kind_display()}",
            to=staff,
            context={
                "inquiry": inquiry,
                "message": first,
                "admin_url": links.site_url(reverse("community_inquiries:inspect", args=[inquiry.pk])),
            },
            reply_to=[inquiry.email],
        )


def inquiry_reply_email(*, message_id: int) -> None:
    message = InquiryMessage.objects.select_related("inquiry").get(pk=message_id)
    staff = _inquiry_staff_emails()
    _send(
        template="inquiry_reply",
        subject=message.subject,
        to=[message.inquiry.email],
        context={"inquiry": message.inquiry, "message": message},
        reply_to=staff[:1],
    )
