"""Lifecycle pages: a customer's versions (summary, targets, assessments, notices), its
exposures, the shared advisories, one assessment, one notice — and their actions.

Everything here is the vendor's working material: a customer user gets 404 on every
page, like a stranger. Each action is its own POST view around one service call; a
refused input comes back as a page message, a refused permission as 403.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from netcare.core import access
from netcare.core.access import get_visible_or_404, visible_customer_or_404
from netcare.core.i18n import current_language
from netcare.lifecycle import pages, reports
from netcare.lifecycle.forms import AnnotateForm, ImportForm, NoticeForm, TargetForm
from netcare.lifecycle.models import Advisory, RiskNotice, TargetRelease, VersionAssessment
from netcare.lifecycle.services import advisories, assessments, imports, publishing, targets
from netcare.web import lists
from netcare.web.actions import attempt, form_errors, object_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _shared(request: HttpRequest) -> None:
    """Shared vendor data (advisories) is read by vendor staff of any customer."""
    if not access.is_vendor_staff(request.user):
        raise Http404


@login_required
def overview(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code, staff=True)
    return render(request, "lifecycle/overview.html", pages.overview(customer, request.user))


@login_required
@require_GET
def summary_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """The version summary table as Excel, in the viewer's language."""
    customer = visible_customer_or_404(request.user, code, staff=True)
    language = current_language()
    record = publishing.version_summary(customer, language)
    with tempfile.TemporaryDirectory(prefix="netcare-versions-") as tmp:
        path = Path(tmp) / "versions.xlsx"
        written = reports.write_version_summary_xlsx(record, path, language) or path
        body = Path(written).read_bytes()
    name = f"{customer.code}-versions-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def summary_publish(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code, staff=True)
    attempt(
        request,
        lambda: publishing.do_publish_summary(customer, actor=request.user),
        _("Version summary published."),
    )
    return redirect("lifecycle:overview", code=customer.code)


@login_required
@require_POST
def assess(request: HttpRequest, code: str) -> HttpResponse:
    """Assess the customer's versions now; the assessment page explains every point."""
    customer = visible_customer_or_404(request.user, code, staff=True)
    done = attempt(
        request,
        lambda: assessments.do_assess(customer, actor=request.user),
        _("Versions assessed."),
    )
    if done is None:
        return redirect("lifecycle:overview", code=customer.code)
    return redirect("lifecycle:assessment_detail", pk=done.pk)


@login_required
@require_POST
def target_set(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code, staff=True)
    form = TargetForm(customer, request.user, request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("lifecycle:overview", code=customer.code)
    data = form.cleaned_data
    attempt(
        request,
        lambda: targets.do_set_target(
            customer,
            platform=data["platform"],
            release=data["release"],
            model=data["model"],
            device=data["device"],
            reason=data["reason"],
            actor=request.user,
        ),
        _("Target release set."),
    )
    return redirect("lifecycle:overview", code=customer.code)


@login_required
@require_POST
def target_remove(request: HttpRequest, pk: int) -> HttpResponse:
    target = object_for(
        request, TargetRelease.objects.select_related("customer"), staff=True, pk=pk
    )
    attempt(
        request,
        lambda: targets.do_remove_target(target, actor=request.user),
        _("Target release removed."),
    )
    return redirect("lifecycle:overview", code=target.customer.code)


@login_required
def exposure_list(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code, staff=True)
    context = pages.exposure_list(customer, request.user, request.GET)
    return lists.respond(request, "lifecycle/exposure_list.html", context)


@login_required
@require_POST
def notice_create(request: HttpRequest, code: str) -> HttpResponse:
    """Draft a risk notice about one advisory for the customer's exposed devices."""
    customer = visible_customer_or_404(request.user, code, staff=True)
    form = NoticeForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("lifecycle:exposure_list", code=customer.code)
    advisory = get_visible_or_404(Advisory, request.user, pk=form.cleaned_data["advisory"])
    notice = attempt(
        request,
        lambda: publishing.do_draft_notice(
            customer,
            advisory,
            impact=form.cleaned_data["impact"],
            proposal=form.cleaned_data["proposal"],
            actor=request.user,
        ),
        _("Risk notice drafted."),
    )
    if notice is None:
        return redirect("lifecycle:exposure_list", code=customer.code)
    return redirect("lifecycle:notice_detail", pk=notice.pk)


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = RiskNotice.objects.select_related("customer", "advisory", "deliverable")
    notice = object_for(request, source, staff=True, pk=pk)
    return render(
        request, "lifecycle/notice_detail.html", pages.notice_detail(notice, request.user)
    )


@login_required
@require_POST
def notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    notice = object_for(request, RiskNotice.objects.select_related("customer"), staff=True, pk=pk)
    attempt(
        request,
        lambda: publishing.do_publish_notice(notice, actor=request.user),
        _("Risk notice published."),
    )
    return redirect("lifecycle:notice_detail", pk=notice.pk)


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = VersionAssessment.objects.select_related("customer", "deliverable", "created_by")
    assessment = object_for(request, source, staff=True, pk=pk)
    context = pages.assessment_detail(assessment, request.user)
    return render(request, "lifecycle/assessment_detail.html", context)


@login_required
@require_POST
def assessment_publish(request: HttpRequest, pk: int) -> HttpResponse:
    source = VersionAssessment.objects.select_related("customer")
    assessment = object_for(request, source, staff=True, pk=pk)
    attempt(
        request,
        lambda: publishing.do_publish_assessment(assessment, actor=request.user),
        _("Version assessment report published."),
    )
    return redirect("lifecycle:assessment_detail", pk=assessment.pk)


@login_required
def advisory_list(request: HttpRequest) -> HttpResponse:
    _shared(request)
    context = pages.advisory_list(request.user, request.GET)
    return lists.respond(request, "lifecycle/advisory_list.html", context)


@login_required
@require_POST
def advisory_import(request: HttpRequest) -> HttpResponse:
    """Import the uploaded files all or nothing; a refusal names the file and field."""
    _shared(request)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("lifecycle:advisory_list")
    try:
        record = imports.do_import_uploads(form.cleaned_data["documents"], actor=request.user)
    except imports.ImportRefused as exc:
        messages.error(request, exc.record.error)
        return redirect("lifecycle:advisory_list")
    counts = record.counts
    messages.success(
        request,
        _(
            "Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged "
            "advisories; %(exploitation)s exploitation records; %(releases)s releases."
        )
        % {
            k: counts.get(k, 0)
            for k in ("created", "updated", "unchanged", "exploitation", "releases")
        },
    )
    return redirect("lifecycle:advisory_list")


@login_required
def advisory_detail(request: HttpRequest, pk: int) -> HttpResponse:
    advisory = get_visible_or_404(Advisory, request.user, pk=pk)
    context = pages.advisory_detail(advisory, request.user)
    return render(request, "lifecycle/advisory_detail.html", context)


@login_required
@require_POST
def advisory_annotate(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the feature condition; exposures everywhere are matched again."""
    advisory = get_visible_or_404(Advisory, request.user, pk=pk)
    form = AnnotateForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("lifecycle:advisory_detail", pk=advisory.pk)
    attempt(
        request,
        lambda: advisories.do_annotate_feature(
            advisory,
            form.cleaned_data["features"],
            text=form.cleaned_data["text"],
            actor=request.user,
        ),
        _("Feature condition saved; exposures matched again."),
    )
    return redirect("lifecycle:advisory_detail", pk=advisory.pk)
