"""Collection pages: a customer's jobs and uploads, one job, one upload, one output."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from netcare.collection import pages, services
from netcare.collection.forms import StartForm, UploadForm
from netcare.collection.models import CollectionJob, RawOutput, Upload
from netcare.core.access import get_visible_or_404, visible_customer_or_404
from netcare.customers.models import Customer


@login_required
def job_list(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code, staff=True)
    context = pages.job_list(customer, request.user)
    context.update(start_form=StartForm(), upload_form=UploadForm())
    return render(request, "collection/job_list.html", context)


def _collector(request: HttpRequest, code: str) -> Customer:
    customer = visible_customer_or_404(request.user, code)
    if not services.may_collect(request.user, customer):
        raise PermissionDenied("not allowed: collect")
    return customer


@login_required
def collect(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the start form; POST: start an SSH collection and show its progress."""
    customer = _collector(request, code)
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.do_start_collection(
                customer,
                actor=request.user,
                query=form.cleaned_data["devices"],
                timeout=form.cleaned_data["timeout"],
                retries=form.cleaned_data["retries"],
            )
        except ValidationError as exc:
            form.add_error("devices", "; ".join(exc.messages))
        else:
            return redirect("collection:job_detail", pk=job.pk)
    return render(request, "collection/collect.html", {"customer": customer, "form": form})


@login_required
def upload(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the upload form; POST: keep and import the archive, then show its report."""
    customer = _collector(request, code)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        manual = data["method"] == "manual"
        try:
            result = services.do_import_archive(
                customer,
                filename=data["file"].name,
                source=data["file"],
                actor=request.user,
                method=data["method"],
                visit=services.VisitInput.from_form(data) if manual else None,
            )
        except ValidationError as exc:
            form.add_error(None, "; ".join(exc.messages))
        else:
            if result.state == Upload.State.REFUSED:
                messages.error(request, result.error)
            else:
                messages.success(request, _("Archive imported."))
            return redirect("collection:upload_detail", pk=result.pk)
    context = {
        "customer": customer,
        "form": form,
        "visit_counts": services.visit_counts(customer, timezone.localdate()),
    }
    return render(request, "collection/upload.html", context)


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_visible_or_404(CollectionJob.objects.select_related("customer"), request.user, pk=pk)
    context = pages.job_detail(job, request.user)
    if request.headers.get("HX-Request"):
        return render(request, "collection/_job_runs.html", context)
    return render(request, "collection/job_detail.html", context)


@login_required
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(Upload.objects.select_related("customer"), request.user, pk=pk)
    return render(request, "collection/upload_detail.html", pages.upload_detail(item, request.user))


@login_required
def output_detail(request: HttpRequest, pk: int) -> HttpResponse:
    output = get_visible_or_404(RawOutput.objects.select_related("customer"), request.user, pk=pk)
    return render(
        request, "collection/output_detail.html", pages.output_detail(output, request.user)
    )
