"""Forms of the inventory pages: the device filter and the import upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from netcare.customers.models import Customer, Site
from netcare.inventory.models import Device, Platform


class DeviceFilterForm(forms.Form):
    """Narrow a customer's device list by site, platform, role, status or free text."""

    q = forms.CharField(
        required=False,
        label=_("Search"),
        widget=forms.TextInput(attrs={"placeholder": _("hostname, address, serial, model")}),
    )
    site = forms.ModelChoiceField(queryset=Site.objects.none(), required=False, label=_("Site"))
    platform = forms.ModelChoiceField(
        queryset=Platform.objects.all(), required=False, label=_("Platform"), to_field_name="slug"
    )
    role = forms.ChoiceField(
        choices=[("", "---------"), *Device.Role.choices], required=False, label=_("Role")
    )
    status = forms.ChoiceField(
        choices=[("", "---------"), *Device.Status.choices], required=False, label=_("Status")
    )

    def __init__(self, customer: Customer, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site_field = self.fields["site"]
        assert isinstance(site_field, forms.ModelChoiceField)
        site_field.queryset = Site.objects.visible_to(user).filter(customer=customer)

    def filters(self) -> dict[str, Any]:
        """The chosen filters (empty when the form is unbound or invalid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class ImportForm(forms.Form):
    """A device spreadsheet to import, optionally as a dry run that writes nothing."""

    file = forms.FileField(
        label=_("Device list (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        required=False, initial=True, label=_("Dry run: check the file, write nothing")
    )
