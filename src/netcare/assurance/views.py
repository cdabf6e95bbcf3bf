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
from netcare.core.access import get_visible_or_404, require
from netcare.customers.models import Customer
from netcare.web.actions import attempt, form_errors


def _customer(request: HttpRequest, code: str) -> Customer:
    return get_visible_or_404(Customer, request.user, code=code)


def _change(request: HttpRequest, pk: int) -> ChangeAssurance:
    return get_visible_or_404(
        ChangeAssurance.objects.select_related("customer", "deliverable", "request"),
        request.user,
        pk=pk,
    )


def _period(request: HttpRequest, pk: int) -> CriticalPeriod:
    return get_visible_or_404(
        CriticalPeriod.objects.select_related("customer", "deliverable", "request"),
        request.user,
        pk=pk,
    )


def _to_change(change: ChangeAssurance) -> HttpResponse:
    return redirect("assurance:change_detail", pk=change.pk)


def _to_period(period: CriticalPeriod) -> HttpResponse:
    return redirect("assurance:period_detail", pk=period.pk)


@login_required
def change_list(request: HttpRequest, code: str) -> HttpResponse:
    customer = _customer(request, code)
    return render(request, "assurance/change_list.html", pages.change_list(customer, request.user))


@login_required
@require_POST
def change_file(request: HttpRequest, code: str) -> HttpResponse:
    customer = _customer(request, code)
    require(request.user, "file_changes", customer)
    form = forms.ChangeForm(request.POST, request.FILES, customer=customer, user=request.user)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("assurance:change_list", code=customer.code)
    change = attempt(
        request,
        lambda: changes.do_file_change(customer, actor=request.user, **form.cleaned_data),
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
    change = _change(request, pk)
    require(request.user, "file_changes", change.customer_id)
    attempt(
        request, lambda: changes.do_submit_change(change, actor=request.user), _("Sent for review.")
    )
    return _to_change(change)


@login_required
@require_POST
def change_reviewer(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk)
    require(request.user, "manage_changes", change.customer_id)
    form = forms.ReviewerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attempt(
            request,
            lambda: reviews.do_name_reviewer(
                change,
                data["reviewer"],
                data["speciality"],
                required=data["required"],
                actor=request.user,
            ),
            _("Reviewer named."),
        )
    else:
        form_errors(request, form)
    return _to_change(change)


@login_required
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_visible_or_404(Review.objects.select_related("change"), request.user, pk=pk)
    if review.reviewer_id != request.user.pk:
        raise PermissionDenied("only the named reviewer records this decision")
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: reviews.do_record_decision(review, actor=request.user, **form.cleaned_data),
            _("Decision recorded."),
        )
    else:
        form_errors(request, form)
    return _to_change(review.change)


@login_required
@require_POST
def change_roster(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk)
    require(request.user, "manage_changes", change.customer_id)
    form = forms.RosterForm(request.POST, customer=change.customer)
    if form.is_valid():
        attempt(
            request,
            lambda: rosters.do_add_roster_entry(change, actor=request.user, **form.cleaned_data),
            _("Roster entry added."),
        )
    else:
        form_errors(request, form)
    return _to_change(change)


@login_required
@require_POST
def change_move(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk)
    target = request.POST.get("target", "")
    work = changes.do_start_change if target == "in_progress" else changes.do_schedule_change
    require(request.user, "manage_changes", change.customer_id)
    attempt(request, lambda: work(change, actor=request.user), _("Change moved on."))
    return _to_change(change)


@login_required
@require_POST
def change_event(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk)
    require(request.user, "log_assurance", change.customer_id)
    form = forms.EventForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attempt(
            request,
            lambda: rosters.do_log_event(change, data["text"], at=data["at"], actor=request.user),
            _("Event logged."),
        )
    else:
        form_errors(request, form)
    return _to_change(change)


@login_required
@require_POST
def change_complete(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk)
    require(request.user, "manage_changes", change.customer_id)
    form = forms.CompleteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attempt(
            request,
            lambda: changes.do_complete_change(
                change, data.pop("outcome"), actor=request.user, **data
            ),
            _("Outcome recorded."),
        )
    else:
        form_errors(request, form)
    return _to_change(change)


@login_required
@require_POST
def change_publish(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk)
    require(request.user, "publish_deliverables", change.customer_id)
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
    customer = _customer(request, code)
    return render(request, "assurance/period_list.html", pages.period_list(customer, request.user))


@login_required
@require_POST
def period_open(request: HttpRequest, code: str) -> HttpResponse:
    customer = _customer(request, code)
    require(request.user, "manage_periods", customer)
    form = forms.PeriodForm(request.POST, customer=customer, user=request.user)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("assurance:period_list", code=customer.code)
    period = attempt(
        request,
        lambda: periods.do_open_period(customer, actor=request.user, **form.cleaned_data),
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
    period = _period(request, pk)
    require(request.user, "manage_periods", period.customer_id)
    form = forms.RosterForm(request.POST, customer=period.customer)
    if form.is_valid():
        attempt(
            request,
            lambda: rosters.do_add_roster_entry(period, actor=request.user, **form.cleaned_data),
            _("Roster entry added."),
        )
    else:
        form_errors(request, form)
    return _to_period(period)


@login_required
@require_POST
def period_item(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    require(request.user, "manage_periods", period.customer_id)
    form = forms.ItemForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attempt(
            request,
            lambda: periods.do_add_item(
                period, data["phase"], data["text_zh"], text_en=data["text_en"], actor=request.user
            ),
            _("Item added."),
        )
    else:
        form_errors(request, form)
    return _to_period(period)


@login_required
@require_POST
def item_tick(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(ChecklistItem.objects.select_related("period"), request.user, pk=pk)
    require(request.user, "log_assurance", item.customer_id)
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
    period = _period(request, pk)
    require(request.user, "log_assurance", period.customer_id)
    form = forms.EventForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attempt(
            request,
            lambda: rosters.do_log_event(period, data["text"], at=data["at"], actor=request.user),
            _("Event logged."),
        )
    else:
        form_errors(request, form)
    return _to_period(period)


@login_required
@require_POST
def period_move(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    require(request.user, "manage_periods", period.customer_id)
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
    period = _period(request, pk)
    require(request.user, "manage_periods", period.customer_id)
    form = forms.SummaryForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: periods.do_write_summary(period, actor=request.user, **form.cleaned_data),
            _("Summary saved."),
        )
    else:
        form_errors(request, form)
    return _to_period(period)


@login_required
@require_POST
def period_publish(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    require(request.user, "manage_periods", period.customer_id)
    attempt(
        request,
        lambda: periods.do_publish_period_record(period, actor=request.user),
        _("Critical-period assurance record published."),
    )
    return _to_period(period)
