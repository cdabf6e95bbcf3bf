"""Problem-management pages: a customer's tickets (with the import), one ticket (progress,
analysis, importance, escalation), the quarterly reviews, one review (gate, agreement,
publish), the daily progress reports and one report (edit and send).

Customer users see their tickets, published reviews and sent daily reports; every
action but asking for importance is the vendor's, and answers them 404 like a stranger.
Each action is its own POST view around one service call; a refused input comes back as
a page message, a refused permission as 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netcare.core import access
from netcare.core.access import get_visible_or_404, visible_customer_or_404
from netcare.customers.models import Customer
from netcare.problems import pages
from netcare.problems.forms import (
    AgreementForm,
    AnalysisForm,
    DailyEditForm,
    EscalateForm,
    ImportantForm,
    ImportForm,
    MappingForm,
    OpenReviewForm,
    saved_upload,
)
from netcare.problems.models import DailyReport, ProblemReview, Ticket
from netcare.problems.services import daily, reviews, tickets
from netcare.web import lists
from netcare.web.actions import attempt, form_errors, object_for, submit


def _ticket(request: HttpRequest, pk: int, *, staff: bool = True) -> Ticket:
    """A ticket; its actions are the vendor staff's (404 for customer users)."""
    return object_for(request, Ticket.objects.select_related("customer"), staff=staff, pk=pk)


def _review(request: HttpRequest, pk: int, *, staff: bool = True) -> ProblemReview:
    """A quarterly review; its actions are the vendor staff's (404 for customer users)."""
    source = ProblemReview.objects.select_related("customer", "deliverable")
    return object_for(request, source, staff=staff, pk=pk)


def _report(request: HttpRequest, pk: int, *, staff: bool = True) -> DailyReport:
    """A daily report; its actions are the vendor staff's (404 for customer users)."""
    source = DailyReport.objects.select_related("customer", "ticket", "deliverable", "sent_by")
    return object_for(request, source, staff=staff, pk=pk)


