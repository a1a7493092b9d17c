"""Inquiry writes: a request from the public, staff replies (the thread stays on the inquiry), status."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from community import tasks
from community.errors import DateUnavailable
from community.models import Inquiry, InquiryKind, InquiryMessage, InquiryStatus, MessageDirection
from core.mail import enqueue_on_commit

DATE_TAKEN = "Our warehouse is already booked on that date. Please choose another date."
DUPLICATE_WINDOW = dt.timedelta(hours=24)


def warehouse_date_booked(*, event_date: dt.date, excluding: int | None = None) -> bool:
    booked = Inquiry.objects.filter(
        kind=InquiryKind.WAREHOUSE, status=InquiryStatus.BOOKED, event_date=event_date
    )
    if excluding is not None:
        booked = booked.exclude(pk=excluding)
    return booked.exists()


def _summary(inquiry: Inquiry) -> str:
    lines = [
        f"{inquiry.get_kind_display()}",
        f"Date: {inquiry.event_date:%A %B %-d, %Y} from {inquiry.start_time:%-I:%M %p}"
        + (f" to {inquiry.end_time:%-I:%M %p}" if inquiry.end_time else ""),
        f"Expected guests: {inquiry.expected_guests}",
        f"Kind of event: {inquiry.event_type}",
    ]
    if inquiry.venue:
        lines.append(f"Where: {inquiry.venue}")
    if inquiry.organisation:
        lines.append(f"Organisation: {inquiry.organisation}")
    if inquiry.needs:
        lines += ["", inquiry.needs]
    return "\n".join(lines)


@transaction.atomic
def inquiry_create(
    *,
    kind: str,
    name: str,
    email: str,
    event_date: dt.date,
    start_time: dt.time,
    expected_guests: int,
    event_type: str,
    end_time: dt.time | None = None,
    phone: str = "",
    organisation: str = "",
    venue: str = "",
    needs: str = "",
) -> tuple[Inquiry, bool]:
    """Record an inquiry; the same request sent again within a day returns the first (one thread)."""
    email = email.strip().lower()
    if kind == InquiryKind.WAREHOUSE and warehouse_date_booked(event_date=event_date):
        raise DateUnavailable(DATE_TAKEN)
    duplicate = Inquiry.objects.filter(
        kind=kind, email=email, event_date=event_date, created_at__gte=timezone.now() - DUPLICATE_WINDOW
    ).first()
    if duplicate is not None:
        return duplicate, False
    inquiry = Inquiry.objects.create(
        kind=kind,
        name=name.strip(),
        email=email,
        phone=phone.strip(),
        organisation=organisation.strip(),
        event_date=event_date,
        start_time=start_time,
        end_time=end_time,
        expected_guests=expected_guests,
        event_type=event_type.strip(),
        venue=venue.strip(),
        needs=needs.strip(),
    )
    InquiryMessage.objects.create(
        inquiry=inquiry,
        direction=MessageDirection.INCOMING,
        subject=f"Inquiry {inquiry.reference}: {inquiry.get_kind_display()}",
        body=_summary(inquiry),
    )
    enqueue_on_commit(tasks.inquiry_received_send, inquiry_id=inquiry.pk)
    return inquiry, True


@transaction.atomic
def inquiry_status_set(
    *, inquiry: Inquiry, status: str, publish: bool | None = None, public_title: str | None = None
) -> Inquiry:
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if (
        status == InquiryStatus.BOOKED
        and inquiry.kind == InquiryKind.WAREHOUSE
        and warehouse_date_booked(event_date=inquiry.event_date, excluding=inquiry.pk)
    ):
        raise DateUnavailable("Another warehouse event is already booked on this date.")
    inquiry.status = status
    if publish is not None:
        inquiry.publish = publish
    if public_title is not None:
        inquiry.public_title = public_title.strip()
    try:
        with transaction.atomic():
            inquiry.save(update_fields=["status", "publish", "public_title", "updated_at"])
    except IntegrityError:
        raise DateUnavailable("Another warehouse event is already booked on this date.") from None
    return inquiry


@transaction.atomic
def inquiry_reply(
    *, inquiry: Inquiry, author, subject: str, body: str, status: str | None = None
) -> InquiryMessage:
    """Email the requester from the admin and keep the message on the inquiry's thread."""
    if status and status != inquiry.status:
        inquiry = inquiry_status_set(inquiry=inquiry, status=status)
    message = InquiryMessage.objects.create(
        inquiry=inquiry,
        direction=MessageDirection.OUTGOING,
        author=author,
        subject=subject.strip(),
        body=body.strip(),
    )
    enqueue_on_commit(tasks.inquiry_reply_send, message_id=message.pk)
    return message
