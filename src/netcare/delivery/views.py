"""Delivery pages: deliverables, the service plan, obligations and the calendar, contact
logs, service requests, reviews and the customer timeline. Each view parses input,
calls one service and renders; the access rule answers 404 for what the user may not
see and 403 for what they see but may not do."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netcare.contracts.services import current_contract
from netcare.core import access
from netcare.core.access import get_visible_or_404, visible_customer_or_404
from netcare.core.i18n import current_language
from netcare.core.jobs import enqueue_job
from netcare.delivery import forms, pages
from netcare.delivery.models import CalendarFeed, Obligation, ServicePlan, ServiceRequest
from netcare.delivery.services import (
    calendars,
    contacts,
    deliverables,
    obligations,
    plans,
    requests,
    reviews,
)
from netcare.reports.wording import pick
from netcare.web import lists


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def deliverable_list(request: HttpRequest, code: str) -> HttpResponse:
    """Documents and records apart, newest first, filtered by item and period."""
    customer = visible_customer_or_404(request.user, code)
    context = pages.deliverable_page(customer, request.user, request.GET)
    return lists.respond(request, "delivery/deliverable_list.html", context)


@login_required
def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    context = pages.plan_detail(customer, request.user)
    context["text_form"] = forms.PlanTextForm(
        initial=vars(context["plan"]) if context["plan"] else None
    )
    context["change_form"] = forms.ChangeRequestForm()
    return render(request, "delivery/plan_detail.html", context)


@login_required
def plan_choices(request: HttpRequest, code: str) -> HttpResponse:
    """The items with their descriptions; the customer admin marks now / later / not."""
    customer = visible_customer_or_404(request.user, code)
    contract = current_contract(customer)
    if contract is None:
        raise Http404
    if request.method == "POST":
        chosen = {
            e.item.code: (
                request.POST.get(f"choice-{e.item.code}", "now"),
                request.POST.get(f"suggestion-{e.item.code}", ""),
            )
            for e, _choice in plans.choices_for(contract)
        }
        try:
            plans.do_set_choices(contract, chosen, actor=request.user)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Your choices were saved."))
            return redirect("delivery:plan_detail", code=code)
    may_choose = not access.is_admin(request.user) and access.may(
        request.user, "choose_items", customer
    )
    context = {
        "customer": customer,
        "rows": pages.choice_rows(customer, request.user),
        "may_choose": may_choose,
    }
    return render(request, "delivery/plan_choices.html", context)


@login_required
@require_POST
def plan_action(request: HttpRequest, code: str) -> HttpResponse:
    """generate | send | confirm | request_changes | text, on the current contract's plan."""
    customer = visible_customer_or_404(request.user, code)
    contract = current_contract(customer)
    plan = ServicePlan.objects.visible_to(request.user).filter(contract=contract).first()
    if contract is None or plan is None:
        raise Http404
    action = request.POST.get("action", "")
    try:
        if action == "generate":
            result = plans.do_generate_plan(contract, actor=request.user)
            messages.success(
                request,
                _("Plan generated: %(created)s added, %(updated)s moved, %(deleted)s removed.")
                % result.summary(),
            )
        elif action == "send":
            plans.do_send_plan(plan, actor=request.user)
        elif action == "confirm":
            plans.do_confirm_plan(plan, actor=request.user)
            messages.success(request, pages.confirmed_message(plan))
        elif action == "request_changes":
            changes = forms.ChangeRequestForm(request.POST)
            if changes.is_valid():
                plans.do_request_plan_changes(
                    plan, changes.cleaned_data["comment"], actor=request.user
                )
                messages.success(
                    request,
                    _("Your comments were sent to your service team; they will revise the plan."),
                )
            else:
                messages.error(request, _("Say what should change in the plan."))
        elif action == "text":
            form = forms.PlanTextForm(request.POST)
            if form.is_valid():
                plans.do_update_plan(plan, actor=request.user, **form.cleaned_data)
        else:
            raise Http404
    except ValidationError as error:
        _errors(request, error)
    return redirect("delivery:plan_detail", code=code)


