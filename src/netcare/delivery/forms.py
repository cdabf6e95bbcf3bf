"""Forms of the delivery pages; they parse input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.forms import DateField
from netcare.customers.models import STAFF_ROLES, Channel
from netcare.delivery.models import ContactLog, Obligation, ServiceRequest
from netcare.delivery.models.plans import Lead


class ContactLogForm(forms.Form):
    role = forms.ChoiceField(
        label=_("as"),
        choices=[("l2_expert", _("dedicated L2 expert")), ("asm", _("key account manager"))],
    )
    # Contacts are mostly logged the day they happen.
    date = DateField(label=_("date"), initial=timezone.localdate)
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices)
    purpose = forms.ChoiceField(label=_("purpose"), choices=ContactLog.Purpose.choices)
    people = forms.CharField(label=_("people"), max_length=300)
    summary = forms.CharField(label=_("summary"), widget=forms.Textarea(attrs={"rows": 3}))
    next_steps = forms.CharField(
        label=_("next steps"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ServiceRequest.Kind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    text = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 4}))
    wanted_date = DateField(label=_("wanted by"), required=False)


class RespondForm(forms.Form):
    response = forms.CharField(label=_("response"), widget=forms.Textarea(attrs={"rows": 4}))


class CloseForm(forms.Form):
    resolution = forms.CharField(
        label=_("resolution"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WaiveForm(forms.Form):
    reason = forms.CharField(label=_("waiver reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ObligationForm(forms.Form):
    """Edit an obligation's date, owners, lead and note; owners from the service team."""

    due = DateField(label=_("due"))
    lead = forms.ChoiceField(label=_("lead"), choices=Lead.choices)
    owner = forms.ModelChoiceField(
        label=_("owner"), queryset=get_user_model()._default_manager.none()
    )
    co_owner = forms.ModelChoiceField(
        label=_("co-owner"), required=False, queryset=get_user_model()._default_manager.none()
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, obligation: Obligation, data: Any = None) -> None:
        initial = {
            "due": obligation.due,
            "lead": obligation.lead,
            "owner": obligation.owner_id,
            "co_owner": obligation.co_owner_id,
            "note": obligation.note,
        }
        super().__init__(data, initial=initial)
        team = (
            get_user_model()
            ._default_manager.filter(
                memberships__customer_id=obligation.customer_id, memberships__role__in=STAFF_ROLES
            )
            .distinct()
        )
        for name in ("owner", "co_owner"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = team


class PlanTextForm(forms.Form):
    objectives = forms.CharField(
        label=_("objectives"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    communication = forms.CharField(
        label=_("communication plan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewForm(forms.Form):
    remarks = forms.CharField(
        label=_("the leads' assessment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("edited file"))
    language = forms.ChoiceField(label=_("language"), choices=[("zh", "中文"), ("en", "English")])


class ChangeRequestForm(forms.Form):
    """What the customer wants changed in the plan it was sent, instead of confirming."""

    comment = forms.CharField(
        label=_("What should change"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
