from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from donations import emails
from donations.models import AnnualStatementDelivery, Donor
from donations.selectors import annual_statement


def annual_statement_send(*, donor: Donor, year: int, resend: bool = False) -> bool:
    """Email the donor's statement for `year` once (again only with resend). Returns whether sent."""
    statement = annual_statement(donor=donor, year=year)
    if not statement.lines:
        return False
    with transaction.atomic():
        delivery = AnnualStatementDelivery.objects.select_for_update().filter(donor=donor, year=year).first()
        if delivery is not None and not resend:
            return False
        values = {"sent_at": timezone.now(), "gift_count": len(statement.lines), "total": statement.total}
        if delivery is None:
            try:
                with transaction.atomic():
                    AnnualStatementDelivery.objects.create(donor=donor, year=year, **values)
            except IntegrityError:
                return False  # another run got there first
        else:
            AnnualStatementDelivery.objects.filter(pk=delivery.pk).update(**values)
        transaction.on_commit(
            lambda: emails.annual_statement_email(donor=donor, year=year, statement=statement)
        )
    return True
