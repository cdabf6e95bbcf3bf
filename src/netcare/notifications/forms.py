"""The preferences form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from netcare.notifications.kinds import KINDS
from netcare.notifications.models import NotificationPreference


class PreferenceForm(forms.Form):
    language = forms.ChoiceField(
        label=_("language"), choices=NotificationPreference.Language.choices
    )
    email = forms.BooleanField(label=_("send e-mail"), required=False)
    muted_kinds = forms.MultipleChoiceField(
        label=_("no e-mail for"),
        required=False,
        choices=lambda: list(KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    remind_days_before = forms.IntegerField(
        label=_("remind days before due"), min_value=0, max_value=60
    )
