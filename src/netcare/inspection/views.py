"""Inspection pages: a customer's runs, one run, one hardening plan, and their actions.

Each action is its own POST view around one service call; a refused input comes back
as a page message, a refused permission as 403, a foreign object as 404.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netcare.core.access import get_visible_or_404, visible_customer_or_404
from netcare.inspection import pages, services
from netcare.inspection.models import (
    Finding,
    FindingMark,
    HardeningPlan,
    HardeningStep,
    InspectionRun,
)
from netcare.web.actions import attempt


@login_required
def run_list(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code, staff=True)
    return render(request, "inspection/run_list.html", pages.run_list(customer, request.user))


@login_required
@require_POST
def run_start(request: HttpRequest, code: str) -> HttpResponse:
    """Start an inspection of the latest facts; the run page shows the job's progress."""
    customer = visible_customer_or_404(request.user, code)
    run = services.do_run_inspection(customer, actor=request.user)
    return redirect("inspection:run_detail", pk=run.pk)


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_visible_or_404(InspectionRun.objects.select_related("customer"), request.user, pk=pk)
    context = pages.run_detail(run, request.user, request.GET)
    if context["listing"].exporting:
        return context["listing"].xlsx()
    if request.headers.get("HX-Request"):
        if run.state in {InspectionRun.State.QUEUED, InspectionRun.State.RUNNING}:
            return render(request, "inspection/_run_progress.html", context)
        return HttpResponse(headers={"HX-Refresh": "true"})  # finished: show the results
    return render(request, "inspection/run_detail.html", context)


@login_required
@require_POST
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_visible_or_404(InspectionRun.objects.select_related("customer"), request.user, pk=pk)
    job = attempt(
        request,
        lambda: services.do_queue_inspection_publish(run, actor=request.user),
        _("The inspection report is being written; it is published when done."),
    )
    if job is None:
        return redirect("inspection:run_detail", pk=run.pk)
    return redirect("web:job_detail", pk=job.pk)


@login_required
@require_POST
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_visible_or_404(InspectionRun.objects.select_related("customer"), request.user, pk=pk)
    if request.POST.get("matching"):  # every page's findings the filters in the address select
        ids = pages.plannable_findings(run, request.user, request.GET)
    else:
        ids = [int(i) for i in request.POST.getlist("finding") if i.isdigit()]
    plan = attempt(
        request,
        lambda: services.do_create_hardening_plan(run, ids, actor=request.user),
        _("Hardening plan drafted."),
    )
    if plan is None:
        return redirect("inspection:run_detail", pk=run.pk)
    return redirect("inspection:plan_detail", pk=plan.pk)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@login_required
@require_POST
def finding_mark(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_visible_or_404(Finding.objects.select_related("run"), request.user, pk=pk)
    attempt(
        request,
        lambda: services.do_mark_finding(
            finding,
            actor=request.user,
            kind=request.POST.get("kind", ""),
            reason=request.POST.get("reason", ""),
            expires_on=_date(request.POST.get("expires_on", "")),  # type: ignore[arg-type]
        ),
        _("Finding marked."),
    )
    return redirect("inspection:run_detail", pk=finding.run_id)


@login_required
@require_POST
def mark_remove(request: HttpRequest, pk: int) -> HttpResponse:
    mark = get_visible_or_404(FindingMark, request.user, pk=pk)
    latest = mark.findings.order_by("-run_id").values_list("run_id", flat=True).first()
    attempt(request, lambda: services.do_unmark(mark, actor=request.user), _("Mark removed."))
    if latest is None:
        return redirect("inspection:run_list", code=mark.customer.code)
    return redirect("inspection:run_detail", pk=latest)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(HardeningPlan.objects.select_related("customer"), request.user, pk=pk)
    return render(request, "inspection/plan_detail.html", pages.plan_detail(plan, request.user))


@login_required
@require_POST
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(HardeningPlan.objects.select_related("customer"), request.user, pk=pk)
    job = attempt(
        request,
        lambda: services.do_queue_hardening_publish(plan, actor=request.user),
        _("The hardening plan is being written; it is published when done."),
    )
    if job is None:
        return redirect("inspection:plan_detail", pk=plan.pk)
    return redirect("web:job_detail", pk=job.pk)


@login_required
@require_POST
def step_state(request: HttpRequest, pk: int) -> HttpResponse:
    step = get_visible_or_404(HardeningStep, request.user, pk=pk)
    attempt(
        request,
        lambda: services.do_set_step_state(step, request.POST.get("state", ""), actor=request.user),
        _("Step updated."),
    )
    return redirect("inspection:plan_detail", pk=step.plan_id)
