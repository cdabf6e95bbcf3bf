"""Consulting pages: a customer's proposal assessments and workshops, one assessment
(the file as uploaded, reviewers, findings, conclusion, publish), one workshop (experts,
date, attendees, minutes, follow-ups, cancel, publish).

Customer users open the list, their submissions and workshops, and submit or ask; every
other action is the vendor's and answers them 404 like a stranger. Each action is its
own POST view around one service call; a refused input comes back as a page message.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netcare.consulting import pages
from netcare.consulting.forms import (
    AttendeeForm,
    CancelForm,
    ConcludeForm,
    FindingForm,
    FollowUpForm,
    MinutesForm,
    PersonForm,
    ScheduleForm,
    SubmitForm,
    WorkshopRequestForm,
)
from netcare.consulting.models import Assessment, FollowUp, Workshop
from netcare.consulting.services import assessments, workshops
from netcare.core import access
from netcare.core.access import visible_customer_or_404
from netcare.web.actions import attempt, object_for, submit


def _assessment(request: HttpRequest, pk: int, *, staff: bool = True) -> Assessment:
    """An assessment; its actions are the vendor staff's (404 for customer users)."""
    source = Assessment.objects.select_related("customer", "owner", "deliverable", "request")
    return object_for(request, source, staff=staff, pk=pk)


def _workshop(request: HttpRequest, pk: int, *, staff: bool = True) -> Workshop:
    """A workshop; its actions are the vendor staff's (404 for customer users)."""
    source = Workshop.objects.select_related("customer", "owner", "deliverable", "request")
    return object_for(request, source, staff=staff, pk=pk)


