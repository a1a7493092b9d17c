"""Training: lessons with quizzes, progress, a certificate with a public verification page."""

import io
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from community.forms import attempt_token
from community.models import Certificate, LessonPage, QuizAttempt
from tests.fixtures.community_helpers import question, quiz_keys, quiz_post

pytestmark = pytest.mark.django_db


def lessons(course):
    return list(LessonPage.objects.child_of(course).order_by("path"))


def test_every_lesson_shows_its_content_the_quiz_and_the_hotline(client, course):
    for lesson in lessons(course):
        html = client.get(lesson.url).content.decode()
        assert "Check what you learned" in html
        assert "1-888-373-7888" in html
    assert "Someone asked." in client.get(lessons(course)[1].url).content.decode()


def test_a_failed_quiz_explains_the_answers_and_does_not_pass_the_lesson(client, course):
    first = lessons(course)[0]

    # 2 of 3 right is 66 %, under the 80 % pass mark.
    response = quiz_post(client, first, [[0], [0, 1], [1]])

    html = response.content.decode()
    assert response.status_code == 200
    assert "Not passed yet" in html
    assert "2 of 3 right" in html
    assert "The law says so." in html
    assert "0 of 2</strong> lessons passed" in client.get(course.url).content.decode()


def test_passing_every_quiz_unlocks_the_certificate_with_name_date_and_code(
    client, course, pass_lesson, django_capture_on_commit_callbacks
):
    first, second = lessons(course)
    assert "Get your certificate" not in client.get(course.url).content.decode()

    pass_lesson(client, first)
    assert "1 of 2</strong> lessons passed (50 %)" in client.get(course.url).content.decode()
    pass_lesson(client, second)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            course.url, {"action": "certificate", "name": "Ada Lovelace", "email": "ada@example.org"}
        )

    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.name == "Ada Lovelace"
    page = client.get(course.url).content.decode()
    assert certificate.code in page
    pdf = client.get(f"/training/certificate/{certificate.code}.pdf")
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Ada Lovelace" in text
    assert certificate.code in text
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


def test_the_verification_page_confirms_a_certificate_without_showing_the_email(client, course, pass_lesson):
    for lesson in lessons(course):
        pass_lesson(client, lesson)
    client.post(course.url, {"action": "certificate", "name": "Grace Hopper", "email": "grace@example.org"})
    code = Certificate.objects.get().code

    visitor = client.__class__()
    html = visitor.get(f"/training/verify/{code}/").content.decode()
    assert "Valid certificate" in html
    assert "Grace Hopper" in html
    assert "grace@example.org" not in html
    assert visitor.get("/training/verify/NOTACODE/").status_code == 404
    assert visitor.get(f"/training/verify/?code={code.lower()}").url == f"/training/verify/{code}/"


def test_a_replayed_quiz_post_is_one_attempt_and_keeps_its_first_answers(client, course):
    first = lessons(course)[0]
    token = attempt_token(lesson_id=first.pk)

    wrong = quiz_post(client, first, [[1], [2], [1]], token=token)
    replay_with_right_answers = quiz_post(client, first, [[0], [0, 1], [0]], token=token)

    assert QuizAttempt.objects.count() == 1
    assert "0 of 3 right" in wrong.content.decode()
    assert "0 of 3 right" in replay_with_right_answers.content.decode()
    assert "0 of 2</strong> lessons passed" in client.get(course.url).content.decode()


def test_a_forged_or_other_lessons_attempt_token_is_refused_with_nothing_stored(client, course):
    first, second = lessons(course)

    forged = quiz_post(client, first, [[0], [0, 1], [0]], token="forged")
    borrowed = quiz_post(client, first, [[0], [0, 1], [0]], token=attempt_token(lesson_id=second.pk))

    assert forged.status_code == borrowed.status_code == 400
    assert "expired" in forged.content.decode()
    assert not QuizAttempt.objects.exists()


def test_an_unanswered_question_is_a_clear_error_not_a_wrong_answer(client, course):
    first = lessons(course)[0]
    keys = [f"q_{key}" for key in quiz_keys(first)]

    response = client.post(
        first.url, {"attempt": attempt_token(lesson_id=first.pk), keys[0]: "0", keys[2]: "0"}
    )

    assert response.status_code == 400
    assert "Choose at least one answer." in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_the_pass_mark_is_the_one_staff_set(client, course):
    first = lessons(course)[0]
    first.pass_mark_override = 60
    first.save_revision().publish()

    # 2 of 3 (66 %) passes at 60 %.
    assert "You passed" in quiz_post(client, first, [[0], [0, 1], [1]]).content.decode()


def test_the_certificate_is_refused_until_every_quiz_is_passed(client, course, pass_lesson):
    pass_lesson(client, lessons(course)[0])

    response = client.post(course.url, {"action": "certificate", "name": "Too Early"})

    assert not Certificate.objects.exists()
    assert response.status_code in (302, 400)


@pytest.mark.parametrize(
    "name",
    ["<script>alert(1)</script>", "x" * 101, "   ", "12345", "Ada\nLovelace", "http://spam.example"],
)
def test_hostile_certificate_names_are_refused_with_a_reason(client, course, pass_lesson, name):
    for lesson in lessons(course):
        pass_lesson(client, lesson)

    response = client.post(course.url, {"action": "certificate", "name": name})

    assert response.status_code == 400
    assert 'class="field__error"' in response.content.decode()
    assert not Certificate.objects.exists()


def test_asking_twice_for_the_certificate_returns_the_same_one(client, course, pass_lesson):
    for lesson in lessons(course):
        pass_lesson(client, lesson)
    client.post(course.url, {"action": "certificate", "name": "Ada Lovelace"})
    client.post(course.url, {"action": "certificate", "name": "Someone Else"})

    assert Certificate.objects.get().name == "Ada Lovelace"


def test_an_emailed_resume_link_restores_progress_in_another_browser(
    client, course, pass_lesson, django_capture_on_commit_callbacks
):
    pass_lesson(client, lessons(course)[0])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(course.url, {"action": "resume", "resume-email": "learner@example.org"})

    link = re.search(r"http://testserver(/training/resume/\S+/)", mail.outbox[-1].body).group(1)
    other = client.__class__()
    assert "0 of 2</strong>" in other.get(course.url).content.decode()
    other.get(link)
    assert "1 of 2</strong> lessons passed" in other.get(course.url).content.decode()
    assert other.get(link[:-5] + "abcd/").status_code == 404


def test_an_invalid_resume_email_is_a_form_error(client, course):
    response = client.post(course.url, {"action": "resume", "resume-email": "not-an-email"})

    assert response.status_code == 400
    assert not mail.outbox


def test_staff_cannot_save_a_one_answer_question_with_two_right_answers():
    from community.blocks import QuizQuestionBlock

    block = QuizQuestionBlock()
    value = block.to_python(question("Pick", [("A", True), ("B", True)])[1])

    with pytest.raises(ValidationError):
        block.clean(value)
    with pytest.raises(ValidationError):
        block.clean(block.to_python(question("Pick", [("A", False), ("B", False)], kind="multiple")[1]))
