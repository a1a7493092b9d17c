"""Volunteer-led giving circles: the leaders staff appoint, the members and their consents, and the
invitations leaders send. The circle itself is a CirclePage."""

import secrets

from django.db import models
from django.db.models import Q


def new_key() -> str:
    return secrets.token_urlsafe(18)


class CircleLeader(models.Model):
    """A donor staff appointed to lead a circle; they sign in through an emailed link."""

    circle = models.ForeignKey("donations.CirclePage", on_delete=models.CASCADE, related_name="leaders")
    donor = models.ForeignKey("donations.Donor", on_delete=models.PROTECT, related_name="circles_led")
    active = models.BooleanField(default=True, help_text="Clear to end the leader's access at once.")
    appointed_at = models.DateTimeField(auto_now_add=True)
    appointed_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["circle__title", "donor__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "donor"], name="donations_circle_leader_once")
        ]

    def __str__(self):
        return f"{self.donor} leads {self.circle}"


class MembershipStatus(models.TextChoices):
    PENDING = "pending", "Joining (gift or email confirmation awaited)"
    ACTIVE = "active", "Member"
    LEFT = "left", "Left the circle"


class JoinedBy(models.TextChoices):
    GIFT = "gift", "A gift through the circle"
    NO_GIFT = "no_gift", "Joined without a gift"


class CircleMembership(models.Model):
    """One supporter in one circle, with what they agreed to show: each consent can be withdrawn and
    the page and the leader's list read it live."""

    circle = models.ForeignKey("donations.CirclePage", on_delete=models.CASCADE, related_name="memberships")
    donor = models.ForeignKey("donations.Donor", on_delete=models.PROTECT, related_name="circle_memberships")
    # The name the member typed when joining (never the stored donor profile: anyone can type an email).
    name = models.CharField(max_length=150, blank=True)
    status = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    joined_by = models.CharField(max_length=10, choices=JoinedBy.choices, default=JoinedBy.GIFT)
    listed = models.BooleanField("listed on the circle page", default=False)
    share_contact = models.BooleanField("name and email shared with the leaders", default=False)
    share_amounts = models.BooleanField("gift amounts shared with the leaders", default=False)
    invitation = models.ForeignKey(
        "donations.CircleInvitation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirm_key = models.CharField(max_length=40, default=new_key, editable=False)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    consent_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["circle__title", "-joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "donor"], name="donations_circle_member_once")
        ]
        indexes = [models.Index(fields=["circle", "status"])]

    def __str__(self):
        return f"{self.name or 'Member'} in {self.circle}"

    @property
    def email(self) -> str:
        return self.donor.email


class CircleInvitation(models.Model):
    """An invitation a leader sent to one email address; the circle's open invite link has no row."""

    circle = models.ForeignKey("donations.CirclePage", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    key = models.CharField(max_length=40, default=new_key, unique=True, editable=False)
    invited_by = models.ForeignKey(
        "donations.CircleLeader", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "email"],
                condition=Q(accepted_at=None),
                name="donations_circle_invite_open_once",
            )
        ]

    def __str__(self):
        return f"Invitation to {self.circle} for {self.email}"
