from decimal import Decimal

from django.db import models
from django.db.models import Q
from djmoney.models.fields import MoneyField
from wagtail.admin.panels import FieldPanel

from .donors import Donor
from .gifts import Donation


class TaxYearThreshold(models.Model):
    """IRS figures that change every tax year (Rev. Proc. inflation adjustments), edited by Finance."""

    year = models.PositiveIntegerField(unique=True)
    quid_pro_quo_threshold = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("75.00"),
        help_text="Payments over this amount that include a benefit need the quid-pro-quo disclosure "
        "(IRC 6115).",
    )
    insubstantial_benefit_limit = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        help_text="A benefit worth no more than 2% of the payment or this amount, whichever is less, is "
        "insubstantial and may be disregarded.",
    )
    token_minimum_payment = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        help_text="Token-item rule: payments of at least this amount ...",
    )
    token_maximum_cost = models.DecimalField(
        max_digits=10, decimal_places=2, help_text="... whose benefits cost the charity no more than this."
    )
    benefit_percentage_limit = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("2.00"))

    panels = [
        FieldPanel("year"),
        FieldPanel("quid_pro_quo_threshold"),
        FieldPanel("insubstantial_benefit_limit"),
        FieldPanel("benefit_percentage_limit"),
        FieldPanel("token_minimum_payment"),
        FieldPanel("token_maximum_cost"),
    ]

    class Meta:
        ordering = ["-year"]
        verbose_name = "tax-year threshold"

    def __str__(self):
        return f"Tax year {self.year}"


class ReceiptSequence(models.Model):
    """The last receipt number used in a year; its row lock makes numbering gap-free and unique."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class ReceiptStatus(models.TextChoices):
    ISSUED = "issued", "Issued"
    VOID = "void", "Void"


class Receipt(models.Model):
    """An IRS written acknowledgment. Its content is a snapshot, never edited: corrections void it
    (the void stays on record) and issue a new receipt with the next number."""

    number = models.CharField(max_length=20, unique=True, editable=False)
    year = models.PositiveIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="receipts")
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, null=True, blank=True, related_name="receipts")
    status = models.CharField(max_length=10, choices=ReceiptStatus.choices, default=ReceiptStatus.ISSUED)
    issued_at = models.DateTimeField()
    gift_date = models.DateField()
    donor_name = models.CharField(max_length=255)
    donor_email = models.EmailField(blank=True)
    donor_address = models.CharField(max_length=500, blank=True)
    amount = MoneyField(max_digits=12, decimal_places=2, default_currency="USD")
    benefit_description = models.CharField(max_length=255, blank=True)
    benefit_fmv = MoneyField(max_digits=12, decimal_places=2, default_currency="USD", default=0)
    deductible_amount = MoneyField(max_digits=12, decimal_places=2, default_currency="USD")
    quid_pro_quo_disclosure = models.BooleanField(default=False)
    fund_label = models.CharField(max_length=120)
    description = models.CharField(max_length=255, blank=True)
    organisation_name = models.CharField(max_length=255)
    organisation_ein = models.CharField(max_length=20)
    organisation_address = models.CharField(max_length=500, blank=True)
    signatory = models.CharField(max_length=255, blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=255, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="donations_receipt_year_sequence_unique"
            ),
            models.UniqueConstraint(
                fields=["donation"],
                condition=Q(status="issued"),
                name="donations_receipt_one_issued_per_gift",
            ),
        ]

    def __str__(self):
        return f"Receipt {self.number}"

    @property
    def replaced_by_or_none(self):
        try:
            return self.replaced_by
        except Receipt.DoesNotExist:
            return None

    @property
    def has_benefit(self) -> bool:
        return self.benefit_fmv.amount > 0


class AnnualStatementDelivery(models.Model):
    """Marks a year's statement as emailed to a donor, so the command can be re-run safely."""

    donor = models.ForeignKey(Donor, on_delete=models.CASCADE, related_name="statement_deliveries")
    year = models.PositiveIntegerField()
    sent_at = models.DateTimeField()
    gift_count = models.PositiveIntegerField()
    total = MoneyField(max_digits=12, decimal_places=2, default_currency="USD")

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["donor", "year"], name="donations_statement_once")]

    def __str__(self):
        return f"{self.year} statement for donor {self.donor_id}"
