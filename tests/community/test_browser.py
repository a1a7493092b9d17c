"""In a real browser: take the course, fail a quiz, pass it and get the certificate; a business pledges
and one invited employee's training moves its percentage; a group signs up for a shift and cancels."""

import re

import pytest

from community.models import Certificate, ShiftSignup

# serialized_rollback: the flush after a live-server test must keep the migrations' data.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def answer_lesson(page, *, right: bool):
    """Choose the right (or only wrong) answers for the fixture course's questions."""
    for fieldset in page.locator("fieldset.quiz__question").all():
        for label in fieldset.locator("label").all():
            text = label.inner_text()
            is_right = any(
                key in text
                for key in ("Force, fraud", "ID held", "Never alone", "1-888-373-7888", "Call 911")
            )
            if is_right == right:
                label.locator("input").check()
                if label.locator("input").get_attribute("type") == "radio":
                    break
    page.get_by_role("button", name=re.compile("Submit my answers|Try the quiz again")).click()


def take_course(page, course, *, email=""):
    page.goto(course.url)
    page.get_by_role("link", name=re.compile("Start the training|Continue with lesson")).click()
    answer_lesson(page, right=True)
    page.get_by_role("link", name=re.compile("Next lesson")).click()
    answer_lesson(page, right=True)
    page.get_by_role("link", name=re.compile("Back to the course")).click()
    page.get_by_label("Your name as it should appear on the certificate").fill("Sam Browser")
    if email:
        page.locator("#id_email").fill(email)
    page.get_by_role("button", name="Issue my certificate").click()


def test_take_the_course_fail_a_quiz_pass_it_and_get_the_certificate(page, course):
    page.goto(course.url)
    page.get_by_role("link", name="Start the training").click()
    assert "1-888-373-7888" in page.locator("main").inner_text()

    answer_lesson(page, right=False)
    assert "Not passed yet" in page.get_by_test_id("quiz-result").inner_text()
    answer_lesson(page, right=True)
    assert "You passed" in page.get_by_test_id("quiz-result").inner_text()
    page.get_by_role("link", name=re.compile("Next lesson")).click()
    answer_lesson(page, right=True)
    page.get_by_role("link", name=re.compile("Back to the course")).click()
    assert "2 of 2" in page.get_by_test_id("course-progress").inner_text()
    page.get_by_label("Your name as it should appear on the certificate").fill("Ada Browser")
    page.get_by_role("button", name="Issue my certificate").click()

    code = page.get_by_test_id("certificate-code").inner_text()
    assert Certificate.objects.get().code == code
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    assert download.value.suggested_filename == f"certificate-{code}.pdf"
    page.get_by_role("link", name="Public verification page").click()
    assert "Ada Browser" in page.get_by_test_id("verify-result").inner_text()


def test_a_business_pledges_and_an_invited_employee_moves_its_percentage(
    page, browser, live_server, pledge_page, course
):
    page.goto(pledge_page.url)
    page.get_by_label("Business name").fill("Riverbend Coffee")
    page.get_by_label("Your name (the contact)").fill("Dana Owner")
    page.get_by_label("Contact email").fill("owner@riverbend.example")
    page.get_by_label("Number of employees").fill("4")
    page.get_by_label("We pledge to train our team").check()
    page.get_by_role("button", name="Pledge for our business").click()
    assert "0 % trained" in page.get_by_test_id("pledge-progress").inner_text()
    join_link = page.get_by_test_id("join-link").input_value()

    employee_context = browser.new_context(base_url=live_server.url)
    employee = employee_context.new_page()
    employee.goto(join_link.replace("http://testserver", live_server.url))
    assert "counts toward Riverbend Coffee" in employee.locator("main").inner_text()
    take_course(employee, course, email="sam@riverbend.example")
    assert employee.get_by_test_id("certificate-code").inner_text(timeout=5000), employee.locator(
        "main"
    ).inner_text()
    employee_context.close()
    assert Certificate.objects.get().pledge.name == "Riverbend Coffee"

    page.reload()
    progress = page.get_by_test_id("pledge-progress").inner_text()
    assert "25 % trained" in progress
    assert "1 of 4" in progress


def test_sign_up_a_group_for_a_shift_and_cancel(page, volunteer_page, make_shift):
    shift = make_shift(capacity=6, task="Pack gift boxes")
    page.goto(volunteer_page.url)
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Your name").fill("Jordan Group")
    page.get_by_label("Email").fill("jordan@example.org")
    page.get_by_label("Phone").fill("555-010-2030")
    page.get_by_label("How many people (including you)").fill("4")
    page.get_by_label("Everyone in my group is at least 16 years old").check()
    page.get_by_label("I have read and accept the volunteer waiver").check()
    page.get_by_role("button", name="Sign up").click()

    assert page.get_by_test_id("signup-status").get_attribute("data-status") == "confirmed"
    page.goto(volunteer_page.url)
    assert "2 of 6 places left" in page.get_by_test_id("shift").inner_text()

    page.goto(f"/volunteer/signup/{ShiftSignup.objects.get(shift=shift).token}/")
    page.get_by_role("button", name="Cancel my sign-up").click()
    assert page.get_by_test_id("signup-status").get_attribute("data-status") == "cancelled"
    page.goto(volunteer_page.url)
    assert "6 of 6 places left" in page.get_by_test_id("shift").inner_text()
