"""The course, its lessons and quizzes, certificates and their public verification."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from community import links, pdf, quiz, selectors, services
from community.emails import organisation_name
from community.errors import CommunityRefusal
from community.forms import CertificateForm, QuizForm, ResumeLinkForm
from community.models import CoursePage, Learner, Pledge
from community.views.common import render_page, throttled, too_many

JOIN_SESSION_KEY = "community.join_pledge"


def _session_key(course_id: int) -> str:
    return f"community.learner.{course_id}"


def current_learner(request, *, course, create: bool = False) -> Learner | None:
    key = request.session.get(_session_key(course.pk))
    learner = Learner.objects.filter(key=key, course=course).select_related("pledge").first() if key else None
    pledge_id = request.session.get(JOIN_SESSION_KEY)
    if learner is None and create:
        pledge = Pledge.objects.filter(pk=pledge_id, kind="business").first() if pledge_id else None
        learner = services.learner_start(course=course, pledge=pledge)
        request.session[_session_key(course.pk)] = learner.key
    elif learner is not None and pledge_id and learner.pledge_id is None:
        pledge = Pledge.objects.filter(pk=pledge_id, kind="business").first()
        if pledge is not None:
            learner = services.learner_join_pledge(learner=learner, pledge=pledge)
    return learner


def _course_context(request, *, course, learner, certificate_form=None, resume_form=None) -> dict:
    progress = selectors.course_progress(course=course, learner=learner)
    certificate = None
    if learner is not None:
        try:
            certificate = learner.certificate
        except Learner.certificate.RelatedObjectDoesNotExist:
            certificate = None
    joined_pledge = learner.pledge if learner else None
    if joined_pledge is None and request.session.get(JOIN_SESSION_KEY):
        joined_pledge = Pledge.objects.filter(pk=request.session[JOIN_SESSION_KEY]).first()
    return {
        "progress": progress,
        "learner": learner,
        "certificate": certificate,
        "joined_pledge": joined_pledge,
        "certificate_form": certificate_form
        or CertificateForm(email_required=bool(learner and learner.pledge_id)),
        "resume_form": resume_form or ResumeLinkForm(prefix="resume"),
    }


@never_cache
def course_page_serve(request, *, page: CoursePage):
    learner = current_learner(request, course=page)
    if request.method in ("GET", "HEAD"):
        return render_page(request, page, _course_context(request, course=page, learner=learner))
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if throttled(request, group="training"):
        return too_many(request)
    action = request.POST.get("action")
    if action == "resume":
        form = ResumeLinkForm(request.POST, prefix="resume")
        if form.is_valid():
            learner = current_learner(request, course=page, create=True)
            services.learner_resume_link_send(learner=learner, email=form.cleaned_data["email"])
            messages.success(request, "We emailed you a link to continue. It works on any device.")
            return HttpResponseRedirect(page.url)
        return render_page(
            request,
            page,
            _course_context(request, course=page, learner=learner, resume_form=form),
            status=400,
        )
    if action == "certificate" and learner is not None:
        form = CertificateForm(request.POST, email_required=bool(learner.pledge_id))
        if form.is_valid():
            try:
                services.certificate_issue(
                    learner=learner, name=form.cleaned_data["name"], email=form.cleaned_data["email"]
                )
            except CommunityRefusal as refusal:
                form.add_error(None, refusal.message)
            else:
                return HttpResponseRedirect(page.url + "#certificate")
        context = _course_context(request, course=page, learner=learner, certificate_form=form)
        return render_page(request, page, context, status=400)
    return HttpResponseRedirect(page.url)


@never_cache
def lesson_page_serve(request, *, page):
    course = page.course
    questions = quiz.questions_of(page)
    learner = current_learner(request, course=course)
    result = None
    attempt = None
    status = 200
    if request.method == "POST":
        if throttled(request, group="quiz", rate=settings.COMMUNITY_QUIZ_RATE):
            return too_many(request)
        form = QuizForm(request.POST, questions=questions, lesson_id=page.pk)
        if form.is_valid():
            learner = current_learner(request, course=course, create=True)
            attempt, _created = services.quiz_attempt_record(
                learner=learner,
                lesson=page,
                course=course,
                nonce=form.cleaned_data["attempt"],
                answers=form.answers(),
            )
            # The stored answers are what counted: a replay shows the first result, not the new body.
            result = quiz.grade(
                questions=questions,
                answers={key: list(values) for key, values in attempt.answers.items()},
                pass_mark=page.pass_mark_for(course),
            )
            form = QuizForm(questions=questions, lesson_id=page.pk)
        else:
            status = 400
    elif request.method in ("GET", "HEAD"):
        form = QuizForm(questions=questions, lesson_id=page.pk)
    else:
        return HttpResponseNotAllowed(["GET", "POST"])
    progress = selectors.course_progress(course=course, learner=learner)
    lessons = [state.lesson.pk for state in progress.lessons]
    index = lessons.index(page.pk) if page.pk in lessons else -1
    next_lesson = progress.lessons[index + 1].lesson if 0 <= index < len(lessons) - 1 else None
    return render_page(
        request,
        page,
        {
            "course": course,
            "form": form,
            "result": result,
            "attempt": attempt,
            "attempts": selectors.lesson_attempt_count(learner=learner, lesson=page),
            "progress": progress,
            "lesson_number": index + 1,
            "lesson_passed": any(state.passed for state in progress.lessons if state.lesson.pk == page.pk),
            "next_lesson": next_lesson,
            "pass_mark": page.pass_mark_for(course),
        },
        status=status,
    )


def training_resume(request, token: str):
    key = links.learner_key_from_resume_token(token)
    learner = Learner.objects.select_related("course").filter(key=key).first() if key else None
    if learner is None:
        return TemplateResponse(request, "community/link_invalid.html", {"what": "resume link"}, status=404)
    request.session[_session_key(learner.course_id)] = learner.key
    messages.success(request, "Welcome back. Your progress is restored.")
    return redirect(learner.course.url)


def certificate_verify(request, code: str = ""):
    if not code and request.GET.get("code"):
        return redirect("community:certificate_verify", code=request.GET["code"].strip().upper()[:12] or "-")
    certificate = selectors.certificate_by_code(code=code) if code else None
    status = 200 if certificate or not code else 404
    return TemplateResponse(
        request,
        "community/certificate_verify.html",
        {"certificate": certificate, "code": code},
        status=status,
    )


def certificate_pdf(request, code: str):
    certificate = selectors.certificate_by_code(code=code)
    if certificate is None:
        raise Http404("No certificate with this code")
    body = pdf.certificate_pdf(
        certificate,
        organisation_name=organisation_name(),
        verify_url=links.certificate_verify_url(certificate),
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response
