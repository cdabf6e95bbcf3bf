"""Forms of the knowledge pages: one library document, a bulk upload, a customer's
declared scenarios, a document to add to a package."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from netcare.core.forms import DateField
from netcare.knowledge.vocabulary import KINDS, LANGUAGES, PLATFORMS, SCENARIOS


class DocumentForm(forms.Form):
    """One library document; the same slug updates it. A file or a link."""

    slug = forms.SlugField(max_length=80, label=_("Slug"))
    title_zh = forms.CharField(max_length=200, required=False, label=_("Title (Chinese)"))
    title_en = forms.CharField(max_length=200, required=False, label=_("Title (English)"))
    kind = forms.ChoiceField(choices=KINDS, label=_("Kind"))
    platform = forms.ChoiceField(
        choices=[("", _("any platform")), *[(p, p) for p in PLATFORMS]],
        required=False,
        label=_("Platform"),
    )
    series = forms.CharField(max_length=200, required=False, label=_("Product series"))
    version_from = forms.CharField(max_length=120, required=False, label=_("From version"))
    version_to = forms.CharField(max_length=120, required=False, label=_("To version"))
    scenarios = forms.MultipleChoiceField(
        choices=SCENARIOS, required=False, widget=forms.CheckboxSelectMultiple, label=_("Scenarios")
    )
    tags = forms.CharField(max_length=300, required=False, label=_("Tags"))
    language = forms.ChoiceField(choices=LANGUAGES, label=_("Language"))
    url = forms.CharField(max_length=500, required=False, label=_("Link"))
    file = forms.FileField(required=False, label=_("File"))
    updated = DateField(label=_("Updated"))
    revision = forms.CharField(max_length=20, required=False, label=_("Revision"))


class ImportForm(forms.Form):
    """A zip with the documents and an index (CSV/XLSX), or an index of links."""

    file = forms.FileField(label=_("Zip or index"))


class ProfileForm(forms.Form):
    scenarios = forms.MultipleChoiceField(
        choices=SCENARIOS, required=False, widget=forms.CheckboxSelectMultiple, label=_("Scenarios")
    )
    language = forms.ChoiceField(choices=LANGUAGES, label=_("Package language"))


class AddDocumentForm(forms.Form):
    document = forms.SlugField(max_length=80, label=_("Document slug"))
