"""Volunteer sign-ups. Every change to who holds a shift's places runs under that shift's row lock
(SELECT ... FOR UPDATE), so concurrent sign-ups, cancellations and offers never overbook it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from community import tasks
from community.errors import AlreadySignedUp, NotEnoughPlaces, OfferExpired, ShiftUnavailable
from community.models import ACTIVE_STATUSES, HOLDING_STATUSES, Shift, ShiftSignup, SignupStatus
from core.mail import enqueue_on_commit


def _locked_shift(shift_id: int) -> Shift:
    return Shift.objects.select_for_update().get(pk=shift_id)


def _places_held(shift: Shift) -> int:
    held = shift.signups.filter(status__in=HOLDING_STATUSES).aggregate(total=Sum("party_size"))["total"]
    return held or 0


@transaction.atomic
def shift_signup_create(
    *,
    shift_id: int,
    name: str,
    email: str,
    phone: str,
    party_size: int,
    age_confirmed: bool,
    waiver_version: int,
    waiver_text: str,
    join_waitlist: bool = False,
) -> ShiftSignup:
    shift = _locked_shift(shift_id)
    now = timezone.now()
    if not shift.published or shift.starts_at <= now:
        raise ShiftUnavailable("Sign-ups for this shift are closed.")
    if party_size > shift.capacity:
        raise NotEnoughPlaces(
            f"This shift takes at most {shift.capacity} people; your group of {party_size} is larger. "
            "Split the group across shifts or write to us.",
            places_left=max(shift.capacity - _places_held(shift), 0),
        )
    email = email.strip().lower()
    if shift.signups.filter(email=email, status__in=ACTIVE_STATUSES).exists():
        raise AlreadySignedUp(
            "You are already signed up for this shift with this email. Check your confirmation email."
        )
    places_left = shift.capacity - _places_held(shift)
    queue_waiting = shift.signups.filter(status=SignupStatus.WAITLISTED).exists()
    if party_size <= places_left and not queue_waiting:
        status = SignupStatus.CONFIRMED
    elif shift.waitlist_enabled and join_waitlist:
        status = SignupStatus.WAITLISTED
    else:
        message = (
            "This shift is full."
            if places_left <= 0
            else f"Only {places_left} place(s) left; your group is {party_size}."
        )
        if shift.waitlist_enabled:
            message += " Tick “Put us on the waitlist” to be offered places that free up."
        raise NotEnoughPlaces(message, places_left=max(places_left, 0))
    try:
        with transaction.atomic():
            signup = ShiftSignup.objects.create(
                shift=shift,
                name=name.strip(),
                email=email,
                phone=phone.strip(),
                party_size=party_size,
                age_confirmed=age_confirmed,
                waiver_version=waiver_version,
                waiver_text=waiver_text,
                status=status,
            )
    except IntegrityError:
        raise AlreadySignedUp("You are already signed up for this shift with this email.") from None
    enqueue_on_commit(tasks.signup_confirmation_send, signup_id=signup.pk)
    return signup


def _offer_freed_places(shift: Shift, *, now: dt.datetime) -> list[ShiftSignup]:
    """Expire lapsed offers, then offer free places to the waitlist in order. Caller holds the shift lock."""
    shift.signups.filter(status=SignupStatus.OFFERED, offer_expires_at__lte=now).update(
        status=SignupStatus.EXPIRED
    )
    if shift.starts_at <= now:
        return []
    free = shift.capacity - _places_held(shift)
    offered = []
    hours = settings.COMMUNITY_WAITLIST_OFFER_HOURS
    for waiting in shift.signups.filter(status=SignupStatus.WAITLISTED).order_by("created_at", "pk"):
        if free <= 0:
            break
        if waiting.party_size > free:
            continue  # a smaller group further down can use the places
        waiting.status = SignupStatus.OFFERED
        waiting.offered_at = now
        waiting.offer_expires_at = min(now + dt.timedelta(hours=hours), shift.starts_at)
        waiting.save(update_fields=["status", "offered_at", "offer_expires_at"])
        free -= waiting.party_size
        offered.append(waiting)
        enqueue_on_commit(tasks.waitlist_offer_send, signup_id=waiting.pk)
    return offered


@transaction.atomic
def shift_offers_refresh(*, shift_id: int, now: dt.datetime | None = None) -> list[ShiftSignup]:
    return _offer_freed_places(_locked_shift(shift_id), now=now or timezone.now())


@transaction.atomic
def shift_signup_cancel(*, token: str) -> ShiftSignup:
    """Cancel (idempotent) and hand the freed places to the waitlist at once."""
    shift_id = ShiftSignup.objects.values_list("shift_id", flat=True).get(token=token)
    shift = _locked_shift(shift_id)
    signup = ShiftSignup.objects.select_for_update().get(token=token)
    if signup.status in ACTIVE_STATUSES:
        signup.status = SignupStatus.CANCELLED
        signup.cancelled_at = timezone.now()
        signup.save(update_fields=["status", "cancelled_at"])
        enqueue_on_commit(tasks.signup_cancelled_send, signup_id=signup.pk)
        _offer_freed_places(shift, now=timezone.now())
    return signup


@transaction.atomic
def shift_offer_accept(*, token: str) -> ShiftSignup:
    shift_id = ShiftSignup.objects.values_list("shift_id", flat=True).get(token=token)
    shift = _locked_shift(shift_id)
    signup = ShiftSignup.objects.select_for_update().get(token=token)
    now = timezone.now()
    if signup.status == SignupStatus.CONFIRMED:
        return signup
    if signup.status == SignupStatus.OFFERED and signup.offer_expires_at and signup.offer_expires_at > now:
        signup.status = SignupStatus.CONFIRMED
        signup.save(update_fields=["status"])
        enqueue_on_commit(tasks.signup_confirmation_send, signup_id=signup.pk)
        return signup
    if signup.status == SignupStatus.OFFERED:
        _offer_freed_places(shift, now=now)
        raise OfferExpired("This offer has expired and the places went to the next group on the waitlist.")
    raise OfferExpired("There is no open offer on this sign-up.")


def shift_offers_expire_due(*, now: dt.datetime | None = None) -> int:
    """For the periodic run: pass lapsed offers on to the next people waiting."""
    now = now or timezone.now()
    shift_ids = set(
        ShiftSignup.objects.filter(status=SignupStatus.OFFERED, offer_expires_at__lte=now).values_list(
            "shift_id", flat=True
        )
    )
    for shift_id in shift_ids:
        shift_offers_refresh(shift_id=shift_id, now=now)
    return len(shift_ids)


def shift_reminders_enqueue(*, now: dt.datetime | None = None) -> int:
    """Queue the reminder for each confirmed sign-up whose shift starts within the lead time.

    Safe to run as often as you like: the task sends only while `reminder_sent_at` is empty."""
    now = now or timezone.now()
    lead = dt.timedelta(hours=settings.COMMUNITY_REMINDER_HOURS)
    due = ShiftSignup.objects.filter(
        status=SignupStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        shift__starts_at__gt=now,
        shift__starts_at__lte=now + lead,
    ).values_list("pk", flat=True)
    count = 0
    for signup_id in due:
        tasks.shift_reminder_send.enqueue(signup_id=signup_id)
        count += 1
    return count


@transaction.atomic
def shift_signup_check_in(*, signup_id: int, checked_in: bool) -> ShiftSignup:
    signup = ShiftSignup.objects.select_for_update().get(pk=signup_id)
    signup.checked_in_at = timezone.now() if checked_in else None
    signup.save(update_fields=["checked_in_at"])
    return signup
