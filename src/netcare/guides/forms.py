"""Forms of the maintenance-guide pages: generate an edition, add a custom section,
agree to one."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.guides.services.sections import PARTIES


class GenerateForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, required=False, initial=timezone.now().year
    )


class SectionForm(forms.Form):
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    text_zh = forms.CharField(label=_("Text (Chinese)"), widget=forms.Textarea(attrs={"rows": 5}))
    text_en = forms.CharField(label=_("Text (English)"), widget=forms.Textarea(attrs={"rows": 5}))
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=0, required=False)


PARTY_LABELS = {
    "expert": _("the L2 expert"),
    "customer": _("the customer"),
    "field_engineer": _("the field engineer"),
}


class AgreeForm(forms.Form):
    party = forms.ChoiceField(label=_("Agree for"), choices=[(p, PARTY_LABELS[p]) for p in PARTIES])
