from django.db import models
from django.db.models.functions import Lower


class Donor(models.Model):
    """One person or organisation that gives, deduplicated by email (case-insensitive)."""

    email = models.EmailField(max_length=254)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    company_name = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address_line1 = models.CharField("address", max_length=200, blank=True)
    address_line2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True, default="US")
    stripe_customer_id = models.CharField(max_length=255, blank=True, db_index=True)
    notes = models.TextField(blank=True, help_text="Internal notes for Development staff.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="donations_donor_email_ci_unique")]

    def __str__(self):
        return self.display_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def display_name(self) -> str:
        return self.full_name or self.company_name or self.email

    @property
    def postal_address(self) -> str:
        lines = [self.address_line1, self.address_line2, " ".join(p for p in (self.city, self.state) if p)]
        lines.append(self.postal_code)
        return ", ".join(line for line in lines if line)


class PortalToken(models.Model):
    """A single-use, expiring magic link into the donor portal. Only the token's hash is stored."""

    donor = models.ForeignKey(Donor, on_delete=models.CASCADE, related_name="portal_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Portal link for donor {self.donor_id}"
