"""Care pages: the service plan document (customers read the published one; staff
generate and publish), the care agenda, one care obligation (the holiday, each contact's
drafted message by their channel, touches sent or recorded) and a customer's own message
wording.

Care agenda, drafts and messages are the vendor's working material: customer users get
404 there, as strangers do. Each action is its own POST view around one service call; a
refused input comes back as a page message, a refused permission as 403.
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netcare.care import pages
from netcare.care.forms import MessageForm, TouchForm
from netcare.care.models import PlanDocument
from netcare.care.services import documents, messages, touches
from netcare.core.access import visible_customer_or_404
from netcare.delivery.models import Obligation
from netcare.web.actions import attempt, form_errors, object_for, submit


def _obligation(request: HttpRequest, pk: int) -> Obligation:
    """A holiday-care obligation, for the customer's vendor staff only."""
    source = Obligation.objects.select_related("customer", "plan__contract", "owner")
    return object_for(request, source, staff=True, pk=pk, kind=Obligation.Kind.HOLIDAY_CARE)


@login_required
def plan_document(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    context = pages.plan_document(customer, request.user)
    return render(request, "care/plan_document.html", context)


@login_required
@require_POST
def plan_document_generate(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code, staff=True)
    plan = pages.plan_of(customer)
    if plan is None:
        flash.error(request, _("This customer has no service plan."))
    else:
        attempt(
            request,
            lambda: documents.do_generate_plan_document(plan, actor=request.user),
            _("Plan document generated."),
        )
    return redirect("care:plan_document", code=customer.code)


@login_required
@require_POST
def plan_document_publish(request: HttpRequest, pk: int) -> HttpResponse:
    source = PlanDocument.objects.select_related("customer", "deliverable")
    document = object_for(request, source, staff=True, pk=pk)
    attempt(
        request,
        lambda: documents.do_publish_plan_document(document, actor=request.user),
        _("Plan document published."),
    )
    return redirect("care:plan_document", code=document.customer.code)


@login_required
def agenda(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code, staff=True)
    return render(request, "care/agenda.html", pages.agenda(customer, request.user))


@login_required
def obligation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = _obligation(request, pk)
    context = pages.obligation_detail(obligation, request.user)
    return render(request, "care/obligation_detail.html", context)


@login_required
@require_POST
def touch_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a greeting made by phone, SMS, WeChat or a visit (or mailed elsewhere)."""
    obligation = _obligation(request, pk)
    submit(
        request,
        TouchForm(obligation.customer, request.POST),
        lambda data: touches.do_record_touch(
            obligation,
            channel=data["channel"],
            actor=request.user,
            contact=data["contact"],
            people=data["people"],
            language=data["language"] or None,
            subject=data["subject"] or None,
            message=data["message"] or None,
            at=data["touched_at"],
            note=data["note"],
        ),
        _("Care touch recorded."),
    )
    return redirect("care:obligation_detail", pk=obligation.pk)


@login_required
@require_POST
def touch_send(request: HttpRequest, pk: int) -> HttpResponse:
    """E-mail the greeting to one contact from NetCare, then record it."""
    obligation = _obligation(request, pk)
    form = TouchForm(obligation.customer, request.POST)
    if not form.is_valid() or form.cleaned_data["contact"] is None:
        flash.error(request, _("Choose the contact to e-mail."))
        return redirect("care:obligation_detail", pk=obligation.pk)
    data = form.cleaned_data
    attempt(
        request,
        lambda: touches.do_send_touch(
            obligation,
            data["contact"],
            actor=request.user,
            language=data["language"] or None,
            subject=data["subject"] or None,
            message=data["message"] or None,
        ),
        _("Greeting e-mailed and recorded."),
    )
    return redirect("care:obligation_detail", pk=obligation.pk)


@login_required
def message_list(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code, staff=True)
    return render(request, "care/message_list.html", pages.message_list(customer, request.user))


@login_required
@require_POST
def message_save(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code, staff=True)
    form = MessageForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("care:message_list", code=customer.code)
    data = form.cleaned_data
    if data["reset"]:
        attempt(
            request,
            lambda: messages.do_reset_message(
                customer, channel=data["channel"], language=data["language"], actor=request.user
            ),
            _("Back to the house wording."),
        )
    else:
        attempt(
            request,
            lambda: messages.do_save_message(
                customer,
                channel=data["channel"],
                language=data["language"],
                subject=data["subject"],
                body=data["body"],
                actor=request.user,
            ),
            _("Message saved."),
        )
    return redirect("care:message_list", code=customer.code)
