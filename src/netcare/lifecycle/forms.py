"""Forms of the lifecycle pages: a target release, an advisory upload, an advisory's
feature condition, a risk notice draft."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from netcare.collection.parsing.features import feature_rules
from netcare.customers.models import Customer
from netcare.inventory.models import Device, Platform


class TargetForm(forms.Form):
    """The release a customer should run, for a platform narrowed to a model pattern or
    one device (the most specific rule wins)."""

    platform = forms.ModelChoiceField(
        queryset=Platform.objects.all(), to_field_name="slug", label=_("Platform")
    )
    model = forms.CharField(
        required=False,
        max_length=80,
        label=_("Model pattern"),
        widget=forms.TextInput(attrs={"placeholder": "S5560*"}),
    )
    device = forms.ModelChoiceField(
        queryset=Device.objects.none(), required=False, label=_("Device")
    )
    release = forms.CharField(max_length=120, label=_("Target release"))
    reason = forms.CharField(
        required=False, max_length=2000, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, customer: Customer, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        device = self.fields["device"]
        assert isinstance(device, forms.ModelChoiceField)
        # Only this customer's devices, and only those the viewer sees.
        device.queryset = (
            Device.objects.visible_to(user).filter(customer=customer).order_by("hostname")
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern for ``multiple``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    """Advisory files (CSAF, CVE JSON 5, vendor CSV/XLSX), the KEV catalog, EPSS scores
    or a release catalog CSV, imported together: all or nothing."""

    documents = MultipleFileField(
        label=_("Files"),
        widget=MultipleFileInput(attrs={"accept": ".json,.csv,.xlsx,.gz"}),
    )


def feature_choices() -> Sequence[tuple[str, str]]:
    """NetCare's feature names with what each means (the names configurations yield)."""
    return [(rule.name, f"{rule.name} — {rule.meaning}") for rule in feature_rules()]


class AnnotateForm(forms.Form):
    """An advisory's feature condition as an expert reads it: a device is exposed only
    when one of these features is in use. No feature clears the condition."""

    features = forms.MultipleChoiceField(
        choices=feature_choices,
        required=False,
        label=_("Features (any of)"),
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(required=False, max_length=500, label=_("Condition in words"))


class NoticeForm(forms.Form):
    """A risk notice to draft: the advisory, and optionally the impact and proposal
    (editable until it is published)."""

    advisory = forms.IntegerField(widget=forms.HiddenInput)
    impact = forms.CharField(required=False, label=_("Impact"), widget=forms.Textarea)
    proposal = forms.CharField(required=False, label=_("Proposal"), widget=forms.Textarea)