@login_required
def index(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    return render(request, "consulting/index.html", pages.index(customer, request.user))


@login_required
@require_POST
def assessment_submit(request: HttpRequest, code: str) -> HttpResponse:
    """Submit a proposal; a refused file is named in a page message and nothing is kept."""
    customer = visible_customer_or_404(request.user, code)
    form = SubmitForm(request.POST, request.FILES)
    row = submit(
        request,
        form,
        lambda d: assessments.do_submit_proposal(
            customer,
            title=d["title"],
            proposal_kind=d["proposal_kind"],
            context=d["context"],
            file_name=d["file"].name,
            data=d["file"].read(),
            wanted_date=d["wanted_date"],
            actor=request.user,
        ),
        _("Proposal submitted: your L2 expert will arrange the review."),
    )
    if row is not None and access.is_staff_for(request.user, customer):
        return redirect("consulting:assessment_detail", pk=row.pk)
    return redirect("consulting:index", code=customer.code)


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = _assessment(request, pk, staff=False)
    return render(
        request, "consulting/assessment_detail.html", pages.assessment_detail(row, request.user)
    )


@login_required
def assessment_file(request: HttpRequest, pk: int) -> FileResponse:
    """The proposal as uploaded, for the customer and its staff."""
    row = _assessment(request, pk, staff=False)
    handle = assessments.proposal_path(row).open("rb")
    return FileResponse(handle, as_attachment=True, filename=row.file_name)


@login_required
@require_POST
def assessment_reviewer(request: HttpRequest, pk: int) -> HttpResponse:
    row = _assessment(request, pk)
    form = PersonForm(row.customer, assessments.REVIEWER_ROLES, request.POST)
    submit(
        request,
        form,
        lambda d: assessments.do_assign_reviewer(
            row, d["user"], speciality=d["speciality"], actor=request.user
        ),
        _("Reviewer assigned and told."),
    )
    return redirect("consulting:assessment_detail", pk=row.pk)


@login_required
@require_POST
def assessment_finding(request: HttpRequest, pk: int) -> HttpResponse:
    row = _assessment(request, pk)
    submit(
        request,
        FindingForm(request.POST),
        lambda d: assessments.do_record_finding(row, actor=request.user, **d),
        _("Finding recorded."),
    )
    return redirect("consulting:assessment_detail", pk=row.pk)


@login_required
@require_POST
def assessment_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    row = _assessment(request, pk)
    submit(
        request,
        ConcludeForm(request.POST),
        lambda d: assessments.do_conclude(row, actor=request.user, **d),
        _("Review concluded: the assessment is ready to publish."),
    )
    return redirect("consulting:assessment_detail", pk=row.pk)


@login_required
@require_POST
def assessment_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    row = _assessment(request, pk)
    attempt(
        request,
        lambda: assessments.do_reopen_review(row, actor=request.user),
        _("The proposal is back in review."),
    )
    return redirect("consulting:assessment_detail", pk=row.pk)


@login_required
@require_POST
def assessment_publish(request: HttpRequest, pk: int) -> HttpResponse:
    row = _assessment(request, pk)
    attempt(
        request,
        lambda: assessments.do_publish_assessment(row, actor=request.user),
        _("Assessment report published to the customer."),
    )
    return redirect("consulting:assessment_detail", pk=row.pk)


@login_required
@require_POST
def workshop_request(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    row = submit(
        request,
        WorkshopRequestForm(request.POST),
        lambda d: workshops.do_request_workshop(
            customer,
            topic=d["topic"],
            description=d["description"],
            wanted_date=d["wanted_date"],
            actor=request.user,
        ),
        _("Workshop requested: your L2 expert will book the experts and a date."),
    )
    if row is not None:
        return redirect("consulting:workshop_detail", pk=row.pk)
    return redirect("consulting:index", code=customer.code)


@login_required
def workshop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = _workshop(request, pk, staff=False)
    return render(
        request, "consulting/workshop_detail.html", pages.workshop_detail(row, request.user)
    )


@login_required
@require_POST
def workshop_expert(request: HttpRequest, pk: int) -> HttpResponse:
    row = _workshop(request, pk)
    submit(
        request,
        PersonForm(row.customer, workshops.EXPERT_ROLES, request.POST),
        lambda d: workshops.do_book_expert(
            row, d["user"], speciality=d["speciality"], actor=request.user
        ),
        _("Expert booked and told."),
    )
    return redirect("consulting:workshop_detail", pk=row.pk)


@login_required
@require_POST
def workshop_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    row = _workshop(request, pk)
    submit(
        request,
        ScheduleForm(request.POST),
        lambda d: workshops.do_schedule_workshop(row, actor=request.user, **d),
        _("Date set; the booked experts were told."),
    )
    return redirect("consulting:workshop_detail", pk=row.pk)


@login_required
@require_POST
def workshop_attendee(request: HttpRequest, pk: int) -> HttpResponse:
    row = _workshop(request, pk)
    submit(
        request,
        AttendeeForm(request.POST),
        lambda d: workshops.do_add_attendee(row, actor=request.user, **d),
        _("Attendee recorded."),
    )
    return redirect("consulting:workshop_detail", pk=row.pk)


@login_required
@require_POST
def workshop_held(request: HttpRequest, pk: int) -> HttpResponse:
    row = _workshop(request, pk)
    attempt(request, lambda: workshops.do_mark_held(row, actor=request.user), _("Workshop held."))
    return redirect("consulting:workshop_detail", pk=row.pk)


@login_required
@require_POST
def workshop_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    row = _workshop(request, pk)
    submit(
        request,
        MinutesForm(request.POST),
        lambda d: workshops.do_record_minutes(row, d["minutes"], actor=request.user),
        _("Minutes saved."),
    )
    return redirect("consulting:workshop_detail", pk=row.pk)


@login_required
@require_POST
def workshop_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    row = _workshop(request, pk)
    submit(
        request,
        FollowUpForm(request.POST),
        lambda d: workshops.do_add_follow_up(row, actor=request.user, **d),
        _("Follow-up recorded."),
    )
    return redirect("consulting:workshop_detail", pk=row.pk)


@login_required
@require_POST
def workshop_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    row = _workshop(request, pk)
    submit(
        request,
        CancelForm(request.POST),
        lambda d: workshops.do_cancel_workshop(row, reason=d["reason"], actor=request.user),
        _("Workshop cancelled; the request is closed."),
    )
    return redirect("consulting:workshop_detail", pk=row.pk)


@login_required
@require_POST
def workshop_publish(request: HttpRequest, pk: int) -> HttpResponse:
    row = _workshop(request, pk)
    attempt(
        request,
        lambda: workshops.do_publish_minutes(row, actor=request.user),
        _("Minutes published to the customer."),
    )
    return redirect("consulting:workshop_detail", pk=row.pk)


@login_required
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    row = object_for(request, FollowUp.objects.select_related("workshop"), staff=True, pk=pk)
    done = request.POST.get("done", "on") in ("on", "true", "1")
    attempt(
        request,
        lambda: workshops.do_set_follow_up_done(row, done, actor=request.user),
        _("Follow-up updated."),
    )
    return redirect("consulting:workshop_detail", pk=row.workshop_id)
