"""Forms of the onsite pages: dispatch an engineer, log a day, approve an overrun,
cancel, publish the record.

The engineer, site and request choices are narrowed to the visit's customer (its field
engineers, its sites, its open onsite requests), so a form never offers another
customer's people or objects.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from netcare.core.forms import DateField
from netcare.core.people import display_name
from netcare.customers.models import Customer, Site
from netcare.delivery.models import ServiceRequest
from netcare.onsite.services.visits import field_engineers

#: Characters XML cannot hold: what is typed here is printed in the Word and PDF record.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def printable(value: str) -> None:
    if _CONTROL.search(value or ""):
        raise ValidationError(_("remove the control characters from this text"))


class DispatchForm(forms.Form):
    """Who goes, where, when and why; optionally answering an onsite request."""

    engineer = forms.ChoiceField(label=_("Field engineer"))
    planned_date = DateField(label=_("Date"))
    site = forms.ModelChoiceField(queryset=Site.objects.none(), required=False, label=_("Site"))
    purpose = forms.CharField(
        label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}), validators=[printable]
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, validators=[printable]
    )
    request = forms.ModelChoiceField(
        queryset=ServiceRequest.objects.none(), required=False, label=_("From request")
    )

    def __init__(self, *args: Any, customer: Customer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(u.pk): u for u in field_engineers(customer)}
        self.fields["engineer"].choices = [  # type: ignore[attr-defined]
            (pk, f"{display_name(u)} ({u.username})") for pk, u in self.people.items()
        ]
        self.fields["site"].queryset = Site.objects.filter(customer=customer)  # type: ignore[attr-defined]
        self.fields["request"].queryset = ServiceRequest.objects.filter(  # type: ignore[attr-defined]
            customer=customer, kind=ServiceRequest.Kind.ONSITE_SUPPORT
        ).exclude(state=ServiceRequest.State.CLOSED)

    def clean_engineer(self) -> Any:
        return self.people[self.cleaned_data["engineer"]]


class LogDayForm(forms.Form):
    date = DateField(label=_("Date"))
    hours_onsite = forms.DecimalField(
        label=_("Hours on site"), min_value=Decimal(0), max_value=Decimal(24), decimal_places=1
    )
    hours_travel = forms.DecimalField(
        label=_("Hours travelling"),
        min_value=Decimal(0),
        max_value=Decimal(24),
        decimal_places=1,
        initial=Decimal(0),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False, validators=[printable])


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("Why the quota may be exceeded"), max_length=300, validators=[printable]
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why the visit is called off"), max_length=300)


class PublishForm(forms.Form):
    work_done = forms.CharField(
        label=_("Work done and results"),
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[printable],
    )
    follow_ups = forms.CharField(
        label=_("Follow-ups (one a line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        validators=[printable],
    )
