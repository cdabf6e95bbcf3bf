"""Assurance pages: a customer's changes (file one), one change (reviewers, decisions,
roster, events, outcome, record), a reviewer's own reviews; a customer's critical
periods (open one), one period (roster, checklists, events, summary, record).

Every object comes through the access rule (404 for what the caller does not see);
each action is one POST view around one service call. A refused input comes back as a
page message; a refused permission is 403.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netcare.assurance import forms, pages
from netcare.assurance.models import ChangeAssurance, ChecklistItem, CriticalPeriod, Review
from netcare.assurance.services import changes, periods, reviews, rosters
from netcare.core.access import get_visible_or_404, require, visible_customer_or_404
from netcare.web.actions import attempt, object_for, submit


def _change(request: HttpRequest, pk: int, action: str | None = None) -> ChangeAssurance:
    """A change the user sees (404 otherwise) and, given ``action``, may act on (403)."""
    source = ChangeAssurance.objects.select_related("customer", "deliverable", "request")
    return object_for(request, source, action=action, pk=pk)


def _period(request: HttpRequest, pk: int, action: str | None = None) -> CriticalPeriod:
    """A critical period the user sees (404 otherwise) and, given ``action``, may act on
    (403)."""
    source = CriticalPeriod.objects.select_related("customer", "deliverable", "request")
    return object_for(request, source, action=action, pk=pk)


def _add_roster_entry(request: HttpRequest, engagement: ChangeAssurance | CriticalPeriod) -> None:
    """Put someone on a change's or a period's roster (``rosters`` serves both)."""
    submit(
        request,
        forms.RosterForm(request.POST, customer=engagement.customer),
        lambda data: rosters.do_add_roster_entry(engagement, actor=request.user, **data),
        _("Roster entry added."),
    )


def _log_event(request: HttpRequest, engagement: ChangeAssurance | CriticalPeriod) -> None:
    """Log an event on a change's or a period's event log."""
    submit(
        request,
        forms.EventForm(request.POST),
        lambda data: rosters.do_log_event(
            engagement, data["text"], at=data["at"], actor=request.user
        ),
        _("Event logged."),
    )


def _to_change(change: ChangeAssurance) -> HttpResponse:
    return redirect("assurance:change_detail", pk=change.pk)


def _to_period(period: CriticalPeriod) -> HttpResponse:
    return redirect("assurance:period_detail", pk=period.pk)


@login_required
def change_list(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    return render(request, "assurance/change_list.html", pages.change_list(customer, request.user))


@login_required
@require_POST
def change_file(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    require(request.user, "file_changes", customer)
    change = submit(
        request,
        forms.ChangeForm(request.POST, request.FILES, customer=customer, user=request.user),
        lambda data: changes.do_file_change(customer, actor=request.user, **data),
        _("Change filed."),
    )
    return _to_change(change) if change else redirect("assurance:change_list", code=customer.code)


@login_required
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk)
    return render(
        request, "assurance/change_detail.html", pages.change_detail(change, request.user)
    )


@login_required
def change_plan(request: HttpRequest, pk: int) -> FileResponse:
    change = _change(request, pk)
    if not change.plan_document:
        raise Http404
    return FileResponse(
        change.plan_document.open("rb"), as_attachment=True, filename=change.plan_name or "plan"
    )


@login_required
@require_POST
def change_submit(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk, "file_changes")
    attempt(
        request, lambda: changes.do_submit_change(change, actor=request.user), _("Sent for review.")
    )
    return _to_change(change)


@login_required
@require_POST
def change_reviewer(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk, "manage_changes")
    submit(
        request,
        forms.ReviewerForm(request.POST),
        lambda data: reviews.do_name_reviewer(
            change,
            data["reviewer"],
            data["speciality"],
            required=data["required"],
            actor=request.user,
        ),
        _("Reviewer named."),
    )
    return _to_change(change)


@login_required
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_visible_or_404(Review.objects.select_related("change"), request.user, pk=pk)
    if review.reviewer_id != request.user.pk:
        raise PermissionDenied("only the named reviewer records this decision")
    submit(
        request,
        forms.DecisionForm(request.POST),
        lambda data: reviews.do_record_decision(review, actor=request.user, **data),
        _("Decision recorded."),
    )
    return _to_change(review.change)


@login_required
@require_POST
def change_roster(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk, "manage_changes")
    _add_roster_entry(request, change)
    return _to_change(change)


@login_required
@require_POST
def change_move(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk, "manage_changes")
    target = request.POST.get("target", "")
    work = changes.do_start_change if target == "in_progress" else changes.do_schedule_change
    attempt(request, lambda: work(change, actor=request.user), _("Change moved on."))
    return _to_change(change)


@login_required
@require_POST
def change_event(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk, "log_assurance")
    _log_event(request, change)
    return _to_change(change)


@login_required
@require_POST
def change_complete(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk, "manage_changes")
    submit(
        request,
        forms.CompleteForm(request.POST),
        lambda data: changes.do_complete_change(
            change, data.pop("outcome"), actor=request.user, **data
        ),
        _("Outcome recorded."),
    )
    return _to_change(change)


@login_required
@require_POST
def change_publish(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk, "publish_deliverables")
    attempt(
        request,
        lambda: changes.do_publish_change_record(change, actor=request.user),
        _("Change assurance record published."),
    )
    return _to_change(change)


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    return render(request, "assurance/my_reviews.html", pages.my_reviews(request.user))


@login_required
def period_list(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    return render(request, "assurance/period_list.html", pages.period_list(customer, request.user))


@login_required
@require_POST
def period_open(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    require(request.user, "manage_periods", customer)
    period = submit(
        request,
        forms.PeriodForm(request.POST, customer=customer, user=request.user),
        lambda data: periods.do_open_period(customer, actor=request.user, **data),
        _("Critical period opened."),
    )
    return _to_period(period) if period else redirect("assurance:period_list", code=customer.code)


@login_required
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    return render(
        request, "assurance/period_detail.html", pages.period_detail(period, request.user)
    )


@login_required
@require_POST
def period_roster(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk, "manage_periods")
    _add_roster_entry(request, period)
    return _to_period(period)


@login_required
@require_POST
def period_item(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk, "manage_periods")
    submit(
        request,
        forms.ItemForm(request.POST),
        lambda data: periods.do_add_item(
            period, data["phase"], data["text_zh"], text_en=data["text_en"], actor=request.user
        ),
        _("Item added."),
    )
    return _to_period(period)


@login_required
@require_POST
def item_tick(request: HttpRequest, pk: int) -> HttpResponse:
    items = ChecklistItem.objects.select_related("period")
    item = object_for(request, items, action="log_assurance", pk=pk)
    form = forms.TickForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: periods.do_tick_item(item, actor=request.user, **form.cleaned_data),
            _("Checklist updated."),
        )
    return _to_period(item.period)


@login_required
@require_POST
def period_event(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk, "log_assurance")
    _log_event(request, period)
    return _to_period(period)


@login_required
@require_POST
def period_move(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk, "manage_periods")
    target = request.POST.get("target", "")
    attempt(
        request,
        lambda: periods.do_move_period(period, target, actor=request.user),
        _("Period moved on."),
    )
    return _to_period(period)


@login_required
@require_POST
def period_summary(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk, "manage_periods")
    submit(
        request,
        forms.SummaryForm(request.POST),
        lambda data: periods.do_write_summary(period, actor=request.user, **data),
        _("Summary saved."),
    )
    return _to_period(period)


@login_required
@require_POST
def period_publish(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk, "manage_periods")
    attempt(
        request,
        lambda: periods.do_publish_period_record(period, actor=request.user),
        _("Critical-period assurance record published."),
    )
    return _to_period(period)