@login_required
def ticket_list(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    context = pages.ticket_list(customer, request.user, request.GET)
    return lists.respond(request, "problems/ticket_list.html", context)


@login_required
@require_POST
def ticket_import(request: HttpRequest, code: str) -> HttpResponse:
    """Import a ticket file all or nothing. A dry run (or a refusal) shows its outcome on
    the list page — what would be created, changed and closed, or every row error."""
    customer = visible_customer_or_404(request.user, code, staff=True)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("problems:ticket_list", code=customer.code)
    data = form.cleaned_data
    try:
        with saved_upload(data["file"]) as path:
            outcome = tickets.do_import_tickets(
                customer, path, actor=request.user, mapping=data["mapping"], dry_run=data["dry_run"]
            )
    except tickets.TicketsRefused as exc:
        refused = {"file": data["file"].name, "errors": [str(e) for e in exc.errors]}
        return _list_with(request, customer, form, refused=refused)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect("problems:ticket_list", code=customer.code)
    if outcome.dry_run:
        return _list_with(request, customer, form, outcome=pages.outcome_rows(outcome))
    counts = outcome.counts()
    messages.success(
        request,
        _(
            "Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged tickets; "
            "%(progress_added)s progress entries; %(closed)s closed since the last import."
        )
        % counts,
    )
    return redirect("problems:ticket_list", code=customer.code)


def _list_with(request: HttpRequest, customer: Customer, form: Any, **shown: Any) -> HttpResponse:
    """The ticket list with an import's outcome or refusal shown above it."""
    context = pages.ticket_list(customer, request.user, {})
    return render(request, "problems/ticket_list.html", {**context, **shown, "import_form": form})


@login_required
@require_POST
def mapping_save(request: HttpRequest) -> HttpResponse:
    """Save a support system's column mapping (shared by every customer's imports)."""
    if not access.is_vendor_staff(request.user):
        raise Http404
    back = request.POST.get("next") or ""
    submit(
        request,
        MappingForm(request.POST),
        lambda data: tickets.do_save_mapping(data["name"], data["columns"], actor=request.user),
        _("Column mapping saved."),
    )
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("web:home")


@login_required
def ticket_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = get_visible_or_404(
        Ticket.objects.select_related(
            "customer", "device", "finding", "advisory", "hardening_step", "last_import"
        ),
        request.user,
        pk=pk,
    )
    context = pages.ticket_detail(ticket, request.user)
    return render(request, "problems/ticket_detail.html", context)


@login_required
@require_POST
def ticket_analysis(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = _ticket(request, pk)
    form = AnalysisForm(ticket, request.user, request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("problems:ticket_detail", pk=ticket.pk)
    data = form.cleaned_data
    attempt(
        request,
        lambda: tickets.do_set_analysis(
            ticket,
            actor=request.user,
            root_cause=data["root_cause"],
            root_cause_text=data["root_cause_text"],
            advice=data["advice"],
            finding=data["finding"],
            advisory=data["advisory"],
            hardening_step=data["hardening_step"],
        ),
        _("Analysis saved."),
    )
    return redirect("problems:ticket_detail", pk=ticket.pk)


@login_required
@require_POST
def ticket_request_importance(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer asks for the ticket to be important; its L2 expert decides."""
    ticket = _ticket(request, pk, staff=False)
    attempt(
        request,
        lambda: tickets.do_request_importance(ticket, actor=request.user),
        _("Your request was sent to your L2 expert."),
    )
    return redirect("problems:ticket_detail", pk=ticket.pk)


@login_required
@require_POST
def ticket_important(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = _ticket(request, pk)
    form = ImportantForm(request.POST)
    form.is_valid()
    important = bool(form.cleaned_data.get("important"))
    done = _("Marked important: a daily progress report is due each working day.")
    attempt(
        request,
        lambda: tickets.do_set_important(ticket, important, actor=request.user),
        done if important else _("No longer important."),
    )
    return redirect("problems:ticket_detail", pk=ticket.pk)


@login_required
@require_POST
def ticket_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = _ticket(request, pk)
    submit(
        request,
        EscalateForm(request.POST),
        lambda data: tickets.do_escalate(ticket, data["resources"], actor=request.user),
        _("Escalation recorded."),
    )
    return redirect("problems:ticket_detail", pk=ticket.pk)


@login_required
def review_list(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    return render(request, "problems/review_list.html", pages.review_list(customer, request.user))


@login_required
@require_POST
def review_open(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code, staff=True)
    review = submit(
        request,
        OpenReviewForm(request.POST),
        lambda data: reviews.do_open_review(customer, data["quarter"], actor=request.user),
        _("Review opened."),
    )
    if review is None:
        return redirect("problems:review_list", code=customer.code)
    return redirect("problems:review_detail", pk=review.pk)


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, staff=False)
    context = pages.review_detail(review, request.user)
    return render(request, "problems/review_detail.html", context)


@login_required
@require_POST
def review_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    form = AgreementForm(review, request.user, request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("problems:review_detail", pk=review.pk)
    data = form.cleaned_data
    start, end = form.period()
    attempt(
        request,
        lambda: reviews.do_record_agreement(
            review,
            actor=request.user,
            what=data["what"],
            expert=data["expert"],
            field_engineer=data["field_engineer"],
            customer_party=data["customer_party"],
            agreed_on=data["agreed_on"],
            period_start=start,
            period_end=end,
        ),
        _("Agreement recorded."),
    )
    return redirect("problems:review_detail", pk=review.pk)


@login_required
@require_POST
def review_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the problem-management report; refused while a closed ticket in scope
    lacks its root cause or analysis (the message names them)."""
    review = _review(request, pk)
    attempt(
        request,
        lambda: reviews.do_publish_review(review, actor=request.user),
        _("Problem-management report published."),
    )
    return redirect("problems:review_detail", pk=review.pk)


@login_required
def daily_list(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    return render(request, "problems/daily_list.html", pages.daily_list(customer, request.user))


@login_required
def daily_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk, staff=False)
    return render(request, "problems/daily_detail.html", pages.daily_detail(report, request.user))


@login_required
@require_POST
def daily_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the expert's edits and send the report (e-mail and a published deliverable)."""
    report = _report(request, pk)
    form = DailyEditForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("problems:daily_detail", pk=report.pk)
    edits = {k: v for k, v in form.cleaned_data.items() if k in request.POST}
    attempt(
        request,
        lambda: daily.do_send_daily_report(report, actor=request.user, **edits),
        _("Daily progress report sent."),
    )
    return redirect("problems:daily_detail", pk=report.pk)