@login_required
def obligation_list(request: HttpRequest) -> HttpResponse:
    context = pages.obligation_list(request.user, request.GET)
    return lists.respond(request, "delivery/obligation_list.html", context)


@login_required
def overdue_list(request: HttpRequest) -> HttpResponse:
    """Every overdue obligation the user may see: the admins' and leads' dashboard."""
    found = obligations.overdue(request.user)
    return render(request, "delivery/overdue_list.html", {"obligations": found[:500]})


@login_required
def obligation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = get_visible_or_404(
        Obligation.objects.select_related("plan__contract", "customer", "item", "completed_by"),
        request.user,
        pk=pk,
    )
    may_manage = access.may(request.user, "manage_plan", obligation.customer_id)
    edit_form = forms.ObligationForm(obligation)
    waive_form = forms.WaiveForm()
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied("not allowed: manage_plan")
        try:
            if request.POST.get("action") == "waive":
                waive_form = forms.WaiveForm(request.POST)
                if waive_form.is_valid():
                    obligations.do_waive_obligation(
                        obligation, reason=waive_form.cleaned_data["reason"], actor=request.user
                    )
                    return redirect("delivery:obligation_detail", pk=pk)
            else:
                edit_form = forms.ObligationForm(obligation, request.POST)
                if edit_form.is_valid():
                    obligations.do_update_obligation(
                        obligation, actor=request.user, **edit_form.cleaned_data
                    )
                    return redirect("delivery:obligation_detail", pk=pk)
        except ValidationError as error:
            _errors(request, error)
    context = {
        "obligation": obligation,
        "may_manage": may_manage,
        # The leads' note is working material; the customer sees the planned work only.
        "staff": access.is_staff_for(request.user, obligation.customer_id),
        "edit_form": edit_form,
        "waive_form": waive_form,
        "responsible": obligations.responsible(obligation),
        "deliverables": obligation.deliverables.visible_to(request.user).select_related("item"),
    }
    return render(request, "delivery/obligation_detail.html", context)


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("customer", "")
    if code:
        visible_customer_or_404(request.user, code)
    context = pages.month_calendar(request.user, request.GET.get("month", ""), code)
    return render(request, "delivery/calendar.html", context)


