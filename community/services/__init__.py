"""Community services: every write, keyword-only and atomic."""

from .inquiries import inquiry_create, inquiry_reply, inquiry_status_set, warehouse_date_booked
from .pledges import InviteOutcome, pledge_create, pledge_invite_mark_sent, pledge_invites_create
from .training import (
    certificate_issue,
    learner_join_pledge,
    learner_resume_link_send,
    learner_start,
    quiz_attempt_record,
)
from .volunteering import (
    shift_offer_accept,
    shift_offers_expire_due,
    shift_offers_refresh,
    shift_reminders_enqueue,
    shift_signup_cancel,
    shift_signup_check_in,
    shift_signup_create,
)

__all__ = [
    "InviteOutcome",
    "certificate_issue",
    "inquiry_create",
    "inquiry_reply",
    "inquiry_status_set",
    "learner_join_pledge",
    "learner_resume_link_send",
    "learner_start",
    "pledge_create",
    "pledge_invite_mark_sent",
    "pledge_invites_create",
    "quiz_attempt_record",
    "shift_offer_accept",
    "shift_offers_expire_due",
    "shift_offers_refresh",
    "shift_reminders_enqueue",
    "shift_signup_cancel",
    "shift_signup_check_in",
    "shift_signup_create",
    "warehouse_date_booked",
]
