"""Forms of the collection pages: start an SSH collection, upload an archive."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.forms import DateField


class StartForm(forms.Form):
    """Which devices to collect over SSH, and how patiently."""

    devices = forms.CharField(
        required=False,
        max_length=300,
        label=_("Devices"),
        help_text=_("Empty for all active devices; or e.g. platform=hp_comware, site=Shanghai*"),
    )
    timeout = forms.FloatField(initial=60, min_value=5, max_value=900, label=_("Timeout (s)"))
    retries = forms.IntegerField(initial=1, min_value=0, max_value=5, label=_("Retries"))


class UploadForm(forms.Form):
    """An archive from the collection kit or a field engineer, with the visit if manual."""

    file = forms.FileField(label=_("Archive (zip, tar.gz)"))
    method = forms.ChoiceField(
        choices=[("kit", _("collection kit")), ("manual", _("manual collection on site"))],
        initial="kit",
        label=_("Collected by"),
    )
    visit_date = DateField(required=False, label=_("Visit date"), initial=timezone.localdate)
    hours_onsite = forms.DecimalField(
        required=False, min_value=0, max_digits=5, decimal_places=1, label=_("Hours on site")
    )
    hours_travel = forms.DecimalField(
        required=False, min_value=0, max_digits=5, decimal_places=1, label=_("Hours travelling")
    )
    note = forms.CharField(required=False, max_length=300, label=_("Note"))
