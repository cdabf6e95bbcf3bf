"""Read models for the satisfaction pages.

Customer users see their own customer's surveys (and answer an open one) and its
published return visits; invitations, individual responses, figures and the forms to
send, record and publish are the vendor's working material, carried by staff contexts
only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils import timezone

from netcare.contracts.services import current_contract
from netcare.core import access
from netcare.customers.models import Customer
from netcare.satisfaction.forms import SendSurveyForm
from netcare.satisfaction.models import Response, ReturnVisit, Survey
from netcare.satisfaction.services import figures
from netcare.satisfaction.services.questionnaire import chosen_items
from netcare.web.work import WorkItem

LIST_SIZE = 50


def overview(customer: Customer, user: Any) -> dict[str, Any]:
    """A customer's surveys and return visits; for staff also the figures of the term
    so far and the send form."""
    staff = access.is_staff_for(user, customer)
    surveys = (
        Survey.objects.visible_to(user)
        .filter(customer=customer)
        .annotate(
            invited=Count("invitations", distinct=True),
            answered=Count("responses", distinct=True),
        )
        .select_related("sent_by")[:LIST_SIZE]
    )
    visits = (
        ReturnVisit.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("recorded_by")[:LIST_SIZE]
    )
    context: dict[str, Any] = {
        "customer": customer,
        "staff": staff,
        "surveys": surveys,
        "visits": visits,
        "may_send": access.may(user, "send_surveys", customer),
        "may_record": access.may(user, "record_visits", customer),
    }
    if staff:
        contract = current_contract(customer)
        record = figures.gather([customer], start=contract.start if contract else None)
        context["record"] = record
        context["items"] = [
            (record.item_name(c.item, _language()), c) for c in record.figures.items
        ]
        context["send_form"] = SendSurveyForm()
    return context


def _language() -> str:
    from netcare.core.i18n import current_language

    return current_language()


def survey_detail(survey: Survey, user: Any) -> dict[str, Any]:
    """A survey: staff see who was asked and who answered; a customer user their own
    answer, or the questionnaire while the survey is open."""
    from netcare.satisfaction.forms import AnswerForm

    staff = access.is_staff_for(user, survey.customer_id)
    context: dict[str, Any] = {
        "survey": survey,
        "customer": survey.customer,
        "staff": staff,
        "open": survey.is_open(),
        "language": survey.language,
    }
    if staff:
        context["invitations"] = survey.invitations.select_related("contact").all()
        context["responses"] = survey.responses.prefetch_related("answers__item").all()
        context["may_send"] = access.may(user, "send_surveys", survey.customer_id)
    else:
        mine = Response.objects.filter(survey=survey, user_id=user.pk).first()
        context["mine"] = mine
        if mine is None and survey.is_open() and access.is_customer_side(user, survey.customer_id):
            context["form"] = AnswerForm(survey=survey)
    return context


def results_all(user: Any) -> dict[str, Any]:
    """Figures across every customer the staff member serves (admins: all)."""
    customers = [
        c
        for c in Customer.objects.visible_to(user).order_by("code")
        if access.is_staff_for(user, c)
    ]
    record = figures.gather(customers) if customers else None
    return {"record": record, "customers": customers, "today": timezone.localdate()}


def visit_items(customer: Customer) -> list[Any]:
    contract = current_contract(customer)
    return chosen_items(contract) if contract else []


def work_items(user: Any) -> list[WorkItem]:
    """Surveys the user sent that were answered in the last seven days."""
    import datetime as dt

    from django.db.models import Count, Max
    from django.urls import reverse
    from django.utils import timezone

    since = timezone.now() - dt.timedelta(days=7)
    answered = (
        Survey.objects.visible_to(user)
        .filter(sent_by=user, responses__answered_at__gte=since)
        .annotate(answers=Count("responses", distinct=True), last=Max("responses__answered_at"))
        .select_related("customer")
    )
    return [
        WorkItem(
            "surveys",
            str(survey),
            survey.customer.code,
            reverse("satisfaction:survey_detail", kwargs={"pk": survey.pk}),
            survey.last,
            f"{survey.answers}",
        )
        for survey in answered
    ]


def obligation_link(obligation: Any) -> str | None:
    """The end-of-term return visit is recorded on the customer's satisfaction page."""
    from django.urls import reverse

    if obligation.kind == "return_visit":
        return reverse("satisfaction:visit_record", kwargs={"code": obligation.customer.code})
    return None
