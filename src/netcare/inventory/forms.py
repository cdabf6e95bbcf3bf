"""Forms of the inventory pages: the device import upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    """A device spreadsheet to import, optionally as a dry run that writes nothing."""

    file = forms.FileField(
        label=_("Device list (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        required=False, initial=True, label=_("Dry run: check the file, write nothing")
    )
