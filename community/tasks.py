"""Background work for community: every email, and the periodic reminders and waitlist run."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from community import emails
from community.models import ShiftSignup, SignupStatus


@task()
def certificate_email_send(*, certificate_id: int) -> None:

    emails.certificate_email(certificate_id=certificate_id)


@task()
def resume_link_send(*, learner_id: int) -> None:

    emails.resume_link_email(learner_id=learner_id)


@task()
def pledge_thanks_send(*, pledge_id: int) -> None:

    emails.pledge_thanks_email(pledge_id=pledge_id)


@task()
def pledge_link_send(*, pledge_id: int) -> None:

    emails.pledge_link_email(pledge_id=pledge_id)


@task()
def pledge_invite_send(*, invite_id: int) -> None:
    # The services queue these tasks (they import this module); this task runs one of them.
    from community.services import pledge_invite_mark_sent

    if pledge_invite_mark_sent(invite_id=invite_id):
        emails.pledge_invite_email(invite_id=invite_id)


@task()
def signup_confirmation_send(*, signup_id: int) -> None:

    emails.signup_confirmation_email(signup_id=signup_id)


@task()
def signup_cancelled_send(*, signup_id: int) -> None:

    emails.signup_cancelled_email(signup_id=signup_id)


@task()
def waitlist_offer_send(*, signup_id: int) -> None:

    emails.waitlist_offer_email(signup_id=signup_id)


@task()
def shift_reminder_send(*, signup_id: int) -> None:
    """Send one reminder at most: the row lock makes a second worker wait, then find it sent."""

    with transaction.atomic():
        signup = ShiftSignup.objects.select_for_update().select_related("shift").filter(pk=signup_id).first()
        if signup is None or signup.reminder_sent_at is not None or signup.status != SignupStatus.CONFIRMED:
            return
        emails.shift_reminder_email(signup=signup)
        signup.reminder_sent_at = timezone.now()
        signup.save(update_fields=["reminder_sent_at"])


@task()
def community_periodic() -> None:
    """Run every hour or so (cron: `manage.py community_send_reminders`, or enqueue this task)."""
    # The services queue these tasks (they import this module); this task runs two of them.
    from community.services import shift_offers_expire_due, shift_reminders_enqueue

    shift_offers_expire_due()
    shift_reminders_enqueue()


@task()
def inquiry_received_send(*, inquiry_id: int) -> None:

    emails.inquiry_received_emails(inquiry_id=inquiry_id)


@task()
def inquiry_reply_send(*, message_id: int) -> None:

    emails.inquiry_reply_email(message_id=message_id)
