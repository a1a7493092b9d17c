"""Background work for donations: emails with receipts and statements."""

from django_tasks import task

from donations import emails


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
