"""Forms of the assurance pages. Choice lists (devices, sites, hardening steps, people)
are narrowed to the change's or period's customer and to what the viewer may see, so a
form never offers another customer's objects."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from netcare.assurance.models import ChangeAssurance, Phase, Review, RosterEntry, Speciality
from netcare.assurance.services.reviews import reviewer_candidates
from netcare.core import access
from netcare.core.forms import PersonChoice
from netcare.customers.models import STAFF_ROLES, Membership, Role, Site
from netcare.inspection.models import HardeningStep
from netcare.inventory.models import Device

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _when(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=WHEN, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )


class ChangeForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    purpose = forms.CharField(label=_("purpose"), widget=forms.Textarea(attrs={"rows": 3}))
    starts_at = _when(_("window from"))
    ends_at = _when(_("window to"))
    devices = forms.ModelMultipleChoiceField(
        label=_("devices"), queryset=Device.objects.none(), required=False
    )
    steps = forms.CharField(
        label=_("steps"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    rollback = forms.CharField(
        label=_("rollback"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    plan_file = forms.FileField(label=_("plan document"), required=False)
    hardening_steps = forms.ModelMultipleChoiceField(
        label=_("hardening steps"), queryset=HardeningStep.objects.none(), required=False
    )

    def __init__(self, *args: Any, customer: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        devices = Device.objects.visible_to(user).filter(customer=customer).order_by("hostname")
        self.fields["devices"].queryset = devices  # type: ignore[attr-defined]
        steps = HardeningStep.objects.visible_to(user).filter(customer=customer, state="planned")
        self.fields["hardening_steps"].queryset = steps.select_related("device")[:200]  # type: ignore[attr-defined]


class ReviewerForm(forms.Form):
    reviewer = PersonChoice(label=_("reviewer"), queryset=reviewer_candidates())
    speciality = forms.ChoiceField(label=_("speciality"), choices=Speciality.choices)
    required = forms.BooleanField(label=_("required"), required=False, initial=True)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"), choices=[c for c in Review.Decision.choices if c[0]]
    )
    conditions = forms.CharField(
        label=_("conditions"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    comments = forms.CharField(
        label=_("comments"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


def staff_people(customer: Any) -> Any:
    """The vendor's people for this customer (and its reviewers): who may stand by."""
    from django.contrib.auth import get_user_model

    held = Membership.objects.filter(
        customer=customer, role__in=sorted(STAFF_ROLES | {Role.REVIEWER})
    )
    return (
        get_user_model()
        ._default_manager.filter(pk__in=held.values("user_id"), is_active=True)
        .order_by("username")
    )


class RosterForm(forms.Form):
    person = PersonChoice(label=_("who"), queryset=Membership.objects.none())
    mode = forms.ChoiceField(label=_("mode"), choices=RosterEntry.Mode.choices)
    starts_at = _when(_("from"))
    ends_at = _when(_("to"))
    duty = forms.CharField(label=_("duty"), max_length=200, required=False)
    hours_onsite = forms.DecimalField(
        label=_("hours on site"), required=False, min_value=0, max_digits=5, decimal_places=1
    )
    hours_travel = forms.DecimalField(
        label=_("hours travelling"), required=False, min_value=0, max_digits=5, decimal_places=1
    )

    def __init__(self, *args: Any, customer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = staff_people(customer)  # type: ignore[attr-defined]


class EventForm(forms.Form):
    text = forms.CharField(label=_("what happened"), widget=forms.Textarea(attrs={"rows": 2}))
    at = forms.DateTimeField(
        label=_("time"), widget=WHEN, required=False, input_formats=["%Y-%m-%dT%H:%M"]
    )


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=ChangeAssurance.Outcome.choices)
    verification = forms.CharField(
        label=_("verification"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    follow_ups = forms.CharField(
        label=_("follow-ups"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class PeriodForm(forms.Form):
    title = forms.CharField(label=_("event"), max_length=200)
    event = forms.CharField(
        label=_("description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    starts_at = _when(_("from"))
    ends_at = _when(_("to"))
    sites = forms.ModelMultipleChoiceField(
        label=_("sites"), queryset=Site.objects.none(), required=False
    )
    devices = forms.ModelMultipleChoiceField(
        label=_("devices"), queryset=Device.objects.none(), required=False
    )

    def __init__(self, *args: Any, customer: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = Site.objects.visible_to(user).filter(customer=customer)  # type: ignore[attr-defined]
        self.fields["devices"].queryset = (  # type: ignore[attr-defined]
            Device.objects.visible_to(user).filter(customer=customer).order_by("hostname")
        )


class ItemForm(forms.Form):
    phase = forms.ChoiceField(label=_("phase"), choices=Phase.choices)
    text_zh = forms.CharField(label=_("item (Chinese)"), max_length=300)
    text_en = forms.CharField(label=_("item (English)"), max_length=300, required=False)


class TickForm(forms.Form):
    done = forms.BooleanField(label=_("done"), required=False)
    note = forms.CharField(label=_("result"), max_length=300, required=False)


class SummaryForm(forms.Form):
    summary = forms.CharField(label=_("summary"), widget=forms.Textarea(attrs={"rows": 3}))
    issues = forms.CharField(
        label=_("issues"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    follow_ups = forms.CharField(
        label=_("follow-ups"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


def may(user: Any, action: str, customer: Any) -> bool:
    return access.may(user, action, customer)
