"""Many groups signing up for one shift at once on PostgreSQL: never more people than its capacity."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from community import services
from community.errors import NotEnoughPlaces
from community.models import Shift, ShiftSignup
from tests.fixtures.threads import run_in_threads

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _shift(capacity):
    starts = timezone.now() + dt.timedelta(days=5)
    return Shift.objects.create(
        task="Pack boxes",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        place="Warehouse",
        capacity=capacity,
    )


def _sign_up(shift, n, size, waitlist=False):
    return services.shift_signup_create(
        shift_id=shift.pk,
        name=f"Lead {n}",
        email=f"lead{n}@example.org",
        phone="555-010-2030",
        party_size=size,
        age_confirmed=True,
        waiver_version=1,
        waiver_text="waiver",
        join_waitlist=waitlist,
    )


def test_sixteen_groups_at_once_never_overbook_a_shift_of_ten():
    assert connection.vendor == "postgresql"
    shift = _shift(10)
    sizes = [3, 2, 1, 4, 2, 3, 1, 2, 3, 1, 4, 2, 1, 3, 2, 2]

    results = run_in_threads(
        [lambda n=n, size=size: _sign_up(shift, n, size) for n, size in enumerate(sizes)],
        what="a sign-up",
    )

    booked = ShiftSignup.objects.filter(shift=shift, status="confirmed").aggregate(total=Sum("party_size"))[
        "total"
    ]
    errors = [value for kind, value in results if kind == "error"]
    assert booked <= 10
    assert all(isinstance(error, NotEnoughPlaces) for error in errors), errors
    # Every refused group was refused because it did not fit in what was left when its turn came.
    assert len(errors) + ShiftSignup.objects.filter(shift=shift).count() == len(sizes)
    assert booked >= 10 - max(sizes) + 1


def test_cancellations_racing_sign_ups_keep_the_shift_within_capacity():
    shift = _shift(6)
    early = [_sign_up(shift, n, 2) for n in range(3)]
    late = [lambda n=n: _sign_up(shift, 100 + n, 2, waitlist=True) for n in range(6)]
    cancels = [lambda token=signup.token: services.shift_signup_cancel(token=token) for signup in early[:2]]

    run_in_threads([*late, *cancels], what="a sign-up")

    held = ShiftSignup.objects.filter(shift=shift, status__in=["confirmed", "offered"]).aggregate(
        total=Sum("party_size")
    )["total"]
    assert held <= 6
    assert held == 6  # the freed places were all offered or taken
