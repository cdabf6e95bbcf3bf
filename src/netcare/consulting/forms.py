"""Forms of the consulting pages: a proposal to submit, a reviewer to assign, a finding,
the conclusion; a workshop to ask for, an expert to book, the date and place, an
attendee, the minutes, a follow-up, a cancellation.

People offered as reviewers or experts are the customer's own vendor staff only, so a
form never names another customer's people.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from netcare.consulting.models import Area, Assessment, Severity, Speciality, WorkshopAttendee
from netcare.core.forms import DateField, PersonChoice
from netcare.customers.models import Customer, Membership

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def printable(value: str) -> None:
    """Refuse control characters in text a report will print (Word and PDF are XML)."""
    if _CONTROL.search(value or ""):
        raise ValidationError(_("remove the control characters from this text"))


TEXT = [printable]


def _text(label: Any, *, rows: int = 4, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, validators=TEXT, widget=forms.Textarea(attrs={"rows": rows})
    )


class SubmitForm(forms.Form):
    """A proposal document with its context; checked again by the service."""

    title = forms.CharField(label=_("Proposal"), max_length=200, validators=TEXT)
    proposal_kind = forms.ChoiceField(label=_("Kind"), choices=Assessment.ProposalKind.choices)
    context = _text(_("Context: goals, constraints, what to look at"))
    file = forms.FileField(label=_("Proposal document"))
    wanted_date = DateField(label=_("Wanted by"), required=False)


def staff_of(customer: Customer, roles: tuple[str, ...]) -> Any:
    """The customer's vendor staff in ``roles`` (people the RAM may name)."""
    ids = Membership.objects.filter(customer=customer, role__in=roles).values("user_id")
    return get_user_model()._default_manager.filter(pk__in=ids, is_active=True).order_by("username")


class PersonForm(forms.Form):
    """A reviewer or expert among the customer's vendor staff, with a speciality."""

    user = PersonChoice(label=_("Person"), queryset=get_user_model()._default_manager.none())
    speciality = forms.ChoiceField(
        label=_("Speciality"), required=False, choices=[("", "—"), *Speciality.choices]
    )

    def __init__(self, customer: Customer, roles: tuple[str, ...], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = staff_of(customer, roles)


class FindingForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    finding = _text(_("Finding"))
    risk = _text(_("Risk"), rows=2, required=False)
    recommendation = _text(_("Recommendation"), rows=3)


class ConcludeForm(forms.Form):
    summary = _text(_("Proposal summary"), required=False)
    conclusion = _text(_("Conclusion"))


class WorkshopRequestForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200, validators=TEXT)
    description = _text(_("What you would like to discuss"), required=False)
    wanted_date = DateField(label=_("Wanted by"), required=False)


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker, whose value is ISO without seconds."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class ScheduleForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=LocalDateTimeInput)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=LocalDateTimeInput)
    place = forms.CharField(label=_("Place"), max_length=200, required=False, validators=TEXT)
    online_link = forms.URLField(
        label=_("Online link"), max_length=300, required=False, assume_scheme="https"
    )


class AttendeeForm(forms.Form):
    side = forms.ChoiceField(label=_("Side"), choices=WorkshopAttendee.Side.choices)
    name = forms.CharField(label=_("Name"), max_length=100, validators=TEXT)
    title = forms.CharField(
        label=_("Title or team"), max_length=100, required=False, validators=TEXT
    )


class MinutesForm(forms.Form):
    minutes = _text(_("Minutes"), rows=12)


class FollowUpForm(forms.Form):
    text = _text(_("Action"), rows=2)
    owner = forms.CharField(label=_("Owner"), max_length=100, validators=TEXT)
    due = DateField(label=_("Due"))


class CancelForm(forms.Form):
    reason = _text(_("Why it is cancelled"), rows=2)
