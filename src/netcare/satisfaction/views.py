"""Satisfaction pages: a customer's surveys and return visits, one survey (answer it in
the portal, or staff: who was asked, close, fresh links), record a return visit, the
results (Excel, published report, across customers), and the survey link page.

The link page (``survey_link``) needs no login and is the only page a link reaches: it
stands alone (no navigation, nothing of any other survey or customer), speaks the
survey's language and answers 404 alike for an unknown, expired, closed or used link.
Links are shown once on the sender's screen when asked, never put in a message or a
session. Each action is its own POST view around one service call.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from netcare.contracts.services import current_contract
from netcare.core import access
from netcare.core.access import get_visible_or_404, visible_customer_or_404
from netcare.satisfaction import pages
from netcare.satisfaction.forms import ACTION_ROWS, AnswerForm, SendSurveyForm, VisitForm
from netcare.satisfaction.models import Invitation, ReturnVisit, Survey
from netcare.satisfaction.services import figures, publishing, surveys, visits
from netcare.satisfaction.services.questionnaire import load_template
from netcare.web.actions import form_errors


def _survey(request: HttpRequest, pk: int) -> Survey:
    return get_visible_or_404(
        Survey.objects.select_related("customer", "sent_by"), request.user, pk=pk
    )


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, "; ".join(exc.messages))


@login_required
def overview(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    return render(request, "satisfaction/overview.html", pages.overview(customer, request.user))


@login_required
@require_POST
@never_cache
def survey_send(request: HttpRequest, code: str) -> HttpResponse:
    """Send a survey; the links are shown on this answer only when asked for."""
    customer = visible_customer_or_404(request.user, code, staff=True)
    form = SendSurveyForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("satisfaction:overview", code=customer.code)
    data = form.cleaned_data
    try:
        survey, links = surveys.do_send_survey(
            customer,
            actor=request.user,
            stage=data["stage"],
            days=data["days"],
            ask_nps=data["ask_nps"],
            ask_comments=data["ask_comments"],
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("satisfaction:overview", code=customer.code)
    if data["show_links"]:
        return render(request, "satisfaction/links.html", {"survey": survey, "links": links})
    messages.success(request, _("Survey sent to %(count)d contacts.") % {"count": len(links)})
    return redirect("satisfaction:survey_detail", pk=survey.pk)


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    return render(
        request, "satisfaction/survey_detail.html", pages.survey_detail(survey, request.user)
    )


@login_required
@require_POST
def survey_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """A customer user's own answers, in the portal; staff are refused (403)."""
    survey = _survey(request, pk)
    form = AnswerForm(request.POST, survey=survey)
    if form.is_valid():
        try:
            surveys.do_answer_in_portal(survey, actor=request.user, **form.answers())
            messages.success(request, _("Thank you: your answers are recorded."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        form_errors(request, form)
    return redirect("satisfaction:survey_detail", pk=survey.pk)


@login_required
@require_POST
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    access.require_staff(request.user, survey.customer_id)
    surveys.do_close_survey(survey, actor=request.user)
    messages.success(request, _("Survey closed: its links no longer open."))
    return redirect("satisfaction:survey_detail", pk=survey.pk)


@login_required
@require_POST
@never_cache
def invitation_renew(request: HttpRequest, pk: int) -> HttpResponse:
    """A fresh link for one invitation (mailed again), shown once on this answer."""
    invitation = get_visible_or_404(
        Invitation.objects.select_related("survey", "customer"), request.user, pk=pk
    )
    try:
        sent = surveys.do_renew_link(invitation, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("satisfaction:survey_detail", pk=invitation.survey_id)
    return render(
        request, "satisfaction/links.html", {"survey": invitation.survey, "links": [sent]}
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_record(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code, staff=True)
    items = pages.visit_items(customer)
    form = VisitForm(request.POST or None, customer=customer, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = visits.do_record_visit(
                customer,
                actor=request.user,
                stage=data["stage"],
                visited_on=data["visited_on"],
                channel=data["channel"],
                overall=data["overall"],
                contacts=list(data["contacts"]),
                others=data["others"],
                comments=data["comments"],
                feedback=[
                    visits.ItemFeedback(i.code, data[f"score_{i.code}"], data[f"feedback_{i.code}"])
                    for i in items
                    if data.get(f"score_{i.code}")
                ],
                actions=[
                    visits.Promise(data[f"action_{n}"], data[f"owner_{n}"], data[f"due_{n}"])
                    for n in range(ACTION_ROWS)
                    if data.get(f"action_{n}")
                ],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Return visit recorded and published."))
            return redirect("satisfaction:visit_detail", pk=visit.pk)
    return render(request, "satisfaction/visit_form.html", {"customer": customer, "form": form})


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visible_or_404(
        ReturnVisit.objects.select_related("customer", "recorded_by", "deliverable"),
        request.user,
        pk=pk,
    )
    context = {
        "visit": visit,
        "customer": visit.customer,
        "feedback": visit.feedback.select_related("item"),
        "actions": visit.actions.select_related("owner"),
        "contacts": visit.contacts.all(),
    }
    return render(request, "satisfaction/visit_detail.html", context)


@login_required
def results_export(request: HttpRequest, code: str) -> HttpResponse:
    """The customer's figures of the term so far as an Excel workbook (staff)."""
    from netcare.satisfaction.reports import write_results

    customer = visible_customer_or_404(request.user, code, staff=True)
    contract = current_contract(customer)
    record = figures.gather([customer], start=contract.start if contract else None)
    language = "en" if (translation.get_language() or "").startswith("en") else "zh"
    with tempfile.TemporaryDirectory(prefix="netcare-satisfaction-") as tmp:
        path = write_results(record, Path(tmp) / "results.xlsx", language, "xlsx")
        data = path.read_bytes()
    name = f"{customer.code}-satisfaction-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def results_publish(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code, staff=True)
    try:
        publishing.do_publish_results(customer, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Satisfaction results published to the customer."))
    return redirect("satisfaction:overview", code=customer.code)


@login_required
def results_all(request: HttpRequest) -> HttpResponse:
    """Satisfaction across the customers a staff member serves (404 for customer users)."""
    if not access.is_vendor_staff(request.user):
        raise Http404
    return render(request, "satisfaction/results_all.html", pages.results_all(request.user))


@never_cache
@require_http_methods(["GET", "POST"])
def survey_link(request: HttpRequest, token: str) -> HttpResponse:
    """The page a survey link opens, without login: its own survey and nothing else."""
    invitation = surveys.invitation_for_token(token)
    if invitation is None:
        raise Http404
    survey = invitation.survey
    with translation.override("en" if survey.language == "en" else "zh-hans"):
        form = AnswerForm(request.POST or None, survey=survey)
        if request.method == "POST" and form.is_valid():
            try:
                stored = surveys.do_answer_by_link(token, **form.answers())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if stored is None:
                    raise Http404
                return render(request, "satisfaction/link_done.html", {"survey": survey})
        intro = load_template()["intro"][survey.language]
        context = {"survey": survey, "invitation": invitation, "form": form, "intro": intro}
        response = render(request, "satisfaction/link.html", context)
    # The link's token must not leave the site in a Referer; "no-referrer" would also make
    # the browser send "Origin: null" with the answers, which the CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response