@login_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    calendars.do_reset_feed(request.user, actor=request.user)
    messages.success(request, _("Your calendar address was reset; the old one no longer works."))
    return redirect("delivery:calendar")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The .ics feed: no sign-in (calendar apps cannot), the secret token is the key."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    response = HttpResponse(calendars.feed_text(feed), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="netcare.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def contact_list(request: HttpRequest, code: str) -> HttpResponse:
    """The contact log (vendor staff); the RAM and ASM log contacts here."""
    customer = visible_customer_or_404(request.user, code)
    if access.roles_for(request.user, customer) <= {"customer_admin", "customer_viewer"}:
        raise PermissionDenied("the contact log is the service team's")
    form = forms.ContactLogForm(request.POST or None)
    if request.method == "POST":
        access.require(request.user, "log_contacts", customer)
        contract = current_contract(customer)
        if contract is None:
            raise Http404
        if form.is_valid():
            try:
                contacts.do_log_contact(contract, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Contact logged."))
                return redirect("delivery:contact_list", code=code)
    context = {
        "customer": customer,
        "logs": pages.contact_logs(customer, request.user),
        "form": form,
        "may_log": access.may(request.user, "log_contacts", customer),
    }
    return render(request, "delivery/contact_list.html", context)


@login_required
def request_list(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    form = forms.RequestForm(request.POST or None)
    if request.method == "POST":
        access.require(request.user, "raise_requests", customer)
        if form.is_valid():
            try:
                raised = requests.do_raise_request(
                    customer, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                return redirect("delivery:request_detail", pk=raised.pk)
    context = {
        "customer": customer,
        "requests": pages.service_requests(customer, request.user),
        "form": form,
        "may_raise": access.may(request.user, "raise_requests", customer),
    }
    return render(request, "delivery/request_list.html", context)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_visible_or_404(
        ServiceRequest.objects.select_related("customer", "routed_to", "raised_by", "item"),
        request.user,
        pk=pk,
    )
    may_answer = access.may(request.user, "answer_requests", found.customer_id)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "close":
                close = forms.CloseForm(request.POST)
                if close.is_valid():
                    requests.do_close_request(found, actor=request.user, **close.cleaned_data)
            else:
                if not may_answer:
                    raise PermissionDenied("not allowed: answer_requests")
                respond = forms.RespondForm(request.POST)
                if respond.is_valid():
                    requests.do_respond_request(found, actor=request.user, **respond.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        return redirect("delivery:request_detail", pk=pk)
    context = {
        "request_obj": found,
        "may_answer": may_answer,
        "may_close": may_answer or found.raised_by_id == request.user.pk,
        "respond_form": forms.RespondForm(),
        "close_form": forms.CloseForm(),
        "due_local": found.first_response_due.astimezone(requests.local_zone(found.customer)),
        "late": found.response_late(),
    }
    return render(request, "delivery/request_detail.html", context)


@login_required
def timeline(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    events = pages.timeline(customer, request.user)
    return render(request, "delivery/timeline.html", {"customer": customer, "events": events})


@login_required
def review(request: HttpRequest, code: str, milestone: str) -> HttpResponse:
    """Mid-term review or final summary: the leads generate, edit, upload and publish."""
    customer = visible_customer_or_404(request.user, code)
    if milestone not in reviews.REPORT_TYPES:
        raise Http404
    access.require(request.user, "manage_plan", customer)
    plan = pages.plan_for(customer, request.user)
    if plan is None:
        raise Http404
    draft = (
        plan.contract.deliverables.filter(report_type=reviews.REPORT_TYPES[milestone])
        .exclude(state="withdrawn")
        .order_by("-created")
        .first()
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "generate":
                # Allowed at any time; the leads are told when it looks early or late.
                for warning in reviews.timing_warnings(plan, milestone):
                    messages.warning(request, pick(current_language(), warning.zh, warning.en))
                form = forms.ReviewForm(request.POST)
                remarks = form.cleaned_data["remarks"] if form.is_valid() else None
                job = enqueue_job(
                    "review",
                    "netcare.delivery.tasks.render_review",
                    customer=customer,
                    actor=request.user,
                    plan_id=plan.pk,
                    milestone=milestone,
                    user_id=request.user.pk,
                    remarks=remarks,
                )
                return redirect("web:job_detail", pk=job.pk)
            if action == "upload" and draft is not None:
                upload = forms.UploadForm(request.POST, request.FILES)
                if upload.is_valid():
                    _replace_master(draft, upload, request)
            if action == "publish" and draft is not None:
                deliverables.do_publish(draft, actor=request.user)
                messages.success(request, _("Published to the customer."))
        except ValidationError as error:
            _errors(request, error)
        return redirect("delivery:review", code=code, milestone=milestone)
    context = {
        "customer": customer,
        "plan": plan,
        "milestone": milestone,
        "title": reviews.TITLES[milestone],
        "obligation": reviews.milestone_obligation(plan, milestone),
        "warnings": [
            pick(current_language(), w.zh, w.en) for w in reviews.timing_warnings(plan, milestone)
        ],
        "draft": draft,
        "form": forms.ReviewForm(initial={"remarks": draft.summary if draft else ""}),
        "upload_form": forms.UploadForm(),
    }
    return render(request, "delivery/review.html", context)


def _replace_master(draft: object, upload: forms.UploadForm, request: HttpRequest) -> None:
    """Attach the leads' edited Word master in place of the generated one."""
    from netcare.delivery.models import Deliverable

    assert isinstance(draft, Deliverable)
    incoming = upload.cleaned_data["file"]
    name = Path(incoming.name).name
    if not name.lower().endswith(".docx"):
        raise ValidationError({"file": _("Upload the Word (.docx) master.")})
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / name
        target.write_bytes(incoming.read())
        current = draft.files.filter(
            format="docx", language=upload.cleaned_data["language"]
        ).first()
        deliverables.do_attach_file(
            draft,
            target,
            fmt="docx",
            language=upload.cleaned_data["language"],
            actor=request.user,
            name=current.name if current else name,
        )
    messages.success(request, _("The edited Word master replaced the generated one."))
