"""Training writes: learners, quiz attempts (a replayed POST is the same attempt), certificates."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from community import quiz, selectors, tasks
from community.errors import CourseNotComplete, EmailRequired
from community.models import Certificate, Learner, LessonPass, QuizAttempt
from core.mail import enqueue_on_commit


def learner_start(*, course, pledge=None) -> Learner:
    return Learner.objects.create(course=course, pledge=pledge)


@transaction.atomic
def learner_join_pledge(*, learner: Learner, pledge) -> Learner:
    """A learner who follows a business's link counts toward it, unless already counted elsewhere."""
    learner = Learner.objects.select_for_update().get(pk=learner.pk)
    if learner.pledge_id is None and not Certificate.objects.filter(learner=learner).exists():
        learner.pledge = pledge
        learner.save(update_fields=["pledge"])
    return learner


@transaction.atomic
def quiz_attempt_record(
    *, learner: Learner, lesson, course, nonce: str, answers: dict
) -> tuple[QuizAttempt, bool]:
    """Grade and store one attempt. The same `nonce` again returns the stored attempt unchanged."""
    existing = QuizAttempt.objects.filter(learner=learner, lesson=lesson, nonce=nonce).first()
    if existing is not None:
        return existing, False
    result = quiz.grade(
        questions=quiz.questions_of(lesson), answers=answers, pass_mark=lesson.pass_mark_for(course)
    )
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                learner=learner,
                lesson=lesson,
                nonce=nonce,
                correct=result.correct,
                total=result.total,
                passed=result.passed,
                answers={key: list(values) for key, values in answers.items()},
            )
    except IntegrityError:
        # The same POST arrived twice at once: the first one stored it.
        return QuizAttempt.objects.get(learner=learner, lesson=lesson, nonce=nonce), False
    if result.passed:
        LessonPass.objects.get_or_create(learner=learner, lesson=lesson)
    return attempt, True


@transaction.atomic
def certificate_issue(*, learner: Learner, name: str, email: str = "") -> Certificate:
    """Issue the learner's one certificate once every quiz is passed; asking again returns the same one."""
    learner = Learner.objects.select_for_update().get(pk=learner.pk)
    existing = Certificate.objects.filter(learner=learner).first()
    if existing is not None:
        return existing
    progress = selectors.course_progress(course=learner.course, learner=learner)
    if not progress.complete:
        raise CourseNotComplete("Pass every lesson's quiz first; your certificate is waiting at the end.")
    email = (email or "").strip().lower()
    pledge = learner.pledge
    if pledge is not None and not email:
        raise EmailRequired(f"Enter your work email so your training counts toward {pledge.name}'s pledge.")
    if pledge is not None and Certificate.objects.filter(pledge=pledge, email=email).exists():
        pledge = None  # Already counted for this business under this address.
    certificate = Certificate.objects.create(
        learner=learner, course=learner.course, pledge=pledge, name=name.strip(), email=email
    )
    if email:
        enqueue_on_commit(tasks.certificate_email_send, certificate_id=certificate.pk)
    return certificate


@transaction.atomic
def learner_resume_link_send(*, learner: Learner, email: str) -> None:
    learner.email = email.strip().lower()
    learner.save(update_fields=["email"])
    enqueue_on_commit(tasks.resume_link_send, learner_id=learner.pk)
