"""Community models: fields, constraints and small properties. Writes happen in `community.services`."""

from .inquiries import (
    FindUsPage,
    Inquiry,
    InquiryKind,
    InquiryMessage,
    InquiryPage,
    InquiryStatus,
    MessageDirection,
)
from .pledges import Pledge, PledgeInvite, PledgeKind, PledgePage
from .training import Certificate, CoursePage, Learner, LessonPage, LessonPass, QuizAttempt
from .volunteering import (
    ACTIVE_STATUSES,
    HOLDING_STATUSES,
    Shift,
    ShiftSignup,
    SignupStatus,
    VolunteerPage,
)

__all__ = [
    "ACTIVE_STATUSES",
    "HOLDING_STATUSES",
    "Certificate",
    "CoursePage",
    "FindUsPage",
    "Inquiry",
    "InquiryKind",
    "InquiryMessage",
    "InquiryPage",
    "InquiryStatus",
    "Learner",
    "LessonPage",
    "LessonPass",
    "MessageDirection",
    "Pledge",
    "PledgeInvite",
    "PledgeKind",
    "PledgePage",
    "QuizAttempt",
    "Shift",
    "ShiftSignup",
    "SignupStatus",
    "VolunteerPage",
]
