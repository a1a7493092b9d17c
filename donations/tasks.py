"""Background work for donations: emails with receipts and statements."""

from django_tasks import task

from donations import emails, emails_recognition


@task()
def receipt_email_send(*, receipt_id: int, to: str = "") -> None:
    emails.receipt_email(receipt_id=receipt_id, to=to)


@task()
def ecard_send(*, donation_id: int) -> None:
    emails.tribute_ecard(donation_id=donation_id)


@task()
def past_due_email_send(*, recurring_id: int) -> None:
    emails.past_due_email(recurring_id=recurring_id)


@task()
def recurring_ended_email_send(*, recurring_id: int) -> None:
    emails.recurring_ended_email(recurring_id=recurring_id)


@task()
def sponsor_link_email_send(*, sponsor_id: int) -> None:
    emails_recognition.sponsor_link_email(sponsor_id=sponsor_id)


@task()
def circle_leader_link_email_send(*, email: str, link: str) -> None:
    emails_recognition.circle_leader_link_email(email=email, link=link)


@task()
def circle_invitation_email_send(*, invitation_id: int) -> None:
    emails_recognition.circle_invitation_email(invitation_id=invitation_id)


@task()
def circle_join_confirm_email_send(*, membership_id: int) -> None:
    emails_recognition.circle_join_confirm_email(membership_id=membership_id)
