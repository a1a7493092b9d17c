from django.db import IntegrityError, transaction

from donations.models import Donor

_UPDATABLE = (
    "first_name",
    "last_name",
    "company_name",
    "phone",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
    "country",
)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


@transaction.atomic
def donor_get_or_create(*, email: str, fill_blanks: bool = True, **details) -> Donor:
    """The donor with this email (case-insensitive), created if new. Known fields are never overwritten
    by what a checkout form says; blanks are filled in."""
    email = normalise_email(email)
    details = {key: (value or "").strip() for key, value in details.items() if key in _UPDATABLE}
    donor = Donor.objects.select_for_update().filter(email__iexact=email).first()
    if donor is None:
        try:
            with transaction.atomic():
                return Donor.objects.create(email=email, **details)
        except IntegrityError:
            # Another request created the same donor a moment ago.
            donor = Donor.objects.select_for_update().get(email__iexact=email)
    if fill_blanks:
        changed = [key for key, value in details.items() if value and not getattr(donor, key)]
        for key in changed:
            setattr(donor, key, details[key])
        if changed:
            donor.save(update_fields=[*changed, "updated_at"])
    return donor


@transaction.atomic
def donor_update(*, donor: Donor, **details) -> Donor:
    changed = []
    for key, value in details.items():
        if key in _UPDATABLE and getattr(donor, key) != value:
            setattr(donor, key, value)
            changed.append(key)
    if changed:
        donor.save(update_fields=[*changed, "updated_at"])
    return donor
