"""Maintenance-guide pages: a customer's editions and custom sections (with the forms
to generate, publish, write sections and agree), one edition, and the check library.

Customer users see published editions and their custom sections, and its admins agree
for the customer; every other action is the vendor's and answers them 404 like a
stranger. Each action is its own POST view around one service call; a refused input
comes back as a page message, a refused permission as 403.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netcare.core import access
from netcare.core.access import get_visible_or_404, visible_customer_or_404
from netcare.guides import pages
from netcare.guides.forms import AgreeForm, GenerateForm, SectionForm
from netcare.guides.models import GuideSection, MaintenanceGuide
from netcare.guides.services import guides, sections
from netcare.web.actions import attempt, form_errors, object_for, submit


@login_required
def guide_list(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    return render(request, "guides/guide_list.html", pages.guide_list(customer, request.user))


@login_required
def guide_detail(request: HttpRequest, pk: int) -> HttpResponse:
    guide = get_visible_or_404(
        MaintenanceGuide.objects.select_related("customer", "deliverable"), request.user, pk=pk
    )
    return render(request, "guides/guide_detail.html", pages.guide_detail(guide, request.user))


@login_required
@require_POST
def guide_generate(request: HttpRequest, code: str) -> HttpResponse:
    """Generate this year's (or the given year's) edition in zh and en."""
    customer = visible_customer_or_404(request.user, code, staff=True)
    guide = submit(
        request,
        GenerateForm(request.POST),
        lambda data: guides.do_generate_guide(customer, actor=request.user, year=data.get("year")),
        _("The guide was generated; review it, then publish it."),
    )
    if guide is None:
        return redirect("guides:guide_list", code=customer.code)
    return redirect("guides:guide_detail", pk=guide.pk)


@login_required
@require_POST
def guide_publish(request: HttpRequest, pk: int) -> HttpResponse:
    source = MaintenanceGuide.objects.select_related("customer")
    guide = object_for(request, source, staff=True, pk=pk)
    attempt(
        request,
        lambda: guides.do_publish_guide(guide, actor=request.user),
        _("The guide was published to the customer."),
    )
    return redirect("guides:guide_detail", pk=guide.pk)


@login_required
@require_POST
def section_add(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code, staff=True)
    form = SectionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("guides:guide_list", code=customer.code)
    data = dict(form.cleaned_data)
    data["order"] = data.get("order") or 0
    attempt(
        request,
        lambda: sections.do_add_section(customer, actor=request.user, **data),
        _("The section was added; it enters the guide once all three parties agreed."),
    )
    return redirect("guides:guide_list", code=customer.code)


@login_required
@require_POST
def section_agree(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the caller's agreement to a section for one party."""
    section = get_visible_or_404(
        GuideSection.objects.select_related("customer"), request.user, pk=pk
    )
    if not access.may(request.user, "agree_guide_sections", section.customer_id):
        raise PermissionDenied  # they see the section, so it is no secret that it exists
    submit(
        request,
        AgreeForm(request.POST),
        lambda data: sections.do_agree_section(section, data["party"], actor=request.user),
        _("Your agreement was recorded."),
    )
    return redirect("guides:guide_list", code=section.customer.code)


@login_required
def check_library(request: HttpRequest) -> HttpResponse:
    """The check library, for the vendor's staff."""
    if not access.is_vendor_staff(request.user):
        raise Http404
    return render(request, "guides/check_library.html", pages.check_library())
