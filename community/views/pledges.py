"""Take the pledge: the public page and wall, a business's private page, join and invite links."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from community import links, pdf, selectors, services
from community.emails import organisation_name
from community.forms import BusinessPledgeForm, IndividualPledgeForm, InviteForm
from community.invites_csv import MAX_BYTES, InviteFileError, parse_invite_file, parse_pasted_addresses
from community.models import CoursePage, Pledge, PledgeInvite, PledgeKind
from community.views.common import render_page, throttled, too_many
from community.views.training import JOIN_SESSION_KEY, current_learner


def _wall_context(request, page) -> dict:
    kind = PledgeKind.BUSINESS if request.GET.get("wall") == "business" else PledgeKind.INDIVIDUAL
    paginator = Paginator(selectors.pledge_wall(kind=kind), page.wall_page_size)
    return {
        "counts": selectors.pledge_wall_counts(),
        "wall_kind": kind,
        "wall": paginator.get_page(request.GET.get("p")),
        "course": page.course or CoursePage.objects.live().first(),
    }


@never_cache
def pledge_page_serve(request, *, page):
    individual_form = IndividualPledgeForm(prefix="individual")
    business_form = BusinessPledgeForm(prefix="business")
    status = 200
    if request.method == "POST":
        if throttled(request, group="pledge"):
            return too_many(request)
        if request.POST.get("kind") == PledgeKind.BUSINESS:
            business_form = BusinessPledgeForm(request.POST, prefix="business")
            if business_form.is_valid():
                data = business_form.cleaned_data
                pledge, created = services.pledge_create(
                    kind=PledgeKind.BUSINESS,
                    name=data["business_name"],
                    contact_name=data["contact_name"],
                    email=data["email"],
                    headcount=data["headcount"],
                    city=data["city"],
                    listed=data["listed"],
                )
                if created:
                    messages.success(
                        request, "Thank you for pledging. This is your private pledge page: bookmark it."
                    )
                    return redirect("community:pledge_manage", token=links.pledge_manage_token(pledge))
                messages.info(
                    request,
                    "This address has already pledged for a business. "
                    "We emailed the private link to it again.",
                )
                return HttpResponseRedirect(page.url + "?pledged=business")
        else:
            individual_form = IndividualPledgeForm(request.POST, prefix="individual")
            if individual_form.is_valid():
                data = individual_form.cleaned_data
                services.pledge_create(
                    kind=PledgeKind.INDIVIDUAL,
                    name=data["name"],
                    email=data["email"],
                    city=data["city"],
                    listed=data["listed"],
                )
                return HttpResponseRedirect(page.url + "?pledged=individual")
        status = 400
    elif request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        "individual_form": individual_form,
        "business_form": business_form,
        "pledged": request.GET.get("pledged", ""),
        "open_form": "business"
        if request.GET.get("as") == "business" or business_form.is_bound
        else "individual",
        **_wall_context(request, page),
    }
    return render_page(request, page, context, status=status)


def _pledge_or_404(token: str) -> Pledge:
    pledge = links.pledge_from_manage_token(token)
    if pledge is None:
        raise Http404("This pledge link is not valid")
    return pledge


@never_cache
def pledge_manage(request, token: str):
    pledge = _pledge_or_404(token)
    form = InviteForm()
    status = 200
    if request.method == "POST":
        if throttled(request, group="invites"):
            return too_many(request)
        form = InviteForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                upload = form.cleaned_data.get("csv_file")
                if upload is not None:
                    parsed = parse_invite_file(upload.read(MAX_BYTES + 1))
                else:
                    parsed = parse_pasted_addresses(form.cleaned_data["addresses"])
            except InviteFileError as error:
                form.add_error(None, error.message)
            else:
                outcome = services.pledge_invites_create(pledge=pledge, emails=parsed.emails)
                summary = f"{outcome.invited} invitation{'s' if outcome.invited != 1 else ''} sent."
                if outcome.already_invited:
                    summary += f" {outcome.already_invited} already invited (not sent again)."
                if parsed.duplicates:
                    summary += f" {parsed.duplicates} repeated in the file."
                messages.success(request, summary)
                if parsed.invalid:
                    messages.warning(request, "Not valid, so not invited: " + ", ".join(parsed.invalid[:20]))
                return redirect("community:pledge_manage", token=token)
        status = 400
    elif request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return TemplateResponse(
        request,
        "community/pledge_manage.html",
        {
            "pledge": pledge,
            "progress": selectors.pledge_progress(pledge=pledge),
            "join_url": links.pledge_join_url(pledge),
            "invites": selectors.pledge_invites(pledge=pledge),
            "form": form,
            "token": token,
        },
        status=status,
    )


def pledge_certificate_pdf(request, token: str):
    pledge = _pledge_or_404(token)
    progress = selectors.pledge_progress(pledge=pledge)
    if not progress.complete:
        raise Http404("The certificate is ready once everyone is trained")
    body = pdf.business_certificate_pdf(
        pledge=pledge,
        completed_on=progress.completed_on,
        trained=progress.trained,
        organisation_name=organisation_name(),
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="pledge-certificate.pdf"'
    return response


def _join(request, pledge: Pledge):
    request.session[JOIN_SESSION_KEY] = pledge.pk
    course = CoursePage.objects.live().first()
    if course is None:
        raise Http404("The training is not published yet")
    current_learner(request, course=course)  # attaches an existing learner in this browser to the pledge
    messages.info(request, f"Welcome! Completing this training counts toward {pledge.name}'s pledge.")
    return redirect(course.url)


def pledge_join(request, code: str):
    pledge = Pledge.objects.filter(join_code=code, kind=PledgeKind.BUSINESS).first()
    if pledge is None:
        return TemplateResponse(request, "community/link_invalid.html", {"what": "join link"}, status=404)
    return _join(request, pledge)


def pledge_invite(request, token: str):
    invite = PledgeInvite.objects.select_related("pledge").filter(token=token).first()
    if invite is None:
        return TemplateResponse(request, "community/link_invalid.html", {"what": "invitation"}, status=404)
    return _join(request, invite.pledge)
